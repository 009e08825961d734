/**
 * An in-memory search over a site's households (issue 11, "find anyone"):
 * any part of a name, in any script, accent- and case-insensitive; a
 * shelter; a phone number; a household id. Built after unlock from the
 * records this laptop can open, never written to disk: names stay sealed at
 * rest.
 *
 * Substring search by trigrams: every normalized field is cut into the
 * 3-character windows of its words; a query's trigrams select candidates from
 * the shortest posting list, the others narrow them, and the survivors are
 * checked with a real substring test. Queries of one or two characters match
 * the start of a word instead (a trigram says nothing about them).
 */
import { normalizePhone, normalizeText } from './normalize';

export interface Searchable {
  readonly id: string;
  /** Names to find the household by: the head's, the members' and proxies' where recorded. */
  readonly names: readonly string[];
  readonly shelter: string;
  readonly phone?: string | undefined;
  /** The head's, for duplicate matching. */
  readonly birthYear?: number | undefined;
}

export interface SearchHit {
  readonly id: string;
  /** What matched: the household id, a name, the shelter or the phone. */
  readonly field: 'id' | 'name' | 'shelter' | 'phone';
}

export interface IndexEntry {
  readonly id: string;
  /** Normalized; the head's name first. */
  readonly names: readonly string[];
  readonly shelter: string;
  /** Normalized (last 9 digits), '' when none. */
  readonly phone: string;
  readonly birthYear?: number | undefined;
}

export const trigramsOf = (text: string): Set<string> => {
  const out = new Set<string>();
  for (const word of text.split(' ')) for (let i = 0; i + 3 <= word.length; i++) out.add(word.slice(i, i + 3));
  return out;
};

const EMPTY: ReadonlySet<string> = new Set();

/** Adds `id` to the set `sets` keeps under `key` (a trigram's posting list, a shelter's or a phone's ids). */
const addTo = (sets: Map<string, Set<string>>, key: string, id: string): void => {
  let set = sets.get(key);
  if (set === undefined) sets.set(key, (set = new Set()));
  set.add(id);
};

/** How many of `grams` an id must share to be a candidate. */
const neededOf = (grams: ReadonlySet<string>, share: number): number => Math.max(1, Math.ceil(grams.size * share));

/** Whether `id` is in at least `needed` of `lists` (it stops once it cannot be). */
function shares(lists: readonly ReadonlySet<string>[], id: string, needed: number): boolean {
  let n = 0;
  for (let i = 0; i < lists.length; i++) {
    if (lists[i]!.has(id)) n++;
    else if (n + lists.length - i - 1 < needed) return false;
  }
  return n >= needed;
}

export class NameIndex {
  private readonly entries = new Map<string, IndexEntry>();
  private readonly postings = new Map<string, Set<string>>();
  private readonly phones = new Map<string, Set<string>>();
  /**
   * When each entry was last added: every posting list holds its ids in this
   * order (an add removes the id from all its lists first), so `sharing` can
   * answer in posting order without walking whole lists.
   */
  private readonly added = new Map<string, number>();
  private adds = 0;
  /** Ids by normalized shelter: duplicate matching needs it or the birth year to agree. */
  private readonly shelters = new Map<string, Set<string>>();
  /**
   * The posting lists again, one set per head's birth year: a birth year
   * holds a sixtieth of a site, so these are that much shorter than the
   * lists and the year's ids alike, which grow with the site (issue 14: a
   * 200,000-row import spent 1.8 ms a row walking them at its end).
   */
  private readonly yearPostings = new Map<number, Map<string, Set<string>>>();

  get size(): number {
    return this.entries.size;
  }

  add(record: Searchable): void {
    this.remove(record.id);
    const entry: IndexEntry = {
      id: record.id,
      names: record.names.map(normalizeText).filter((n) => n !== ''),
      shelter: normalizeText(record.shelter),
      phone: record.phone === undefined ? '' : normalizePhone(record.phone),
      birthYear: record.birthYear,
    };
    this.entries.set(record.id, entry);
    this.added.set(record.id, this.adds++);
    if (entry.shelter !== '') addTo(this.shelters, entry.shelter, record.id);
    if (entry.phone !== '') addTo(this.phones, entry.phone, record.id);
    let year: Map<string, Set<string>> | undefined;
    if (entry.birthYear !== undefined && (year = this.yearPostings.get(entry.birthYear)) === undefined) this.yearPostings.set(entry.birthYear, (year = new Map()));
    for (const gram of this.gramsOf(entry)) {
      addTo(this.postings, gram, record.id);
      if (year !== undefined) addTo(year, gram, record.id);
    }
  }

  remove(id: string): void {
    const entry = this.entries.get(id);
    if (entry === undefined) return;
    const year = entry.birthYear === undefined ? undefined : this.yearPostings.get(entry.birthYear);
    for (const gram of this.gramsOf(entry)) {
      this.postings.get(gram)?.delete(id);
      year?.get(gram)?.delete(id);
    }
    this.phones.get(entry.phone)?.delete(id);
    this.entries.delete(id);
    this.added.delete(id);
    this.shelters.get(entry.shelter)?.delete(id);
  }

  private gramsOf(entry: IndexEntry): Set<string> {
    return trigramsOf([...entry.names, entry.shelter].join(' '));
  }

  /** Households whose id starts with, or whose name or shelter contains, or whose phone ends with the query. */
  search(query: string, limit: number): SearchHit[] {
    const hits: SearchHit[] = [];
    const idQuery = query.trim().toUpperCase();
    if (/^HH-[0-9A-Z-]*$/.test(idQuery)) {
      for (const id of this.entries.keys()) if (id.startsWith(idQuery) && hits.push({ id, field: 'id' }) >= limit) return hits;
      return hits;
    }
    const phone = /^\+?[\d\s-]{4,}$/.test(query.trim()) ? normalizePhone(query) : '';
    const text = normalizeText(query);
    if (text === '' && phone === '') return hits;
    for (const entry of this.candidates(text)) {
      const field = this.matchField(entry, text, phone);
      if (field !== undefined && hits.push({ id: entry.id, field }) >= limit) break;
    }
    if (phone !== '' && hits.length < limit) {
      for (const entry of this.entries.values()) {
        if (entry.phone !== '' && entry.phone.endsWith(phone) && !hits.some((h) => h.id === entry.id)) {
          if (hits.push({ id: entry.id, field: 'phone' }) >= limit) break;
        }
      }
    }
    return hits;
  }

  private *candidates(text: string): Iterable<IndexEntry> {
    const grams = [...trigramsOf(text)];
    if (grams.length === 0) {
      // One or two characters: the start of a word, over every entry.
      yield* this.entries.values();
      return;
    }
    const lists = grams.map((g) => this.postings.get(g) ?? new Set<string>()).sort((a, b) => a.size - b.size);
    for (const id of lists[0]!) {
      if (lists.every((list) => list.has(id))) yield this.entries.get(id)!;
    }
  }

  private matchField(entry: IndexEntry, text: string, phone: string): SearchHit['field'] | undefined {
    if (text !== '') {
      const short = !text.includes(' ') && text.length < 3;
      const matches = (value: string) => (short ? value.split(' ').some((w) => w.startsWith(text)) : value.includes(text));
      if (entry.names.some(matches)) return 'name';
      if (matches(entry.shelter)) return 'shelter';
    }
    return phone !== '' && entry.phone.endsWith(phone) ? 'phone' : undefined;
  }

  /**
   * Ids whose names or shelter share at least `share` of these trigrams
   * (duplicate matching's candidates), in the order a walk of every list in
   * turn meets them.
   */
  sharing(grams: ReadonlySet<string>, share: number): string[] {
    const lists = this.listsOf(grams, this.postings);
    return this.inPostingOrder(lists, this.walk(lists, neededOf(grams, share)));
  }

  /**
   * Of the ids `sharing(grams, share)` answers, in the same order, those
   * with this normalized shelter (unless '') or this birth year (unless
   * undefined): duplicate matching's candidates for a near name. A shelter
   * holds a few households, so its ids are counted one by one; the birth
   * year's are found through its own posting lists (`yearPostings`), so
   * neither walk grows with the site.
   */
  sharingWith(grams: ReadonlySet<string>, share: number, shelter: string, birthYear: number | undefined): string[] {
    const lists = this.listsOf(grams, this.postings);
    const needed = neededOf(grams, share);
    const found = new Set<string>();
    for (const id of shelter === '' ? EMPTY : (this.shelters.get(shelter) ?? EMPTY)) if (shares(lists, id, needed)) found.add(id);
    const year = birthYear === undefined ? undefined : this.yearPostings.get(birthYear);
    if (year !== undefined) for (const id of this.walk(this.listsOf(grams, year), needed)) found.add(id);
    return this.inPostingOrder(lists, found);
  }

  private listsOf(grams: ReadonlySet<string>, postings: ReadonlyMap<string, ReadonlySet<string>>): ReadonlySet<string>[] {
    return [...grams].map((gram) => postings.get(gram) ?? EMPTY);
  }

  /**
   * The ids in at least `needed` of `lists`. An id in `needed` of them is in
   * at least one of any `lists.length - needed + 1`, so only the shortest are
   * walked, and each id met is counted by membership; common trigrams, whose
   * lists grow with the site, are not walked.
   */
  private walk(lists: readonly ReadonlySet<string>[], needed: number): Set<string> {
    const found = new Set<string>();
    const seen = new Set<string>();
    for (const list of [...lists].sort((a, b) => a.size - b.size).slice(0, Math.max(0, lists.length - needed + 1))) {
      for (const id of list) {
        if (seen.has(id)) continue;
        seen.add(id);
        if (shares(lists, id, needed)) found.add(id);
      }
    }
    return found;
  }

  /** `ids` in the order a walk of every list in turn meets them: by the first list holding each, then by when each was added. */
  private inPostingOrder(lists: readonly ReadonlySet<string>[], ids: ReadonlySet<string>): string[] {
    return [...ids]
      .map((id) => ({ id, first: lists.findIndex((list) => list.has(id)), added: this.added.get(id)! }))
      .sort((a, b) => a.first - b.first || a.added - b.added)
      .map((f) => f.id);
  }

  /** Households with this normalized phone number. */
  withPhone(phone: string): ReadonlySet<string> {
    return this.phones.get(phone) ?? new Set();
  }

  /** The normalized fields of a household (duplicate matching reads them). */
  entry(id: string): Readonly<IndexEntry> | undefined {
    return this.entries.get(id);
  }

  all(): Iterable<Readonly<IndexEntry>> {
    return this.entries.values();
  }
}

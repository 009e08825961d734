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
  /** Ids by normalized shelter and by the head's birth year: duplicate matching needs one or the other to agree. */
  private readonly shelters = new Map<string, Set<string>>();
  private readonly birthYears = new Map<number, Set<string>>();

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
    if (entry.shelter !== '') this.shelters.set(entry.shelter, (this.shelters.get(entry.shelter) ?? new Set()).add(record.id));
    if (entry.birthYear !== undefined) this.birthYears.set(entry.birthYear, (this.birthYears.get(entry.birthYear) ?? new Set()).add(record.id));
    if (entry.phone !== '') this.phones.set(entry.phone, (this.phones.get(entry.phone) ?? new Set()).add(record.id));
    for (const gram of this.gramsOf(entry)) {
      let posting = this.postings.get(gram);
      if (posting === undefined) this.postings.set(gram, (posting = new Set()));
      posting.add(record.id);
    }
  }

  remove(id: string): void {
    const entry = this.entries.get(id);
    if (entry === undefined) return;
    for (const gram of this.gramsOf(entry)) this.postings.get(gram)?.delete(id);
    this.phones.get(entry.phone)?.delete(id);
    this.entries.delete(id);
    this.added.delete(id);
    this.shelters.get(entry.shelter)?.delete(id);
    if (entry.birthYear !== undefined) this.birthYears.get(entry.birthYear)?.delete(id);
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

  /** Ids whose names or shelter share at least `share` of these trigrams (duplicate matching's candidates). */
  sharing(grams: ReadonlySet<string>, share: number): string[] {
    return this.sharingWhere(grams, share, undefined);
  }

  /**
   * Of the ids `sharing(grams, share)` answers, in the same order, those
   * with this normalized shelter (unless '') or this birth year (unless
   * undefined): duplicate matching's candidates for a near name. Common
   * names share trigrams with a growing part of a large site, so the ids of
   * the shelter and the birth year are looked at instead when they are fewer.
   */
  sharingWith(grams: ReadonlySet<string>, share: number, shelter: string, birthYear: number | undefined): string[] {
    const groups = [shelter === '' ? undefined : this.shelters.get(shelter), birthYear === undefined ? undefined : this.birthYears.get(birthYear)].flatMap((g) => g ?? []);
    const agrees = (id: string): boolean => {
      const entry = this.entries.get(id)!;
      return (shelter !== '' && entry.shelter === shelter) || (birthYear !== undefined && entry.birthYear === birthYear);
    };
    return this.sharingWhere(grams, share, { groups, agrees });
  }

  /**
   * The ids in at least `share` of the grams' posting lists that `among`
   * admits, in the order a walk of every list in turn meets them. An id in
   * `needed` of the lists is in at least one of any `lists.length - needed + 1`
   * of them, so only the shortest are walked (or `among`'s groups, when
   * smaller: every id it admits is in one), and each id met is counted by
   * membership; common trigrams, whose lists grow with the site, are not walked.
   */
  private sharingWhere(
    grams: ReadonlySet<string>,
    share: number,
    among: { readonly groups: readonly ReadonlySet<string>[]; readonly agrees: (id: string) => boolean } | undefined,
  ): string[] {
    const lists = [...grams].map((gram) => this.postings.get(gram) ?? EMPTY);
    const needed = Math.max(1, Math.ceil(grams.size * share));
    const found: { id: string; first: number; added: number }[] = [];
    const count = (id: string): void => {
      let n = 0;
      for (let i = 0; i < lists.length; i++) {
        if (lists[i]!.has(id)) n++;
        else if (n + lists.length - i - 1 < needed) return;
      }
      if (n >= needed) found.push({ id, first: lists.findIndex((list) => list.has(id)), added: this.added.get(id)! });
    };
    const shortest = [...lists].sort((a, b) => a.size - b.size).slice(0, Math.max(0, lists.length - needed + 1));
    const size = (sets: readonly ReadonlySet<string>[]) => sets.reduce((n, set) => n + set.size, 0);
    if (among !== undefined && size(among.groups) < size(shortest)) {
      // Every id of a group is admitted; one in two groups is counted once.
      among.groups.forEach((group, g) => {
        for (const id of group) if (!among.groups.slice(0, g).some((earlier) => earlier.has(id))) count(id);
      });
    } else {
      const seen = new Set<string>();
      for (const list of shortest) {
        for (const id of list) {
          if (seen.has(id)) continue;
          seen.add(id);
          if (among === undefined || among.agrees(id)) count(id);
        }
      }
    }
    return found.sort((a, b) => a.first - b.first || a.added - b.added).map((f) => f.id);
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

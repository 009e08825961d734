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
    const lists = [...grams].map((gram) => this.postings.get(gram) ?? EMPTY);
    const needed = Math.max(1, Math.ceil(grams.size * share));
    // An id in `needed` of the lists is in at least one of any `lists.length - needed + 1` of them: the
    // shortest are walked, and each id found is counted by membership, so common trigrams (whose lists
    // grow with the site) are never walked. Answered in the order of a walk of every list in turn.
    const walked = [...lists].sort((a, b) => a.size - b.size).slice(0, Math.max(0, lists.length - needed + 1));
    const seen = new Set<string>();
    const found: { id: string; first: number; added: number }[] = [];
    for (const list of walked) {
      for (const id of list) {
        if (seen.has(id)) continue;
        seen.add(id);
        let count = 0;
        let first = -1;
        lists.forEach((other, i) => {
          if (other.has(id)) {
            count++;
            if (first < 0) first = i;
          }
        });
        if (count >= needed) found.push({ id, first, added: this.added.get(id)! });
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

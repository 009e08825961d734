/**
 * The maintained aggregates in RxDB (issue 14): shared/aggregates computes
 * what a batch changes; this keeps it, and a journal that makes "the events
 * and their aggregates" one write even though they are two collections, so
 * two IndexedDB transactions.
 *
 * For each batch the write path (event-writer.ts):
 * 1. writes a journal entry naming the batch's new events (`journal:<n>`);
 * 2. writes the events;
 * 3. writes every aggregate the batch changes and deletes the journal entry,
 *    in one `bulkWrite` of this collection: one transaction, so either all of
 *    it happened or none.
 * A crash between 1 and 3 leaves the entry. The events it names that reached
 * the log were stored but not aggregated; `repair` (at start-up, and before
 * the next batch of a session whose write failed) aggregates exactly those:
 * it checks what may be missing from the last durable mark, never the whole
 * log. Until then they are left out of what batches read, so a void that
 * arrives meanwhile never takes back a handout the totals do not hold.
 */
import { aggregateBatch, type AggregateDoc, type AggregateSource, type AggregateWrites } from '../../../shared/aggregates';
import type { VerifiedEvent } from '../../../shared/events';
import type { AggregateRow, KitDatabase } from './database';
import { storedEvent } from './event-doc';
import { logPages } from './log-pages';

type Stored = AggregateRow & { _deleted: boolean; _rev: string; _meta: { lwt: number }; _attachments: Record<string, never> };

interface JournalEntry {
  readonly kind: 'journal';
  /** Ids of the batch's events that were not in the log before it. */
  readonly events: readonly string[];
}

/** Marks a profile whose aggregates were built; its version says which rules built them. */
const STATE_KEY = 'state';
const AGGREGATES_VERSION = 1;

interface StateMark {
  readonly kind: 'state';
  readonly version: number;
}

const JOURNAL = { from: 'journal:', to: 'journal:\uffff' } as const;
/** Journal keys sort in write order: a counter, zero-padded. */
const journalKey = (n: number): string => `journal:${String(n).padStart(12, '0')}`;

/** Failure injection for tests: throw before the aggregate transaction, as a crash would leave things. */
export type CrashPoint = () => void;

export class AggregateStore {
  /** Event ids of journal entries not aggregated yet: left out of every batch's reads until repaired. */
  private readonly pending = new Map<string, readonly string[]>();
  private nextJournal = 0;
  private loaded = false;

  constructor(
    private readonly db: KitDatabase,
    private readonly crashPoint?: CrashPoint,
  ) {}

  /** Step 1: the journal entry for a batch's new events; answers its key. */
  async begin(ids: readonly string[]): Promise<string> {
    await this.load();
    const key = journalKey(this.nextJournal++);
    const entry: JournalEntry = { kind: 'journal', events: ids };
    await this.bulkWrite(new Map([[key, entry]]));
    this.pending.set(key, ids);
    return key;
  }

  /** Step 3: the batch's aggregates and the end of its journal entry, in one transaction. */
  async commit(key: string, stored: readonly VerifiedEvent[]): Promise<void> {
    this.pending.delete(key);
    const seen = new Map<string, Stored | undefined>();
    let writes: AggregateWrites;
    try {
      writes = await aggregateBatch(this.source(seen), stored);
      this.crashPoint?.();
    } catch (cause) {
      this.pending.set(key, stored.map((e) => e.id));
      throw cause;
    }
    writes.set(key, null);
    await this.bulkWrite(writes, seen);
  }

  /** Whether this profile's aggregates were built (by `build`, or from its first event on). */
  async isBuilt(): Promise<boolean> {
    return (await this.rows([STATE_KEY])).has(STATE_KEY);
  }

  /** Ids of the events of every batch whose aggregates are missing. */
  async pendingEvents(): Promise<string[]> {
    await this.load();
    return [...this.pending.values()].flat();
  }

  /** Whether a batch's aggregates are missing (a crash, or a failed write this session). */
  async needsRepair(): Promise<boolean> {
    await this.load();
    return this.pending.size > 0;
  }

  /** Aggregates every journal entry's events that reached the log, oldest entry first; answers how many events. */
  async repair(): Promise<number> {
    await this.load();
    let repaired = 0;
    for (const [key, ids] of [...this.pending].sort(([a], [b]) => (a < b ? -1 : 1))) {
      const present = await this.db.events.findByIds([...ids]).exec();
      const events = ids.flatMap((id) => (present.has(id) ? [storedEvent(present.get(id)!.toMutableJSON())] : []));
      await this.commit(key, events);
      repaired += events.length;
    }
    return repaired;
  }

  /**
   * Builds the aggregates from the whole log when this profile has none (it
   * was written before they existed), or when asked (`force`): everything
   * is dropped and the log read again, a device's chain a page at a time. A
   * crash midway leaves no `state` mark, so the next start builds again.
   */
  async build(options: { force?: boolean; onProgress?: (done: number) => void } = {}): Promise<number> {
    await this.load();
    if (options.force !== true && (await this.isBuilt())) return 0;
    await this.db.aggregates.find().remove();
    this.pending.clear();
    let done = 0;
    for await (const page of logPages(this.db)) {
      const seen = new Map<string, Stored | undefined>();
      await this.bulkWrite(await aggregateBatch(this.source(seen), page), seen);
      done += page.length;
      options.onProgress?.(done);
    }
    await this.bulkWrite(new Map([[STATE_KEY, { kind: 'state', version: AGGREGATES_VERSION }]]));
    return done;
  }

  /** The aggregate documents with keys in [from, to), in key order. */
  async range<T extends AggregateDoc>(from: string, to: string): Promise<T[]> {
    const docs = await this.db.aggregates.find({ selector: { key: { $gte: from, $lt: to } }, sort: [{ key: 'asc' }] }).exec();
    return docs.map((d) => d.toMutableJSON().value as T);
  }

  /** The aggregate documents of these keys that exist. */
  async get(keys: readonly string[]): Promise<Map<string, AggregateDoc>> {
    return new Map([...(await this.rows(keys))].map(([key, row]) => [key, row.value as AggregateDoc]));
  }

  private async rows(keys: readonly string[]): Promise<Map<string, Stored>> {
    const rows = await this.db.aggregates.storageInstance.findDocumentsById([...keys], false);
    return new Map(rows.map((row) => [row.key, row as Stored]));
  }

  /**
   * What a batch reads: aggregates as stored, and only events whose
   * aggregation is done. The rows it read are kept in `seen` (undefined:
   * absent), the previous versions its write needs.
   */
  private source(seen: Map<string, Stored | undefined>): AggregateSource {
    const unaggregated = new Set([...this.pending.values()].flat());
    return {
      docs: async (keys) => {
        const rows = await this.rows(keys);
        for (const key of keys) seen.set(key, rows.get(key));
        return new Map([...rows].map(([k, row]) => [k, row.value as AggregateDoc]));
      },
      events: async (ids) => {
        const docs = await this.db.events.findByIds(ids.filter((id) => !unaggregated.has(id))).exec();
        return new Map([...docs].map(([id, doc]) => [id, storedEvent(doc.toMutableJSON())]));
      },
    };
  }

  private async load(): Promise<void> {
    if (this.loaded) return;
    const entries = await this.db.aggregates.find({ selector: { key: { $gte: JOURNAL.from, $lt: JOURNAL.to } } }).exec();
    for (const doc of entries) {
      const { key, value } = doc.toMutableJSON();
      this.pending.set(key, (value as JournalEntry).events);
      this.nextJournal = Math.max(this.nextJournal, Number(key.slice(JOURNAL.from.length)) + 1);
    }
    this.loaded = true;
  }

  /** One `bulkWrite` of the collection (one IndexedDB transaction); null deletes. `seen`: rows already read. */
  private async bulkWrite(writes: ReadonlyMap<string, AggregateDoc | JournalEntry | StateMark | null>, seen = new Map<string, Stored | undefined>()): Promise<void> {
    const unread = [...writes.keys()].filter((key) => !seen.has(key));
    const previous = new Map([...seen, ...(unread.length === 0 ? [] : await this.rows(unread))]);
    const rows = [...writes].flatMap(([key, value]) => {
      const before = previous.get(key);
      if (value === null && before === undefined) return [];
      const document: Stored = { key, value: value ?? before!.value, _deleted: value === null, _rev: '', _meta: { lwt: 0 }, _attachments: {} };
      return [before === undefined ? { document } : { previous: before, document }];
    });
    if (rows.length === 0) return;
    const { error } = await this.db.aggregates.storageInstance.bulkWrite(rows, 'aidtrail-aggregates');
    // The write path is the only writer and runs one batch at a time: a conflict here is a bug.
    if (error.length > 0) throw new Error(`could not store the aggregates: ${error[0]!.status} on ${error[0]!.documentId}`);
  }
}

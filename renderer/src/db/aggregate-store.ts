/**
 * The maintained aggregates in RxDB (issue 14): shared/aggregates computes
 * what a batch changes; this keeps it. The events and their aggregates are
 * two collections, so two IndexedDB transactions; what makes them one write
 * is that every batch's aggregates, including each device's chain (the seqs
 * aggregated, `dev:<device>`), are written in one `bulkWrite` of this
 * collection: one transaction, all of it or none.
 *
 * So the device chains are the durable mark: an event is aggregated exactly
 * when its seq is in its device's chain. A crash between the events' write
 * and the aggregates' leaves events the chains do not hold; `repair` (at
 * start-up, and before the next batch of a session whose aggregate write
 * failed) probes, per device, the seqs its chain lacks (after its last, and
 * any gap), and only where the log holds one reads and aggregates them: it
 * checks what may be missing, never the whole log.
 * Until then a batch reads only aggregated events, so a void that arrives
 * meanwhile never takes back a handout the totals do not hold.
 */
import { aggregateBatch, deviceKey, inRanges, outsideRanges, type AggregateDoc, type AggregateSource, type DeviceChain } from '../../../shared/aggregates';
import type { VerifiedEvent } from '../../../shared/events';
import type { AggregateRow, KitDatabase } from './database';
import { storedEvent } from './event-doc';
import { devicePages, logDevices, logPages } from './log-pages';

type Stored = AggregateRow & { _deleted: boolean; _rev: string; _meta: { lwt: number }; _attachments: Record<string, never> };

/** Marks a profile whose aggregates were built; its version says which rules built them. */
const STATE_KEY = 'state';
/**
 * 2 (issue 14): a record keeps the ids of the voids, corrections and
 * resolutions that name it (`RecordState.namedBy`), which version 1 did
 * not: a profile built by version 1 is built again, once, from its log.
 */
const AGGREGATES_VERSION = 2;

interface StateMark {
  readonly kind: 'state';
  readonly version: number;
}

/** Whether a profile's aggregates were built by these rules, by older ones, or never (a profile from before them). */
export type BuildState = 'current' | 'outdated' | 'none';

/** Failure injection for tests: throw before the aggregate transaction, as a crash would leave things. */
export type CrashPoint = () => void;

/** What repair does with events it is about to aggregate first: project their views again (idempotent). */
export type BeforeRepair = (events: readonly VerifiedEvent[]) => Promise<void>;

export class AggregateStore {
  /** An aggregate write of this session failed: its events wait for `repair`. */
  private failed = false;

  constructor(
    private readonly db: KitDatabase,
    private readonly crashPoint?: CrashPoint,
  ) {}

  /** The aggregates of newly stored events, in one transaction with their devices' chains. */
  async commit(stored: readonly VerifiedEvent[]): Promise<void> {
    if (stored.length === 0) return;
    try {
      const seen = new Map<string, Stored | undefined>();
      const writes = await aggregateBatch(this.source(seen), stored);
      this.crashPoint?.();
      await this.bulkWrite(writes, seen);
    } catch (cause) {
      this.failed = true;
      throw cause;
    }
  }

  /** Whether an aggregate write of this session failed (a crash is found by `repair` at start-up). */
  get needsRepair(): boolean {
    return this.failed;
  }

  /**
   * Aggregates the events of the log its device chains lack; answers how
   * many. Per device, one probe (the first event, if any) into each run of
   * seqs its chain lacks: the run after its last seq, and any gap (usually
   * none); only a probe that finds one reads that run.
   */
  async repair(before: BeforeRepair): Promise<number> {
    let repaired = 0;
    for await (const device of logDevices(this.db)) {
      const ranges = ((await this.get([deviceKey(device)])).get(deviceKey(device)) as DeviceChain | undefined)?.ranges ?? [];
      for (const [from, to] of outsideRanges(ranges)) {
        const [first] = await this.db.events.find({ selector: { device, seq: { $gte: from, $lte: to } }, sort: [{ device: 'asc' }, { seq: 'asc' }], limit: 1 }).exec();
        if (first === undefined) continue;
        for await (const page of devicePages(this.db, device, first.seq, to)) {
          await before(page);
          await this.commit(page);
          repaired += page.length;
        }
      }
    }
    this.failed = false;
    return repaired;
  }

  /** Whether this profile's aggregates were built by this version's rules (by `build`, or from its first event on). */
  async buildState(): Promise<BuildState> {
    const mark = (await this.rows([STATE_KEY])).get(STATE_KEY)?.value as StateMark | undefined;
    return mark === undefined ? 'none' : mark.version === AGGREGATES_VERSION ? 'current' : 'outdated';
  }

  /** Whether `build` has nothing to do. */
  async isBuilt(): Promise<boolean> {
    return (await this.buildState()) === 'current';
  }

  /**
   * Builds the aggregates from the whole log when this profile has none
   * built by this version's rules (it was written before they existed, or
   * before their last change), or when asked (`force`): everything is
   * dropped and the log read again, a device's chain a page at a time. A
   * crash midway leaves no `state` mark, so the next start builds again.
   */
  async build(options: { force?: boolean; onProgress?: (done: number) => void } = {}): Promise<number> {
    if (options.force !== true && (await this.isBuilt())) return 0;
    await this.db.aggregates.find().remove();
    let done = 0;
    for await (const page of logPages(this.db)) {
      await this.commit(page);
      done += page.length;
      options.onProgress?.(done);
    }
    await this.bulkWrite(new Map([[STATE_KEY, { kind: 'state', version: AGGREGATES_VERSION }]]));
    this.failed = false;
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
   * What a batch reads: aggregates as stored, and only events already
   * aggregated (in their device's chain). The rows it read are kept in
   * `seen` (undefined: absent), the previous versions its write needs.
   */
  private source(seen: Map<string, Stored | undefined>): AggregateSource {
    return {
      docs: async (keys) => {
        const rows = await this.rows(keys);
        for (const key of keys) seen.set(key, rows.get(key));
        return new Map([...rows].map(([k, row]) => [k, row.value as AggregateDoc]));
      },
      events: async (ids) => {
        const events = [...(await this.db.events.findByIds([...ids]).exec()).values()].map((d) => storedEvent(d.toMutableJSON()));
        const chains = await this.get([...new Set(events.map((e) => deviceKey(e.event.device)))]);
        const aggregated = events.filter(({ event }) => inRanges((chains.get(deviceKey(event.device)) as DeviceChain | undefined)?.ranges ?? [], event.seq));
        return new Map(aggregated.map((e) => [e.id, e]));
      },
    };
  }

  /** One `bulkWrite` of the collection (one IndexedDB transaction); null deletes. `seen`: rows already read. */
  private async bulkWrite(writes: ReadonlyMap<string, AggregateDoc | StateMark | null>, seen = new Map<string, Stored | undefined>()): Promise<void> {
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

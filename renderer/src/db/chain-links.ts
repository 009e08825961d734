/**
 * The chain links an ingest checks each event against (issue 14): for every
 * device of a batch, its stored events from just before the batch's first
 * seq to just after its last, read in one indexed range query, plus the
 * events the batch accepts as it goes. Three single-document queries per
 * event become one query per device per batch.
 *
 * A batch whose seqs for one device are spread far apart (a hostile peer's
 * #1 and #1,000,000, say) would make that range read the device's whole log:
 * such a device is looked up event by event instead.
 */
import type { SignedEvent } from '../../../shared/events';
import type { KitDatabase } from './database';

export type Link = { readonly id: string; readonly prev: string | null };

/** A range read may cover at most this many seqs per event of the device in the batch, plus the two neighbours. */
const RANGE_PER_EVENT = 4;

export class ChainLinks {
  private readonly known = new Map<string, Map<number, Link>>();
  /** Devices read event by event (their batch seqs are too spread for one range). */
  private readonly sparse = new Set<string>();

  private constructor(private readonly db: KitDatabase) {}

  static async around(db: KitDatabase, events: readonly SignedEvent[]): Promise<ChainLinks> {
    const links = new ChainLinks(db);
    // Each device's lowest and highest seq in the batch, and how many events it has there.
    const spans = new Map<string, { min: number; max: number; count: number }>();
    for (const { device, seq } of events) {
      const span = spans.get(device);
      if (span === undefined) spans.set(device, { min: seq, max: seq, count: 1 });
      else Object.assign(span, { min: Math.min(span.min, seq), max: Math.max(span.max, seq), count: span.count + 1 });
    }
    const reads: Promise<void>[] = [];
    for (const [device, span] of spans) {
      const low = Math.max(1, span.min - 1);
      const high = span.max + 1;
      if (high - low + 1 > RANGE_PER_EVENT * span.count + 2) {
        links.sparse.add(device);
        continue;
      }
      // Every device's range at once: the reads overlap in IndexedDB instead of queueing behind each other.
      reads.push(
        db.events
          .find({ selector: { device, seq: { $gte: low, $lte: high } } })
          .exec()
          .then((docs) => {
            const byseq = new Map<number, Link>();
            for (const d of docs) byseq.set(d.seq, { id: d.id, prev: d.event.prev });
            links.known.set(device, byseq);
          }),
      );
    }
    await Promise.all(reads);
    return links;
  }

  /** The event at `seq` of `device`: accepted in this batch, or stored. Only seqs next to the batch's are asked. */
  async at(device: string, seq: number): Promise<Link | undefined> {
    const byseq = this.known.get(device);
    const link = byseq?.get(seq);
    // A range read holds every stored event it covers: absent there is absent.
    if (link !== undefined || (byseq !== undefined && !this.sparse.has(device))) return link;
    const doc = (await this.db.events.findOne({ selector: { device, seq } }).exec())?.toMutableJSON();
    return doc && { id: doc.id, prev: doc.event.prev };
  }

  /** An event this batch accepts: later events of the batch chain to it. */
  add(device: string, seq: number, link: Link): void {
    let byseq = this.known.get(device);
    if (byseq === undefined) this.known.set(device, (byseq = new Map()));
    byseq.set(seq, link);
  }
}

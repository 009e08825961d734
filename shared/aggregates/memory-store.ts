/**
 * The aggregates kept in memory, with the events they summarise: the
 * in-memory `AggregateSource` and `EvidenceSource` for tests (the kit's are
 * RxDB, renderer/src/db/aggregate-store.ts and
 * renderer/src/kit/reconcile/evidence.ts). A write replaces all its
 * documents at once, as the kit's one transaction does.
 */
import type { VerifiedEvent } from '../events/verify';
import type { AggregateSource, AggregateWrites } from './batch';
import type { AggregateDoc } from './documents';
import type { EvidenceSource } from './evidence';

export class MemoryAggregates implements AggregateSource, EvidenceSource {
  readonly docsByKey = new Map<string, AggregateDoc>();
  readonly log = new Map<string, VerifiedEvent>();

  async docs(keys: readonly string[]): Promise<ReadonlyMap<string, AggregateDoc>> {
    return new Map(keys.flatMap((k) => (this.docsByKey.has(k) ? [[k, this.docsByKey.get(k)!] as const] : [])));
  }

  async events(ids: readonly string[]): Promise<ReadonlyMap<string, VerifiedEvent>> {
    return new Map(ids.flatMap((id) => (this.log.has(id) ? [[id, this.log.get(id)!] as const] : [])));
  }

  async handouts(round: string, household: string): Promise<VerifiedEvent[]> {
    return [...this.log.values()].filter(({ event }) => event.type === 'handout' && event.round === round && event.body.household === household);
  }

  async eventsOn(day: string): Promise<VerifiedEvent[]> {
    return [...this.log.values()].filter(({ event }) => event.at.slice(0, 10) === day);
  }

  write(writes: AggregateWrites): void {
    for (const [key, doc] of writes) {
      if (doc === null) this.docsByKey.delete(key);
      else this.docsByKey.set(key, JSON.parse(JSON.stringify(doc)) as AggregateDoc);
    }
  }

  /** The documents whose keys start with `prefix`. */
  withPrefix<T extends AggregateDoc>(prefix: string): T[] {
    return [...this.docsByKey].filter(([k]) => k.startsWith(prefix)).map(([, doc]) => doc as T);
  }
}

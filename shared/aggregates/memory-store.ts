/**
 * The aggregates kept in memory, with the events they summarise: the
 * in-memory `AggregateSource` for tests (the kit's is RxDB,
 * renderer/src/db/aggregates/). A write replaces all its documents at once,
 * as the kit's one transaction does.
 */
import type { VerifiedEvent } from '../events/verify';
import type { AggregateSource, AggregateWrites } from './batch';
import type { AggregateDoc } from './documents';

export class MemoryAggregates implements AggregateSource {
  readonly docsByKey = new Map<string, AggregateDoc>();
  readonly log = new Map<string, VerifiedEvent>();

  async docs(keys: readonly string[]): Promise<ReadonlyMap<string, AggregateDoc>> {
    return new Map(keys.flatMap((k) => (this.docsByKey.has(k) ? [[k, this.docsByKey.get(k)!] as const] : [])));
  }

  async events(ids: readonly string[]): Promise<ReadonlyMap<string, VerifiedEvent>> {
    return new Map(ids.flatMap((id) => (this.log.has(id) ? [[id, this.log.get(id)!] as const] : [])));
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

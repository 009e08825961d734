/** The device certificates and revocations in the log: each was checked against shared/team/authority.ts when it was stored. */
import type { EventOfType } from '../../../shared/events';
import type { Certificates } from '../../../shared/team/authority';
import type { KitDatabase } from './database';

export interface StoredCertificates extends Certificates {
  readonly certs: EventOfType<'device-cert'>[];
  readonly revocations: EventOfType<'device-revoked'>[];
}

const CERTIFICATE_TYPES: readonly string[] = ['device-cert', 'device-revoked'];

export async function storedCertificates(db: KitDatabase): Promise<StoredCertificates> {
  const docs = await db.events.find({ selector: { type: { $in: [...CERTIFICATE_TYPES] } } }).exec();
  const events = docs.map((d) => d.toMutableJSON().event);
  return {
    certs: events.filter((e): e is EventOfType<'device-cert'> => e.type === 'device-cert'),
    revocations: events.filter((e): e is EventOfType<'device-revoked'> => e.type === 'device-revoked'),
  };
}

/**
 * The stored certificates, read once and read again only after the log
 * gained (or lost) a certificate or revocation (issue 14: not a read per
 * ingested batch). It listens to the database's own change stream, not to
 * one writer: whatever writes through this database (another kit context or
 * ingester over it) invalidates it, and RxDB emits that change before the
 * write's promise settles, so no later read can miss it. Another tab holds
 * its own database instance (`multiInstance: false`), whose cached queries
 * never saw this tab's writes either.
 */
export class CertificateCache {
  /** The read, shared by every batch until a certificate write drops it (a read it overtook included). */
  private loaded: Promise<StoredCertificates> | undefined;

  constructor(private readonly db: KitDatabase) {
    // The bulks, not `db.events.$`: RxDB keeps every change event it hands to `$` subscribers in a map it never clears.
    db.events.eventBulks$.subscribe(({ events }) => {
      const certificate = (doc: { type?: unknown } | undefined) => CERTIFICATE_TYPES.includes(String(doc?.type));
      if (events.some((e) => certificate(e.documentData) || certificate(e.previousDocumentData))) this.loaded = undefined;
    });
  }

  /** The stored certificates, in lists of the caller's own (it adds the ones its batch accepts). */
  async current(): Promise<StoredCertificates> {
    const loading = (this.loaded ??= storedCertificates(this.db));
    let known: StoredCertificates;
    try {
      known = await loading;
    } catch (cause) {
      // A failed read is not kept: the next batch reads again.
      if (this.loaded === loading) this.loaded = undefined;
      throw cause;
    }
    return { certs: [...known.certs], revocations: [...known.revocations] };
  }
}

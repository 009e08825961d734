/** The device certificates and revocations in the log: each was checked against shared/team/authority.ts when it was stored. */
import type { EventOfType } from '../../../shared/events';
import type { Certificates } from '../../../shared/team/authority';
import type { KitDatabase } from './database';

export interface StoredCertificates extends Certificates {
  readonly certs: EventOfType<'device-cert'>[];
  readonly revocations: EventOfType<'device-revoked'>[];
}

export async function storedCertificates(db: KitDatabase): Promise<StoredCertificates> {
  const docs = await db.events.find({ selector: { type: { $in: ['device-cert', 'device-revoked'] } } }).exec();
  const events = docs.map((d) => d.toMutableJSON().event);
  return {
    certs: events.filter((e): e is EventOfType<'device-cert'> => e.type === 'device-cert'),
    revocations: events.filter((e): e is EventOfType<'device-revoked'> => e.type === 'device-revoked'),
  };
}

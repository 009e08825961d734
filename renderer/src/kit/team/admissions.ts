/**
 * Admissions that cover a laptop's whole chain (issue 10). A lead may admit
 * a laptop before its events have arrived (by its key, or right after it
 * joined); its first events, signed when it joined, would then predate the
 * certificate and wait forever. When the laptop's first event (seq 1: its
 * `device-keys`, written at set-up) turns up waiting, a lead's laptop that
 * admitted it extends the admission back to that event: the laptop's hash
 * chain starts there, so nothing earlier can ever be covered.
 */
import type { DidKey } from '../../../../shared/crypto/did-key';
import { timestampSchema } from '../../../../shared/events/fields';
import type { KitContext } from '../context';
import type { SiteTrust } from './laptops';

interface Waiting {
  readonly device: string;
  readonly seq: number;
  readonly at: string;
}

function waitingEvent(raw: string): Waiting | undefined {
  try {
    const { device, seq, at } = JSON.parse(raw) as Partial<Waiting>;
    return typeof device === 'string' && seq === 1 && typeof at === 'string' && timestampSchema.safeParse(at).success ? { device, seq, at } : undefined;
  } catch {
    return undefined;
  }
}

/** Answers whether it extended any admission (the site's trust changed). */
export async function extendAdmissions(ctx: KitContext, trust: SiteTrust): Promise<boolean> {
  const me = (await ctx.profile()).device;
  const waiting = await ctx.db.quarantine.find({ selector: { reason: 'unknown-device' } }).exec();
  const firsts = waiting.flatMap((d) => {
    const w = waitingEvent(d.raw);
    return w !== undefined && w.device === d.device ? [w] : [];
  });
  const extended: string[] = [];
  for (const first of firsts) {
    const mine = trust.certificates.certs.filter((c) => c.device === me && c.body.subject === first.device);
    const latest = mine.reduce<(typeof mine)[number] | undefined>((a, c) => (a === undefined || c.at > a.at ? c : a), undefined);
    if (latest === undefined || latest.body.validFrom <= first.at) continue;
    await (await ctx.events()).append('device-cert', { ...latest.body, subject: first.device as DidKey, validFrom: first.at }, ctx.session && { operator: ctx.session.id });
    extended.push(first.device);
  }
  if (extended.length > 0) await (await ctx.ingester()).release(extended);
  return extended.length > 0;
}

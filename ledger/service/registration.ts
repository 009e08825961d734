/**
 * The dates of a device certificate HQ issues (`POST /admin/devices`,
 * DESIGN.md "Wire formats": a device-cert names the device's validity).
 * The registry trusts an event a device signed at T only under a
 * certificate covering T (shared/ledger/registry.ts), so a laptop that
 * worked offline before HQ registered it needs a certificate that starts
 * before its first record (issue 10, point 5):
 *
 * - `validFrom` left out: from now (as before);
 * - `validFrom: "first-event"`: from the earliest event time HQ has seen in
 *   the refusals of this device's verified uploads (ledger/store rejections,
 *   kept within their bound), never later than now; none seen is refused
 *   with `no-refused-events`: HQ does not guess how far back to trust;
 * - `validFrom` a timestamp: that time, the admin's decision;
 * - `validUntil` left out: a year from now, whatever the start.
 * Everything else in the body (subject, site, role, issuer) is checked by
 * the device-cert schema when the event is signed.
 */
import { didKeySchema, timestampSchema } from '../../shared/events/fields';
import { err, ok, type Result } from '../../shared/result';

/** The `validFrom` that asks HQ to start the certificate at the device's first refused event. */
export const FIRST_EVENT = 'first-event';

/** How long a device certificate issued without `validUntil` is valid: a year from now. */
const DEFAULT_CERT_VALIDITY_MS = 365 * 24 * 3600 * 1000;

export type RegistrationErrorCode = 'bad-request' | 'no-refused-events';

export interface RegistrationContext {
  readonly now: Date;
  /** The earliest event time in the kept refusals of the device's verified uploads (LedgerStore). */
  readonly firstRefusedEventAt: (device: string) => Promise<string | undefined>;
}

/** The body of a device-cert for an admin's request, with its dates settled. */
export async function datedCertificate(
  body: Readonly<Record<string, unknown>>,
  context: RegistrationContext,
): Promise<Result<Record<string, unknown>, RegistrationErrorCode>> {
  const { now } = context;
  let validFrom = now.toISOString();
  if (body.validFrom === FIRST_EVENT) {
    const subject = didKeySchema.safeParse(body.subject);
    if (!subject.success) return err('bad-request', 'subject: must be an Ed25519 did:key (did:key:z6Mk…)');
    const first = await context.firstRefusedEventAt(subject.data);
    if (first === undefined) {
      return err(
        'no-refused-events',
        `HQ has seen no upload of ${subject.data} it refused (among the refusals it keeps), so "first-event" has no time to start from: ` +
          'let the laptop try to anchor first, or give validFrom as a time',
      );
    }
    // A laptop whose clock runs ahead is no worse off than with a plain registration.
    if (Date.parse(first) < now.getTime()) validFrom = first;
  } else if (body.validFrom !== undefined) {
    if (!timestampSchema.safeParse(body.validFrom).success) {
      return err('bad-request', `validFrom: must be a UTC timestamp like 2026-11-24T09:31:02.120Z, or "${FIRST_EVENT}"`);
    }
    validFrom = body.validFrom as string;
  }
  const validUntil = body.validUntil ?? new Date(now.getTime() + DEFAULT_CERT_VALIDITY_MS).toISOString();
  // A certificate that ends before it starts would cover nothing.
  if (timestampSchema.safeParse(validUntil).success && Date.parse(validUntil as string) < Date.parse(validFrom)) {
    return err('bad-request', `validUntil ${String(validUntil)} is before validFrom ${validFrom}`);
  }
  return ok({ ...body, validFrom, validUntil });
}

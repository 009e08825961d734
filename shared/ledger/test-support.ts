/**
 * Test support for the ledger protocol tests and the ledger service's tests
 * (not exported from index.ts): devices that sign chains of events, HQ
 * signing trust events, a batch signer over a seed, and the refusal an
 * answer schema gives.
 */
import { publicKeyToDid, type DidKey } from '../crypto/did-key';
import { generateKeyPair, keyPairFromSeed, sign } from '../crypto/ed25519';
import type { EventBody, EventType } from '../events/bodies';
import type { SignedEvent, UnsignedEvent } from '../events/envelope';
import { attachSignature, eventId, eventSigningBytes } from '../events/sign';
import type { z } from 'zod';
import { batchSigningBytes, type BatchSigner } from './batch';

export interface TestDevice {
  readonly did: DidKey;
  readonly seed: Uint8Array;
  readonly signer: BatchSigner;
  /** Signs the next event of the device's chain (format v1 unless `envelope.v` says otherwise). */
  record<T extends EventType>(type: T, body: EventBody<T>, envelope?: { at?: string; round?: string; v?: 1 | 2 }): SignedEvent;
  /** `n` handouts, each to another household, chained after what was recorded before. */
  handouts(n: number, envelope?: { at?: string; round?: string }): SignedEvent[];
  readonly head: { readonly seq: number; readonly id: string | null };
}

/**
 * A device with its own key and chain. `signWith` replaces noble signing
 * (the ledger's tests pass node:crypto to make thousands of events quickly).
 */
export function testDevice(
  options: { seed?: Uint8Array; at?: string; round?: string; signWith?: (message: Uint8Array, seed: Uint8Array) => Uint8Array } = {},
): TestDevice {
  const key = options.seed === undefined ? generateKeyPair() : keyPairFromSeed(options.seed);
  const did = publicKeyToDid(key.publicKey);
  const signBytes = options.signWith ?? sign;
  let seq = 0;
  let prev: string | null = null;
  const record = <T extends EventType>(type: T, body: EventBody<T>, envelope: { at?: string; round?: string; v?: 1 | 2 } = {}): SignedEvent => {
    seq++;
    const round = envelope.round ?? options.round;
    const draft = {
      v: envelope.v ?? 1,
      type,
      device: did,
      seq,
      prev,
      at: envelope.at ?? options.at ?? '2026-11-24T09:31:02.120Z',
      ...(round === undefined ? {} : { round }),
      body,
    } as UnsignedEvent;
    const event = attachSignature(draft, signBytes(eventSigningBytes(draft), key.seed));
    prev = eventId(event);
    return event;
  };
  return {
    did,
    seed: key.seed,
    signer: { did, sign: async (header) => signBytes(batchSigningBytes(header), key.seed) },
    record,
    handouts: (n, envelope) =>
      Array.from({ length: n }, () =>
        record(
          'handout',
          {
            household: `HH-${String(seq + 1).padStart(6, '0')}`,
            items: [{ code: 'maize', qty: 25, unit: 'kg' }],
            collector: 'head',
          },
          { round: 'R2026-11', ...envelope },
        ),
      ),
    get head() {
      return { seq, id: prev };
    },
  };
}

/** A sealed-PII enrolment body: the only place personal data appears in an event. */
export const enrolmentBody = (household: string, site = 'camp-a'): EventBody<'enrolment'> => ({
  household,
  site,
  size: 5,
  pii: { alg: 'A256GCM', kid: 'site-key-1', iv: 'AAAAAAAAAAAAAAAA', ct: 'c2VjcmV0IG5hbWUgYW5kIHBob25l' },
});

/** A device-cert body valid across 2026 for `site`. */
export const certBody = (subject: DidKey, site = 'camp-a', role: EventBody<'device-cert'>['role'] = 'field-officer'): EventBody<'device-cert'> => ({
  subject,
  site,
  role,
  validFrom: '2026-01-01T00:00:00.000Z',
  validUntil: '2026-12-31T23:59:59.999Z',
});

/** The first issue `schema` finds in `value`, as HQ's apps show it: its path, then its message; throws if it parses. */
export function firstRefusal(schema: z.ZodType, value: unknown): string {
  const parsed = schema.safeParse(value);
  if (parsed.success) throw new Error('parsed');
  const issue = parsed.error.issues[0]!;
  return `${issue.path.join('.')}: ${issue.message}`;
}

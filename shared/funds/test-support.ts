/**
 * Test support for the funds tests (not exported from index.ts): HQ and
 * field laptops recording chains of events in the format version each
 * event needs (`versionFor`), HQ certifying laptops for their sites. As in
 * shared/distribution/test-events.ts, signatures are placeholders unless
 * `signed`: the functions under test take verified events and never look at
 * signatures, which keeps property tests over many events fast.
 */
import { publicKeyToDid, type DidKey } from '../crypto/did-key';
import { generateKeyPair } from '../crypto/ed25519';
import type { EventBody, EventType } from '../events/bodies';
import { versionFor, type SignedEvent, type UnsignedEvent } from '../events/envelope';
import { eventId, signEvent } from '../events/sign';
import { verifyEvent, type VerifiedEvent } from '../events/verify';

export interface Recorder {
  readonly did: DidKey;
  record<T extends EventType>(type: T, body: EventBody<T>, envelope?: { at?: string; round?: string }): VerifiedEvent;
}

export function recorder(options: { signed?: boolean; at?: string } = {}): Recorder {
  const { seed, publicKey } = generateKeyPair();
  const did = publicKeyToDid(publicKey);
  let seq = 0;
  let prev: string | null = null;
  return {
    did,
    record(type, body, envelope = {}) {
      seq++;
      const draft = {
        v: versionFor(type, body),
        type,
        device: did,
        seq,
        prev,
        at: envelope.at ?? options.at ?? '2026-11-24T09:31:02.120Z',
        ...(envelope.round === undefined ? {} : { round: envelope.round }),
        body,
      } as UnsignedEvent;
      let verified: VerifiedEvent;
      if (options.signed === true) {
        const result = verifyEvent(signEvent(draft, seed));
        if (!result.ok) throw new Error(`test event does not verify: ${result.message}`);
        verified = result.value;
      } else {
        const event = { ...draft, sig: 'A'.repeat(86) } as SignedEvent;
        verified = { id: eventId(event), event };
      }
      prev = verified.id;
      return verified;
    },
  };
}

/** HQ's certificate for a laptop at `site`, valid through 2026 and 2027. */
export const certify = (hq: Recorder, laptop: Recorder, site: string): VerifiedEvent =>
  hq.record('device-cert', {
    subject: laptop.did,
    site,
    role: 'field-officer',
    validFrom: '2026-01-01T00:00:00.000Z',
    validUntil: '2027-12-31T00:00:00.000Z',
  });

export const contributionBody = (org: string, amount: number, currency: string, rounds: string[]): EventBody<'contribution'> => ({
  donor: { org, name: `Donor ${org}` },
  amount,
  currency,
  date: '2026-11-01',
  rounds: [...new Set(rounds)].sort(),
  earmarks: [],
});

export const pii = { alg: 'A256GCM', kid: 'sk-0011223344556677', iv: 'AAAAAAAAAAAAAAAA', ct: 'A'.repeat(40) } as const;

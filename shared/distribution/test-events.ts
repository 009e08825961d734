/**
 * Test support for the distribution tests (not exported from index.ts):
 * builds events as `verifyEvent` returns them. `signed: true` signs them for
 * real and runs them through `verifyEvent`; otherwise the signatures are
 * placeholders, which is enough for the functions under test (they take
 * verified events and never look at signatures) and keeps property tests with
 * thousands of events fast.
 */
import { publicKeyToDid, type DidKey } from '../crypto/did-key';
import { generateKeyPair } from '../crypto/ed25519';
import type { EventBody, EventType } from '../events/bodies';
import type { SignedEvent, UnsignedEvent } from '../events/envelope';
import { eventId, signEvent } from '../events/sign';
import { verifyEvent, type VerifiedEvent } from '../events/verify';
import type { Cash, ItemLine } from './handouts';

export interface EnvelopeOptions {
  readonly at?: string;
  /** null: no round, whatever the factory's default. */
  readonly round?: string | null;
  readonly operator?: string;
}

const PLACEHOLDER_SIG = 'A'.repeat(86);

/** A device that records events in sequence; each factory has its own key and chain. */
export function eventFactory(options: { signed?: boolean; at?: string; round?: string } = {}) {
  const device = generateKeyPair();
  const did: DidKey = publicKeyToDid(device.publicKey);
  let seq = 0;
  let prev: string | null = null;

  function record<T extends EventType>(type: T, body: EventBody<T>, envelope: EnvelopeOptions = {}): VerifiedEvent {
    seq++;
    const at = envelope.at ?? options.at ?? '2026-11-24T09:31:02.120Z';
    const round = envelope.round === undefined ? options.round : (envelope.round ?? undefined);
    const draft = {
      v: 1,
      type,
      device: did,
      seq,
      prev,
      at,
      ...(round === undefined ? {} : { round }),
      ...(envelope.operator === undefined ? {} : { operator: envelope.operator }),
      body,
    } as UnsignedEvent;
    let verified: VerifiedEvent;
    if (options.signed === true) {
      const result = verifyEvent(signEvent(draft, device.seed));
      if (!result.ok) throw new Error(`test event does not verify: ${result.message}`);
      verified = result.value;
    } else {
      const event = { ...draft, sig: PLACEHOLDER_SIG } as SignedEvent;
      verified = { id: eventId(event), event };
    }
    prev = verified.id;
    return verified;
  }

  /** The team lead who approved, by operator id (`approvalSchema`). */
  const approval = { by: 'lead-1' };

  return {
    did,
    handout(
      household: string,
      given: { items?: ItemLine[]; cash?: Cash },
      envelope: EnvelopeOptions = {},
      collector: 'head' | 'proxy' = 'head',
    ): VerifiedEvent {
      return record('handout', { household, ...given, collector }, envelope);
    },
    void(target: string, envelope: EnvelopeOptions = {}, reason = 'entered-twice'): VerifiedEvent {
      return record('void', { target, reason, approval }, envelope);
    },
    correction(target: string, given: { items?: ItemLine[]; cash?: Cash }, envelope: EnvelopeOptions = {}): VerifiedEvent {
      return record('correction', { target, reason: 'wrong-quantity', ...given, approval }, envelope);
    },
    stock(direction: 'received' | 'returned', items: ItemLine[], envelope: EnvelopeOptions = {}): VerifiedEvent {
      return record('stock', { direction, items }, envelope);
    },
    plan(body: EventBody<'plan'>, envelope: EnvelopeOptions = {}): VerifiedEvent {
      return record('plan', body, envelope);
    },
  };
}

export type EventFactory = ReturnType<typeof eventFactory>;

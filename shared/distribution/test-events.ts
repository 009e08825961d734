/**
 * Test support for the distribution and reconciliation tests (not exported
 * from index.ts): devices that record events as `verifyEvent` returns them,
 * each with its own key and hash chain, and `clone()` for the case
 * reconciliation must catch: a laptop copied with its key, whose copy goes on
 * recording from the same point in the chain. `signed: true` signs for real
 * and runs `verifyEvent`; otherwise signatures are placeholders (the
 * functions under test take verified events and never look at signatures),
 * which keeps property tests with thousands of events fast.
 */
import { publicKeyToDid, type DidKey } from '../crypto/did-key';
import { generateKeyPair } from '../crypto/ed25519';
import type { EventBody, EventType } from '../events/bodies';
import { EVENT_VERSION, type SignedEvent, type UnsignedEvent } from '../events/envelope';
import { eventId, signEvent } from '../events/sign';
import { verifyEvent, type VerifiedEvent } from '../events/verify';
import type { Cash, ItemLine } from './handouts';

export interface Envelope {
  readonly at?: string;
  /** null: no round, whatever the device's default. */
  readonly round?: string | null;
  readonly operator?: string;
}

export interface DeviceOptions {
  readonly signed?: boolean;
  readonly at?: string;
  readonly round?: string;
}

const PLACEHOLDER_SIG = 'A'.repeat(86);
/** The team lead who approved, by operator id (`approvalSchema`). */
const approval = { by: 'lead-1' };

export interface TestDevice {
  readonly did: DidKey;
  /** Seq of the last event recorded (0 before the first). */
  readonly seq: number;
  record<T extends EventType>(type: T, body: EventBody<T>, envelope?: Envelope): VerifiedEvent;
  handout(
    household: string,
    given: { items?: ItemLine[]; cash?: Cash },
    envelope?: Envelope,
    override?: { by: string; reason: string },
  ): VerifiedEvent;
  void(target: string, envelope?: Envelope, reason?: string): VerifiedEvent;
  correction(target: string, given: { items?: ItemLine[]; cash?: Cash }, envelope?: Envelope): VerifiedEvent;
  stock(direction: 'received' | 'returned', items: ItemLine[], envelope?: Envelope): VerifiedEvent;
  plan(body: EventBody<'plan'>, envelope?: Envelope): VerifiedEvent;
  /** Accept-all of these handouts (sorted here, as the schema wants). */
  accept(handouts: readonly string[], envelope?: Envelope, reason?: string): VerifiedEvent;
  /** The same key and chain position: a cloned laptop. */
  clone(): TestDevice;
}

function build(options: DeviceOptions, key: { seed: Uint8Array; did: DidKey }, state: { seq: number; prev: string | null }): TestDevice {
  function record<T extends EventType>(type: T, body: EventBody<T>, envelope: Envelope = {}): VerifiedEvent {
    state.seq++;
    const at = envelope.at ?? options.at ?? '2026-11-24T09:31:02.120Z';
    const round = envelope.round === undefined ? options.round : (envelope.round ?? undefined);
    const draft = {
      v: EVENT_VERSION,
      type,
      device: key.did,
      seq: state.seq,
      prev: state.prev,
      at,
      ...(round === undefined ? {} : { round }),
      ...(envelope.operator === undefined ? {} : { operator: envelope.operator }),
      body,
    } as UnsignedEvent;
    let verified: VerifiedEvent;
    if (options.signed === true) {
      const result = verifyEvent(signEvent(draft, key.seed));
      if (!result.ok) throw new Error(`test event does not verify: ${result.message}`);
      verified = result.value;
    } else {
      const event = { ...draft, sig: PLACEHOLDER_SIG } as SignedEvent;
      verified = { id: eventId(event), event };
    }
    state.prev = verified.id;
    return verified;
  }
  return {
    did: key.did,
    get seq() {
      return state.seq;
    },
    record,
    handout: (household, given, envelope, override) =>
      record('handout', { household, ...given, collector: 'head', ...(override === undefined ? {} : { override }) }, envelope),
    void: (target, envelope, reason = 'entered-twice') => record('void', { target, reason, approval }, envelope),
    correction: (target, given, envelope) => record('correction', { target, reason: 'wrong-quantity', ...given, approval }, envelope),
    stock: (direction, items, envelope) => record('stock', { direction, items }, envelope),
    plan: (body, envelope) => record('plan', body, envelope),
    accept: (handouts, envelope, reason = 'second-collector') =>
      record('resolution', { handouts: [...handouts].sort(), decision: 'accept-all', reason, approval }, envelope),
    clone: () => build(options, key, { ...state }),
  };
}

/** A device with its own key and chain. */
export function testDevice(options: DeviceOptions = {}): TestDevice {
  const { seed, publicKey } = generateKeyPair();
  return build(options, { seed, did: publicKeyToDid(publicKey) }, { seq: 0, prev: null });
}

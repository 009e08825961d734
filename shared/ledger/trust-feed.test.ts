/** The trust feed's schema: HQ's signed events parse whole, ids unchanged; nonsense is refused, naming what is wrong. */
import { describe, expect, it } from 'vitest';
import { publicKeyToDid } from '../crypto/did-key';
import { keyPairFromSeed } from '../crypto/ed25519';
import type { EventBody, EventType } from '../events/bodies';
import type { SignedEvent, UnsignedEvent } from '../events/envelope';
import { eventId, signEvent } from '../events/sign';
import { MAX_PAGE } from './page';
import { certBody, firstRefusal, testDevice } from './test-support';
import { trustFeedSchema } from './trust-feed';

const seed = new Uint8Array(32).fill(3);
const hq = publicKeyToDid(keyPairFromSeed(seed).publicKey);
const laptop = testDevice();

/** HQ's chain as the ledger signs it: v3 for the money (shared/events versionFor). */
function chain(): SignedEvent[] {
  const events: SignedEvent[] = [];
  const add = <T extends EventType>(type: T, body: EventBody<T>, v: 2 | 3, round?: string) => {
    const prev = events.at(-1);
    const draft = { v, type, device: hq, seq: events.length + 1, prev: prev === undefined ? null : eventId(prev), at: '2026-11-25T10:00:00.000Z', ...(round && { round }), body } as UnsignedEvent;
    events.push(signEvent(draft, seed));
  };
  add('device-cert', certBody(laptop.did), 2);
  add('plan', { site: 'camp-a', from: '2026-11-01', to: '2026-11-30', rules: [{ minSize: 1, maxSize: 100, items: [{ code: 'maize', qty: 25, unit: 'kg' }] }] }, 2, 'R2026-11');
  add('contribution', { donor: { org: 'XM-DAC-41114', name: 'European Commission - ECHO' }, amount: 5_000_000, currency: 'USD', date: '2026-10-15', rounds: ['R2026-11'], earmarks: [] }, 3);
  add('allocation', { contribution: eventId(events[2]!), site: 'camp-a', round: 'R2026-11', amount: 2_000, currency: 'USD' }, 3);
  return events;
}

const events = chain();
const feed = { hq, events };

const refusal = (value: unknown): string => firstRefusal(trustFeedSchema, value);

describe('the trust feed', () => {
  it('parses HQ’s events whole, so their ids are those HQ signed', () => {
    const parsed = trustFeedSchema.parse(feed);
    expect(parsed).toEqual(feed);
    expect(parsed.events.map(eventId)).toEqual(events.map(eventId));
    expect(trustFeedSchema.parse({ hq, events: [] }).events).toEqual([]);
  });

  it('refuses an event of a type devices sign, a body not of its type, and money in a format without it', () => {
    expect(refusal({ hq, events: [...events, ...laptop.handouts(1)] })).toBe('events.4.type: is not a type of event only HQ signs');
    const [cert, plan, contribution, allocation] = events as [SignedEvent, SignedEvent, SignedEvent, SignedEvent];
    expect(refusal({ hq, events: [cert, plan, { ...contribution, body: { ...contribution.body, amount: '5000000' } }, allocation] })).toBe(
      'events.2.body.amount: Invalid input: expected number, received string',
    );
    expect(refusal({ hq, events: [cert, { ...plan, body: { ...plan.body, rules: [] } }] })).toBe('events.1.body.rules: Too small: expected array to have >=1 items');
    expect(refusal({ hq, events: [{ ...allocation, v: 2 }] })).toBe('events.0.type: allocation events exist from format v3 on');
  });

  it('refuses what was added to or dropped from a signed event', () => {
    expect(refusal({ hq, events: [{ ...events[0], note: 'added' }] })).toBe('events.0: Unrecognized key: "note"');
    const { sig: _, ...unsigned } = events[0]!;
    expect(refusal({ hq, events: [unsigned] })).toBe('events.0.sig: Invalid input: expected string, received undefined');
  });

  it('refuses a feed without HQ’s did or events, and more than a page', () => {
    expect(refusal({ hq: 'did:web:hq.example.org', events })).toBe('hq: must be an Ed25519 did:key (did:key:z6Mk…)');
    expect(refusal({ hq })).toBe('events: Invalid input: expected array, received undefined');
    expect(refusal({ hq, events: Array<SignedEvent>(MAX_PAGE + 1).fill(events[0]!) })).toBe(`events: Too big: expected array to have <=${MAX_PAGE} items`);
  });
});

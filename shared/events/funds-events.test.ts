/**
 * The funds events and the plan's unit costs (issue 15): format v3, HQ's
 * only. Old versions are still read, v3 things in an older version are
 * refused clearly, and no amount that is not a whole, non-negative, safe
 * number of minor units gets signed.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { publicKeyToDid } from '../crypto/did-key';
import { generateKeyPair, keyPairFromSeed } from '../crypto/ed25519';
import type { EventBody, EventType } from './bodies';
import { allocationBody, contributionBody, planBody } from './bodies';
import { FUNDS_EVENT_VERSION, EVENT_VERSION, READ_EVENT_VERSIONS, versionFor, type UnsignedEvent } from './envelope';
import { eventId, eventSigningBytes, signEvent } from './sign';
import { verifyEvent } from './verify';

/** The id of the pinned contribution below: Ed25519 is deterministic, so it never changes unless the format does. */
const PINNED_ID = '7a187bbcdbffb8fdd3642ee99b52ea50b8b5e37ffdade7443a68061ab6c25fb4';

const { seed, publicKey } = generateKeyPair();
const hq = publicKeyToDid(publicKey);

const contribution: EventBody<'contribution'> = {
  donor: { org: 'XM-DAC-41114', name: 'European Commission - Humanitarian Aid & Civil Protection' },
  amount: 250_000_000,
  currency: 'EUR',
  date: '2026-11-01',
  rounds: ['2026-11-A', '2026-12-A'],
  earmarks: ['food-security'],
  reference: 'ECHO-2026-17',
};
const allocation: EventBody<'allocation'> = { contribution: 'a'.repeat(64), site: 'camp-north', round: '2026-11-A', amount: 1_000_000, currency: 'EUR' };
const plan: EventBody<'plan'> = {
  site: 'camp-north',
  from: '2026-11-01',
  to: '2026-11-30',
  rules: [{ minSize: 1, maxSize: 100, items: [{ code: 'maize', qty: 25, unit: 'kg' }] }],
  costs: [{ code: 'maize', unit: 'kg', amount: 45, currency: 'USD' }],
};

function signed<T extends EventType>(type: T, body: unknown, v: number = FUNDS_EVENT_VERSION, round?: string) {
  return signEvent({ v, type, device: hq, seq: 1, prev: null, at: '2026-11-24T09:31:02.120Z', ...(round === undefined ? {} : { round }), body } as UnsignedEvent, seed);
}
const verdict = (input: unknown) => {
  const r = verifyEvent(input);
  return r.ok ? 'ok' : `${r.code}: ${r.message}`;
};

describe('funds events (format v3)', () => {
  it('reads v1, v2 and v3, and writes v3 only for what needs it', () => {
    expect(READ_EVENT_VERSIONS).toEqual([1, 2, 3]);
    expect(versionFor('contribution', contribution)).toBe(3);
    expect(versionFor('allocation', allocation)).toBe(3);
    expect(versionFor('plan', plan)).toBe(3);
    const { costs: _costs, ...uncosted } = plan;
    expect(versionFor('plan', uncosted)).toBe(EVENT_VERSION);
    expect(versionFor('handout', { household: 'HH-0001', collector: 'head', cash: { amount: 1, currency: 'KES' } })).toBe(EVENT_VERSION);
    expect(verdict(signed('contribution', contribution))).toBe('ok');
    expect(verdict(signed('allocation', allocation))).toBe('ok');
    expect(verdict(signed('plan', plan, 3, '2026-11-A'))).toBe('ok');
    expect(verdict(signed('plan', uncosted, 1, '2026-11-A'))).toBe('ok');
    expect(verdict(signed('plan', uncosted, 3, '2026-11-A'))).toBe('ok');
  });

  it('refuses, clearly, a v1 or v2 event carrying what only v3 has', () => {
    for (const v of [1, 2]) {
      expect(verdict(signed('contribution', contribution, v))).toMatch(/^malformed: type: contribution events exist from format v3 on/);
      expect(verdict(signed('allocation', allocation, v))).toMatch(/^malformed: type: allocation events exist from format v3 on/);
      expect(verdict(signed('plan', plan, v, '2026-11-A'))).toMatch(/^malformed: body.costs: a v\d plan has no unit costs \(added in v3\)/);
    }
  });

  it('refuses amounts that are not a whole, positive, safe number of minor units', () => {
    const bad: unknown[] = [0, -1, -0.5, 1.5, Number.MAX_SAFE_INTEGER + 1, 2 ** 64, Number.POSITIVE_INFINITY, Number.NaN, '100', 1e308, null];
    for (const amount of bad) {
      expect(contributionBody.safeParse({ ...contribution, amount }).success, String(amount)).toBe(false);
      expect(allocationBody.safeParse({ ...allocation, amount }).success, String(amount)).toBe(false);
    }
    expect(contributionBody.safeParse({ ...contribution, amount: Number.MAX_SAFE_INTEGER }).success).toBe(true);
    for (const amount of [-1, 0.5, 2 ** 53]) {
      expect(planBody.safeParse({ ...plan, costs: [{ code: 'maize', unit: 'kg', amount, currency: 'USD' }] }).success).toBe(false);
    }
  });

  it('refuses what a donor record must not hold or must hold once', () => {
    const cases: [string, unknown][] = [
      ['a person-sized free text field', { ...contribution, donor: { ...contribution.donor, phone: '+254700000000' } }],
      ['an unknown field', { ...contribution, note: 'x' }],
      ['a lowercase currency', { ...contribution, currency: 'eur' }],
      ['a name over two lines', { ...contribution, donor: { ...contribution.donor, name: 'ECHO\nJohn Smith' } }],
      ['a name with control characters', { ...contribution, donor: { ...contribution.donor, name: 'ECHO\u0000' } }],
      ['a name padded with spaces', { ...contribution, donor: { ...contribution.donor, name: ' ECHO' } }],
      ['a very long name', { ...contribution, donor: { ...contribution.donor, name: 'x'.repeat(121) } }],
      ['no rounds', { ...contribution, rounds: [] }],
      ['rounds out of order', { ...contribution, rounds: ['b', 'a'] }],
      ['a round twice', { ...contribution, rounds: ['a', 'a'] }],
      ['too many earmarks', { ...contribution, earmarks: Array.from({ length: 11 }, (_, i) => `e${String(i).padStart(2, '0')}`) }],
      ['a date that is not one', { ...contribution, date: '2026-02-30' }],
      ['an org that is not a code', { ...contribution, donor: { ...contribution.donor, org: 'GB GOV 1' } }],
    ];
    for (const [what, body] of cases) expect(contributionBody.safeParse(body).success, what).toBe(false);
    expect(allocationBody.safeParse({ ...allocation, contribution: 'A'.repeat(64) }).success).toBe(false);
    expect(allocationBody.safeParse({ ...allocation, household: 'HH-0001' }).success).toBe(false);
  });

  it('keeps any valid contribution valid through signing and verification', () => {
    const code = fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9._:-]{0,20}$/);
    fc.assert(
      fc.property(
        code,
        fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }),
        fc.uniqueArray(code, { minLength: 1, maxLength: 5 }),
        (org, amount, rounds) => {
          const body = { ...contribution, donor: { org, name: 'Donor' }, amount, rounds: [...rounds].sort((a, b) => (a < b ? -1 : 1)) };
          expect(verdict(signed('contribution', body))).toBe('ok');
        },
      ),
      { numRuns: 30 },
    );
  });
});

describe('a contribution’s bytes, pinned (for other implementations)', () => {
  // RFC 8032 §7.1 TEST 1's secret key, so anyone can re-derive the signer and check these bytes.
  const rfcSeed = Uint8Array.from(Buffer.from('9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60', 'hex'));
  const signer = publicKeyToDid(keyPairFromSeed(rfcSeed).publicKey);
  const draft = { v: 3, type: 'contribution', device: signer, seq: 1, prev: null, at: '2026-11-24T09:31:02.120Z', body: contribution } as UnsignedEvent;

  it('signs "aidtrail/v1/event\\n" ‖ JCS(envelope) and keeps its id', () => {
    const bytes = new TextDecoder().decode(eventSigningBytes(draft));
    expect(bytes).toBe(
      `aidtrail/v1/event\n{"at":"2026-11-24T09:31:02.120Z","body":{"amount":250000000,"currency":"EUR","date":"2026-11-01","donor":{"name":"European Commission - Humanitarian Aid & Civil Protection","org":"XM-DAC-41114"},"earmarks":["food-security"],"reference":"ECHO-2026-17","rounds":["2026-11-A","2026-12-A"]},"device":"${signer}","prev":null,"seq":1,"type":"contribution","v":3}`,
    );
    const event = signEvent(draft, rfcSeed);
    expect(verdict(event)).toBe('ok');
    expect(eventId(event)).toBe(PINNED_ID);
  });
});

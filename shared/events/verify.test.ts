import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { canonicalBytes } from '../canonical';
import { publicKeyToDid } from '../crypto/did-key';
import { generateKeyPair } from '../crypto/ed25519';
import { sha256Hex } from '../crypto/sha256';
import type { EventOfType, SignedEvent, UnsignedEvent } from './envelope';
import { eventId, signEvent } from './sign';
import { verifyEvent } from './verify';

function device() {
  const { seed, publicKey } = generateKeyPair();
  return { seed, did: publicKeyToDid(publicKey) };
}

const alice = device();
const mallory = device();

function handout(seq: number, prev: string | null, who = alice): EventOfType<'handout'> {
  const draft: UnsignedEvent = {
    v: 1,
    type: 'handout',
    device: who.did,
    seq,
    prev,
    at: '2026-11-24T09:31:02.120Z',
    round: 'R2026-11',
    body: {
      household: 'HH-000123-7',
      items: [{ code: 'maize', qty: 25, unit: 'kg' }],
      cash: { amount: 150000, currency: 'KES' },
      collector: 'head',
    },
  };
  return signEvent(draft, who.seed) as EventOfType<'handout'>;
}

function codeOf(input: unknown, options?: Parameters<typeof verifyEvent>[1]): string {
  const r = verifyEvent(input, options);
  return r.ok ? 'ok' : r.code;
}

describe('verifyEvent', () => {
  it('accepts a signed event and gives the id as SHA-256 of its canonical form', () => {
    const e = handout(1, null);
    const r = verifyEvent(e);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.id).toBe(sha256Hex(canonicalBytes(e)));
    expect(r.value.id).toBe(eventId(e));
  });

  it('gives identical content one id, whatever the property order', () => {
    const e = handout(1, null);
    const reordered = JSON.parse(JSON.stringify(Object.fromEntries(Object.entries(e).reverse()))) as SignedEvent;
    expect(eventId(reordered)).toBe(eventId(e));
  });

  it('rejects a change to any signed field', () => {
    const e = handout(2, 'a'.repeat(64));
    const mutations: [string, (x: EventOfType<'handout'>) => void][] = [
      ['seq', (x) => (x.seq = 3)],
      ['prev', (x) => (x.prev = 'b'.repeat(64))],
      ['at', (x) => (x.at = '2026-11-24T09:31:02.121Z')],
      ['round', (x) => (x.round = 'R2026-12')],
      ['qty', (x) => (x.body.items![0]!.qty = 26)],
      ['cash', (x) => (x.body.cash!.amount = 150001)],
      ['household', (x) => (x.body.household = 'HH-000124-7')],
      ['collector', (x) => (x.body.collector = 'proxy')],
      ['round removed', (x) => delete x.round],
    ];
    for (const [name, mutate] of mutations) {
      const copy = structuredClone(e);
      mutate(copy);
      expect(codeOf(copy), name).toBe('bad-signature');
    }
  });

  it('rejects a signature with any bit flipped', () => {
    const e = handout(1, null);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 85 }), fc.integer({ min: 0, max: 5 }), (pos, bit) => {
        const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
        const chars = [...e.sig];
        chars[pos] = alphabet[alphabet.indexOf(chars[pos]!) ^ (1 << bit)]!;
        const forged = { ...e, sig: chars.join('') };
        expect(['bad-signature', 'malformed']).toContain(codeOf(forged));
      }),
    );
  });

  it('rejects an event forged by another key in the name of a device', () => {
    const forged = signEvent({ ...handout(1, null, mallory), device: alice.did } as UnsignedEvent, mallory.seed);
    expect(codeOf(forged)).toBe('bad-signature');
  });

  it('rejects an event from a device other than the one expected', () => {
    expect(codeOf(handout(1, null, mallory), { device: alice.did })).toBe('wrong-device');
    expect(codeOf(handout(1, null), { device: alice.did })).toBe('ok');
  });

  it('checks the hash chain against the device previous event', () => {
    const first = handout(1, null);
    const firstId = eventId(first);
    const second = handout(2, firstId);
    expect(codeOf(first, { previous: null })).toBe('ok');
    expect(codeOf(second, { previous: { id: firstId, seq: 1 } })).toBe('ok');
    // reordered: the second arrives where the first was expected
    expect(codeOf(second, { previous: null })).toBe('bad-seq');
    // replayed: the same event again after itself
    expect(codeOf(second, { previous: { id: eventId(second), seq: 2 } })).toBe('bad-seq');
    // a gap
    expect(codeOf(handout(4, firstId), { previous: { id: firstId, seq: 1 } })).toBe('bad-seq');
    // a fork: right seq, other parent
    expect(codeOf(handout(2, 'c'.repeat(64)), { previous: { id: firstId, seq: 1 } })).toBe('bad-prev');
  });

  it('rejects a first event with a prev and a later event without one', () => {
    expect(codeOf(handout(1, 'a'.repeat(64)))).toBe('bad-chain');
    expect(codeOf(handout(5, null))).toBe('bad-chain');
  });

  it('refuses an unknown format version clearly', () => {
    const e = { ...handout(1, null), v: 4 };
    const r = verifyEvent(e);
    expect(r.ok ? 'ok' : r.code).toBe('unsupported-version');
    expect(r.ok ? '' : r.message).toMatch(/version 4/);
  });

  describe('format versions (DESIGN.md: a format changes only with a version bump)', () => {
    const cardIssued = (v: 1 | 2, status?: { list: string; index: number }) =>
      signEvent(
        {
          v,
          type: 'credential-issued',
          device: alice.did,
          seq: 1,
          prev: null,
          at: '2026-11-24T09:31:02.120Z',
          body: { household: 'HH-000123-7', issuer: alice.did, credential: 'a'.repeat(64), ...(status && { status }) },
        } as UnsignedEvent,
        alice.seed,
      );
    const status = { list: 'https://hq.example/status/camp-north/1', index: 4711 };

    it('still reads a v1 event, written before v2 existed', () => {
      expect(codeOf(handout(1, null))).toBe('ok');
      expect(codeOf(cardIssued(1))).toBe('ok');
    });

    it('reads a v2 card event with its status-list entry', () => {
      const r = verifyEvent(cardIssued(2, status));
      expect(r.ok && r.value.event.type === 'credential-issued' && r.value.event.body.status).toEqual(status);
    });

    it('refuses a v1 event carrying a field only v2 has', () => {
      const r = verifyEvent(cardIssued(1, status));
      expect(r.ok ? 'ok' : r.code).toBe('malformed');
      expect(r.ok ? '' : r.message).toMatch(/status/);
    });
  });

  it('answers malformed input of every shape with a verdict, never an exception', () => {
    const e = handout(1, null) as Record<string, unknown>;
    const bad: unknown[] = [
      null,
      42,
      'event',
      [],
      { v: 1 },
      { ...e, type: 'airdrop' },
      { ...e, extra: true },
      { ...e, seq: 0 },
      { ...e, seq: 1.5 },
      { ...e, at: '2026-02-30T00:00:00.000Z' },
      { ...e, at: '2026-11-24T09:31:02Z' },
      { ...e, device: 'did:key:zNotAKey' },
      { ...e, sig: 'x' },
      { ...e, body: { ...(e.body as object), items: [{ code: 'maize', qty: -1, unit: 'kg' }] } },
      { ...e, body: { ...(e.body as object), items: [{ code: 'maize', qty: Number.NaN, unit: 'kg' }] } },
      { ...e, body: { ...(e.body as object), household: 'x'.repeat(5_000_000) } },
      { ...e, body: { household: 'HH-000123-7', collector: 'head' } },
    ];
    for (const input of bad) expect(codeOf(input), JSON.stringify(input)?.slice(0, 80)).toBe('malformed');
  });

  it('rejects a signature spelled with non-zero spare bits, so an event has one id', () => {
    const e = handout(1, null);
    const last = e.sig.at(-1)!;
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    const respelled = { ...e, sig: e.sig.slice(0, -1) + alphabet[alphabet.indexOf(last) ^ 1] };
    expect(codeOf(respelled)).toBe('bad-signature');
  });

  it('points at the field that is wrong', () => {
    const r = verifyEvent({ ...handout(1, null), at: 'yesterday' });
    expect(r.ok ? '' : r.message).toMatch(/^at: /);
  });

  it('rejects an oversized event even when every field is within its own bounds', () => {
    const rule = { minSize: 1, maxSize: 100, items: Array.from({ length: 50 }, (_, i) => ({ code: `item-${i}-${'x'.repeat(50)}`, qty: 1, unit: 'kg' })) };
    const plan = signEvent(
      {
        v: 1,
        type: 'plan',
        device: alice.did,
        seq: 1,
        prev: null,
        at: '2026-11-24T09:31:02.120Z',
        round: 'R1',
        body: { site: 'camp-a', from: '2026-11-01', to: '2026-11-30', rules: Array.from({ length: 100 }, () => rule) },
      },
      alice.seed,
    );
    expect(codeOf(plan)).toBe('oversized');
  });
});

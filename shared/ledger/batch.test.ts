import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fromHex, toHex, utf8 } from '../bytes';
import { canonicalize } from '../canonical';
import { sha256Hex } from '../crypto/sha256';
import { nobleVerifier } from '../crypto/verifier';
import type { SignedEvent } from '../events/envelope';
import { eventId } from '../events/sign';
import { hashLeaf, MemoryMerkleTree } from '../merkle';
import {
  BATCH_DOMAIN,
  batchId,
  batchSigningBytes,
  makeBatch,
  MAX_BATCH_EVENTS,
  MAX_UPLOAD_BYTES,
  planBatches,
  uploadBytes,
  type Upload,
} from './batch';
import { verifyBatch, type BatchVerdict } from './verify-batch';
import { testDevice } from './test-support';

const alice = testDevice({ seed: new Uint8Array(32).fill(1) });
const aliceEvents = alice.handouts(6);
const mallory = testDevice();

async function upload(events: readonly SignedEvent[], signer = alice.signer): Promise<Upload> {
  const made = await makeBatch(events, signer);
  if (!made.ok) throw new Error(made.message);
  return made.value;
}

const verdictOf = async (input: unknown, knownHead?: Parameters<typeof verifyBatch>[1]['knownHead']): Promise<BatchVerdict> =>
  verifyBatch(input, knownHead === undefined ? { verifier: nobleVerifier } : { verifier: nobleVerifier, knownHead });
const codeOf = async (input: unknown, knownHead?: Parameters<typeof verifyBatch>[1]['knownHead']) => {
  const v = await verdictOf(input, knownHead);
  return v.ok ? 'ok' : v.code;
};

describe('batch wire format', () => {
  it('signs "aidtrail/v1/batch\\n" ‖ JCS(header) and names the batch by the SHA-256 of those bytes', async () => {
    const u = await upload(aliceEvents.slice(0, 3));
    const expectedText = `${BATCH_DOMAIN}${canonicalize(u.header)}`;
    expect(new TextDecoder().decode(batchSigningBytes(u.header))).toBe(expectedText);
    expect(expectedText).toMatch(/^aidtrail\/v1\/batch\n\{"count":3,"device":"did:key:z6Mk[^"]+","firstSeq":1,"lastSeq":3,"root":"[0-9a-f]{64}","v":1\}$/);
    expect(batchId(u.header)).toBe(sha256Hex(utf8(expectedText)));
  });

  it('roots the header in the RFC 9162 tree of the event ids in seq order', async () => {
    const u = await upload(aliceEvents);
    const tree = new MemoryMerkleTree();
    for (const e of aliceEvents) tree.append(hashLeaf(fromHex(eventId(e))));
    expect(u.header.root).toBe(toHex(tree.root()));
    expect(u.header).toMatchObject({ v: 1, device: alice.did, firstSeq: 1, lastSeq: 6, count: 6 });
  });

  it('gives the same batch the same id and signature every time (RFC 8032 signing is deterministic)', async () => {
    const [a, b] = [await upload(aliceEvents), await upload(aliceEvents)];
    expect(batchId(a.header)).toBe(batchId(b.header));
    expect(a.sig).toBe(b.sig);
  });

  it('never lets a batch id equal an event id: the domain prefix is part of the hash input', async () => {
    const u = await upload(aliceEvents.slice(0, 1));
    expect(batchId(u.header)).not.toBe(eventId(aliceEvents[0]!));
  });
});

describe('makeBatch', () => {
  it('refuses runs HQ would refuse, with a code', async () => {
    const code = async (events: SignedEvent[], signer = alice.signer) => {
      const r = await makeBatch(events, signer);
      return r.ok ? 'ok' : r.code;
    };
    expect(await code([])).toBe('empty');
    expect(await code(aliceEvents, mallory.signer)).toBe('wrong-device');
    expect(await code([aliceEvents[0]!, aliceEvents[2]!])).toBe('not-contiguous');
    expect(await code([aliceEvents[1]!, aliceEvents[0]!])).toBe('not-contiguous');
    expect(await code(aliceEvents, { did: alice.did, sign: mallory.signer.sign })).toBe('bad-signer');
    expect(await code(Array.from({ length: MAX_BATCH_EVENTS + 1 }, () => aliceEvents[0]!))).toBe('too-many-events');
  });
});

describe('verifyBatch', () => {
  it('accepts a well-formed batch and returns the events with their ids', async () => {
    const u = await upload(aliceEvents);
    const v = await verdictOf(u, null);
    expect(v.ok).toBe(true);
    if (!v.ok) return;
    expect(v.value.id).toBe(batchId(u.header));
    expect(v.value.events.map((e) => e.id)).toEqual(aliceEvents.map(eventId));
  });

  it('survives JSON transport: the upload verifies after stringify/parse with keys in any order', async () => {
    const u = await upload(aliceEvents);
    const reordered = JSON.parse(JSON.stringify({ events: u.events, sig: u.sig, header: u.header })) as unknown;
    expect(await codeOf(reordered)).toBe('ok');
  });

  it('lists every tampered event, and accepts nothing', async () => {
    const u = structuredClone(await upload(aliceEvents)) as unknown as { events: { body: { items: { qty: number }[] } }[] };
    u.events[1]!.body.items[0]!.qty = 2500;
    u.events[4]!.body.items[0]!.qty = 1;
    const v = await verdictOf(u);
    expect(v.ok).toBe(false);
    if (v.ok) return;
    expect(v.code).toBe('bad-events');
    expect(v.events.map((e) => [e.index, e.seq, e.code])).toEqual([
      [1, 2, 'bad-signature'],
      [4, 5, 'bad-signature'],
    ]);
  });

  it('refuses a changed header, a changed signature, and events that do not fit the header', async () => {
    const u = await upload(aliceEvents);
    const flip = (s: string) => (s[10] === 'A' ? `${s.slice(0, 10)}B${s.slice(11)}` : `${s.slice(0, 10)}A${s.slice(11)}`);
    expect(await codeOf({ ...u, sig: flip(u.sig) })).toBe('bad-signature');
    expect(await codeOf({ ...u, header: { ...u.header, root: '0'.repeat(64) } })).toBe('bad-signature');
    expect(await codeOf({ ...u, header: { ...u.header, device: mallory.did } })).toBe('bad-signature');
    // Count and seq range are checked before the signature.
    expect(await codeOf({ ...u, events: u.events.slice(0, 5) })).toBe('count-mismatch');
    expect(await codeOf({ ...u, header: { ...u.header, count: 5 } })).toBe('count-mismatch');
    // Swapped events: each out of place.
    const swapped = [...u.events];
    [swapped[2], swapped[3]] = [swapped[3]!, swapped[2]!];
    const v = await verdictOf({ ...u, events: swapped });
    expect(v.ok ? 'ok' : v.code).toBe('bad-events');
    if (!v.ok) expect(v.events.map((e) => [e.index, e.code])).toEqual([[2, 'not-in-sequence'], [3, 'not-in-sequence'], [4, 'bad-prev']]);
  });

  it('refuses a batch with an event of another device, even a validly signed one', async () => {
    const u = await upload(aliceEvents.slice(0, 2));
    const v = await verdictOf({ ...u, events: [u.events[0], mallory.handouts(1)[0]] });
    expect(v.ok ? 'ok' : v.code).toBe('bad-events');
    if (!v.ok) expect(v.events).toMatchObject([{ index: 1, code: 'wrong-device' }]);
  });

  it('refuses a batch whose root is not that of its events (a re-signed substitution)', async () => {
    // The device itself signs a header whose root does not match: the events were swapped after signing.
    const other = testDevice({ seed: new Uint8Array(32).fill(1) });
    const forked = [...other.handouts(5), other.record('stock', { direction: 'received', items: [{ code: 'maize', qty: 1, unit: 'kg' }] })];
    const u = await upload(aliceEvents);
    expect(eventId(forked[5]!)).not.toBe(eventId(aliceEvents[5]!));
    const v = await verdictOf({ ...u, events: [...u.events.slice(0, 5), forked[5]] });
    expect(v.ok ? 'ok' : v.code).toBe('root-mismatch');
  });

  it('checks the continuation of the anchored chain: replay, gap, reorder, fork', async () => {
    const first = await upload(aliceEvents.slice(0, 3));
    const second = await upload(aliceEvents.slice(3));
    const head3 = { seq: 3, id: eventId(aliceEvents[2]!) };
    expect(await codeOf(first, null)).toBe('ok');
    expect(await codeOf(second, head3)).toBe('ok');
    // replayed: the first batch again once it is anchored
    expect(await codeOf(first, head3)).toBe('replayed');
    // reordered: the second arrives before the first
    expect(await codeOf(second, null)).toBe('gap');
    // a gap in the middle
    expect(await codeOf(second, { seq: 2, id: eventId(aliceEvents[1]!) })).toBe('gap');
    // a fork: the right seq after another event than the anchored one
    const v = await verdictOf(second, { seq: 3, id: 'f'.repeat(64) });
    expect(v.ok ? 'ok' : v.code).toBe('chain-fork');
  });

  it('refuses an unknown batch format version clearly', async () => {
    const u = await upload(aliceEvents);
    const v = await verdictOf({ ...u, header: { ...u.header, v: 2 } });
    expect(v.ok ? 'ok' : v.code).toBe('unsupported-version');
    expect(v.ok ? '' : v.message).toMatch(/version 2/);
  });

  it('refuses too many events before verifying any signature, and oversized uploads', async () => {
    const u = await upload(aliceEvents.slice(0, 1));
    const many = Array.from({ length: MAX_BATCH_EVENTS + 1 }, () => u.events[0]);
    expect(await codeOf({ ...u, events: many })).toBe('too-many-events');
    const huge = { ...u, events: Array.from({ length: 50 }, () => ({ pad: 'x'.repeat(100_000) })) };
    expect(await codeOf(huge)).toBe('oversized');
  });

  it('answers malformed input of every shape with a verdict, never an exception', async () => {
    const u = await upload(aliceEvents.slice(0, 2));
    const bad: unknown[] = [null, 1, 'batch', [], {}, { header: u.header, sig: u.sig }, { ...u, extra: 1 }, { ...u, events: {} },
      { ...u, sig: 'short' }, { ...u, header: { ...u.header, firstSeq: 0 } }, { ...u, header: { ...u.header, root: 'AB' } },
      { ...u, header: { ...u.header, device: 'did:key:zBad' } }, { ...u, header: null }];
    for (const input of bad) expect(['malformed', 'unsupported-version'], JSON.stringify(input)?.slice(0, 60)).toContain(await codeOf(input));
    await fc.assert(
      fc.asyncProperty(fc.jsonValue(), async (value) => {
        const v = await verdictOf(value);
        expect(v.ok).toBe(false);
      }),
      { numRuns: 200 },
    );
    await fc.assert(
      fc.asyncProperty(fc.jsonValue(), fc.integer({ min: 0, max: 1 }), async (value, i) => {
        const events = [...u.events] as unknown[];
        events[i] = value;
        const v = await verdictOf({ ...u, events });
        expect(v.ok).toBe(false);
        if (!v.ok) expect(['bad-events', 'root-mismatch']).toContain(v.code);
      }),
      { numRuns: 100 },
    );
  });
});

describe('planBatches', () => {
  it('cuts a backlog into runs within both limits, in order, losing nothing', () => {
    const device = testDevice();
    const events = device.handouts(57);
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 60 }), fc.integer({ min: 1500, max: 40_000 }), (maxEvents, maxBytes) => {
        const runs = planBatches(events, { maxEvents, maxBytes });
        expect(runs.flat()).toEqual(events);
        for (const run of runs) {
          expect(run.length).toBeLessThanOrEqual(maxEvents);
          if (run.length > 1) expect(uploadBytes(run)).toBeLessThanOrEqual(maxBytes);
        }
      }),
    );
  });

  it('keeps each run of the default limits within what verifyBatch and HQ accept', async () => {
    const device = testDevice();
    const runs = planBatches(device.handouts(1200));
    expect(runs.map((r) => r.length)).toEqual([1000, 200]);
    for (const run of runs) expect(uploadBytes(run)).toBeLessThanOrEqual(MAX_UPLOAD_BYTES);
    const made = await makeBatch(runs[0]!, device.signer);
    expect(made.ok).toBe(true);
    if (made.ok) expect(utf8(JSON.stringify(made.value)).length).toBeLessThanOrEqual(uploadBytes(runs[0]!));
  });
});

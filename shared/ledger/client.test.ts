import { describe, expect, it } from 'vitest';
import { fromHex } from '../bytes';
import { ed25519Signer } from '../checkpoint';
import type { SignedEvent } from '../events/envelope';
import { eventId } from '../events/sign';
import type { BatchErrorCode } from './verify-batch';
import { anchor, LedgerClient, refusalCode, type ClientErrorCode, type HttpFetch } from './client';
import { MAX_PAGE } from './page';
import type { StandingBatchCode } from './registry';
import { certBody, testDevice } from './test-support';

describe('refusalCode', () => {
  it("names each of HQ's intake codes for what it means to the device, and anything else refused", () => {
    const table: Record<BatchErrorCode | StandingBatchCode, ClientErrorCode> = {
      'device-not-certified': 'unregistered-device',
      'device-revoked': 'revoked-device',
      'chain-fork': 'chain-mismatch',
      'forbidden-event': 'refused',
      malformed: 'refused',
      'unsupported-version': 'refused',
      'too-many-events': 'refused',
      oversized: 'refused',
      'count-mismatch': 'refused',
      'bad-signature': 'refused',
      'bad-events': 'refused',
      'root-mismatch': 'refused',
      replayed: 'refused',
      gap: 'refused',
    };
    for (const [reason, code] of Object.entries(table)) expect(refusalCode(reason), reason).toBe(code);
    for (const reason of ['too-large', 'malformed-json', 'unknown', 'toString', '__proto__', '']) expect(refusalCode(reason), reason).toBe('refused');
  });
});

describe('anchor, refused', () => {
  /** HQ with nothing of the device, refusing every upload with `status` and `body`. */
  const refusing = (status: number, body: string): HttpFetch => async (url, init) =>
    init?.method === 'POST' ? { status, text: async () => body } : { status: 200, text: async () => JSON.stringify({ seq: 0, id: null }) };
  const logKey = ed25519Signer('hq.test/log', new Uint8Array(32).fill(7));
  if (!logKey.ok) throw new Error(logKey.message);
  const run = async (fetch: HttpFetch) => {
    const device = testDevice();
    const client = new LedgerClient('http://hq.test', fetch);
    return anchor({ client, signer: device.signer, events: device.handouts(2), trust: { logKey: logKey.value, origin: 'hq.test/log' } });
  };

  it("keeps HQ's code as the reason and HQ's code and message in the message", async () => {
    const events = [{ index: 0, code: 'not-certified', message: 'no certificate' }];
    const unregistered = await run(refusing(403, JSON.stringify({ error: 'device-not-certified', message: '2 of 2 events are not from a trusted device', events })));
    expect(unregistered).toMatchObject({ ok: false, code: 'unregistered-device', status: 403, reason: 'device-not-certified', events, partial: { anchored: 0 } });
    expect(unregistered.ok ? '' : unregistered.message).toBe('the ledger refused (403 device-not-certified): 2 of 2 events are not from a trusted device');
    expect(await run(refusing(403, JSON.stringify({ error: 'device-revoked', message: 'revoked' })))).toMatchObject({ code: 'revoked-device' });
    const other = await run(refusing(409, JSON.stringify({ error: 'gap', message: 'events #1–#2 must come first' })));
    expect(other).toMatchObject({ code: 'refused', reason: 'gap', message: expect.stringMatching(/409 gap\): events #1–#2 must come first$/) });
    expect(await run(refusing(400, 'not json'))).toMatchObject({ code: 'bad-answer' });
    expect(await run(refusing(403, '[]'))).toMatchObject({ code: 'refused', reason: 'unknown' });
  });

  it('takes a 429 (HQ limiting this address or device) for HQ out of reach for now, so the kit tries again later', async () => {
    const limited = await run(refusing(429, JSON.stringify({ error: 'too-many-uploads', message: 'sent more than 120 uploads this minute; retry in 40 s' })));
    expect(limited).toMatchObject({ ok: false, code: 'unreachable', message: expect.stringMatching(/429\): sent more than 120 uploads this minute; retry in 40 s/) });
    expect(await run(refusing(429, 'Too Many Requests'))).toMatchObject({ code: 'unreachable', message: expect.stringContaining('Too Many Requests') });
  });
});

/** A ledger answering `body` with `status` to every request; `asked` collects the URLs. */
function answering(body: string, status = 200): { client: LedgerClient; asked: string[] } {
  const asked: string[] = [];
  const fetch: HttpFetch = async (url) => {
    asked.push(url);
    return { status, text: async () => body };
  };
  return { client: new LedgerClient('http://hq.test/', fetch), asked };
}

/** JSON, but not the object any answer is: what the top-level refusal names. */
const NONSENSE: readonly [string, string][] = [
  ['null', 'Invalid input: expected object, received null'],
  ['[]', 'Invalid input: expected object, received array'],
  ['"proof"', 'Invalid input: expected object, received string'],
  ['42', 'Invalid input: expected object, received number'],
];

describe('LedgerClient.trust', () => {
  const hq = testDevice();
  const laptop = testDevice();
  const events: SignedEvent[] = [hq.record('device-cert', certBody(laptop.did)), hq.record('device-cert', certBody(testDevice().did, 'camp-b'))];
  const trust = async (answer: unknown) => answering(JSON.stringify(answer)).client.trust();
  const malformed = (field: string) => ({ ok: false, code: 'bad-answer', message: `the ledger's answer to /trust?after=0 is malformed: ${field}` });

  it("gives HQ's events as HQ signed them, ids unchanged, from the seq asked", async () => {
    const { client, asked } = answering(JSON.stringify({ hq: hq.did, events }));
    const feed = await client.trust(2);
    expect(asked).toEqual(['http://hq.test/trust?after=2']);
    expect(feed).toEqual({ ok: true, value: { hq: hq.did, events } });
    expect(feed.ok && (feed.value.events as SignedEvent[]).map(eventId)).toEqual(events.map(eventId));
  });

  it('refuses a feed without a field, or with a field of the wrong type, naming the field', async () => {
    expect(await trust({ hq: hq.did })).toEqual(malformed('events: Invalid input: expected array, received undefined'));
    expect(await trust({ events })).toEqual(malformed('hq: Invalid input: expected string, received undefined'));
    expect(await trust({ hq: 42, events })).toEqual(malformed('hq: Invalid input: expected string, received number'));
    expect(await trust({ hq: hq.did, events: { 0: events[0] } })).toEqual(malformed('events: Invalid input: expected array, received object'));
    expect(await trust({ hq: 'did:web:hq.test', events })).toEqual(malformed('hq: must be an Ed25519 did:key (did:key:z6Mk…)'));
  });

  it('hands on each event as it came, changed or of a kind it does not know: the kit verifies each alone (verifyTrustFeed)', async () => {
    const odd = [{ ...events[0], seq: '1' }, { ...events[0], note: 'added' }, ...laptop.handouts(1), 'event', { ...events[1], type: 'a-kind-from-a-newer-hq' }];
    expect(await trust({ hq: hq.did, events: odd })).toEqual({ ok: true, value: { hq: hq.did, events: odd } });
  });

  it('refuses more events than a page', async () => {
    expect(await trust({ hq: hq.did, events: Array<SignedEvent>(MAX_PAGE + 1).fill(events[0]!) })).toEqual(
      malformed(`events: Too big: expected array to have <=${MAX_PAGE} items`),
    );
  });

  it('refuses nonsense, and keeps a refusal a refusal', async () => {
    for (const [body, message] of NONSENSE) expect(await answering(body).client.trust(), body).toEqual(malformed(message));
    expect(await answering('{"hq":').client.trust()).toEqual({ ok: false, code: 'bad-answer', message: "the ledger's answer to /trust?after=0 is not JSON (status 200)" });
    expect(await answering(JSON.stringify({ error: 'bad-request', message: '?after= must be a count' }), 400).client.trust()).toMatchObject({ code: 'refused', reason: 'bad-request' });
  });
});

describe('LedgerClient.consistency', () => {
  const HASH = 'ab'.repeat(32);
  const consistency = async (answer: unknown) => answering(JSON.stringify(answer)).client.consistency(30, 40);
  const malformed = (field: string) => ({ ok: false, code: 'bad-answer', message: `the ledger's answer to /proof/consistency?from=30&to=40 is malformed: ${field}` });

  it('gives the proof as bytes, for the sizes asked', async () => {
    const { client, asked } = answering(JSON.stringify({ from: 30, to: 40, proof: [HASH, 'cd'.repeat(32)] }));
    expect(await client.consistency(30, 40)).toEqual({ ok: true, value: [fromHex(HASH), fromHex('cd'.repeat(32))] });
    expect(asked).toEqual(['http://hq.test/proof/consistency?from=30&to=40']);
    expect(await answering(JSON.stringify({ from: 30, to: 30, proof: [] })).client.consistency(30, 30)).toEqual({ ok: true, value: [] });
  });

  it('refuses a proof for other sizes than those asked, naming both, since checked against the asked ones it would look like a fork', async () => {
    const otherSizes = (from: number, to: number) => ({
      ok: false,
      code: 'bad-answer',
      message: `the ledger's answer to /proof/consistency?from=30&to=40 is for other sizes: asked for a proof from 30 to 40, got one from ${from} to ${to}`,
    });
    for (const [from, to] of [[20, 40], [30, 41], [30, 39], [40, 30], [0, 40], [30, 30], [40, 40], [29, 41]] as const) {
      expect(await consistency({ from, to, proof: [HASH] }), `${from}..${to}`).toEqual(otherSizes(from, to));
    }
    // A size that is no size at all is malformed before it is compared.
    expect(await consistency({ from: 30, to: 40.5, proof: [HASH] })).toEqual(malformed('to: Invalid input: expected int, received number'));
  });

  it('refuses an answer without a field, or with a field of the wrong type, naming the field', async () => {
    expect(await consistency({ from: 30, to: 40 })).toEqual(malformed('proof: Invalid input: expected array, received undefined'));
    expect(await consistency({ from: 30, proof: [HASH] })).toEqual(malformed('to: Invalid input: expected number, received undefined'));
    expect(await consistency({ from: '30', to: 40, proof: [HASH] })).toEqual(malformed('from: Invalid input: expected number, received string'));
    expect(await consistency({ from: 30, to: 40, proof: HASH })).toEqual(malformed('proof: Invalid input: expected array, received string'));
    expect(await consistency({ from: 30, to: 40, proof: [HASH, 7] })).toEqual(malformed('proof.1: Invalid input: expected string, received number'));
  });

  it('refuses hashes of the wrong length or spelling', async () => {
    expect(await consistency({ from: 30, to: 40, proof: [HASH.slice(2)] })).toEqual(malformed('proof.0: must be 64 lowercase hex characters'));
    expect(await consistency({ from: 30, to: 40, proof: [HASH, `${HASH}00`] })).toEqual(malformed('proof.1: must be 64 lowercase hex characters'));
    expect(await consistency({ from: 30, to: 40, proof: [HASH.toUpperCase()] })).toEqual(malformed('proof.0: must be 64 lowercase hex characters'));
  });

  it('refuses a proof longer than any tree needs, however long', async () => {
    expect((await consistency({ from: 30, to: 40, proof: Array<string>(64).fill(HASH) })).ok).toBe(true);
    for (const length of [65, 100_000]) {
      expect(await consistency({ from: 30, to: 40, proof: Array<string>(length).fill(HASH) }), String(length)).toEqual(malformed('proof: Too big: expected array to have <=64 items'));
    }
  });

  it('refuses nonsense, and keeps a refusal a refusal', async () => {
    for (const [body, message] of NONSENSE) expect(await answering(body).client.consistency(30, 40), body).toEqual(malformed(message));
    expect(await answering('<html>').client.consistency(30, 40)).toMatchObject({ code: 'bad-answer', message: expect.stringMatching(/is not JSON/) });
    expect(await answering(JSON.stringify({ error: 'bad-request', message: 'from > to' }), 400).client.consistency(30, 40)).toMatchObject({ code: 'refused', reason: 'bad-request' });
  });
});

describe("the device's own answers: head, a batch's receipts, an upload's answer", () => {
  const malformed = (path: string, field: string) => ({ ok: false, code: 'bad-answer', message: `the ledger's answer to ${path} is malformed: ${field}` });
  const device = testDevice();
  const head = (answer: unknown) => answering(JSON.stringify(answer)).client.head(device.did);
  const headPath = `/devices/${encodeURIComponent(device.did)}/head`;
  const batch = 'b'.repeat(64);

  it('reads a head and a batch answer that fit', async () => {
    expect(await head({ seq: 0, id: null })).toEqual({ ok: true, value: { seq: 0, id: null } });
    expect(await head({ seq: 3, id: 'a'.repeat(64) })).toEqual({ ok: true, value: { seq: 3, id: 'a'.repeat(64) } });
    const answer = { status: 'duplicate', batch, treeSize: 9, receipts: [{ any: 'thing' }] };
    expect(await answering(JSON.stringify(answer)).client.receipts(batch)).toEqual({ ok: true, value: answer });
  });

  it('refuses a head of the wrong shape, naming the field', async () => {
    expect(await head({ seq: -1, id: null })).toEqual(malformed(headPath, 'seq: Too small: expected number to be >=0'));
    expect(await head({ seq: '3', id: null })).toEqual(malformed(headPath, 'seq: Invalid input: expected number, received string'));
    expect(await head({ seq: 3, id: 'not a hash' })).toMatchObject({ code: 'bad-answer', message: expect.stringContaining(': id: ') });
    for (const [body, message] of NONSENSE) expect(await answering(body).client.head(device.did), body).toEqual(malformed(headPath, message));
  });

  it('refuses an upload answer of the wrong shape, and anchor says so instead of throwing', async () => {
    const logKey = ed25519Signer('hq.test/log', new Uint8Array(32).fill(7));
    if (!logKey.ok) throw new Error(logKey.message);
    for (const [answer, field] of [
      [{ status: 'appended', batch, treeSize: 2, receipts: 'none' }, 'receipts: Invalid input: expected array, received string'],
      [{ status: 'appended', batch, treeSize: '2', receipts: [] }, 'treeSize: Invalid input: expected number, received string'],
      [{ status: 'kept', batch, treeSize: 2, receipts: [] }, 'status: Invalid option: expected one of "appended"|"duplicate"'],
      [{ status: 'appended', batch, treeSize: 2, receipts: new Array(1001).fill({}) }, 'receipts: Too big: expected array to have <=1000 items'],
    ] as const) {
      const fetch: HttpFetch = async (_url, init) => ({
        status: init?.method === 'POST' ? 201 : 200,
        text: async () => JSON.stringify(init?.method === 'POST' ? answer : { seq: 0, id: null }),
      });
      const client = new LedgerClient('http://hq.test', fetch);
      const outcome = await anchor({ client, signer: device.signer, events: device.handouts(2), trust: { logKey: logKey.value, origin: 'hq.test/log' } });
      expect(outcome, field).toMatchObject({ ...malformed('/batches', field), partial: { anchored: 0 } });
    }
  });
});

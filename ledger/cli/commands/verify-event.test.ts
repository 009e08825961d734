import { describe, expect, it } from 'vitest';
import { publicKeyToDid } from '../../../shared/crypto/did-key';
import { generateKeyPair } from '../../../shared/crypto/ed25519';
import { eventId, signEvent, type SignedEvent } from '../../../shared/events';
import { main } from '../main';
import { memoryIo } from '../memory-io';

const key = generateKeyPair();
const did = publicKeyToDid(key.publicKey);

function stock(seq: number, prev: string | null): SignedEvent {
  return signEvent(
    {
      v: 1,
      type: 'stock',
      device: did,
      seq,
      prev,
      at: '2026-11-24T08:00:00.000Z',
      body: { direction: 'received', items: [{ code: 'maize', qty: 1000, unit: 'kg' }] },
    },
    key.seed,
  );
}

const first = stock(1, null);
const second = stock(2, eventId(first));

async function run(args: string[], files: Record<string, string> = {}) {
  const io = memoryIo(files);
  const code = await main(args, io);
  return { code, out: io.out, err: io.err };
}

describe('aidtrail verify-event', () => {
  it('accepts a valid event and prints its id', async () => {
    const r = await run(['verify-event', 'e.json'], { 'e.json': JSON.stringify(first) });
    expect(r.code).toBe(0);
    expect(r.out).toContain(eventId(first));
  });

  it('checks a chain given as NDJSON or as an array', async () => {
    const ndjson = `${JSON.stringify(first)}\n${JSON.stringify(second)}\n`;
    expect((await run(['verify-event', 'e.ndjson'], { 'e.ndjson': ndjson })).code).toBe(0);
    expect((await run(['verify-event', 'e.json'], { 'e.json': JSON.stringify([first, second]) })).code).toBe(0);
  });

  it('rejects events out of order in a file', async () => {
    const r = await run(['verify-event', 'e.json'], { 'e.json': JSON.stringify([second, first, second]) });
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/event 3: invalid \(bad-seq\)/);
  });

  it('rejects a tampered event with the reason', async () => {
    const tampered = { ...first, body: { ...first.body, items: [{ code: 'maize', qty: 10, unit: 'kg' }] } };
    const r = await run(['verify-event', 'e.json'], { 'e.json': JSON.stringify(tampered) });
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/invalid \(bad-signature\)/);
  });

  it('rejects an event from another device than --device', async () => {
    const other = publicKeyToDid(generateKeyPair().publicKey);
    const r = await run(['verify-event', 'e.json', '--device', other, '--json'], { 'e.json': JSON.stringify(first) });
    expect(r.code).toBe(1);
    expect(JSON.parse(r.out)).toMatchObject({ ok: false, code: 'wrong-device' });
  });

  it('answers malformed input with one line and exit 1', async () => {
    for (const content of ['', '{"v":1', 'not json', '[1,2', '{"v":1}', '42', `${JSON.stringify(first).slice(0, 100)}`]) {
      const r = await run(['verify-event', 'e.json'], { 'e.json': content });
      expect(r.code, content).toBe(1);
      expect((r.out + r.err).trim().split('\n').length, content).toBe(1);
    }
  });

  it('answers usage errors with exit 2', async () => {
    expect((await run(['verify-event'])).code).toBe(2);
    expect((await run(['verify-event', 'missing.json'])).code).toBe(2);
    expect((await run(['verify-event', 'e.json', '--device', 'did:web:x'], { 'e.json': '{}' })).code).toBe(2);
    expect((await run(['verify-event', 'e.json', '--bogus'], { 'e.json': '{}' })).code).toBe(2);
  });
});

import { describe, expect, it } from 'vitest';
import { ed25519Signer } from '../checkpoint';
import type { BatchErrorCode } from './verify-batch';
import { anchor, LedgerClient, refusalCode, type ClientErrorCode, type HttpFetch } from './client';
import type { StandingBatchCode } from './registry';
import { testDevice } from './test-support';

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

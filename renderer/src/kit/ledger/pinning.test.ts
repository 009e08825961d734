/**
 * HQ pinned out of band (issue 12, finding 5): the log key the lead enters is
 * the pin; a ledger's answer is only compared with it, never trusted.
 */
import { describe, expect, it } from 'vitest';
import { ed25519Signer, encodeVerifierKey } from '../../../../shared/checkpoint';
import { publicKeyToDid } from '../../../../shared/crypto/did-key';
import { generateKeyPair } from '../../../../shared/crypto/ed25519';
import type { HttpFetch } from '../../../../shared/ledger';
import { readSetting } from '../settings';
import { testKits, unwrap } from '../testing';

const kits = testKits();
const ORIGIN = 'aidtrail.example-agency.org/hq-log';

function hqKey() {
  const { seed, publicKey } = generateKeyPair();
  const signer = ed25519Signer(ORIGIN, seed);
  if (!signer.ok) throw new Error(signer.message);
  return { logKey: encodeVerifierKey(signer.value), hq: publicKeyToDid(publicKey) };
}

/** A server answering `GET /` with `info`, whatever the address. */
const answering =
  (info: Record<string, unknown>): HttpFetch =>
  async () => ({ status: 200, text: async () => JSON.stringify(info) });

/** A fresh lead's laptop configures the ledger: its answer and what it stored (the kit is closed again: RxDB allows few open). */
async function configure(info: Record<string, unknown>, url: string, logKey: string, allowHttpLedger = false) {
  const { kit, db } = await kits.ready({ kit: { fetch: answering(info), allowHttpLedger } });
  const result = await kit.configureLedger(url, logKey);
  const stored = await readSetting(db, 'ledger');
  await kits.close(db);
  return { result, stored };
}

describe('configuring the HQ ledger', () => {
  const real = hqKey();

  it('takes HQ’s did:key and the origin from the log key entered, not from the answer', async () => {
    const { result, stored } = await configure({ origin: ORIGIN, logKey: real.logKey, hq: real.hq, size: 0 }, 'https://hq.example.org/', real.logKey);
    unwrap(result);
    expect(stored).toMatchObject({ url: 'https://hq.example.org', hq: real.hq, origin: ORIGIN });
  });

  it('refuses a look-alike that echoes the public log key but names another HQ or origin', async () => {
    const impostor = hqKey();
    for (const info of [
      { origin: ORIGIN, logKey: real.logKey, hq: impostor.hq },
      { origin: 'evil.example/log', logKey: real.logKey, hq: real.hq },
      { origin: ORIGIN, logKey: impostor.logKey, hq: impostor.hq },
    ]) {
      const { result, stored } = await configure(info, 'https://hq.example.org', real.logKey);
      expect(result).toMatchObject({ ok: false, code: 'mismatch' });
      expect(stored).toBeUndefined();
    }
  });

  it('requires https, except to this laptop itself or with the LAN-test flag', async () => {
    const info = { origin: ORIGIN, logKey: real.logKey, hq: real.hq };
    for (const url of ['http://10.0.0.5:8787', 'ftp://hq.example.org', 'https://user:pw@hq.example.org', 'https://hq.example.org/?x=1', 'not a url']) {
      expect((await configure(info, url, real.logKey)).result).toMatchObject({ ok: false, code: 'bad-url' });
    }
    for (const url of ['http://127.0.0.1:8787', 'http://localhost:8787', 'https://hq.example.org/ledger']) {
      expect((await configure(info, url, real.logKey)).result).toEqual({ ok: true, value: undefined });
    }
    expect((await configure(info, 'http://10.0.0.5:8787', real.logKey, true)).result).toEqual({ ok: true, value: undefined });
  });
});

/**
 * The kit allows an address before it uses it (issue 13: the desktop CSP
 * lists configured origins only): live sync before it connects to the lead,
 * the ledger before it is configured and before anchoring. A host that says
 * the page must reload gets `reload-needed` back, before anything is tried.
 */
import { describe, expect, it, vi } from 'vitest';
import { ed25519Signer, encodeVerifierKey } from '../../../../shared/checkpoint';
import { publicKeyToDid } from '../../../../shared/crypto/did-key';
import { generateKeyPair } from '../../../../shared/crypto/ed25519';
import type { AllowAddressRequest, IpcResult } from '../../../../shared/ipc';
import type { HttpFetch } from '../../../../shared/ledger';
import { err, ok } from '../../../../shared/result';
import { readSetting, writeSetting } from '../settings';
import { LiveSync } from '../sync/live-sync';
import { testKits, unwrap } from '../testing';

const kits = testKits();

type AllowAnswer = IpcResult<'network:allow'>;

/** A lead's kit over a host whose `allowAddress` answers `answer`. */
async function kitWith(answer: AllowAnswer, fetch?: HttpFetch) {
  const allowAddress = vi.fn(async (_request: AllowAddressRequest): Promise<AllowAnswer> => answer);
  const fetchSpy = vi.fn<HttpFetch>(fetch ?? (async () => ({ status: 200, text: async () => '{}' })));
  const made = await kits.ready({ kit: { fetch: fetchSpy }, host: (host) => ({ ...host, allowAddress }) });
  return { ...made, allowAddress, fetch: fetchSpy };
}

const ALLOWED = ok({ added: false, reload: false });
const RELOAD = ok({ added: true, reload: true });

function hqKey() {
  const { seed, publicKey } = generateKeyPair();
  const signer = ed25519Signer('hq.example.org/log', seed);
  if (!signer.ok) throw new Error(signer.message);
  return { logKey: encodeVerifierKey(signer.value), hq: publicKeyToDid(publicKey), origin: 'hq.example.org/log' };
}

describe('allowAddress', () => {
  it('hands the host the origin alone, with its kind', async () => {
    const { kit, allowAddress } = await kitWith(ALLOWED);
    await expect(kit.allowAddress('  ws://10.0.0.5:4444/room?x=1 ', 'lan')).resolves.toEqual(ok({ reload: false }));
    await expect(kit.allowAddress('https://HQ.example.org:443/ledger/', 'hq')).resolves.toEqual(ok({ reload: false }));
    expect(allowAddress.mock.calls).toEqual([[{ url: 'ws://10.0.0.5:4444', kind: 'lan' }], [{ url: 'https://hq.example.org', kind: 'hq' }]]);
  });

  it('refuses what is not an address without asking the host', async () => {
    const { kit, allowAddress } = await kitWith(ALLOWED);
    await expect(kit.allowAddress('10.0.0.5:4444 x', 'lan')).resolves.toMatchObject({ ok: false, code: 'invalid' });
    await expect(kit.allowAddress('data:text/plain,x', 'hq')).resolves.toMatchObject({ ok: false, code: 'invalid' });
    expect(allowAddress).not.toHaveBeenCalled();
  });

  it.each([
    ['locked', err('locked', 'sign in first'), 'locked'],
    ['invalid', err('invalid', 'not an origin'), 'invalid'],
    ['invalid-args', err('invalid-args', 'too long'), 'invalid'],
  ] as const)('answers the host’s %s as %s', async (_code, answer, code) => {
    const { kit } = await kitWith(answer);
    await expect(kit.allowAddress('ws://10.0.0.5:4444', 'lan')).resolves.toMatchObject({ ok: false, code });
  });

  it('treats any other refusal as a fault of the environment', async () => {
    const { kit } = await kitWith(err('internal', 'disk full'));
    await expect(kit.allowAddress('ws://10.0.0.5:4444', 'lan')).rejects.toThrow(/internal/);
  });

  it('answers locked, without asking the host, once the kit is locked', async () => {
    const { kit, allowAddress } = await kitWith(ALLOWED);
    await kit.lock();
    await expect(kit.allowAddress('ws://10.0.0.5:4444', 'lan')).resolves.toMatchObject({ ok: false, code: 'locked' });
    expect(allowAddress).not.toHaveBeenCalled();
  });
});

describe('live sync and the address allowed', () => {
  it('answers reload-needed before it connects, and stays off', async () => {
    const { kit, allowAddress } = await kitWith(RELOAD);
    const sync = new LiveSync(kit, { persistence: 'memory' });
    await expect(sync.start('ws://10.0.0.5:4444')).resolves.toMatchObject({ ok: false, code: 'reload-needed' });
    expect(allowAddress).toHaveBeenCalledExactlyOnceWith({ url: 'ws://10.0.0.5:4444', kind: 'lan' });
    expect(sync.status().state).toBe('off');
  });

  it('answers bad-address for an address the host will not allow, and locked for a locked vault', async () => {
    const refused = new LiveSync((await kitWith(err('invalid', 'an IPv6 literal'))).kit, { persistence: 'memory' });
    await expect(refused.start('ws://[::1]:4444')).resolves.toMatchObject({ ok: false, code: 'bad-address' });
    expect(refused.status().state).toBe('off');
    const locked = new LiveSync((await kitWith(err('locked', 'sign in first'))).kit, { persistence: 'memory' });
    await expect(locked.start('ws://10.0.0.5:4444')).resolves.toMatchObject({ ok: false, code: 'locked' });
  });
});

describe('the ledger and its address allowed', () => {
  it('configureLedger answers reload-needed before it asks the ledger anything, and keeps nothing', async () => {
    const key = hqKey();
    const { kit, db, allowAddress, fetch } = await kitWith(RELOAD);
    await expect(kit.configureLedger('https://hq.example.org/ledger', key.logKey)).resolves.toMatchObject({ ok: false, code: 'reload-needed' });
    expect(allowAddress).toHaveBeenCalledExactlyOnceWith({ url: 'https://hq.example.org', kind: 'hq' });
    expect(fetch).not.toHaveBeenCalled();
    expect(await readSetting(db, 'ledger')).toBeUndefined();
  });

  it('configureLedger checks the address and key first, and calls an address the host refuses bad-url', async () => {
    const key = hqKey();
    const { kit, allowAddress } = await kitWith(RELOAD);
    await expect(kit.configureLedger('ftp://hq.example.org', key.logKey)).resolves.toMatchObject({ ok: false, code: 'bad-url' });
    await expect(kit.configureLedger('https://hq.example.org', 'not a key')).resolves.toMatchObject({ ok: false, code: 'bad-key' });
    expect(allowAddress).not.toHaveBeenCalled();
    const refused = await kitWith(err('invalid', 'a CSP cannot name it'));
    await expect(refused.kit.configureLedger('https://hq.example.org', key.logKey)).resolves.toMatchObject({ ok: false, code: 'bad-url' });
    expect(refused.fetch).not.toHaveBeenCalled();
  });

  it('configureLedger goes on to the ledger once the page can reach it', async () => {
    const key = hqKey();
    const info = { origin: key.origin, logKey: key.logKey, hq: key.hq };
    const { kit, db } = await kitWith(ALLOWED, async () => ({ status: 200, text: async () => JSON.stringify(info) }));
    unwrap(await kit.configureLedger('https://hq.example.org', key.logKey));
    expect(await readSetting(db, 'ledger')).toMatchObject({ url: 'https://hq.example.org' });
  });

  it('anchor answers reload-needed for a ledger configured before its address was allowed', async () => {
    const key = hqKey();
    const { kit, db, allowAddress, fetch } = await kitWith(RELOAD);
    await writeSetting(db, 'ledger', { url: 'https://hq.example.org/ledger', logKey: key.logKey, origin: key.origin, hq: key.hq });
    await expect(kit.anchor()).resolves.toMatchObject({ ok: false, code: 'reload-needed' });
    expect(allowAddress).toHaveBeenCalledExactlyOnceWith({ url: 'https://hq.example.org', kind: 'hq' });
    expect(fetch).not.toHaveBeenCalled();
  });

  it('anchor goes on when the address is allowed, or cannot be (locked): anchoring says what it meets', async () => {
    const key = hqKey();
    for (const answer of [ALLOWED, err('locked', 'sign in first')] as const) {
      const { kit, db, fetch } = await kitWith(answer, async () => {
        throw new Error('offline');
      });
      await writeSetting(db, 'ledger', { url: 'https://hq.example.org', logKey: key.logKey, origin: key.origin, hq: key.hq });
      await expect(kit.anchor()).resolves.toMatchObject({ ok: false, code: 'unreachable' });
      expect(fetch).toHaveBeenCalled();
      await kits.close(db);
    }
  });
});

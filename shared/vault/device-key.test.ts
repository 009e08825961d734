import { createPrivateKey, sign as nodeSign } from 'node:crypto';
import { describe, expect, it, vi } from 'vitest';
import { fromHex, utf8 } from '../bytes';
import { sign } from '../crypto/ed25519';
import { verifyEvent } from '../events/verify';
import { DeviceSigningKey, ed25519Pkcs8, type NativeSigning } from './device-key';
import { leadFixture, stockEntries, value } from './test-support';

/** RFC 8032 §7.1, test 3. */
const RFC = {
  seed: 'c5aa8df43f9f837bedb7442f31dcb7b166d38535076f094b85ce3a2e0b4458f7',
  message: 'af82',
  signature: '6291d657deec24024827e69c3abe01a30ce548a284743a445e3680d7db5ac3ac18ff9b538d16f290ae67f760984dc6594a7c15e9716ed28dc027beceea1ec40a',
};

/** A host's Ed25519 as Electron's main process has it (node:crypto), and what it was handed. */
function nodeNative(): { native: NativeSigning; seeds: Uint8Array[]; calls: () => number } {
  const seeds: Uint8Array[] = [];
  let calls = 0;
  const native: NativeSigning = async (seed) => {
    seeds.push(seed);
    const key = createPrivateKey({ key: Buffer.from(ed25519Pkcs8(seed)), format: 'der', type: 'pkcs8' });
    return async (message) => {
      calls += 1;
      return new Uint8Array(nodeSign(null, message, key));
    };
  };
  return { native, seeds, calls: () => calls };
}

describe('DeviceSigningKey', () => {
  it('signs with the host’s Ed25519 once it signed the probe as noble does: RFC 8032 bytes either way', async () => {
    const seed = fromHex(RFC.seed);
    const host = nodeNative();
    const key = new DeviceSigningKey(seed, host.native);
    expect(await key.isNative()).toBe(true);
    const before = host.calls();
    expect(await key.sign(fromHex(RFC.message))).toEqual(fromHex(RFC.signature));
    expect(host.calls()).toBe(before + 1);
    const noble = new DeviceSigningKey(seed);
    expect(await noble.isNative()).toBe(false);
    expect(await noble.sign(fromHex(RFC.message))).toEqual(fromHex(RFC.signature));
  });

  it('hands the host a copy of the seed, zeroed once its key is made; the caller’s seed is its own', async () => {
    const seed = fromHex(RFC.seed);
    const host = nodeNative();
    const key = new DeviceSigningKey(seed, host.native);
    await key.isNative();
    expect(host.seeds).toHaveLength(1);
    expect(host.seeds[0]).not.toBe(seed);
    expect(host.seeds[0]!.every((b) => b === 0)).toBe(true);
    expect(seed).toEqual(fromHex(RFC.seed));
  });

  it('keeps to noble when the host refuses the key, throws, or signs other bytes', async () => {
    const seed = fromHex(RFC.seed);
    const message = utf8('aidtrail/v1/event\n{}');
    const wrong = vi.fn(async (m: Uint8Array) => sign(m, new Uint8Array(32).fill(9)));
    const hosts: NativeSigning[] = [
      () => Promise.reject(new Error('Ed25519 is not supported')),
      () => {
        throw new TypeError('crypto.subtle is undefined');
      },
      async () => wrong,
      async () => () => Promise.reject(new Error('operation failed')),
    ];
    for (const native of hosts) {
      const key = new DeviceSigningKey(seed, native);
      expect(await key.isNative()).toBe(false);
      expect(await key.sign(message)).toEqual(sign(message, seed));
    }
    expect(wrong).toHaveBeenCalledOnce();
  });

  it('signs nothing once forgotten, natively or not', async () => {
    for (const native of [nodeNative().native, undefined]) {
      const key = new DeviceSigningKey(fromHex(RFC.seed), native);
      await key.isNative();
      key.forget();
      expect(await key.isNative()).toBe(false);
      await expect(key.sign(utf8('x'))).rejects.toThrow(/forgotten/);
    }
  });

  it('builds the PKCS #8 of a 32-byte seed only', () => {
    expect(ed25519Pkcs8(new Uint8Array(32)).length).toBe(48);
    expect(() => ed25519Pkcs8(new Uint8Array(31))).toThrow(/32 bytes/);
  });
});

describe('Vault with a host’s Ed25519', () => {
  it('signs a chain whose events verify and match those of a vault signing with noble alone', async () => {
    const seeds = { device: fromHex(RFC.seed), issuer: new Uint8Array(32).fill(3) };
    const host = nodeNative();
    const native = await leadFixture({ seeds, nativeSigning: host.native });
    const noble = await leadFixture({ seeds });
    const entries = stockEntries(1, 20);
    const a = value(await native.vault.signEvents(entries, null));
    const b = value(await noble.vault.signEvents(entries, null));
    expect(a).toEqual(b);
    expect(host.calls()).toBeGreaterThanOrEqual(20);
    let previous = null as { id: string; seq: number } | null;
    for (const event of a) {
      const verified = verifyEvent(event, { device: native.device, previous });
      expect(verified.ok).toBe(true);
      if (verified.ok) previous = { id: verified.value.id, seq: event.seq };
    }
  });
});

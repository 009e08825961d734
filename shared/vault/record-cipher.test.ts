import { gcm } from '@noble/ciphers/aes.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RecordCiphers, type NativeAes } from './record-cipher';

/** A host cipher that is noble under another name, counting the keys made and the calls. */
function counted(change?: (sealed: Uint8Array) => Uint8Array) {
  const seen = { keys: [] as Uint8Array[], seals: 0, opens: 0 };
  const native: NativeAes = async (key) => {
    seen.keys.push(key);
    const copy = Uint8Array.from(key);
    return {
      seal: async (iv, aad, plaintext) => (seen.seals++, (change ?? ((x) => x))(gcm(copy, iv, aad).encrypt(plaintext))),
      open: async (iv, aad, sealed) => (seen.opens++, gcm(copy, iv, aad).decrypt(sealed)),
    };
  };
  return { native, seen };
}

const key = new Uint8Array(32).fill(3);
const iv = new Uint8Array(12).fill(9);
const aad = new TextEncoder().encode('aad');

describe('RecordCiphers', () => {
  it("seals and opens with the host's AES-GCM once it sealed the probe as noble does: noble's bytes either way (fast-check)", async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ minLength: 32, maxLength: 32 }), fc.uint8Array({ minLength: 12, maxLength: 12 }), fc.uint8Array({ maxLength: 64 }), fc.uint8Array({ maxLength: 300 }), async (k, i, a, p) => {
        const { native, seen } = counted();
        const ciphers = new RecordCiphers(native);
        const sealed = await ciphers.seal(k, i, a, p);
        expect(sealed).toEqual(gcm(k, i, a).encrypt(p));
        expect(await ciphers.open(k, i, a, sealed)).toEqual(p);
        expect(seen.keys).toHaveLength(1);
        // The probe, then the record.
        expect([seen.seals, seen.opens]).toEqual([2, 1]);
      }),
      { numRuns: 50 },
    );
  });

  it('hands the host a copy of the key, zeroed once its key is made, and makes each key once a session', async () => {
    const { native, seen } = counted();
    const ciphers = new RecordCiphers(native);
    await Promise.all([ciphers.seal(key, iv, aad, new Uint8Array(5)), ciphers.seal(key, iv, aad, new Uint8Array(6))]);
    expect(seen.keys).toHaveLength(1);
    expect(seen.keys[0]).not.toBe(key);
    expect(seen.keys[0]).toEqual(new Uint8Array(32));
    expect(key).toEqual(new Uint8Array(32).fill(3));
    ciphers.forget();
    await ciphers.seal(key, iv, aad, new Uint8Array(5));
    expect(seen.keys).toHaveLength(2);
  });

  it('keeps to noble when the host refuses the key, throws, or seals other bytes', async () => {
    const flipped = counted((sealed) => Uint8Array.from(sealed, (b, i) => (i === 0 ? b ^ 1 : b)));
    const refusing: NativeAes = () => Promise.reject(new Error('no AES-GCM here'));
    const throwing: NativeAes = () => {
      throw new Error('broken');
    };
    for (const native of [flipped.native, refusing, throwing, undefined]) {
      const ciphers = new RecordCiphers(native);
      const sealed = await ciphers.seal(key, iv, aad, new Uint8Array([1, 2, 3]));
      expect(sealed).toEqual(gcm(key, iv, aad).encrypt(new Uint8Array([1, 2, 3])));
      expect(await ciphers.open(key, iv, aad, sealed)).toEqual(new Uint8Array([1, 2, 3]));
    }
    expect(flipped.seen.seals).toBe(1);
  });

  it('opens nothing that does not authenticate: tampered, truncated, another AAD or key, natively or not', async () => {
    for (const native of [counted().native, undefined]) {
      const ciphers = new RecordCiphers(native);
      const sealed = await ciphers.seal(key, iv, aad, new Uint8Array([1, 2, 3]));
      const other = new Uint8Array(32).fill(4);
      for (const [k, a, s] of [
        [key, aad, Uint8Array.from(sealed, (b, i) => (i === 1 ? b ^ 0x80 : b))],
        [key, aad, sealed.subarray(0, sealed.length - 1)],
        [key, aad, new Uint8Array(3)],
        [key, new TextEncoder().encode('other'), sealed],
        [other, aad, sealed],
      ] as const) {
        expect(await ciphers.open(k, iv, a, s)).toBeUndefined();
      }
    }
  });
});

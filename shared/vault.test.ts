import { describe, expect, it } from 'vitest';
import { fromUtf8, toBase64url } from './bytes';
import type { SealedBlob } from './ipc';
import { decodeSealedBlob, isAgreementKey, MAX_SEAL_CONTEXT_LENGTH, parseVaultArgs, sealAad } from './vault';

const BLOB: SealedBlob = { alg: 'A256GCM', kid: 'sk-0011223344556677', iv: 'A'.repeat(16), ct: 'A'.repeat(22) };

describe('sealAad', () => {
  it('is "aidtrail/v1/seal\\n" ‖ kid without a context, as for every blob sealed before contexts', () => {
    expect(fromUtf8(sealAad('dk-0011223344556677'))).toBe('aidtrail/v1/seal\ndk-0011223344556677');
  });

  it('appends "\\n" ‖ context when there is one, so that no context and any context differ', () => {
    expect(fromUtf8(sealAad('sk-0011223344556677', 'HH-7'))).toBe('aidtrail/v1/seal\nsk-0011223344556677\nHH-7');
    expect(sealAad('sk-0011223344556677', 'HH-7')).not.toEqual(sealAad('sk-0011223344556677'));
  });
});

describe('decodeSealedBlob', () => {
  it('answers the key the lookup gives for the blob kid, with the decoded iv and ciphertext', () => {
    const keys = new Map([[BLOB.kid, 'the site key']]);
    const decoded = decodeSealedBlob(BLOB, (kid) => keys.get(kid));
    expect(decoded).toMatchObject({ ok: true, value: { key: 'the site key' } });
    expect(decoded.ok && [decoded.value.iv.length, decoded.value.ct.length]).toEqual([12, 16]);
  });

  it('refuses a kid the vault does not hold, and unusable sizes, with cannot-decrypt', () => {
    expect(decodeSealedBlob(BLOB, () => undefined)).toMatchObject({ ok: false, code: 'cannot-decrypt' });
    expect(decodeSealedBlob({ ...BLOB, ct: 'AAAA' }, () => 'key')).toMatchObject({ ok: false, code: 'cannot-decrypt' });
    expect(decodeSealedBlob({ ...BLOB, iv: 'A'.repeat(15) }, () => 'key')).toMatchObject({ ok: false, code: 'cannot-decrypt' });
  });
});

describe('vault argument schemas', () => {
  const to = toBase64url(Uint8Array.of(9, ...new Array<number>(31).fill(0)));

  it('accepts the old call shapes and the new optional fields', () => {
    const plaintext = new Uint8Array(1);
    expect(parseVaultArgs('vault:seal', [{ plaintext }]).ok).toBe(true);
    expect(parseVaultArgs('vault:seal', [{ plaintext, kid: BLOB.kid, context: 'x'.repeat(MAX_SEAL_CONTEXT_LENGTH) }]).ok).toBe(true);
    expect(parseVaultArgs('vault:seal', [{ plaintext, context: 'بيت ٧ 🏠' }]).ok).toBe(true);
    expect(parseVaultArgs('vault:open', [BLOB]).ok).toBe(true);
    expect(parseVaultArgs('vault:open', [BLOB, undefined]).ok).toBe(true);
    expect(parseVaultArgs('vault:open', [BLOB, 'HH-1']).ok).toBe(true);
    expect(parseVaultArgs('vault:site-key-wrap', [{ kid: BLOB.kid, to }]).ok).toBe(true);
  });

  it.each<[string, Parameters<typeof parseVaultArgs>[0], unknown[]]>([
    ['a context over 128 characters', 'vault:seal', [{ plaintext: new Uint8Array(1), context: 'x'.repeat(MAX_SEAL_CONTEXT_LENGTH + 1) }]],
    ['an empty context', 'vault:open', [BLOB, '']],
    ['a lone surrogate', 'vault:open', [BLOB, '\uDC00']],
    ['a dk- kid to seal with', 'vault:seal', [{ plaintext: new Uint8Array(1), kid: 'dk-0011223344556677' }]],
    ['a recipient of 31 bytes', 'vault:site-key-wrap', [{ kid: BLOB.kid, to: toBase64url(new Uint8Array(31)) }]],
    ['a recipient of 33 bytes', 'vault:site-key-wrap', [{ kid: BLOB.kid, to: toBase64url(new Uint8Array(33)) }]],
  ])('refuses %s', (_what, channel, args) => {
    expect(parseVaultArgs(channel, args)).toMatchObject({ ok: false, code: 'invalid-args' });
  });

  it('takes an agreement key as exactly 32 bytes of unpadded base64url', () => {
    expect(isAgreementKey(to)).toBe(true);
    expect(isAgreementKey(`${to.slice(0, 42)}B`)).toBe(false);
    expect(isAgreementKey(`${to}=`)).toBe(false);
  });
});

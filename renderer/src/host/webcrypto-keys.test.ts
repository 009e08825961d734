/**
 * The WebCrypto vault (in Node, through the memory host) against the
 * reference of shared/vault-wrap.ts and the sealing format of shared/vault.ts,
 * with @noble as the independent implementation: what the vault wraps the
 * reference unwraps and the reverse, and blobs under a site key sealed by
 * hand open in the vault and the reverse, with the AAD spelled out here.
 */
import { gcm } from '@noble/ciphers/aes.js';
import { x25519 } from '@noble/curves/ed25519.js';
import { describe, expect, it } from 'vitest';
import { fromBase64url, toBase64url, utf8 } from '../../../shared/bytes';
import type { HostApi } from '../../../shared/ipc';
import { siteKeyId, unwrapSiteKey, wrapSiteKey } from '../../../shared/vault-wrap';
import { createMemoryHost } from './memory-host';

const must = <T>(result: { ok: true; value: T } | { ok: false; message: string }): T => {
  if (!result.ok) throw new Error(result.message);
  return result.value;
};

/** `"aidtrail/v1/seal\n" ‖ kid ‖ "\n" ‖ context`, spelled out rather than taken from sealAad. */
const aad = (kid: string, context?: string) => utf8(`aidtrail/v1/seal\n${kid}${context === undefined ? '' : `\n${context}`}`);

function sealByHand(key: Uint8Array, kid: string, plaintext: Uint8Array, context?: string) {
  const iv = crypto.getRandomValues(new Uint8Array(12));
  return { alg: 'A256GCM' as const, kid, iv: toBase64url(iv), ct: toBase64url(gcm(key, iv, aad(kid, context)).encrypt(plaintext)) };
}

async function expectSameKey(host: HostApi, kid: string, key: Uint8Array): Promise<void> {
  const plaintext = utf8('name: Amina; phone: +000');
  const byHand = sealByHand(key, kid, plaintext, 'HH-42');
  await expect(host.open(byHand, 'HH-42')).resolves.toEqual({ ok: true, value: plaintext });
  const byVault = must(await host.seal({ plaintext, kid, context: 'HH-42' }));
  expect(gcm(key, fromBase64url(byVault.iv), aad(kid, 'HH-42')).decrypt(fromBase64url(byVault.ct))).toEqual(plaintext);
  const unbound = must(await host.seal({ plaintext, kid }));
  expect(gcm(key, fromBase64url(unbound.iv), aad(kid)).decrypt(fromBase64url(unbound.ct))).toEqual(plaintext);
}

describe('WebCrypto vault and the reference site-key wrapping', () => {
  it('wraps its site key so that the reference unwraps it', async () => {
    const host = createMemoryHost();
    must(await host.vaultCreate());
    const { kid } = must(await host.siteKeyCreate());
    const secret = x25519.utils.randomSecretKey();
    const wrapped = must(await host.siteKeyWrap({ kid, to: toBase64url(x25519.getPublicKey(secret)) }));
    const key = must(unwrapSiteKey(wrapped, secret));
    expect(key).toHaveLength(32);
    await expectSameKey(host, kid, key);
  });

  it('accepts a site key the reference wrapped to its agreement key', async () => {
    const host = createMemoryHost();
    const { agreement } = must(await host.vaultCreate());
    const key = crypto.getRandomValues(new Uint8Array(32));
    const kid = siteKeyId(crypto.getRandomValues(new Uint8Array(8)));
    await expect(host.siteKeyAccept(must(wrapSiteKey(key, kid, agreement)))).resolves.toEqual({ ok: true, value: { kid } });
    await expectSameKey(host, kid, key);
  });

  it('passes a site key on: reference → vault → vault → reference, the same 32 bytes throughout', async () => {
    const [a, b] = [createMemoryHost(), createMemoryHost()];
    const aKeys = must(await a.vaultCreate());
    const bKeys = must(await b.vaultCreate());
    const key = crypto.getRandomValues(new Uint8Array(32));
    const kid = siteKeyId(crypto.getRandomValues(new Uint8Array(8)));
    must(await a.siteKeyAccept(must(wrapSiteKey(key, kid, aKeys.agreement))));
    must(await b.siteKeyAccept(must(await a.siteKeyWrap({ kid, to: bKeys.agreement }))));
    const hq = x25519.utils.randomSecretKey();
    const escrow = must(await b.siteKeyWrap({ kid, to: toBase64url(x25519.getPublicKey(hq)) }));
    expect(unwrapSiteKey(escrow, hq)).toEqual({ ok: true, value: key });
  });
});

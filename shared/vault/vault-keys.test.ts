import { gcm } from '@noble/ciphers/aes.js';
import { x25519 } from '@noble/curves/ed25519.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { equalBytes, fromBase64url, toBase64url } from '../bytes';
import { publicKeyToDid } from '../crypto/did-key';
import { keyPairFromSeed, verify } from '../crypto/ed25519';
import { eventId, eventSigningBytes } from '../events/sign';
import { err, ok } from '../result';
import { sealAad } from '../vault';
import { unwrapSiteKey, wrapSiteKey } from '../vault-wrap';
import { memoryVaultStore } from './store';
import { LEAD_PIN, leadFixture, SMALL_KDF, stockDraft, stockEntries, stockEntry, value } from './test-support';
import { Vault, type AdoptedKeys } from './vault';

const BASE_POINT = 'CQAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';
const bytesOf = (seed: number, length = 32): Uint8Array => Uint8Array.from({ length }, (_, i) => (seed * 29 + i * 7) & 0xff);

describe('vault:create', () => {
  it('is idempotent: again, concurrently, from a second instance and after a restart', async () => {
    const store = memoryVaultStore();
    const first = new Vault({ store, kdf: SMALL_KDF });
    const second = new Vault({ store, kdf: SMALL_KDF });
    const answers = await Promise.all([first.vaultCreate(), second.vaultCreate(), first.vaultCreate()]);
    const [a, b, c] = answers.map((answer) => value(answer));
    expect(b).toEqual(a);
    expect(c).toEqual(a);
    expect(value(await new Vault({ store, kdf: SMALL_KDF }).vaultCreate())).toEqual(a);
    expect(a!.device).not.toBe(a!.issuer);
    expect(fromBase64url(a!.agreement)).toHaveLength(32);
  });

  it('uses the seeds it is given', async () => {
    const seeds = { device: bytesOf(1), issuer: bytesOf(2) };
    const keys = value(await new Vault({ store: memoryVaultStore(), kdf: SMALL_KDF, seeds }).vaultCreate());
    expect(keys.device).toBe(publicKeyToDid(keyPairFromSeed(seeds.device).publicKey));
    expect(keys.issuer).toBe(publicKeyToDid(keyPairFromSeed(seeds.issuer).publicKey));
  });

  it('takes the keys of an older vault over: the same dids, data key, agreement key and site keys, and its chain', async () => {
    const adopted: AdoptedKeys = {
      device: bytesOf(3),
      issuer: bytesOf(4),
      dataKey: { kid: 'dk-0123456789abcdef', key: bytesOf(5) },
      agreement: bytesOf(6),
      siteKeys: [{ kid: 'sk-0123456789abcdef', key: bytesOf(7) }],
    };
    let asked = 0;
    const store = memoryVaultStore();
    const adopt = () => ((asked += 1), Promise.resolve(ok(adopted)));
    const vault = new Vault({ store, kdf: SMALL_KDF, adopt });
    const keys = value(await vault.vaultCreate());
    expect(keys).toEqual({
      device: publicKeyToDid(keyPairFromSeed(adopted.device).publicKey),
      issuer: publicKeyToDid(keyPairFromSeed(adopted.issuer).publicKey),
      agreement: toBase64url(x25519.getPublicKey(adopted.agreement!)),
    });
    value(await vault.vaultCreate());
    expect(asked).toBe(1);
    const { id } = value(await vault.operatorAdd({ name: 'Amina', role: 'team-lead', secret: LEAD_PIN }));

    // A blob the older vault sealed opens, under the data key and the site key.
    const iv = bytesOf(8, 12);
    const oldBlob = { alg: 'A256GCM', kid: adopted.dataKey.kid, iv: toBase64url(iv) } as const;
    const ct = gcm(adopted.dataKey.key, iv, sealAad(adopted.dataKey.kid, 'HH-1')).encrypt(bytesOf(9, 40));
    expect(equalBytes(value(await vault.open({ ...oldBlob, ct: toBase64url(ct) }, 'HH-1')), bytesOf(9, 40))).toBe(true);
    expect(value(await vault.siteKeys())).toEqual(['sk-0123456789abcdef']);
    const siteCt = gcm(adopted.siteKeys[0]!.key, iv, sealAad('sk-0123456789abcdef')).encrypt(bytesOf(10, 8));
    const siteBlob = { alg: 'A256GCM', kid: 'sk-0123456789abcdef', iv: toBase64url(iv), ct: toBase64url(siteCt) } as const;
    expect(equalBytes(value(await vault.open(siteBlob)), bytesOf(10, 8))).toBe(true);

    // The older vault's chain goes on where the kit's log is, once; then the chain rules hold.
    const old = { seq: 41, id: 'c'.repeat(64) };
    expect(await vault.signEvents([stockEntry(42)])).toMatchObject({ ok: false, code: 'out-of-order' });
    const [continued, next] = value(await vault.signEvents(stockEntries(42, 2), old));
    expect(verify(fromBase64url(continued!.sig), eventSigningBytes(stockDraft(keys.device, 42, old.id)), keyPairFromSeed(adopted.device).publicKey)).toBe(true);
    expect(next).toMatchObject({ seq: 43, prev: eventId(continued!) });
    expect(value(await vault.signedBatch({ after: 41 }))).toEqual([continued, next]);
    // Once: an `after` other than its own head is out of order now, even the one it continued.
    expect(await vault.signEvents([stockEntry(42)], old)).toMatchObject({ ok: false, code: 'out-of-order' });
    expect(await vault.signEvents([stockEntry(7)], { seq: 6, id: old.id })).toMatchObject({ ok: false, code: 'out-of-order' });
    value(await vault.signEvents([stockEntry(44)], { seq: 43, id: eventId(next!) }));
    // A restart takes over nothing twice.
    const restarted = new Vault({ store, kdf: SMALL_KDF, adopt });
    value(await restarted.unlock({ operator: id, secret: LEAD_PIN }));
    expect(value(await restarted.vaultCreate())).toEqual(keys);
    expect(asked).toBe(1);
  });

  it('lets an adopted vault start its chain at #1 when the kit names no event, and keeps the right to choose across a restart until then', async () => {
    const adopted: AdoptedKeys = { device: bytesOf(8), issuer: bytesOf(9), dataKey: { kid: 'dk-00000000000000aa', key: bytesOf(10) }, siteKeys: [] };
    const store = memoryVaultStore();
    const vault = new Vault({ store, kdf: SMALL_KDF, adopt: () => Promise.resolve(ok(adopted)) });
    value(await vault.vaultCreate());
    const { id } = value(await vault.operatorAdd({ name: 'Amina', role: 'team-lead', secret: LEAD_PIN }));
    // A refused first call uses nothing up: after a restart the first call still names where to continue.
    expect(await vault.signEvents([stockEntry(1)])).toMatchObject({ ok: false, code: 'out-of-order' });
    const restarted = new Vault({ store, kdf: SMALL_KDF });
    value(await restarted.unlock({ operator: id, secret: LEAD_PIN }));
    const [first] = value(await restarted.signEvents([stockEntry(1)], null));
    expect(first).toMatchObject({ seq: 1, prev: null });
    expect(await restarted.signEvents([stockEntry(2)], null)).toMatchObject({ ok: false, code: 'out-of-order' });
  });

  it('creates nothing when the older vault cannot be read, or its keys are malformed', async () => {
    const store = memoryVaultStore();
    const unreadable = new Vault({ store, kdf: SMALL_KDF, adopt: () => Promise.resolve(err('vault-unreadable', 'the keyring changed')) });
    expect(await unreadable.vaultCreate()).toMatchObject({ ok: false, code: 'vault-unreadable' });
    expect(store.records.size).toBe(0);
    const malformed: AdoptedKeys = { device: bytesOf(1, 31), issuer: bytesOf(2), dataKey: { kid: 'dk-0', key: bytesOf(3) }, siteKeys: [] };
    const bad = new Vault({ store, kdf: SMALL_KDF, adopt: () => Promise.resolve(ok(malformed)) });
    expect(await bad.vaultCreate()).toMatchObject({ ok: false, code: 'vault-unreadable' });
    expect(store.records.size).toBe(0);
  });
});

describe('vault:create after a loss', () => {
  it('replaces nothing when operators exist but the device record is gone', async () => {
    const fixture = await leadFixture();
    const store = fixture.store as ReturnType<typeof memoryVaultStore>;
    store.records.delete('device');
    const operators = store.records.get('operators');
    expect(await fixture.restart().vaultCreate()).toMatchObject({ ok: false, code: 'vault-unreadable' });
    expect(store.records.get('operators')).toEqual(operators);
    expect(store.records.has('device')).toBe(false);
  });
});

describe('vault:seal and vault:open', () => {
  it('round-trips any plaintext under the data key or a site key, bound to its context (fast-check)', async () => {
    const { vault } = await leadFixture();
    const { kid } = value(await vault.siteKeyCreate());
    const context = fc.option(fc.string({ minLength: 1, maxLength: 20 }).filter((s) => !/\p{Cs}/u.test(s)), { nil: undefined });
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 300 }), context, context, fc.boolean(), async (plaintext, sealed, opened, site) => {
        const blob = value(await vault.seal({ plaintext, kid: site ? kid : undefined, context: sealed }));
        const answer = await vault.open(blob, opened);
        if (sealed === opened) expect(answer.ok && equalBytes(answer.value, plaintext)).toBe(true);
        else expect(answer).toMatchObject({ ok: false, code: 'cannot-decrypt' });
      }),
      { numRuns: 60 },
    );
  });

  it('keeps its keys across a restart: the same did:keys, and what it sealed opens after unlock', async () => {
    const fixture = await leadFixture();
    const { kid } = value(await fixture.vault.siteKeyCreate());
    const blob = value(await fixture.vault.seal({ plaintext: bytesOf(11, 50), context: 'HH-2' }));
    const siteBlob = value(await fixture.vault.seal({ plaintext: bytesOf(12, 50), kid, context: 'HH-2' }));
    const [event] = value(await fixture.vault.signEvents([stockEntry(1)]));
    const restarted = fixture.restart();
    const status = value(await restarted.vaultStatus());
    expect([status.device, status.issuer, status.agreement]).toEqual([fixture.device, fixture.issuer, fixture.agreement]);
    expect(await restarted.open(blob, 'HH-2')).toMatchObject({ ok: false, code: 'locked' });
    value(await restarted.unlock({ operator: fixture.lead, secret: LEAD_PIN }));
    expect(equalBytes(value(await restarted.open(blob, 'HH-2')), bytesOf(11, 50))).toBe(true);
    expect(equalBytes(value(await restarted.open(siteBlob, 'HH-2')), bytesOf(12, 50))).toBe(true);
    expect(value(await restarted.signEvents([stockEntry(2)], { seq: 1, id: eventId(event!) }))[0]!.device).toBe(fixture.device);
  });
});

describe('site keys', () => {
  it('wraps for a recipient only the held key, refuses low-order recipients, and accepts its own key again', async () => {
    const { vault, agreement } = await leadFixture();
    const { kid } = value(await vault.siteKeyCreate());
    expect(value(await vault.siteKeys())).toEqual([kid]);
    expect(await vault.siteKeyWrap({ kid: 'sk-0123456789abcdef', to: BASE_POINT })).toMatchObject({ ok: false, code: 'no-key' });
    expect(await vault.seal({ plaintext: bytesOf(1, 4), kid: 'sk-0123456789abcdef' })).toMatchObject({ ok: false, code: 'no-key' });
    expect(await vault.siteKeyWrap({ kid, to: 'A'.repeat(43) })).toMatchObject({ ok: false, code: 'invalid-args' });
    const toSelf = value(await vault.siteKeyWrap({ kid, to: agreement }));
    expect(value(await vault.siteKeyAccept(toSelf))).toEqual({ kid });
    expect(value(await vault.siteKeys())).toEqual([kid]);
  });

  it('accepts a key wrapped for it, idempotently, and never replaces a held one', async () => {
    const a = await leadFixture();
    const b = await leadFixture();
    const { kid } = value(await a.vault.siteKeyCreate());
    const wrapped = value(await a.vault.siteKeyWrap({ kid, to: b.agreement }));
    const stranger = await leadFixture();
    expect(await stranger.vault.siteKeyAccept(wrapped)).toMatchObject({ ok: false, code: 'cannot-decrypt' });
    const twice = await Promise.all([b.vault.siteKeyAccept(wrapped), b.vault.siteKeyAccept(wrapped)]);
    expect(twice.map((t) => value(t))).toEqual([{ kid }, { kid }]);
    expect(value(await b.vault.siteKeys())).toEqual([kid]);
    const impostor = value(wrapSiteKey(bytesOf(13), kid, b.agreement));
    expect(await b.vault.siteKeyAccept(impostor)).toMatchObject({ ok: false, code: 'cannot-decrypt' });
    const blob = value(await a.vault.seal({ plaintext: bytesOf(14, 9), kid, context: 'HH-3' }));
    expect(equalBytes(value(await b.vault.open(blob, 'HH-3')), bytesOf(14, 9))).toBe(true);
  });

  it('sees a site key another instance over the same store took in since it unlocked', async () => {
    const fixture = await leadFixture();
    const other = fixture.restart();
    value(await other.unlock({ operator: fixture.lead, secret: LEAD_PIN }));
    const { kid } = value(await other.siteKeyCreate());
    const blob = value(await other.seal({ plaintext: bytesOf(15, 5), kid }));
    expect(equalBytes(value(await fixture.vault.open(blob)), bytesOf(15, 5))).toBe(true);
    const secret = x25519.utils.randomSecretKey();
    const wrapped = value(await fixture.vault.siteKeyWrap({ kid, to: toBase64url(x25519.getPublicKey(secret)) }));
    expect(unwrapSiteKey(wrapped, secret).ok).toBe(true);
  });
});

/**
 * The one behavioural contract of `HostApi`'s key vault, which every host
 * passes: the Electron key vault through its IPC dispatcher (vitest, with a
 * stand-in safeStorage), the in-memory host (vitest) and the browser host
 * (Debian Chromium, test/e2e/browser-host.spec.ts). The site-key checks
 * are in ./host-contract-site-keys.ts, the shared pieces in
 * ./host-contract-support.ts.
 *
 * Framework-free so the same checks run in vitest and in a page:
 * `hostContractChecks` returns named async checks that throw on failure;
 * `describeHostContract` registers them with vitest-style `describe`/`it`
 * (passed in, so this module never imports a test framework and can be
 * bundled into a test page); `runHostContract` runs them and reports.
 */
import { equalBytes, fromBase64url, toBase64url } from '../../../shared/bytes';
import { verify } from '../../../shared/crypto/ed25519';
import { encryptedBlobSchema } from '../../../shared/events/bodies';
import type { SealedBlob } from '../../../shared/ipc';
import type { Result } from '../../../shared/result';
import { MAX_SEAL_CONTEXT_LENGTH, MAX_SEAL_PLAINTEXT_BYTES, MAX_SIGN_BYTES, SEAL_IV_BYTES } from '../../../shared/vault';
import { wrapSiteKey } from '../../../shared/vault-wrap';
import {
  bytes,
  check,
  contractChecks,
  created,
  expectErr,
  expectOk,
  flipBit,
  publicKey,
  withFixture,
  type HostContractCheck,
  type MakeHostFixture,
} from './host-contract-support';
import { BASE_POINT, siteKeyContractChecks } from './host-contract-site-keys';

export type { HostContractCheck, HostFixture, MakeHostFixture } from './host-contract-support';
export type HostContractOutcome = { readonly name: string; readonly ok: boolean; readonly error?: string };

export function hostContractChecks(make: MakeHostFixture): readonly HostContractCheck[] {
  const { checks, add } = contractChecks(make);

  add('getInfo answers ok with a name, version and platform', async (fixture) => {
    const host = await fixture.open();
    const info = expectOk(await host.getInfo(), 'getInfo');
    check([info.name, info.version, info.platform].every((s) => typeof s === 'string' && s.length > 0), 'getInfo fields');
  });

  add('status is empty before the first create', async (fixture) => {
    const host = await fixture.open();
    const status = expectOk(await host.vaultStatus(), 'vaultStatus');
    check(
      status.device === null && status.issuer === null && status.agreement === null,
      `status before create: ${JSON.stringify(status)}`,
    );
  });

  add('every call but status and create answers no-key before create', async (fixture) => {
    const host = await fixture.open();
    expectErr(await host.sign({ key: 'device', bytes: bytes(8) }), 'no-key', 'sign(device) before create');
    expectErr(await host.sign({ key: 'issuer', bytes: bytes(8) }), 'no-key', 'sign(issuer) before create');
    expectErr(await host.seal({ plaintext: bytes(8) }), 'no-key', 'seal before create');
    const blob: SealedBlob = { alg: 'A256GCM', kid: 'dk-0000000000000000', iv: 'A'.repeat(16), ct: 'A'.repeat(22) };
    expectErr(await host.open(blob), 'no-key', 'open before create');
    expectErr(await host.siteKeyCreate(), 'no-key', 'siteKeyCreate before create');
    expectErr(await host.siteKeyWrap({ kid: 'sk-0000000000000000', to: BASE_POINT }), 'no-key', 'siteKeyWrap before create');
    const wrapped = expectOk(wrapSiteKey(bytes(32), 'sk-0000000000000000', BASE_POINT), 'wrapSiteKey (reference)');
    expectErr(await host.siteKeyAccept(wrapped), 'no-key', 'siteKeyAccept before create');
    expectErr(await host.siteKeys(), 'no-key', 'siteKeys before create');
    const status = expectOk(await host.vaultStatus(), 'vaultStatus');
    check(status.device === null && status.issuer === null && status.agreement === null, 'a refused call must not create keys');
  });

  add('create makes two distinct Ed25519 did:keys and status reports them', async (fixture) => {
    const host = await fixture.open();
    const keys = await created(host);
    check(keys.device.startsWith('did:key:z6Mk') && keys.issuer.startsWith('did:key:z6Mk'), `did:keys: ${JSON.stringify(keys)}`);
    publicKey(keys.device);
    publicKey(keys.issuer);
    check(keys.device !== keys.issuer, 'device and issuer keys must differ');
    const status = expectOk(await host.vaultStatus(), 'vaultStatus');
    check(status.device === keys.device && status.issuer === keys.issuer, 'status must report the created keys');
  });

  add('create is idempotent: again, concurrently and from a second instance', async (fixture) => {
    const first = await fixture.open();
    const second = await fixture.open();
    // Concurrent creates on two instances over one empty storage end with one set of keys.
    const answers = await Promise.all([first.vaultCreate(), second.vaultCreate(), first.vaultCreate()]);
    const [a, b, c] = answers.map((answer, i) => expectOk(answer, `concurrent vaultCreate #${i + 1}`));
    const same = (x: typeof a, y: typeof a) => x!.device === y!.device && x!.issuer === y!.issuer && x!.agreement === y!.agreement;
    check(same(a, b), 'two instances created different keys');
    check(same(a, c), 'a concurrent create answered different keys');
    check(same(await created(first), a), 'a second create replaced the keys');
    // The surviving keys are the ones that sign and seal, in both instances.
    const message = bytes(100);
    const signature = expectOk(await second.sign({ key: 'device', bytes: message }), 'sign');
    check(verify(signature, message, publicKey(a!.device)), 'the second instance signs with other keys than create answered');
    const blob = expectOk(await first.seal({ plaintext: message }), 'seal');
    check(equalBytes(expectOk(await second.open(blob), 'open in the other instance'), message), 'instances hold different data keys');
  });

  add('signatures are 64-byte Ed25519 that verify (strict) against the named key only', async (fixture) => {
    const host = await fixture.open();
    const keys = await created(host);
    for (const message of [new Uint8Array(0), bytes(1), bytes(1000, 7)]) {
      const device = expectOk(await host.sign({ key: 'device', bytes: message }), 'sign(device)');
      const issuer = expectOk(await host.sign({ key: 'issuer', bytes: message }), 'sign(issuer)');
      check(device instanceof Uint8Array && device.length === 64, `device signature length ${device.length}`);
      check(issuer instanceof Uint8Array && issuer.length === 64, `issuer signature length ${issuer.length}`);
      check(verify(device, message, publicKey(keys.device)), 'device signature does not verify against the device did:key');
      check(verify(issuer, message, publicKey(keys.issuer)), 'issuer signature does not verify against the issuer did:key');
      check(!verify(device, message, publicKey(keys.issuer)), 'device signature verifies against the issuer key');
      const other = Uint8Array.from(message);
      if (other.length > 0) {
        other[0]! ^= 1;
        check(!verify(device, other, publicKey(keys.device)), 'signature verifies for another message');
      }
      // Ed25519 is deterministic (RFC 8032).
      const again = expectOk(await host.sign({ key: 'device', bytes: message }), 'sign(device) again');
      check(equalBytes(again, device), 'two signatures of one message differ: not RFC 8032 Ed25519');
    }
  });

  add('sign takes up to 256 KiB and refuses more with invalid-args', async (fixture) => {
    const host = await fixture.open();
    const keys = await created(host);
    const largest = bytes(MAX_SIGN_BYTES, 3);
    const signature = expectOk(await host.sign({ key: 'issuer', bytes: largest }), 'sign 256 KiB');
    check(verify(signature, largest, publicKey(keys.issuer)), 'the 256 KiB signature does not verify');
    expectErr(await host.sign({ key: 'issuer', bytes: bytes(MAX_SIGN_BYTES + 1) }), 'invalid-args', 'sign 256 KiB + 1');
  });

  add('seal/open round trip; the blob is an encryptedBlob with a fresh 12-byte iv', async (fixture) => {
    const host = await fixture.open();
    await created(host);
    const kids = new Set<string>();
    const ivs = new Set<string>();
    for (const plaintext of [new Uint8Array(0), bytes(1), bytes(300, 9), bytes(MAX_SEAL_PLAINTEXT_BYTES, 5)]) {
      const blob = expectOk(await host.seal({ plaintext }), `seal ${plaintext.length} bytes`);
      const schema = encryptedBlobSchema.safeParse(blob);
      check(schema.success, `blob of ${plaintext.length} bytes does not fit encryptedBlobSchema: ${JSON.stringify(schema.error?.issues)}`);
      check(blob.alg === 'A256GCM', 'alg');
      check(fromBase64url(blob.iv).length === SEAL_IV_BYTES, 'iv length');
      check(fromBase64url(blob.ct).length === plaintext.length + 16, 'ct must be ciphertext ‖ 16-byte tag');
      kids.add(blob.kid);
      ivs.add(blob.iv);
      const opened = expectOk(await host.open(blob), `open ${plaintext.length} bytes`);
      check(opened instanceof Uint8Array && equalBytes(opened, plaintext), `round trip of ${plaintext.length} bytes`);
    }
    check(kids.size === 1, 'one data key must seal everything');
    check(ivs.size === 4, 'every seal needs a fresh iv');
    const twice = await Promise.all([host.seal({ plaintext: bytes(32) }), host.seal({ plaintext: bytes(32) })]);
    const [x, y] = twice.map((r) => expectOk(r, 'seal'));
    check(x!.iv !== y!.iv && x!.ct !== y!.ct, 'the same plaintext sealed twice must differ');
    expectErr(await host.seal({ plaintext: bytes(MAX_SEAL_PLAINTEXT_BYTES + 1) }), 'invalid-args', 'seal over the limit');
  });

  add('open refuses tampering, unknown kids and foreign keys with cannot-decrypt', async (fixture) => {
    const host = await fixture.open();
    await created(host);
    const plaintext = bytes(64, 11);
    const blob = expectOk(await host.seal({ plaintext }), 'seal');
    const ctLength = fromBase64url(blob.ct).length;
    const tampered: [string, SealedBlob][] = [
      ['a flipped ciphertext bit', { ...blob, ct: flipBit(blob.ct, 0) }],
      ['a flipped tag bit', { ...blob, ct: flipBit(blob.ct, ctLength - 1) }],
      ['a flipped iv bit', { ...blob, iv: flipBit(blob.iv, 5) }],
      ['a truncated ciphertext', { ...blob, ct: toBase64url(fromBase64url(blob.ct).subarray(0, ctLength - 1)) }],
      ['a ciphertext without its body', { ...blob, ct: toBase64url(fromBase64url(blob.ct).subarray(ctLength - 16)) }],
      ['an unknown kid', { ...blob, kid: 'dk-ffffffffffffffff' }],
    ];
    for (const [what, forged] of tampered) expectErr(await host.open(forged), 'cannot-decrypt', `open with ${what}`);
    // Another vault's blob, relabelled with this vault's kid: the key is wrong.
    await withFixture(make, async (other) => {
      const stranger = await other.open();
      await created(stranger);
      const foreign = expectOk(await stranger.seal({ plaintext }), 'seal in another vault');
      check(foreign.kid !== blob.kid, 'two vaults chose the same kid');
      expectErr(await host.open(foreign), 'cannot-decrypt', 'open of another vault\'s blob');
      expectErr(await host.open({ ...foreign, kid: blob.kid }), 'cannot-decrypt', 'open of a foreign blob with our kid');
    });
    check(equalBytes(expectOk(await host.open(blob), 'open the original'), plaintext), 'the original must still open');
  });

  add('malformed or oversized arguments answer invalid-args', async (fixture) => {
    const host = await fixture.open();
    await created(host);
    const blob = expectOk(await host.seal({ plaintext: bytes(4) }), 'seal');
    const { kid } = expectOk(await host.siteKeyCreate(), 'siteKeyCreate');
    const wrapped = expectOk(await host.siteKeyWrap({ kid, to: BASE_POINT }), 'siteKeyWrap');
    const longContext = 'x'.repeat(MAX_SEAL_CONTEXT_LENGTH + 1);
    // Calls as untyped renderer code could make them.
    const loose = host as unknown as Record<string, (...args: unknown[]) => Promise<Result<unknown>>>;
    const cases: [string, string, unknown[]][] = [
      ['sign', 'an unknown key name', [{ key: 'hq', bytes: bytes(4) }]],
      ['sign', 'bytes as a number array', [{ key: 'device', bytes: [1, 2, 3] }]],
      ['sign', 'bytes as a string', [{ key: 'device', bytes: 'hello' }]],
      ['sign', 'bytes as an ArrayBuffer', [{ key: 'device', bytes: new ArrayBuffer(4) }]],
      ['sign', 'an extra field', [{ key: 'device', bytes: bytes(4), prehash: true }]],
      ['sign', 'no argument', []],
      ['seal', 'a string plaintext', [{ plaintext: 'secret' }]],
      ['seal', 'a missing plaintext', [{}]],
      ['seal', 'a data-key kid', [{ plaintext: bytes(4), kid: blob.kid }]],
      ['seal', 'a kid not matching sk- and 16 hex digits', [{ plaintext: bytes(4), kid: 'sk-XYZ' }]],
      ['seal', 'an upper-case kid', [{ plaintext: bytes(4), kid: kid.toUpperCase() }]],
      ['seal', 'a context over 128 characters', [{ plaintext: bytes(4), context: longContext }]],
      ['seal', 'an empty context', [{ plaintext: bytes(4), context: '' }]],
      ['seal', 'a number context', [{ plaintext: bytes(4), context: 7 }]],
      ['seal', 'a context with a lone surrogate', [{ plaintext: bytes(4), context: 'HH-\uD800' }]],
      ['seal', 'an extra field', [{ plaintext: bytes(4), aad: 'x' }]],
      ['open', 'a 16-byte iv', [{ ...blob, iv: 'A'.repeat(22) }]],
      ['open', 'another algorithm', [{ ...blob, alg: 'A128GCM' }]],
      ['open', 'padding in ct', [{ ...blob, ct: `${blob.ct}==` }]],
      ['open', 'an extra field', [{ ...blob, tag: 'x' }]],
      ['open', 'a bad kid', [{ ...blob, kid: ' dk' }]],
      ['open', 'a ct shorter than a tag', [{ ...blob, ct: 'AAAA' }]],
      ['open', 'a context over 128 characters', [blob, longContext]],
      ['open', 'a number context', [blob, 42]],
      ['open', 'a third argument', [blob, 'HH-1', 'HH-2']],
      ['siteKeyCreate', 'an argument', [{ kid }]],
      ['siteKeys', 'an argument', [kid]],
      ['siteKeyWrap', 'no argument', []],
      ['siteKeyWrap', 'a 42-character key', [{ kid, to: BASE_POINT.slice(1) }]],
      ['siteKeyWrap', 'a 44-character key', [{ kid, to: `${BASE_POINT}A` }]],
      ['siteKeyWrap', 'a 100 000-character key', [{ kid, to: 'A'.repeat(100_000) }]],
      ['siteKeyWrap', 'a key with padding', [{ kid, to: `${BASE_POINT.slice(0, 42)}=` }]],
      ['siteKeyWrap', 'a key in standard base64', [{ kid, to: `+${BASE_POINT.slice(1)}` }]],
      ['siteKeyWrap', 'a key with non-zero padding bits', [{ kid, to: `${BASE_POINT.slice(0, 42)}B` }]],
      ['siteKeyWrap', 'a key as bytes', [{ kid, to: fromBase64url(BASE_POINT) }]],
      ['siteKeyWrap', 'a data-key kid', [{ kid: blob.kid, to: BASE_POINT }]],
      ['siteKeyWrap', 'an extra field', [{ kid, to: BASE_POINT, via: 'hq' }]],
      ['siteKeyAccept', 'no argument', []],
      ['siteKeyAccept', 'a string', [JSON.stringify(wrapped)]],
      ['siteKeyAccept', 'an extra field', [{ ...wrapped, to: BASE_POINT }]],
      ['siteKeyAccept', 'a data-key kid', [{ ...wrapped, kid: blob.kid }]],
      ['siteKeyAccept', 'a short ciphertext', [{ ...wrapped, ct: wrapped.ct.slice(4) }]],
      ['siteKeyAccept', 'a missing ephemeral key', [{ kid: wrapped.kid, iv: wrapped.iv, ct: wrapped.ct }]],
      ['vaultCreate', 'an argument', [{ replace: true }]],
      ['vaultStatus', 'an argument', ['device']],
    ];
    for (const [method, what, args] of cases) {
      const call = loose[method];
      check(typeof call === 'function', `HostApi has no ${method}`);
      expectErr(await call(...args), 'invalid-args', `${method} with ${what}`);
    }
  });

  add('keys persist across a new instance over the same storage', async (fixture) => {
    const first = await fixture.open();
    const keys = await created(first);
    const plaintext = bytes(200, 13);
    const blob = expectOk(await first.seal({ plaintext }), 'seal');
    const restarted = await fixture.open();
    const status = expectOk(await restarted.vaultStatus(), 'vaultStatus after restart');
    check(
      status.device === keys.device && status.issuer === keys.issuer && status.agreement === keys.agreement,
      'status after restart names other keys',
    );
    const message = bytes(77, 2);
    for (const key of ['device', 'issuer'] as const) {
      const signature = expectOk(await restarted.sign({ key, bytes: message }), `sign(${key}) after restart`);
      check(verify(signature, message, publicKey(keys[key])), `${key} key changed across a restart`);
    }
    check(equalBytes(expectOk(await restarted.open(blob), 'open after restart'), plaintext), 'data key changed across a restart');
    const again = await created(restarted);
    check(
      again.device === keys.device && again.issuer === keys.issuer && again.agreement === keys.agreement,
      'create after restart replaced the keys',
    );
  });

  return [...checks, ...siteKeyContractChecks(make)];
}

/** Runs every check in turn (they share nothing) and reports each. */
export async function runHostContract(make: MakeHostFixture): Promise<HostContractOutcome[]> {
  const outcomes: HostContractOutcome[] = [];
  for (const { name, run } of hostContractChecks(make)) {
    try {
      await run();
      outcomes.push({ name, ok: true });
    } catch (cause) {
      outcomes.push({ name, ok: false, error: cause instanceof Error ? `${cause.name}: ${cause.message}` : String(cause) });
    }
  }
  return outcomes;
}

/** vitest-style registration: `describeHostContract('memory host', make, { describe, it })`. */
export type TestRegistrar = {
  readonly describe: (name: string, body: () => void) => void;
  readonly it: (name: string, body: () => Promise<void>) => void;
};

export function describeHostContract(name: string, make: MakeHostFixture, { describe, it }: TestRegistrar): void {
  describe(`HostApi contract: ${name}`, () => {
    for (const contractCheck of hostContractChecks(make)) it(contractCheck.name, contractCheck.run);
  });
}

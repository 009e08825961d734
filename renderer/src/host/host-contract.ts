/**
 * The one behavioural contract of `HostApi`'s key vault (issue 13), which
 * every host passes: the Electron vault through its IPC dispatcher (vitest,
 * over the safeStorage record store with a stand-in safeStorage;
 * test/unit/electron-key-vault-contract.test.ts), the in-memory host
 * (vitest) and the browser host (vitest with fake-indexeddb, and Debian
 * Chromium: test/e2e/browser-host.spec.ts). Parts:
 *
 * - here: keys, creation, restart, sealing and the argument boundary;
 * - ./host-contract-sealing.ts: sealing many records in one call;
 * - ./host-contract-opening.ts: opening many records in one call;
 * - ./host-contract-session.ts: the lock, operators, secrets and back-off;
 * - ./host-contract-signing.ts: events, batches and credentials;
 * - ./host-contract-site-keys.ts: site keys and the operator directory across two hosts;
 * - ./host-contract-support.ts: fixtures and helpers.
 *
 * Framework-free so the same checks run in vitest and in a page:
 * `hostContractChecks` returns named async checks that throw on failure;
 * `describeHostContract` registers them with vitest-style `describe`/`it`
 * (passed in, so this module never imports a test framework and can be
 * bundled into a test page); `runHostContract` runs them and reports.
 */
import { equalBytes, fromBase64url, toBase64url } from '../../../shared/bytes';
import { encryptedBlobSchema } from '../../../shared/events/bodies';
import type { SealedBlob } from '../../../shared/ipc';
import { MAX_DIRECTORY_ENTRIES, MAX_SEAL_CONTEXT_LENGTH, MAX_SEAL_PLAINTEXT_BYTES, MAX_SIGN_EVENTS, SEAL_IV_BYTES } from '../../../shared/vault';
import {
  BASE_POINT,
  bytes,
  check,
  contractChecks,
  created,
  expectAllGated,
  expectErr,
  expectOk,
  flipBit,
  LEAD,
  loose,
  OFFICER,
  publicKey,
  ready,
  stockDraft,
  stockEntry,
  UNKNOWN_KID,
  withFixture,
  type HostContractCheck,
  type MakeHostFixture,
} from './host-contract-support';
import { openingContractChecks } from './host-contract-opening';
import { sealingContractChecks } from './host-contract-sealing';
import { sessionContractChecks } from './host-contract-session';
import { signingContractChecks } from './host-contract-signing';
import { siteKeyContractChecks } from './host-contract-site-keys';

export type { HostContractCheck, HostFixture, HostOpenOptions, MakeHostFixture } from './host-contract-support';
export type HostContractOutcome = { readonly name: string; readonly ok: boolean; readonly error?: string };

function coreContractChecks(make: MakeHostFixture): readonly HostContractCheck[] {
  const { checks, add } = contractChecks(make);

  add('getInfo answers ok with a name, version and platform', async (fixture) => {
    const host = await fixture.open();
    const info = expectOk(await host.getInfo(), 'getInfo');
    check([info.name, info.version, info.platform].every((s) => typeof s === 'string' && s.length > 0), 'getInfo fields');
  });

  add('status before create: no keys, no session, no operators, no chain head', async (fixture) => {
    const host = await fixture.open();
    const status = expectOk(await host.vaultStatus(), 'vaultStatus');
    check(
      status.device === null && status.issuer === null && status.agreement === null && status.session === null,
      `status before create: ${JSON.stringify(status)}`,
    );
    check(status.operators.length === 0 && status.head === null, `status before create: ${JSON.stringify(status)}`);
  });

  add('before create every call but status, create and lock answers no-key, and creates nothing', async (fixture) => {
    const host = await fixture.open();
    await expectAllGated(host, 'no-key', 'before create');
    expectErr(await host.unlock({ operator: 'op-abcdef-1', secret: LEAD.secret }), 'no-key', 'unlock before create');
    expectOk(await host.lock(), 'lock before create');
    const status = expectOk(await host.vaultStatus(), 'vaultStatus');
    check(status.device === null && status.operators.length === 0, 'a refused call must not create keys or operators');
  });

  add('create makes two distinct Ed25519 did:keys and an X25519 key; status reports them, locked, with no operator', async (fixture) => {
    const host = await fixture.open();
    const keys = await created(host);
    check(keys.device.startsWith('did:key:z6Mk') && keys.issuer.startsWith('did:key:z6Mk'), `did:keys: ${JSON.stringify(keys)}`);
    publicKey(keys.device);
    publicKey(keys.issuer);
    check(keys.device !== keys.issuer, 'device and issuer keys must differ');
    check(/^[A-Za-z0-9_-]{43}$/.test(keys.agreement) && fromBase64url(keys.agreement).length === 32, `agreement ${keys.agreement}`);
    const status = expectOk(await host.vaultStatus(), 'vaultStatus');
    check(
      status.device === keys.device && status.issuer === keys.issuer && status.agreement === keys.agreement,
      'status must report the created keys',
    );
    check(status.session === null && status.operators.length === 0 && status.head === null, `status after create: ${JSON.stringify(status)}`);
  });

  add('create is idempotent: again, concurrently, and after a restart', async (fixture) => {
    const host = await fixture.open();
    const answers = await Promise.all([host.vaultCreate(), host.vaultCreate(), host.vaultCreate()]);
    const [a, b, c] = answers.map((answer, i) => expectOk(answer, `concurrent vaultCreate #${i + 1}`));
    const same = (x: typeof a, y: typeof a) => x!.device === y!.device && x!.issuer === y!.issuer && x!.agreement === y!.agreement;
    check(same(a, b) && same(a, c), 'concurrent creates answered different keys');
    check(same(await created(host), a), 'a second create replaced the keys');
    const restarted = await fixture.open();
    check(same(await created(restarted), a), 'create after a restart replaced the keys');
    await withFixture(make, async (other) => {
      check(!same(await created(await other.open()), a), 'two vaults made the same keys');
    });
  });

  add('seal/open round trip under the data key; the blob is an encryptedBlob with a fresh 12-byte iv', async (fixture) => {
    const host = await fixture.open();
    await ready(host);
    const kids = new Set<string>();
    const ivs = new Set<string>();
    for (const plaintext of [new Uint8Array(0), bytes(1), bytes(300, 9), bytes(MAX_SEAL_PLAINTEXT_BYTES, 5)]) {
      const blob = expectOk(await host.seal({ plaintext }), `seal ${plaintext.length} bytes`);
      const schema = encryptedBlobSchema.safeParse(blob);
      check(schema.success, `blob of ${plaintext.length} bytes does not fit encryptedBlobSchema: ${JSON.stringify(schema.error?.issues)}`);
      check(blob.alg === 'A256GCM' && /^dk-[0-9a-f]{16}$/.test(blob.kid), `alg and kid: ${blob.alg} ${blob.kid}`);
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
    await ready(host);
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
      ['an unknown site-key kid', { ...blob, kid: UNKNOWN_KID }],
    ];
    for (const [what, forged] of tampered) expectErr(await host.open(forged), 'cannot-decrypt', `open with ${what}`);
    await withFixture(make, async (other) => {
      const stranger = await other.open();
      await ready(stranger);
      const foreign = expectOk(await stranger.seal({ plaintext }), 'seal in another vault');
      check(foreign.kid !== blob.kid, 'two vaults chose the same data-key id');
      expectErr(await host.open(foreign), 'cannot-decrypt', "open of another vault's blob");
      expectErr(await host.open({ ...foreign, kid: blob.kid }), 'cannot-decrypt', 'open of a foreign blob with our kid');
    });
    check(equalBytes(expectOk(await host.open(blob), 'open the original'), plaintext), 'the original must still open');
  });

  add('a restart keeps the keys, the operators and the chain head, and starts locked', async (fixture) => {
    const first = await fixture.open();
    const { keys, lead } = await ready(first);
    const { id: officer } = expectOk(await first.operatorAdd(OFFICER), 'operatorAdd');
    const [event] = expectOk(await first.signEvents([stockEntry(1)], null), 'signEvents');
    const plaintext = bytes(200, 13);
    const blob = expectOk(await first.seal({ plaintext }), 'seal');
    const before = expectOk(await first.vaultStatus(), 'vaultStatus');

    const restarted = await fixture.open();
    const status = expectOk(await restarted.vaultStatus(), 'vaultStatus after restart');
    check(
      status.device === keys.device && status.issuer === keys.issuer && status.agreement === keys.agreement,
      'status after restart names other keys',
    );
    check(status.session === null, 'a restarted vault must start locked');
    check(JSON.stringify(status.head) === JSON.stringify(before.head), 'the chain head changed across a restart');
    check(
      JSON.stringify(status.operators.map((o) => [o.id, o.role, o.canUnlock])) ===
        JSON.stringify([
          [lead, 'team-lead', true],
          [officer, 'field-officer', true],
        ]),
      `the roster after a restart: ${JSON.stringify(status.operators)}`,
    );
    await expectAllGated(restarted, 'locked', 'after a restart');
    expectOk(await restarted.unlock({ operator: officer, secret: OFFICER.secret }), 'unlock after restart');
    check(equalBytes(expectOk(await restarted.open(blob), 'open after restart'), plaintext), 'data key changed across a restart');
    const [next] = expectOk(await restarted.signEvents([stockEntry(2)], status.head), 'signEvents after restart');
    check(next?.prev === status.head!.id && next.seq === 2 && event?.seq === 1 && next.device === keys.device, 'the chain did not continue across the restart');
  });

  add('malformed, oversized, deep or extra arguments answer invalid-args on every channel, secrets not repeated', async (fixture) => {
    const host = await fixture.open();
    const { keys, lead } = await ready(host);
    const blob = expectOk(await host.seal({ plaintext: bytes(4) }), 'seal');
    const { kid } = expectOk(await host.siteKeyCreate(), 'siteKeyCreate');
    const wrapped = expectOk(await host.siteKeyWrap({ kid, to: BASE_POINT }), 'siteKeyWrap');
    const event = stockEntry(1);
    const head = { seq: 1, id: 'a'.repeat(64) };
    const header = { v: 1, device: keys.device, firstSeq: 1, lastSeq: 1, count: 1, root: 'a'.repeat(64) };
    const credential = { kind: 'ration-card', credential: { issuer: keys.issuer }, created: '2026-03-01T09:00:00Z' };
    const entry = { id: lead, role: 'field-officer', active: true, profile: blob };
    const longContext = 'x'.repeat(MAX_SEAL_CONTEXT_LENGTH + 1);
    const passphrase = 'a secret nobody may echo';
    let deep: unknown = { leaf: true };
    for (let i = 0; i < 20_000; i++) deep = { a: deep };
    const cases: [string, string, unknown[]][] = [
      ['vaultStatus', 'an argument', ['device']],
      ['vaultCreate', 'an argument', [{ replace: true }]],
      ['lock', 'an argument', [lead]],
      ['unlock', 'no argument', []],
      ['unlock', 'an empty secret', [{ operator: lead, secret: '' }]],
      ['unlock', 'a 257-character secret', [{ operator: lead, secret: 'x'.repeat(257) }]],
      ['unlock', 'a 10 MB secret', [{ operator: lead, secret: 'x'.repeat(10_000_000) }]],
      ['unlock', 'a number secret', [{ operator: lead, secret: 2580 }]],
      ['unlock', 'an operator id with a space', [{ operator: 'op 1', secret: LEAD.secret }]],
      ['unlock', 'an extra field', [{ operator: lead, secret: LEAD.secret, remember: true }]],
      ['unlock', 'a deep object', [deep]],
      ['approve', 'an extra field', [{ operator: lead, secret: LEAD.secret, role: 'team-lead' }]],
      ['approve', 'a string', [LEAD.secret]],
      ['operatorAdd', 'a guessable PIN', [{ ...OFFICER, secret: '1234' }]],
      ['operatorAdd', 'all one digit', [{ ...OFFICER, secret: '7777' }]],
      ["operatorAdd", "a field officer's passphrase", [{ ...OFFICER, secret: passphrase }]],
      ['operatorAdd', 'a 3-digit PIN', [{ ...OFFICER, secret: '135' }]],
      ['operatorAdd', 'a name of spaces', [{ ...OFFICER, name: '   ' }]],
      ['operatorAdd', 'a 65-character name', [{ ...OFFICER, name: 'n'.repeat(65) }]],
      ['operatorAdd', 'an unknown role', [{ ...OFFICER, role: 'hq' }]],
      ['operatorAdd', 'an id of its own', [{ ...OFFICER, id: 'op-x-1' }]],
      ['operatorUpdate', 'a name change', [{ id: lead, name: 'B' }]],
      ['operatorUpdate', 'active as a string', [{ id: lead, active: 'yes' }]],
      ['operatorReset', 'no id', [{}]],
      ['operatorReset', 'an extra field', [{ id: lead, failures: 0 }]],
      ['operatorProfile', 'no kid', [{ id: lead }]],
      ['operatorProfile', 'a data-key kid', [{ id: lead, kid: blob.kid }]],
      ['operatorImport', 'an entry instead of a list', [entry]],
      ['operatorImport', `${MAX_DIRECTORY_ENTRIES + 1} entries`, [new Array(MAX_DIRECTORY_ENTRIES + 1).fill(entry)]],
      ['operatorImport', 'an entry with an extra field', [[{ ...entry, name: 'Amina' }]]],
      ['operatorImport', 'an entry with a malformed profile', [[{ ...entry, profile: { ...blob, iv: 'A' } }]]],
      ['signEvents', 'raw bytes', [new Uint8Array(64)]],
      ['signEvents', 'raw bytes as an entry', [[new Uint8Array(64)]]],
      ['signEvents', 'an entry, not a list', [event]],
      ['signEvents', 'no entries', [[]]],
      ['signEvents', `${MAX_SIGN_EVENTS + 1} entries`, [new Array(MAX_SIGN_EVENTS + 1).fill(event)]],
      ['signEvents', 'a whole draft (v, device, seq, prev)', [[stockDraft(keys.device, 1, null)]]],
      ['signEvents', 'an entry with a seq', [[{ ...event, seq: 1 }]]],
      ['signEvents', 'an entry with a prev', [[{ ...event, prev: 'a'.repeat(64) }]]],
      ['signEvents', 'an entry with a device', [[{ ...event, device: keys.device }]]],
      ['signEvents', 'an entry with a version', [[{ ...event, v: 1 }]]],
      ['signEvents', 'an entry with a signature', [[{ ...event, sig: 'A'.repeat(86) }]]],
      ['signEvents', 'bytes beside the entry', [[{ ...event, bytes: new Uint8Array(8) }]]],
      ['signEvents', 'a prefix beside the entry', [[{ ...event, prefix: 'aidtrail/v1/batch\n' }]]],
      ['signEvents', 'an unknown event type', [[{ ...event, type: 'payment' }]]],
      ['signEvents', 'an extra body field', [[{ ...event, body: { ...event.body, note: 'x' } }]]],
      ['signEvents', 'an after with an extra field', [[event], { ...head, device: keys.device }]],
      ['signEvents', 'an after at seq 0', [[event], { ...head, seq: 0 }]],
      ['signEvents', 'an after with a short id', [[event], { ...head, id: 'a'.repeat(63) }]],
      ['signEvents', 'a third argument', [[event], null, 'aidtrail/v1/batch\n']],
      ['signEvents', 'a deep object', [[deep]]],
      ['signedBatch', 'no argument', []],
      ['signedBatch', 'a bare seq', [0]],
      ['signedBatch', 'a negative after', [{ after: -1 }]],
      ['signedBatch', 'an extra field', [{ after: 0, device: keys.device }]],
      ['signBatch', 'bytes', [new Uint8Array(32)]],
      ['signBatch', 'an extra field', [{ ...header, prefix: 'x' }]],
      ['signBatch', 'count 0', [{ ...header, count: 0 }]],
      ['signBatch', 'a short root', [{ ...header, root: 'a'.repeat(63) }]],
      ['issueCredential', 'another kind', [{ ...credential, kind: 'passport' }]],
      ['issueCredential', 'a credential as text', [{ ...credential, credential: '{}' }]],
      ['issueCredential', 'a credential over 64 KiB', [{ ...credential, credential: { x: 'y'.repeat(70_000) } }]],
      ['issueCredential', 'a credential with bytes in it', [{ ...credential, credential: { x: new Uint8Array(2) } }]],
      ['issueCredential', 'a 20 000-deep credential', [{ ...credential, credential: deep }]],
      ['issueCredential', 'a created that is no time', [{ ...credential, created: 'yesterday' }]],
      ['issueCredential', 'an extra field', [{ ...credential, key: 'issuer' }]],
      ['seal', 'a string plaintext', [{ plaintext: 'secret' }]],
      ['seal', 'a plaintext as a number array', [{ plaintext: [1, 2, 3] }]],
      ['seal', 'an ArrayBuffer plaintext', [{ plaintext: new ArrayBuffer(4) }]],
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
      ['siteKeyWrap', 'a 100 000-character key', [{ kid, to: 'A'.repeat(100_000) }]],
      ['siteKeyWrap', 'a key with non-zero padding bits', [{ kid, to: `${BASE_POINT.slice(0, 42)}B` }]],
      ['siteKeyWrap', 'a key as bytes', [{ kid, to: fromBase64url(BASE_POINT) }]],
      ['siteKeyWrap', 'a data-key kid', [{ kid: blob.kid, to: BASE_POINT }]],
      ['siteKeyWrap', 'an extra field', [{ kid, to: BASE_POINT, via: 'hq' }]],
      ['siteKeyAccept', 'a string', [JSON.stringify(wrapped)]],
      ['siteKeyAccept', 'an extra field', [{ ...wrapped, to: BASE_POINT }]],
      ['siteKeyAccept', 'a data-key kid', [{ ...wrapped, kid: blob.kid }]],
      ['siteKeyAccept', 'a short ciphertext', [{ ...wrapped, ct: wrapped.ct.slice(4) }]],
    ];
    for (const [method, what, args] of cases) {
      const call = loose(host)[method];
      check(typeof call === 'function', `HostApi has no ${method}`);
      const answer = await call(...args);
      expectErr(answer, 'invalid-args', `${method} with ${what}`);
      check(answer.ok || !answer.message.includes(passphrase), `${method} with ${what}: the refusal repeats the secret`);
    }
    // None of it changed anything: the lead is still signed in, the chain untouched.
    const status = expectOk(await host.vaultStatus(), 'vaultStatus');
    check(status.session?.operator === lead && status.head === null && status.operators.length === 1, `status: ${JSON.stringify(status)}`);
  });

  return checks;
}

export function hostContractChecks(make: MakeHostFixture): readonly HostContractCheck[] {
  return [
    ...coreContractChecks(make),
    ...sealingContractChecks(make),
    ...openingContractChecks(make),
    ...sessionContractChecks(make),
    ...signingContractChecks(make),
    ...siteKeyContractChecks(make),
  ];
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

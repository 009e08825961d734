import { describe, expect, it } from 'vitest';
import { equalBytes, fromUtf8 } from '../bytes';
import { eventBodies, eventTypes } from '../events/bodies';
import { newEventEntrySchema, unsignedEventSchema } from '../events/envelope';
import { hostApiChannels, type HostApiMethod, type SealedBlob } from '../ipc';
import type { Result } from '../result';
import { MAX_SIGN_EVENTS, parseVaultArgs, type VaultMethod } from '../vault';
import { DEFAULT_KDF } from './crypto';
import { RECORD } from './records';
import { memoryVaultStore } from './store';
import { LEAD_PIN, leadFixture, SMALL_KDF, stockEntry, testClock, value } from './test-support';
import { DEFAULT_IDLE_LOCK_MS, Vault } from './vault';

const BLOB: SealedBlob = { alg: 'A256GCM', kid: 'dk-0011223344556677', iv: 'A'.repeat(16), ct: 'A'.repeat(22) };
const KID = 'sk-0011223344556677';
const WRAPPED = { kid: KID, epk: 'CQAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA', iv: 'A'.repeat(16), ct: 'A'.repeat(64) };
const DEVICE = 'did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK';
/** What the vault fills in itself, and what is never part of an entry: an entry carrying any of them is refused. */
const VAULT_FIELDS = { v: 2, device: DEVICE, seq: 1, prev: null, sig: 'A'.repeat(86), bytes: new Uint8Array(8) };
const HEADER = { v: 1, device: DEVICE, firstSeq: 1, lastSeq: 1, count: 1, root: '0'.repeat(64) } as const;

/** Every operation a locked vault refuses, with arguments that would otherwise be fine to try. */
const GATED: { readonly [M in Exclude<VaultMethod, 'vaultStatus' | 'vaultCreate' | 'unlock' | 'lock'>]: (vault: Vault) => Promise<Result<unknown>> } = {
  approve: (v) => v.approve({ operator: 'op-x', secret: LEAD_PIN }),
  operatorAdd: (v) => v.operatorAdd({ name: 'Zed', role: 'field-officer', secret: '1397' }),
  operatorUpdate: (v) => v.operatorUpdate({ id: 'op-x', active: false }),
  operatorReset: (v) => v.operatorReset({ id: 'op-x' }),
  operatorProfile: (v) => v.operatorProfile({ id: 'op-x', kid: KID }),
  operatorImport: (v) => v.operatorImport([]),
  signEvents: (v) => v.signEvents([stockEntry(1)]),
  signedBatch: (v) => v.signedBatch({ after: 0 }),
  signBatch: (v) => v.signBatch(HEADER),
  issueCredential: (v) => v.issueCredential({ kind: 'ration-card', credential: {}, created: '2026-01-01T00:00:00Z' }),
  seal: (v) => v.seal({ plaintext: new Uint8Array(4) }),
  sealMany: (v) => v.sealMany([{ plaintext: new Uint8Array(4) }, { plaintext: new Uint8Array(4), context: 'HH-1' }]),
  open: (v) => v.open(BLOB),
  openMany: (v) => v.openMany([{ blob: BLOB }, { blob: BLOB, context: 'HH-1' }]),
  siteKeyCreate: (v) => v.siteKeyCreate(),
  siteKeyWrap: (v) => v.siteKeyWrap({ kid: KID, to: WRAPPED.epk }),
  siteKeyAccept: (v) => v.siteKeyAccept(WRAPPED),
  siteKeys: (v) => v.siteKeys(),
};

async function expectAllLocked(vault: Vault, code = 'locked'): Promise<void> {
  for (const [method, call] of Object.entries(GATED)) {
    const answer = await call(vault);
    expect({ method, ok: answer.ok, code: answer.ok ? undefined : answer.code }).toEqual({ method, ok: false, code });
  }
}

describe('Vault: locked', () => {
  it('gates every HostApi vault method but status, create, unlock and lock', () => {
    const vaultMethods = (Object.keys(hostApiChannels) as HostApiMethod[]).filter((m) => m !== 'getInfo' && m !== 'allowAddress');
    expect([...Object.keys(GATED), 'vaultStatus', 'vaultCreate', 'unlock', 'lock'].sort()).toEqual([...vaultMethods].sort());
    expect(Object.values(hostApiChannels)).not.toContain('vault:sign');
  });

  it('answers no-key for every gated call before create, and creates nothing', async () => {
    const store = memoryVaultStore();
    const vault = new Vault({ store, kdf: SMALL_KDF });
    await expectAllLocked(vault, 'no-key');
    expect(await vault.unlock({ operator: 'op-x', secret: LEAD_PIN })).toMatchObject({ ok: false, code: 'no-key' });
    expect(value(await vault.vaultStatus())).toEqual({ device: null, issuer: null, agreement: null, session: null, operators: [], head: null });
    expect(store.records.size).toBe(0);
  });

  it('refuses every gated call with locked after lock, after a restart, and while a created vault has no operator but operatorAdd', async () => {
    const fixture = await leadFixture();
    expect((await fixture.vault.seal({ plaintext: new Uint8Array(1) })).ok).toBe(true);
    expect(await fixture.vault.lock()).toEqual({ ok: true, value: undefined });
    await expectAllLocked(fixture.vault);
    await expectAllLocked(fixture.restart());
    // Status and create still answer, and say who may sign in.
    const status = value(await fixture.vault.vaultStatus());
    expect(status.session).toBeNull();
    expect(status.operators.map((o) => [o.name, o.role, o.canUnlock])).toEqual([['Amina Lead', 'team-lead', true]]);
    expect(value(await fixture.vault.vaultCreate()).device).toBe(fixture.device);

    const fresh = new Vault({ store: memoryVaultStore(), kdf: SMALL_KDF });
    value(await fresh.vaultCreate());
    const { operatorAdd: _first, ...rest } = GATED;
    for (const call of Object.values(rest)) expect(await call(fresh)).toMatchObject({ ok: false, code: 'locked' });
  });

  it('locks itself after the idle time without a successful operation; lockIfIdle does it for a timer', async () => {
    const fixture = await leadFixture();
    const { vault, clock } = fixture;
    clock.advance(DEFAULT_IDLE_LOCK_MS - 1000);
    expect(vault.lockIfIdle()).toBe(false);
    value(await vault.seal({ plaintext: new Uint8Array(1) }));
    clock.advance(DEFAULT_IDLE_LOCK_MS - 1000);
    // Status is no activity: polling it does not keep the vault open.
    expect(value(await vault.vaultStatus()).session?.operator).toBe(fixture.lead);
    clock.advance(1000);
    await expectAllLocked(vault);
    expect(value(await vault.vaultStatus()).session).toBeNull();

    value(await vault.unlock({ operator: fixture.lead, secret: LEAD_PIN }));
    clock.advance(DEFAULT_IDLE_LOCK_MS);
    expect(vault.lockIfIdle()).toBe(true);
    expect(vault.lockIfIdle()).toBe(false);
    await expectAllLocked(vault);
  });

  it('lets an operation already running finish with live keys when the vault locks under it', async () => {
    const fixture = await leadFixture();
    const plaintext = new Uint8Array([1, 2, 3, 4]);
    const sealing = fixture.vault.seal({ plaintext });
    await fixture.vault.lock();
    const blob = value(await sealing);
    const restarted = fixture.restart();
    value(await restarted.unlock({ operator: fixture.lead, secret: LEAD_PIN }));
    expect(equalBytes(value(await restarted.open(blob)), plaintext)).toBe(true);
  });

  it('takes the idle time and clock it is given', async () => {
    const clock = testClock();
    const fixture = await leadFixture({ idleLockMs: 60_000, now: clock.now });
    clock.advance(60_000);
    expect(fixture.vault.lockIfIdle()).toBe(true);
  });
});

describe('Vault: Argon2id parameters', () => {
  it('defaults to RFC 9106 option 2 (m = 64 MiB, t = 3, p = 1) and stores them with the slot', async () => {
    expect(DEFAULT_KDF).toEqual({ m: 65_536, t: 3, p: 1 });
    const store = memoryVaultStore();
    const vault = new Vault({ store });
    value(await vault.vaultCreate());
    value(await vault.operatorAdd({ name: 'Amina Lead', role: 'team-lead', secret: LEAD_PIN }));
    const operators = JSON.parse(fromUtf8(store.records.get(RECORD.operators)!)) as { operators: { kdf: unknown }[] };
    expect(operators.operators[0]!.kdf).toMatchObject({ alg: 'argon2id', m: 65_536, t: 3, p: 1 });
  });

  it('refuses a cost outside what a slot may record', () => {
    expect(() => new Vault({ store: memoryVaultStore(), kdf: { m: 4, t: 1, p: 1 } })).toThrow(RangeError);
    expect(() => new Vault({ store: memoryVaultStore(), kdf: { m: 1 << 21, t: 1, p: 1 } })).toThrow(RangeError);
  });
});

describe('vault argument schemas for the new channels', () => {
  it('accepts well-formed calls', () => {
    expect(parseVaultArgs('vault:unlock', [{ operator: 'op-abc123-1', secret: '2580' }]).ok).toBe(true);
    expect(parseVaultArgs('vault:operator-add', [{ name: ' Amina ', role: 'team-lead', secret: 'a long passphrase' }])).toMatchObject({
      ok: true,
      value: [{ name: 'Amina' }],
    });
    expect(parseVaultArgs('vault:operator-profile', [{ id: 'op-abc123-1', kid: KID }]).ok).toBe(true);
    expect(parseVaultArgs('vault:sign-events', [[stockEntry(1)]]).ok).toBe(true);
    expect(parseVaultArgs('vault:sign-events', [[stockEntry(1), { ...stockEntry(2), round: 'R-1', operator: 'op-abc123-1' }], null]).ok).toBe(true);
    expect(parseVaultArgs('vault:sign-events', [[stockEntry(1)], { seq: 7, id: 'a'.repeat(64) }]).ok).toBe(true);
    expect(parseVaultArgs('vault:sign-events', [new Array(MAX_SIGN_EVENTS).fill(stockEntry(1))]).ok).toBe(true);
    expect(parseVaultArgs('vault:signed-batch', [{ after: 0 }]).ok).toBe(true);
    expect(parseVaultArgs('vault:sign-batch', [HEADER]).ok).toBe(true);
    expect(parseVaultArgs('vault:operator-import', [[{ id: 'op-abc123-1', role: 'field-officer', active: true, profile: BLOB }]]).ok).toBe(true);
  });

  it('has an entry of every event type for vault:sign-events, with the bodies of the event schema', () => {
    expect(newEventEntrySchema.options.map((o) => o.shape.type.value).sort()).toEqual([...eventTypes].sort());
    expect(unsignedEventSchema.options.map((o) => o.shape.type.value).sort()).toEqual([...eventTypes].sort());
    for (const option of newEventEntrySchema.options) {
      expect(option.shape.body).toBe(eventBodies[option.shape.type.value]);
    }
  });

  it.each<[string, Parameters<typeof parseVaultArgs>[0], unknown[]]>([
    ['a guessable PIN', 'vault:operator-add', [{ name: 'A', role: 'field-officer', secret: '1234' }]],
    ["a field officer's passphrase", 'vault:operator-add', [{ name: 'A', role: 'field-officer', secret: 'a long passphrase' }]],
    ['a name of spaces', 'vault:operator-add', [{ name: '   ', role: 'team-lead', secret: '2580' }]],
    ['an unknown role', 'vault:operator-add', [{ name: 'A', role: 'hq', secret: '2580' }]],
    ['an over-long secret', 'vault:unlock', [{ operator: 'op-1', secret: 'x'.repeat(257) }]],
    ['a prefix beside the entry', 'vault:sign-events', [[{ ...stockEntry(1), prefix: 'aidtrail/v1/batch\n' }]]],
    ['raw bytes to sign', 'vault:sign-events', [[new Uint8Array(8)]]],
    ['an entry alone, not in a list', 'vault:sign-events', [stockEntry(1)]],
    ['no entries', 'vault:sign-events', [[]]],
    [`${MAX_SIGN_EVENTS + 1} entries`, 'vault:sign-events', [new Array(MAX_SIGN_EVENTS + 1).fill(stockEntry(1))]],
    ...Object.entries(VAULT_FIELDS).map(
      ([field, given]): [string, Parameters<typeof parseVaultArgs>[0], unknown[]] => [`an entry with its own ${field}`, 'vault:sign-events', [[{ ...stockEntry(1), [field]: given }]]],
    ),
    ['an entry of an unknown type', 'vault:sign-events', [[{ ...stockEntry(1), type: 'payment' }]]],
    ['an extra body field', 'vault:sign-events', [[{ ...stockEntry(1), body: { ...stockEntry(1).body, note: 'x' } }]]],
    ['an after with an extra field', 'vault:sign-events', [[stockEntry(1)], { seq: 1, id: 'a'.repeat(64), device: DEVICE }]],
    ['an after at seq 0', 'vault:sign-events', [[stockEntry(1)], { seq: 0, id: 'a'.repeat(64) }]],
    ['a third argument', 'vault:sign-events', [[stockEntry(1)], null, 'aidtrail/v1/event\n']],
    ['a negative after', 'vault:signed-batch', [{ after: -1 }]],
    ['a fractional after', 'vault:signed-batch', [{ after: 1.5 }]],
    ['a bare number', 'vault:signed-batch', [3]],
    ['an extra field', 'vault:signed-batch', [{ after: 0, device: DEVICE }]],
    ['a profile without its kid', 'vault:operator-profile', [{ id: 'op-1' }]],
    ['2001 directory entries', 'vault:operator-import', [new Array(2001).fill({ id: 'op-1', role: 'field-officer', active: true, profile: BLOB })]],
    ['a credential over 64 KiB', 'vault:issue-credential', [{ kind: 'ration-card', credential: { x: 'y'.repeat(70_000) }, created: '2026-01-01T00:00:00Z' }]],
    ['a credential with bytes in it', 'vault:issue-credential', [{ kind: 'ration-card', credential: { x: new Uint8Array(2) }, created: '2026-01-01T00:00:00Z' }]],
    ['another credential kind', 'vault:issue-credential', [{ kind: 'passport', credential: {}, created: '2026-01-01T00:00:00Z' }]],
    ['an update of something else', 'vault:operator-update', [{ id: 'op-1', name: 'B' }]],
  ])('refuses %s with invalid-args', (_what, channel, args) => {
    const parsed = parseVaultArgs(channel, args);
    expect(parsed).toMatchObject({ ok: false, code: 'invalid-args' });
    // A refusal never repeats the secret it was given.
    expect(parsed.ok ? '' : parsed.message).not.toContain('a long passphrase');
  });
});

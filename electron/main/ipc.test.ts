import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi, type Mock } from 'vitest';
import type { IpcMain } from 'electron';
import { hostApiChannels, ipcChannels, type HostApiMethod, type IpcChannel, type SealedBlob } from '../../shared/ipc';
import { ok } from '../../shared/result';
import { toBase64url } from '../../shared/bytes';
import {
  MAX_OPEN_MANY,
  MAX_OPEN_MANY_BYTES,
  MAX_SEAL_MANY,
  MAX_SEAL_MANY_BYTES,
  MAX_SEAL_PLAINTEXT_BYTES,
  MAX_SIGN_EVENTS,
  type VaultApi,
  type VaultChannel,
} from '../../shared/vault';
import { Vault } from '../../shared/vault/vault';
import { SMALL_KDF } from '../../shared/vault/test-support';
import type { WrappedSiteKey } from '../../shared/vault-wrap';
import { ConnectPolicy } from './connect-policy';
import { fakeSafeStorage } from './fake-safe-storage';
import { dispatch, registerIpcHandlers, type DispatchOptions } from './ipc';
import { safeStorageVaultStore } from './vault-store';

const APP = 'app://aidtrail/index.html';
const info = { name: 'aidtrail', version: '0.1.0', platform: 'linux' };
const DEVICE = 'did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK';
const BLOB: SealedBlob = { alg: 'A256GCM', kid: 'dk-0011223344556677', iv: 'AAAAAAAAAAAAAAAA', ct: 'A'.repeat(22) };
const KID = 'sk-0011223344556677';
/** The X25519 base point: a well-formed recipient key. */
const TO = 'CQAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';
const WRAPPED: WrappedSiteKey = { kid: KID, epk: TO, iv: 'A'.repeat(16), ct: 'A'.repeat(64) };
const OPERATOR = 'op-a2doK-1';
/** What `vault:sign-events` takes for one event: no v, device, seq or prev (the vault fills them in). */
const ENTRY = { type: 'stock', at: '2026-03-01T09:00:00.000Z', body: { direction: 'received', items: [{ code: 'rice', qty: 1, unit: 'kg' }] } } as const;
const AFTER = { seq: 1, id: 'a'.repeat(64) } as const;
const HEADER = { v: 1, device: DEVICE, firstSeq: 1, lastSeq: 1, count: 1, root: 'a'.repeat(64) } as const;

/** HostApi method → channel, for the vault's channels. */
const methodOf = Object.fromEntries(Object.entries(hostApiChannels).map(([method, channel]) => [channel, method])) as Record<IpcChannel, HostApiMethod>;
const vaultChannels = ipcChannels.filter((c): c is VaultChannel => c.startsWith('vault:'));

/** Well-formed arguments of every vault channel. */
const VALID: { readonly [C in VaultChannel]: readonly unknown[] } = {
  'vault:status': [],
  'vault:create': [],
  'vault:unlock': [{ operator: OPERATOR, secret: '2580' }],
  'vault:lock': [],
  'vault:approve': [{ operator: OPERATOR, secret: 'a long team passphrase' }],
  'vault:operator-add': [{ name: 'Amina Lead', role: 'team-lead', secret: '2580' }],
  'vault:operator-update': [{ id: OPERATOR, role: 'field-officer', active: false }],
  'vault:operator-reset': [{ id: OPERATOR }],
  'vault:operator-profile': [{ id: OPERATOR, kid: KID }],
  'vault:operator-import': [[{ id: OPERATOR, role: 'field-officer', active: true, profile: { ...BLOB, kid: KID } }]],
  'vault:sign-events': [[ENTRY], AFTER],
  'vault:signed-batch': [{ after: 0 }],
  'vault:sign-batch': [HEADER],
  'vault:issue-credential': [{ kind: 'ration-card', credential: { issuer: DEVICE }, created: '2026-03-01T09:00:00Z' }],
  'vault:seal': [{ plaintext: new Uint8Array(MAX_SEAL_PLAINTEXT_BYTES), kid: KID, context: 'HH-0001' }],
  'vault:seal-many': [[{ plaintext: new Uint8Array(MAX_SEAL_PLAINTEXT_BYTES), kid: KID, context: 'HH-0001' }, { plaintext: new Uint8Array(1) }]],
  'vault:open': [BLOB, 'HH-0001'],
  'vault:open-many': [[{ blob: BLOB, context: 'HH-0001' }, { blob: { ...BLOB, kid: KID } }]],
  'vault:site-key-create': [],
  'vault:site-key-wrap': [{ kid: KID, to: TO }],
  'vault:site-key-accept': [WRAPPED],
  'vault:site-keys': [],
};

type StubVault = Record<string, Mock<(...args: unknown[]) => Promise<unknown>>>;

/** A vault whose every method answers ok(its name) and records what reached it. */
function stubVault(): StubVault {
  const methods = vaultChannels.map((channel) => methodOf[channel]);
  return Object.fromEntries(methods.map((m) => [m, vi.fn((..._args: unknown[]) => Promise.resolve<unknown>(ok(m)))]));
}

const asVault = (stub: StubVault): VaultApi => stub as unknown as VaultApi;

/** A connect policy that allows whatever reaches it, and records it. */
const stubNetwork = () => ({ allow: vi.fn((..._args: unknown[]) => Promise.resolve(ok({ added: true, reload: true }))) });

const withVault = () => {
  const vault = stubVault();
  const network = stubNetwork();
  return { vault, network, options: { appEntry: APP, deps: { appInfo: () => info, vault: asVault(vault), network } } satisfies DispatchOptions };
};

const expectUntouched = (vault: StubVault) => {
  for (const method of Object.values(vault)) expect(method).not.toHaveBeenCalled();
};

/** A nested object `depth` levels deep. */
function deep(depth: number): unknown {
  let value: unknown = { leaf: true };
  for (let i = 0; i < depth; i++) value = { a: value };
  return value;
}

describe('dispatch', () => {
  it('answers app:get-info with an ok envelope', async () => {
    await expect(dispatch('app:get-info', APP, [], withVault().options)).resolves.toEqual({ ok: true, value: info });
  });

  it('refuses arguments the schema does not allow', async () => {
    await expect(dispatch('app:get-info', APP, ['unexpected'], withVault().options)).resolves.toMatchObject({ ok: false, code: 'invalid-args' });
  });

  it('turns a throwing handler into an internal error, logged, with no stack in the answer', async () => {
    const logError = vi.fn();
    const failing: DispatchOptions = {
      appEntry: APP,
      logError,
      deps: {
        appInfo: () => {
          throw new Error('secret detail');
        },
        vault: asVault(stubVault()),
        network: stubNetwork(),
      },
    };
    const result = await dispatch('app:get-info', APP, [], failing);
    expect(result).toMatchObject({ ok: false, code: 'internal' });
    expect(JSON.stringify(result)).not.toContain('secret detail');
    expect(logError).toHaveBeenCalledOnce();
  });
});

describe('dispatch of the vault channels', () => {
  it('has a handler for every vault channel of the contract', () => {
    expect(Object.keys(VALID).sort()).toEqual([...vaultChannels].sort());
  });

  it.each(vaultChannels)('%s: passes the parsed arguments to the vault method of the same name and its answer back', async (channel) => {
    const { vault, options } = withVault();
    const method = methodOf[channel];
    await expect(dispatch(channel, APP, VALID[channel], options)).resolves.toEqual(ok(method));
    expect(vault[method]).toHaveBeenCalledOnce();
    const passed = vault[method]!.mock.calls[0]!;
    // `open` passes its optional context explicitly; the rest exactly their arguments.
    expect(passed).toEqual(VALID[channel]);
    for (const other of Object.keys(vault)) if (other !== method) expect(vault[other]).not.toHaveBeenCalled();
  });

  it('passes the parsed value, not the raw one: a name is trimmed, an absent context is undefined', async () => {
    const { vault, options } = withVault();
    await dispatch('vault:operator-add', APP, [{ name: '  Amina Lead ', role: 'team-lead', secret: '2580' }], options);
    expect(vault['operatorAdd']).toHaveBeenCalledWith({ name: 'Amina Lead', role: 'team-lead', secret: '2580' });
    await dispatch('vault:open', APP, [BLOB], options);
    expect(vault['open']).toHaveBeenCalledWith(BLOB, undefined);
    await dispatch('vault:sign-events', APP, [[ENTRY]], options);
    expect(vault['signEvents']).toHaveBeenCalledWith([ENTRY], undefined);
    await dispatch('vault:sign-events', APP, [[ENTRY], null], options);
    expect(vault['signEvents']).toHaveBeenLastCalledWith([ENTRY], null);
  });

  it.each([...vaultChannels, 'app:get-info' as const])('%s: refuses a caller that is not the app, before anything else', async (channel) => {
    for (const sender of [undefined, 'https://evil.example/', 'file:///tmp/other.html', 'about:blank', 'app://other/index.html']) {
      const { vault, options } = withVault();
      const args = channel === 'app:get-info' ? [] : VALID[channel];
      await expect(dispatch(channel, sender, args, options)).resolves.toMatchObject({ ok: false, code: 'forbidden' });
      expectUntouched(vault);
    }
  });

  describe.each(vaultChannels)('%s with hostile arguments', (channel) => {
    const valid = VALID[channel];
    const first = valid[0];
    const cases: [string, unknown[]][] = [
      ['an extra trailing argument', [...valid, valid[0] ?? 'extra', 'extra']],
      ['a 20 000-deep object in place of the arguments', [deep(20_000)]],
    ];
    if (valid.length > 0) {
      cases.push(['no argument', []]);
      for (const [what, replacement] of [
        ['a number', 42],
        ['a string', 'x'.repeat(10_000_000)],
        ['null', null],
        ['an array', [valid[0]]],
        ['bytes', new Uint8Array(64)],
        ['a 20 000-deep object', deep(20_000)],
      ] as const) {
        if (channel === 'vault:operator-import' && what === 'an array') continue;
        cases.push([`${what} as the first argument`, [replacement, ...valid.slice(1)]]);
      }
    }
    if (typeof first === 'object' && first !== null && !Array.isArray(first) && !(first instanceof Uint8Array)) {
      const object = first as Record<string, unknown>;
      cases.push(['an extra key', [{ ...object, extra: true }, ...valid.slice(1)]]);
      for (const [key, value] of Object.entries(object)) {
        const wrongType = typeof value === 'number' ? '1' : 42;
        cases.push([`${key} of the wrong type`, [{ ...object, [key]: wrongType }, ...valid.slice(1)]]);
        if (typeof value === 'string') cases.push([`a 10 MB ${key}`, [{ ...object, [key]: 'x'.repeat(10_000_000) }, ...valid.slice(1)]]);
      }
    }
    it.each(cases)('refuses %s with invalid-args before the vault sees it', async (_what, args) => {
      const { vault, options } = withVault();
      const answer = await dispatch(channel, APP, args, options);
      expect(answer).toMatchObject({ ok: false, code: 'invalid-args' });
      expect(answer.ok || answer.message.length < 10_000).toBe(true);
      expectUntouched(vault);
    });
  });

  it.each<[string, VaultChannel, unknown[]]>([
    ['renderer-supplied bytes beside an entry', 'vault:sign-events', [[{ ...ENTRY, bytes: new Uint8Array(8) }]]],
    ['a renderer-supplied prefix beside an entry', 'vault:sign-events', [[{ ...ENTRY, prefix: 'aidtrail/v1/batch\n' }]]],
    ['an entry that already has a signature', 'vault:sign-events', [[{ ...ENTRY, sig: 'A'.repeat(86) }]]],
    ['an entry with its own seq', 'vault:sign-events', [[{ ...ENTRY, seq: 2 }]]],
    ['an entry with its own prev', 'vault:sign-events', [[{ ...ENTRY, prev: AFTER.id }]]],
    ['an entry with its own device', 'vault:sign-events', [[{ ...ENTRY, device: DEVICE }]]],
    ['an entry with its own version', 'vault:sign-events', [[{ ...ENTRY, v: 1 }]]],
    ['a whole draft', 'vault:sign-events', [[{ ...ENTRY, v: 2, device: DEVICE, seq: 1, prev: null }]]],
    ['raw bytes to sign', 'vault:sign-events', [new Uint8Array(64)]],
    ['raw bytes as an entry', 'vault:sign-events', [[new Uint8Array(64)]]],
    ['no entries', 'vault:sign-events', [[]]],
    [`${MAX_SIGN_EVENTS + 1} entries`, 'vault:sign-events', [new Array(MAX_SIGN_EVENTS + 1).fill(ENTRY)]],
    ['a domain as a second argument', 'vault:sign-events', [[ENTRY], 'aidtrail/v1/event\n']],
    ['an after with an extra field', 'vault:sign-events', [[ENTRY], { ...AFTER, device: DEVICE }]],
    ['an unknown event type', 'vault:sign-events', [[{ ...ENTRY, type: 'payment' }]]],
    ['an extra body field', 'vault:sign-events', [[{ ...ENTRY, body: { ...ENTRY.body, note: 'x' } }]]],
    ['a negative after', 'vault:signed-batch', [{ after: -1 }]],
    ['a batch header with a prefix', 'vault:sign-batch', [{ ...HEADER, prefix: 'aidtrail/v1/event\n' }]],
    ['a guessable PIN', 'vault:operator-add', [{ name: 'A', role: 'field-officer', secret: '1234' }]],
    ["a field officer's passphrase", 'vault:operator-add', [{ name: 'A', role: 'field-officer', secret: 'a long team passphrase' }]],
    ['an empty secret', 'vault:unlock', [{ operator: OPERATOR, secret: '' }]],
    ['a 257-character secret', 'vault:approve', [{ operator: OPERATOR, secret: 'x'.repeat(257) }]],
    ['2001 directory entries', 'vault:operator-import', [new Array(2001).fill((VALID['vault:operator-import'][0] as unknown[])[0])]],
    ['a credential over 64 KiB', 'vault:issue-credential', [{ kind: 'ration-card', credential: { x: 'y'.repeat(70_000) }, created: '2026-03-01T09:00:00Z' }]],
    ['a 20 000-deep credential', 'vault:issue-credential', [{ kind: 'ration-card', credential: deep(20_000), created: '2026-03-01T09:00:00Z' }]],
    ['a plaintext over the seal limit', 'vault:seal', [{ plaintext: new Uint8Array(MAX_SEAL_PLAINTEXT_BYTES + 1) }]],
    ['a data-key kid to seal with', 'vault:seal', [{ plaintext: new Uint8Array(1), kid: BLOB.kid }]],
    ['a single request, not a list, to seal many', 'vault:seal-many', [{ plaintext: new Uint8Array(1) }]],
    ['no request to seal many', 'vault:seal-many', [[]]],
    [`${MAX_SEAL_MANY + 1} requests to seal many`, 'vault:seal-many', [new Array(MAX_SEAL_MANY + 1).fill({ plaintext: new Uint8Array(1) })]],
    [
      `more than ${MAX_SEAL_MANY_BYTES} bytes to seal in all`,
      'vault:seal-many',
      [new Array(Math.ceil(MAX_SEAL_MANY_BYTES / MAX_SEAL_PLAINTEXT_BYTES) + 1).fill({ plaintext: new Uint8Array(MAX_SEAL_PLAINTEXT_BYTES) })],
    ],
    ['a plaintext over the seal limit among many', 'vault:seal-many', [[{ plaintext: new Uint8Array(1) }, { plaintext: new Uint8Array(MAX_SEAL_PLAINTEXT_BYTES + 1) }]]],
    ['a string plaintext among many', 'vault:seal-many', [[{ plaintext: 'secret' }]]],
    ['a data-key kid among many', 'vault:seal-many', [[{ plaintext: new Uint8Array(1), kid: BLOB.kid }]]],
    ['a second argument to seal many', 'vault:seal-many', [[{ plaintext: new Uint8Array(1) }], { kid: KID }]],
    ['a single request, not a list, to open many', 'vault:open-many', [{ blob: BLOB }]],
    ['a bare blob to open among many', 'vault:open-many', [[{ blob: BLOB }, BLOB]]],
    ['no blob to open many', 'vault:open-many', [[]]],
    [`${MAX_OPEN_MANY + 1} blobs to open many`, 'vault:open-many', [new Array(MAX_OPEN_MANY + 1).fill({ blob: BLOB })]],
    [
      `more than ${MAX_OPEN_MANY_BYTES} ciphertext bytes to open in all`,
      'vault:open-many',
      [new Array(Math.floor(MAX_OPEN_MANY_BYTES / 49_152) + 1).fill({ blob: { ...BLOB, ct: toBase64url(new Uint8Array(49_152)) } })],
    ],
    ['an empty context among many', 'vault:open-many', [[{ blob: BLOB, context: '' }]]],
    ['an extra field in a request to open', 'vault:open-many', [[{ blob: BLOB, aad: 'x' }]]],
    ['a second argument to open many', 'vault:open-many', [[{ blob: BLOB }], 'HH-0001']],
    ['a recipient with non-zero padding bits', 'vault:site-key-wrap', [{ kid: KID, to: `${TO.slice(0, 42)}B` }]],
  ])('refuses %s with invalid-args', async (_what, channel, args) => {
    const { vault, options } = withVault();
    const answer = await dispatch(channel, APP, args, options);
    expect(answer).toMatchObject({ ok: false, code: 'invalid-args' });
    // A refusal never repeats a secret it was given.
    expect(answer.ok ? '' : answer.message).not.toContain('a long team passphrase');
    expectUntouched(vault);
  });

  it('turns a throwing vault into an internal error', async () => {
    const { vault, options } = withVault();
    vault['seal']!.mockRejectedValueOnce(new Error('disk on fire'));
    const result = await dispatch('vault:seal', APP, VALID['vault:seal'], options);
    expect(result).toMatchObject({ ok: false, code: 'internal' });
    expect(JSON.stringify(result)).not.toContain('disk on fire');
  });
});

describe('dispatch into a locked vault', () => {
  let dir: string | undefined;
  afterEach(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('answers locked to every channel but status, create, unlock and lock, over the safeStorage store', async () => {
    dir = await mkdtemp(join(tmpdir(), 'aidtrail-ipc-'));
    const vault = new Vault({ store: safeStorageVaultStore({ safeStorage: fakeSafeStorage(), dir, platform: 'linux' }), kdf: SMALL_KDF });
    const options: DispatchOptions = { appEntry: APP, deps: { appInfo: () => info, vault, network: stubNetwork() } };
    await expect(dispatch('vault:create', APP, [], options)).resolves.toMatchObject({ ok: true });
    await expect(dispatch('vault:operator-add', APP, VALID['vault:operator-add'], options)).resolves.toMatchObject({ ok: true });
    await expect(dispatch('vault:lock', APP, [], options)).resolves.toEqual(ok(undefined));
    for (const channel of vaultChannels) {
      if (['vault:status', 'vault:create', 'vault:unlock', 'vault:lock'].includes(channel)) continue;
      const answer = await dispatch(channel, APP, VALID[channel], options);
      expect({ channel, code: answer.ok ? 'ok' : answer.code }).toEqual({ channel, code: 'locked' });
    }
    await expect(dispatch('vault:status', APP, [], options)).resolves.toMatchObject({ ok: true, value: { session: null } });
  });
});

describe('dispatch of network:allow', () => {
  const SESSION = { operator: OPERATOR, role: 'field-officer', since: '2026-03-01T09:00:00.000Z' } as const;
  const REQUEST = { url: 'ws://10.0.0.5:4444', kind: 'lan' } as const;

  /** The stub vault with a status whose session is `session`. */
  const withSession = (session: typeof SESSION | null) => {
    const setup = withVault();
    setup.vault['vaultStatus']!.mockResolvedValue(ok({ device: DEVICE, issuer: DEVICE, agreement: TO, session, operators: [], head: null }));
    return setup;
  };

  it('refuses a locked vault with locked, and the policy never sees the address', async () => {
    const { network, options } = withSession(null);
    await expect(dispatch('network:allow', APP, [REQUEST], options)).resolves.toMatchObject({ ok: false, code: 'locked' });
    expect(network.allow).not.toHaveBeenCalled();
  });

  it('refuses with locked when the vault cannot say who is signed in', async () => {
    const { vault, network, options } = withVault();
    vault['vaultStatus']!.mockResolvedValue({ ok: false, code: 'vault-unreadable', message: 'damaged' });
    await expect(dispatch('network:allow', APP, [REQUEST], options)).resolves.toMatchObject({ ok: false, code: 'locked' });
    expect(network.allow).not.toHaveBeenCalled();
  });

  it('hands the address of any signed-in operator to the policy, and its answer back', async () => {
    const { network, options } = withSession(SESSION);
    await expect(dispatch('network:allow', APP, [REQUEST], options)).resolves.toEqual(ok({ added: true, reload: true }));
    expect(network.allow).toHaveBeenCalledExactlyOnceWith(REQUEST.url, REQUEST.kind);
    network.allow.mockResolvedValueOnce({ ok: false, code: 'invalid', message: 'not an origin' } as never);
    await expect(dispatch('network:allow', APP, [{ url: 'https://hq.example.org', kind: 'hq' }], options)).resolves.toMatchObject({ ok: false, code: 'invalid' });
  });

  it('refuses a caller that is not the app before anything else', async () => {
    const { vault, network, options } = withSession(SESSION);
    await expect(dispatch('network:allow', 'https://evil.example/', [REQUEST], options)).resolves.toMatchObject({ ok: false, code: 'forbidden' });
    expect(vault['vaultStatus']).not.toHaveBeenCalled();
    expect(network.allow).not.toHaveBeenCalled();
  });

  it.each<[string, unknown[]]>([
    ['no argument', []],
    ['an extra argument', [REQUEST, REQUEST]],
    ['a bare string', ['ws://10.0.0.5:4444']],
    ['null', [null]],
    ['an array', [[REQUEST]]],
    ['a missing kind', [{ url: REQUEST.url }]],
    ['a missing url', [{ kind: 'lan' }]],
    ['another kind', [{ ...REQUEST, kind: 'any' }]],
    ['a number url', [{ ...REQUEST, url: 4444 }]],
    ['an empty url', [{ ...REQUEST, url: '' }]],
    ['a 201-character url', [{ ...REQUEST, url: `ws://${'a'.repeat(196)}` }]],
    ['a 10 MB url', [{ ...REQUEST, url: 'x'.repeat(10_000_000) }]],
    ['an extra key', [{ ...REQUEST, csp: "'unsafe-eval'" }]],
    ['a 20 000-deep object', [deep(20_000)]],
  ])('refuses %s with invalid-args before the vault or the policy sees it', async (_what, args) => {
    const { vault, network, options } = withSession(SESSION);
    const answer = await dispatch('network:allow', APP, args, options);
    expect(answer).toMatchObject({ ok: false, code: 'invalid-args' });
    expect(answer.ok || answer.message.length < 10_000).toBe(true);
    expect(vault['vaultStatus']).not.toHaveBeenCalled();
    expect(network.allow).not.toHaveBeenCalled();
  });
});

describe('network:allow over a real vault and policy', () => {
  let dir: string | undefined;
  afterEach(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('allows nothing while locked, and an address once an operator is signed in', async () => {
    dir = await mkdtemp(join(tmpdir(), 'aidtrail-ipc-network-'));
    const vault = new Vault({ store: safeStorageVaultStore({ safeStorage: fakeSafeStorage(), dir, platform: 'linux' }), kdf: SMALL_KDF });
    const network = new ConnectPolicy({ userData: dir, mode: 'production', sources: {}, log: () => undefined });
    const options: DispatchOptions = { appEntry: APP, deps: { appInfo: () => info, vault, network } };
    const request = { url: 'wss://lead.local:4444', kind: 'lan' };
    await expect(dispatch('network:allow', APP, [request], options)).resolves.toMatchObject({ ok: false, code: 'locked' });
    await expect(dispatch('vault:create', APP, [], options)).resolves.toMatchObject({ ok: true });
    // Created, no operator yet: still nobody signed in.
    await expect(dispatch('network:allow', APP, [request], options)).resolves.toMatchObject({ ok: false, code: 'locked' });
    await expect(dispatch('vault:operator-add', APP, [{ name: 'Omar Officer', role: 'field-officer', secret: '2580' }], options)).resolves.toMatchObject({ ok: true });
    await expect(dispatch('network:allow', APP, [request], options)).resolves.toEqual(ok({ added: true, reload: true }));
    expect(network.csp()).toContain('wss://lead.local:4444');
    await expect(dispatch('vault:lock', APP, [], options)).resolves.toEqual(ok(undefined));
    await expect(dispatch('network:allow', APP, [{ url: 'ws://10.0.0.9:4444', kind: 'lan' }], options)).resolves.toMatchObject({ ok: false, code: 'locked' });
    expect(network.csp()).not.toContain('10.0.0.9');
  });
});

describe('registerIpcHandlers', () => {
  it('registers every channel of the contract and passes the sender frame URL', async () => {
    const registered = new Map<string, (event: unknown, ...args: unknown[]) => unknown>();
    const ipcMain = {
      handle: (channel: string, listener: (event: unknown, ...args: unknown[]) => unknown) => {
        registered.set(channel, listener);
      },
    } as unknown as IpcMain;
    const { options } = withVault();
    registerIpcHandlers(ipcMain, options);
    expect([...registered.keys()].sort()).toEqual([...ipcChannels].sort());
    const handler = registered.get('app:get-info');
    await expect(handler?.({ senderFrame: { url: APP } })).resolves.toEqual({ ok: true, value: info });
    await expect(handler?.({ senderFrame: null })).resolves.toMatchObject({ ok: false, code: 'forbidden' });
  });
});

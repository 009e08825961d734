/**
 * The desktop vault as electron/main/index.ts starts it, with stand-ins for
 * safeStorage, powerMonitor and app: a laptop with a vault from before issue
 * 13 keeps its identity and its sealed records, the old files go once the
 * new vault holds their keys, and the vault locks on the screen lock, on
 * suspend, when the last window closes and when idle.
 */
import { EventEmitter } from 'node:events';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { equalBytes, utf8 } from '../../shared/bytes';
import type { NewEventEntry } from '../../shared/events/envelope';
import { eventId } from '../../shared/events/sign';
import { wrapSiteKey } from '../../shared/vault-wrap';
import { SMALL_KDF } from '../../shared/vault/test-support';
import { DEFAULT_IDLE_LOCK_MS } from '../../shared/vault/vault';
import { IDLE_CHECK_MS, startDesktopVault, type DesktopVaultOptions, type StartedVault } from './desktop-vault';
import { fakeSafeStorage, type FakeSafeStorage } from './fake-safe-storage';
import { sealV1, writeV1Vault } from './legacy-vault-fixture';

const LEAD = { name: 'Amina Lead', role: 'team-lead', secret: '2580' } as const;

let userData: string;
let safeStorage: FakeSafeStorage;
let started: StartedVault[];
let powerMonitor: EventEmitter;
let app: EventEmitter;
let log: ReturnType<typeof vi.fn<(message: string, cause?: unknown) => void>>;

beforeEach(async () => {
  userData = await mkdtemp(join(tmpdir(), 'aidtrail-desktop-'));
  safeStorage = fakeSafeStorage();
  started = [];
  powerMonitor = new EventEmitter();
  app = new EventEmitter();
  log = vi.fn<(message: string, cause?: unknown) => void>();
});
afterEach(async () => {
  for (const { stop } of started) stop();
  vi.useRealTimers();
  await rm(userData, { recursive: true, force: true });
});

function start(more: Partial<DesktopVaultOptions> = {}) {
  const desktop = startDesktopVault({ userData, safeStorage, platform: 'linux', powerMonitor, app, log, kdf: SMALL_KDF, ...more });
  started.push(desktop);
  return desktop.vault;
}

const value = <T>(result: { ok: true; value: T } | { ok: false; code: string; message: string }): T => {
  if (!result.ok) throw new Error(`${result.code}: ${result.message}`);
  return result.value;
};

const oldFiles = async () => (await readdir(userData)).filter((name) => name.startsWith('key-vault')).sort();

describe('startDesktopVault: adopting the vault from before issue 13', () => {
  it('keeps the device and issuer did:keys and the agreement key; blobs sealed by the old vault open after unlock', async () => {
    const v1 = await writeV1Vault({ userData, safeStorage, siteKeys: 2 });
    const byData = sealV1(v1.dataKey, utf8('Amina, +000 0000'), 'HH-0001');
    const unbound = sealV1(v1.dataKey, utf8('sealed before contexts'));
    const bySite = sealV1(v1.siteKeys[1]!, utf8('site record'), 'HH-0002');
    const vault = start();

    const keys = value(await vault.vaultCreate());
    expect(keys).toEqual({ device: v1.device.did, issuer: v1.issuer.did, agreement: v1.agreement!.public });
    // Locked until an operator exists and signs in.
    await expect(vault.open(byData, 'HH-0001')).resolves.toMatchObject({ ok: false, code: 'locked' });
    const { id } = value(await vault.operatorAdd(LEAD));
    expect(value(await vault.open(byData, 'HH-0001'))).toEqual(utf8('Amina, +000 0000'));
    expect(value(await vault.open(unbound))).toEqual(utf8('sealed before contexts'));
    expect(value(await vault.open(bySite, 'HH-0002'))).toEqual(utf8('site record'));
    expect([...value(await vault.siteKeys())].sort()).toEqual(v1.siteKeys.map((k) => k.kid).sort());
    // The data key keeps its id: new blobs go under the same key.
    expect(value(await vault.seal({ plaintext: utf8('x') })).kid).toBe(v1.dataKey.kid);

    // After a restart (with the old files gone), the same: the keys are the new vault's now.
    const restarted = start();
    expect(value(await restarted.vaultStatus())).toMatchObject({ device: v1.device.did, issuer: v1.issuer.did, session: null });
    value(await restarted.unlock({ operator: id, secret: LEAD.secret }));
    expect(value(await restarted.open(bySite, 'HH-0002'))).toEqual(utf8('site record'));
  });

  it("continues the old vault's event chain once, then follows its own head", async () => {
    const v1 = await writeV1Vault({ userData, safeStorage });
    const vault = start();
    value(await vault.vaultCreate());
    value(await vault.operatorAdd(LEAD));
    // The kit's log had events #1–#41 from the old vault: the first call continues it after the log's head.
    const entry: NewEventEntry = { type: 'stock', at: '2026-03-01T09:00:00.000Z', body: { direction: 'received', items: [{ code: 'rice', qty: 1, unit: 'kg' }] } };
    const logHead = { seq: 41, id: 'b'.repeat(64) };
    const [event] = value(await vault.signEvents([entry], logHead));
    expect(event).toMatchObject({ device: v1.device.did, seq: 42, prev: logHead.id });
    expect(value(await vault.vaultStatus()).head).toEqual({ seq: 42, id: eventId(event!) });
    await expect(vault.signEvents([entry], { seq: 6, id: logHead.id })).resolves.toMatchObject({ ok: false, code: 'out-of-order' });
  });

  it('accepts a site key wrapped to the adopted agreement key', async () => {
    const v1 = await writeV1Vault({ userData, safeStorage, siteKeys: 0 });
    const vault = start();
    value(await vault.vaultCreate());
    value(await vault.operatorAdd(LEAD));
    const key = new Uint8Array(32).fill(7);
    const wrapped = value(wrapSiteKey(key, 'sk-00112233445566ff', v1.agreement!.public));
    expect(value(await vault.siteKeyAccept(wrapped))).toEqual({ kid: 'sk-00112233445566ff' });
  });

  it('deletes the old files once the new vault holds their keys, and not before', async () => {
    await writeV1Vault({ userData, safeStorage, siteKeys: 1 });
    const files = await oldFiles();
    expect(files).toHaveLength(3);
    const vault = start();
    await new Promise((resolve) => setTimeout(resolve, 50));
    // Started, not created: the old files are all there is.
    expect(await oldFiles()).toEqual(files);
    value(await vault.vaultCreate());
    expect(await oldFiles()).toEqual([]);
    expect(log).toHaveBeenCalledWith(expect.stringContaining('files were deleted'));
  });

  it("deletes old files left behind by an earlier start at the next start, but never another identity's", async () => {
    await writeV1Vault({ userData, safeStorage, siteKeys: 1 });
    const copies = await Promise.all((await oldFiles()).map(async (name) => [name, await readFile(join(userData, name))] as const));
    value(await start().vaultCreate());
    expect(await oldFiles()).toEqual([]);
    // As if their deletion had failed: the files are back.
    for (const [name, bytes] of copies) await writeFile(join(userData, name), bytes);
    start();
    await vi.waitFor(async () => expect(await oldFiles()).toEqual([]));

    // Files of another identity (not what this vault took over) stay.
    await writeV1Vault({ userData, safeStorage });
    const foreign = await oldFiles();
    start();
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(await oldFiles()).toEqual(foreign);
  });

  it('refuses to create anything when the old files cannot be read, and leaves them', async () => {
    await writeV1Vault({ userData, safeStorage });
    safeStorage = fakeSafeStorage();
    const answer = await start().vaultCreate();
    expect(answer).toMatchObject({ ok: false, code: 'vault-unreadable' });
    expect(await oldFiles()).toHaveLength(3);
    // Nothing was written: no vault directory at all.
    await expect(readdir(join(userData, 'vault'))).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('creates a fresh vault when there is no old one', async () => {
    const keys = value(await start().vaultCreate());
    expect(keys.device).toMatch(/^did:key:z6Mk/);
    expect(await readdir(join(userData, 'vault'))).toContain('device.bin');
  });
});

describe('startDesktopVault: locking', () => {
  async function signedIn(more: Partial<DesktopVaultOptions> = {}) {
    const vault = start(more);
    value(await vault.vaultCreate());
    value(await vault.operatorAdd(LEAD));
    return vault;
  }
  const session = async (vault: Awaited<ReturnType<typeof signedIn>>) => value(await vault.vaultStatus()).session;

  it.each([
    ['the screen locks', () => powerMonitor.emit('lock-screen')],
    ['the laptop suspends', () => powerMonitor.emit('suspend')],
    ['every window closed', () => app.emit('window-all-closed')],
  ])('locks when %s', async (_when, emit) => {
    const vault = await signedIn();
    expect(await session(vault)).not.toBeNull();
    emit();
    expect(await session(vault)).toBeNull();
    await expect(vault.seal({ plaintext: new Uint8Array(1) })).resolves.toMatchObject({ ok: false, code: 'locked' });
  });

  it('locks an idle session on its timer, without any call', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    let now = Date.parse('2026-03-01T08:00:00.000Z');
    const vault = await signedIn({ now: () => new Date(now) });
    const lockIfIdle = vi.spyOn(vault, 'lockIfIdle');
    now += DEFAULT_IDLE_LOCK_MS;
    vi.advanceTimersByTime(IDLE_CHECK_MS);
    expect(lockIfIdle).toHaveReturnedWith(true);
    expect(await session(vault)).toBeNull();
  });

  it('keeps its records under <userData>/vault, safeStorage-encrypted', async () => {
    await signedIn();
    const names = (await readdir(join(userData, 'vault'))).sort();
    expect(names).toEqual(['chain.bin', 'device.bin', 'operators.bin', 'setup.bin', 'site-keys.bin']);
    for (const name of names) {
      const bytes = await readFile(join(userData, 'vault', name));
      expect(bytes.toString('latin1')).not.toContain('aidtrail-vault');
      expect(equalBytes(bytes.subarray(0, 21), utf8('fake-safe-storage:v1:'))).toBe(true);
    }
  });
});

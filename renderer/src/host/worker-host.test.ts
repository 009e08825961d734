/**
 * The page's side of the vault worker with a stand-in worker: calls held until
 * it runs, answers matched by id, and what happens when it never starts or
 * stops. With the stand-in running the worker's own handler
 * (./vault-worker-handler.ts) over a browser host, the whole HostApi contract
 * runs through the worker protocol here; test/e2e/browser-host.spec.ts runs it
 * through a real worker in Chromium.
 */
import { IDBFactory } from 'fake-indexeddb';
import { describe, expect, it, vi } from 'vitest';
import type { HostApi } from '../../../shared/ipc';
import { ok } from '../../../shared/result';
import { BROWSER_HOST_INFO, createBrowserHost, type BrowserHostOptions } from './browser-host';
import { describeHostContract } from './host-contract';
import { LEAD, loose } from './host-contract-support';
import { createMemoryHost, MEMORY_HOST_KDF } from './memory-host';
import { answerVaultRequest, type VaultRequest, type VaultWorkerMessage } from './vault-worker-handler';
import { createWorkerHost, WORKER_STOPPED, type WorkerHostOptions } from './worker-host';

/**
 * A stand-in for the vault's worker. What the page posts arrives cloned, as
 * across a real boundary (a function throws `DataCloneError`, as postMessage
 * does). Given a host, it runs the worker's handler over it and says `ready`
 * on its own; otherwise the test says `ready` and answers.
 */
class FakeWorker extends EventTarget {
  readonly received: VaultRequest[] = [];
  terminated = false;

  constructor(private readonly host?: HostApi) {
    super();
    if (host) queueMicrotask(() => this.emit({ ready: true }));
  }

  postMessage(message: unknown): void {
    const data = structuredClone(message) as VaultRequest;
    this.received.push(data);
    if (this.host) void answerVaultRequest(this.host, data).then((reply) => reply && this.emit(structuredClone(reply)));
  }

  terminate(): void {
    this.terminated = true;
  }

  emit(data: VaultWorkerMessage): void {
    if (!this.terminated) this.dispatchEvent(new MessageEvent('message', { data }));
  }

  get asWorker(): Worker {
    return this as unknown as Worker;
  }
}

const browserOptions = (indexedDB: IDBFactory, now?: () => Date): BrowserHostOptions => ({
  indexedDB,
  kdf: MEMORY_HOST_KDF,
  idleCheckMs: 0,
  locks: null,
  log: () => undefined,
  ...(now && { now }),
});

/** A worker host over what `start` makes, its page vault `onPage`, its notes in `log`. */
function hostOver(start: () => Worker, onPage: () => HostApi = () => createMemoryHost()): { host: HostApi; log: ReturnType<typeof vi.fn> } {
  const log = vi.fn();
  const options: WorkerHostOptions = { start, onPage, log };
  return { host: createWorkerHost(options), log };
}

const PLAIN = new Uint8Array([1, 2, 3]);

describeHostContract(
  'worker host (a stand-in worker running the vault worker’s handler)',
  () => {
    const indexedDB = new IDBFactory();
    return { open: (open) => hostOver(() => new FakeWorker(createBrowserHost(browserOptions(indexedDB, open?.now))).asWorker).host };
  },
  { describe, it },
);

describe('worker host', () => {
  it('holds calls until the worker runs, then sends them in order, each with its own id', () => {
    const worker = new FakeWorker();
    const { host } = hostOver(() => worker.asWorker);
    void host.vaultStatus();
    void host.siteKeys();
    expect(worker.received).toEqual([]);
    worker.emit({ ready: true });
    expect(worker.received.map(({ method, args }) => [method, args])).toEqual([
      ['vaultStatus', []],
      ['siteKeys', []],
    ]);
    expect(new Set(worker.received.map(({ id }) => id)).size).toBe(2);
  });

  it('gives each call the answer to its id, whatever the order; an answer to an unknown or answered id changes nothing', async () => {
    const worker = new FakeWorker();
    const { host } = hostOver(() => worker.asWorker);
    worker.emit({ ready: true });
    const status = host.vaultStatus();
    const keys = host.siteKeys();
    const [first, second] = worker.received;
    worker.emit({ id: second!.id, answer: ok(['sk-0123456789abcdef']) });
    worker.emit({ id: 999, answer: ok('asked by nobody') });
    worker.emit({ id: second!.id, answer: ok(['answered twice']) });
    worker.emit({ id: first!.id, answer: ok('the status') });
    await expect(keys).resolves.toEqual(ok(['sk-0123456789abcdef']));
    await expect(status).resolves.toEqual(ok('the status'));
  });

  it('answers getInfo itself, without the worker', async () => {
    const worker = new FakeWorker();
    const { host } = hostOver(() => worker.asWorker);
    await expect(host.getInfo()).resolves.toEqual(ok(BROWSER_HOST_INFO));
    expect(worker.received).toEqual([]);
  });

  it('refuses arguments that cannot be sent as invalid-args, without sending them, and goes on', async () => {
    const worker = new FakeWorker(createMemoryHost());
    const { host, log } = hostOver(() => worker.asWorker);
    const refused = await loose(host).seal!({ plaintext: () => PLAIN });
    expect(refused).toMatchObject({ ok: false, code: 'invalid-args', message: expect.stringContaining('DataCloneError') });
    expect(worker.received).toEqual([]);
    await expect(host.vaultStatus()).resolves.toMatchObject({ ok: true });
    expect(log).not.toHaveBeenCalled();
  });

  for (const failure of ['error', 'messageerror'] as const) {
    it(`answers every call the worker held ${WORKER_STOPPED.code} when it stops (${failure}), and sends the later ones to a vault on the page`, async () => {
      const worker = new FakeWorker();
      const onPage = createMemoryHost();
      const { host, log } = hostOver(() => worker.asWorker, () => onPage);
      worker.emit({ ready: true });
      const held = [host.vaultStatus(), host.seal({ plaintext: PLAIN })];
      worker.dispatchEvent(new Event(failure));
      expect(await Promise.all(held)).toEqual([WORKER_STOPPED, WORKER_STOPPED]);
      expect(WORKER_STOPPED.message).toMatch(/vault worker stopped.*sign in again/);
      expect(worker.terminated).toBe(true);
      await expect(host.vaultCreate()).resolves.toMatchObject({ ok: true });
      await expect(onPage.vaultStatus()).resolves.toMatchObject({ ok: true, value: { device: expect.stringMatching(/^did:key:/) } });
      expect(worker.received).toHaveLength(2);
      expect(log).toHaveBeenCalledOnce();
      expect(log.mock.calls[0]![0]).toMatch(/^vault worker: stopped \(.+\); the vault runs on the page/);
    });
  }

  it('makes on the page the calls held for a worker that never started: none of them reached a vault', async () => {
    const worker = new FakeWorker();
    const { host, log } = hostOver(() => worker.asWorker);
    const created = host.vaultCreate();
    worker.dispatchEvent(new Event('error'));
    await expect(created).resolves.toMatchObject({ ok: true });
    expect(worker.received).toEqual([]);
    expect(log.mock.calls[0]![0]).toMatch(/^vault worker: did not start/);
  });

  it('runs every call on the page when no worker can be made', async () => {
    const { host, log } = hostOver(() => {
      throw new Error('refused by the content security policy');
    });
    await expect(host.vaultCreate()).resolves.toMatchObject({ ok: true });
    await expect(host.vaultStatus()).resolves.toMatchObject({ ok: true, value: { device: expect.stringMatching(/^did:key:/) } });
    expect(log).toHaveBeenCalledWith('vault worker: did not start (refused by the content security policy); the vault runs on the page');
  });

  it('loses nothing when the worker stops: the vault on the page has its records, locked until the operator signs in again', async () => {
    const indexedDB = new IDBFactory();
    const worker = new FakeWorker(createBrowserHost(browserOptions(indexedDB)));
    const { host } = hostOver(() => worker.asWorker, () => createBrowserHost(browserOptions(indexedDB)));
    const keys = await host.vaultCreate();
    const lead = await host.operatorAdd(LEAD);
    const sealed = await host.seal({ plaintext: PLAIN, context: 'HH-0001' });
    if (!keys.ok || !lead.ok || !sealed.ok) throw new Error('the vault in the worker did not start');

    worker.dispatchEvent(new Event('error'));
    await expect(host.open(sealed.value, 'HH-0001')).resolves.toMatchObject({ ok: false, code: 'locked' });
    await expect(host.vaultStatus()).resolves.toMatchObject({ ok: true, value: { device: keys.value.device, session: null } });
    await expect(host.unlock({ operator: lead.value.id, secret: LEAD.secret })).resolves.toMatchObject({ ok: true });
    await expect(host.open(sealed.value, 'HH-0001')).resolves.toEqual(ok(PLAIN));
  });
});

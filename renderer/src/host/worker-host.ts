/**
 * The browser build's `HostApi` with the vault in a dedicated worker
 * (./vault-worker.ts, issue 14): the page posts each call and the worker
 * answers it, so Argon2id, sealing and signing leave the page's thread free
 * for storing, and the keys sit in the worker's heap, not the page's, as in
 * the desktop app they sit in the main process. The worker parses every
 * argument (./vault-worker-handler.ts); this side only carries calls.
 *
 * The worker starts with the host, its listeners with it: a message a worker
 * posts before anyone listens (its `ready` too) is lost.
 *
 * Failure; in either case the vault's records stay in IndexedDB:
 * - A worker that cannot be made or never starts was sent nothing (calls wait
 *   for its `ready`), so the page makes those calls and every later one
 *   itself, with the same vault (`createBrowserHost`).
 * - A worker that stops after it started (`error`, `messageerror`) took its
 *   session with it: each call it held answers `WORKER_STOPPED`, and later
 *   calls go to a vault on the page, which has no session: its gated calls
 *   answer `locked`, and the kit shows its lock screen.
 */
import { hostApiChannels, type AppInfo, type HostApi, type HostApiMethod } from '../../../shared/ipc';
import { err, ok, type Err, type Result } from '../../../shared/result';
import { BROWSER_HOST_INFO, createBrowserHost } from './browser-host';
import type { VaultRequest, VaultWorkerMessage } from './vault-worker-handler';

/** The worker's name, as devtools (and the e2e tests) see it. */
export const VAULT_WORKER_NAME = 'aidtrail-vault';

/**
 * The answer to each call a worker held when it stopped: `internal`, the
 * contract's "the handler failed". Whether the call took effect first cannot
 * be known here: events it signed are in the vault's chain record, which the
 * kit catches its log up from (`vault:signed-batch`) before it signs again;
 * the session is gone either way.
 */
export const WORKER_STOPPED: Err<'internal'> = err('internal', 'the vault worker stopped: sign in again (what the vault stored is kept)');

export type WorkerHostOptions = {
  /** Starts the vault's worker; default ./vault-worker.ts. Tests pass a stand-in or a test entry. */
  readonly start?: () => Worker;
  /** The vault on the page once the worker failed; default `createBrowserHost()`, over the same IndexedDB. */
  readonly onPage?: () => HostApi;
  readonly appInfo?: AppInfo;
  /** Says that the vault moved to the page, and why; default `console.warn`. */
  readonly log?: (message: string) => void;
};

/** The kit's worker, bundled by Vite from the URL (the CSP's `worker-src 'self'` allows it). */
const startWorker = (): Worker => new Worker(new URL('./vault-worker.ts', import.meta.url), { type: 'module', name: VAULT_WORKER_NAME });

type Call = {
  readonly method: HostApiMethod;
  readonly args: readonly unknown[];
  readonly resolve: (answer: Result<unknown> | Promise<Result<unknown>>) => void;
};

type LooseCall = (...args: readonly unknown[]) => Promise<Result<unknown>>;

const reason = (cause: unknown): string => {
  const message = (cause as { message?: unknown } | null)?.message;
  return typeof message === 'string' && message !== '' ? message : String((cause as { type?: unknown } | null)?.type ?? cause);
};

export function createWorkerHost(options: WorkerHostOptions = {}): HostApi {
  const log = options.log ?? ((message: string) => console.warn(message));
  let worker: Worker | undefined;
  let ready = false;
  let failed = false;
  let onPage: HostApi | undefined;
  let next = 0;
  /** Calls made before the worker said it runs: not sent yet. */
  const held: Call[] = [];
  /** Calls sent to the worker, by id, until it answers. */
  const pending = new Map<number, Call>();

  const runOnPage = (call: Call): void => {
    onPage ??= (options.onPage ?? createBrowserHost)();
    call.resolve((onPage[call.method] as LooseCall)(...call.args));
  };

  const fail = (cause: unknown): void => {
    if (failed) return;
    failed = true;
    const started = ready;
    worker?.terminate();
    worker = undefined;
    for (const call of pending.values()) call.resolve(WORKER_STOPPED);
    pending.clear();
    for (const call of held.splice(0)) runOnPage(call);
    log(
      started
        ? `vault worker: stopped (${reason(cause)}); the vault runs on the page now and the operator signs in again`
        : `vault worker: did not start (${reason(cause)}); the vault runs on the page`,
    );
  };

  const post = (to: Worker, call: Call): void => {
    const id = next++;
    pending.set(id, call);
    try {
      to.postMessage({ id, method: call.method, args: call.args } satisfies VaultRequest);
    } catch (cause) {
      // Arguments that cannot be cloned (a function, an object too deep) never reach the vault: refused
      // as the schemas refuse what they cannot read. Only the error's name: its message may quote the value.
      pending.delete(id);
      call.resolve(err('invalid-args', `the arguments cannot be sent to the vault (${(cause as { name?: unknown } | null)?.name ?? 'not cloneable'})`));
    }
  };

  const call = (method: HostApiMethod, args: readonly unknown[]): Promise<Result<unknown>> =>
    new Promise((resolve) => {
      const request: Call = { method, args, resolve };
      if (failed) runOnPage(request);
      else if (ready && worker !== undefined) post(worker, request);
      else held.push(request);
    });

  // Started at once, with its listeners (see above).
  try {
    const made = (options.start ?? startWorker)();
    made.addEventListener('message', ({ data }: MessageEvent<VaultWorkerMessage>) => {
      if ('ready' in data) {
        ready = true;
        for (const request of held.splice(0)) post(made, request);
        return;
      }
      const request = pending.get(data.id);
      // An answer to nothing asked changes nothing.
      if (request === undefined) return;
      pending.delete(data.id);
      request.resolve(data.answer);
    });
    made.addEventListener('error', fail);
    made.addEventListener('messageerror', fail);
    worker = made;
  } catch (cause) {
    // No worker could be made (a policy refused it, say): nothing was sent, so the page makes every call.
    fail(cause);
  }

  const methods = Object.keys(hostApiChannels) as HostApiMethod[];
  const host = Object.fromEntries(methods.map((method) => [method, (...args: readonly unknown[]) => call(method, args)]));
  // getInfo needs no vault: answered here, without a round trip.
  return { ...host, getInfo: () => Promise.resolve(ok(options.appInfo ?? BROWSER_HOST_INFO)) } as unknown as HostApi;
}

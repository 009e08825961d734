/**
 * The message protocol between the page's worker host (./worker-host.ts) and
 * the vault's dedicated worker (./vault-worker.ts), and the worker's side of
 * it as plain functions (unit-tested without a Worker).
 *
 * The worker is to the browser build what the main process is to the desktop
 * app: it holds the vault, and the HostApi it answers through is
 * `hostFromVault`'s, which parses every argument with the shared schemas, as
 * electron/main/ipc.ts does for IPC. What reaches it is treated as untrusted:
 * a message that is not a call it can answer by id is ignored, a call it
 * cannot make is `invalid-args`, and nothing a message holds makes it throw.
 */
import { hostApiChannels, type HostApi, type HostApiMethod } from '../../../shared/ipc';
import { err, type Result } from '../../../shared/result';

/** A HostApi call, page to worker. `id` is the page's, echoed in the reply. */
export type VaultRequest = { readonly id: number; readonly method: HostApiMethod; readonly args: readonly unknown[] };

/** The worker's answer to the call `id`: always a `Result` envelope. */
export type VaultReply = { readonly id: number; readonly answer: Result<unknown> };

/**
 * What the worker posts: replies, and once, before any reply, that it runs.
 * The page holds its calls until then, so a worker that never started has
 * been sent nothing and the page can make those calls itself.
 */
export type VaultWorkerMessage = VaultReply | { readonly ready: true };

/**
 * More arguments than any channel takes (the schemas check the exact count):
 * only a bound, so a huge `args` array is refused before it is spread into a
 * call (a spread of a few hundred thousand items overflows the stack).
 */
export const MAX_CALL_ARGS = 8;

type LooseCall = (...args: readonly unknown[]) => Promise<Result<unknown>>;

const isCallId = (id: unknown): id is number => typeof id === 'number' && Number.isSafeInteger(id) && id >= 0;

/** The worker's answer to one message, or `undefined` for a message without a call id, which cannot be answered. */
export async function answerVaultRequest(host: HostApi, data: unknown): Promise<VaultReply | undefined> {
  if (typeof data !== 'object' || data === null) return undefined;
  const { id, method, args } = data as Partial<Record<keyof VaultRequest, unknown>>;
  if (!isCallId(id)) return undefined;
  // An own key only: `toString` or `__proto__` would reach Object.prototype, not the host.
  if (typeof method !== 'string' || !Object.hasOwn(hostApiChannels, method)) {
    return { id, answer: err('invalid-args', 'not a HostApi method') };
  }
  if (!Array.isArray(args) || args.length > MAX_CALL_ARGS) {
    return { id, answer: err('invalid-args', `arguments must be a list of at most ${MAX_CALL_ARGS}`) };
  }
  try {
    return { id, answer: await (host[method as HostApiMethod] as LooseCall)(...(args as unknown[])) };
  } catch (cause) {
    // hostFromVault answers every failure as a value; a throw here is a bug, answered rather than left pending.
    console.error(`vault worker: ${method} failed`, cause);
    return { id, answer: err('internal', `${method} failed in the vault worker; see the console`) };
  }
}

/** The parts of a dedicated worker's global scope the vault uses. */
export type VaultWorkerScope = {
  postMessage(message: VaultWorkerMessage): void;
  addEventListener(type: 'message' | 'messageerror', listener: (event: MessageEvent<unknown>) => void): void;
};

/** Posts a reply; one that cannot be cloned (a bug) is answered `internal`, so the page's call never hangs. */
function send(scope: VaultWorkerScope, reply: VaultReply): void {
  try {
    scope.postMessage(reply);
  } catch (cause) {
    console.error('vault worker: an answer could not be sent', cause);
    scope.postMessage({ id: reply.id, answer: err('internal', 'the vault worker could not send its answer; see the console') });
  }
}

/** Answers every call posted to `scope` with `host`, then says it runs. */
export function serveVault(scope: VaultWorkerScope, host: HostApi): void {
  scope.addEventListener('message', ({ data }) => {
    void answerVaultRequest(host, data).then((reply) => reply && send(scope, reply));
  });
  scope.addEventListener('messageerror', () => {
    // A call that cannot be read has no id to answer. Thrown, it reaches the page as the worker's
    // `error`, which ends this worker: its pending calls are answered there, not left waiting.
    throw new Error('vault worker: a call could not be read');
  });
  scope.postMessage({ ready: true });
}

/**
 * The session of a `Vault` (./vault.ts): who is signed in, the keys held
 * for them, and the idle lock.
 *
 * Every call first checks the idle time against the injected clock; an
 * operation that succeeds in a session counts as activity (`vaultStatus` and
 * `lock` do not: a screen polling the status must not keep the laptop
 * open). Hosts also call `lockIfIdle` on a timer.
 *
 * Ending a session (lock, idle lock, another operator's unlock, a directory
 * import that disabled the operator) drops it at once, so no new operation
 * gets its keys; the keys themselves are zeroed when the last operation
 * still using them returns, so none ever seals or signs with a zeroed key.
 */
import { err, type Result } from '../result';
import { zero, type KdfParams } from './crypto';
import type { OperatorRecord } from './records';
import { zeroKeyring, type Keyring, type Unlocked } from './state';
import type { VaultSession } from '../ipc';

function release(session: Unlocked): void {
  zeroKeyring(session.keys);
  zero(session.kek);
}

export class Sessions {
  readonly #now: () => Date;
  readonly #idleLockMs: number;
  readonly #log: (message: string) => void;
  #current: Unlocked | undefined;
  #activity = 0;

  constructor(now: () => Date, idleLockMs: number, log: (message: string) => void) {
    if (!(idleLockMs > 0)) throw new RangeError(`the idle lock needs a positive time, not ${idleLockMs}`);
    this.#now = now;
    this.#idleLockMs = idleLockMs;
    this.#log = log;
  }

  get current(): Unlocked | undefined {
    return this.#current;
  }

  lockIfIdle(): boolean {
    if (!this.#current || this.#now().getTime() - this.#activity < this.#idleLockMs) return false;
    this.#log(`vault: locked after ${Math.round(this.#idleLockMs / 1000)} s without activity`);
    this.end();
    return true;
  }

  /** Signs the operator in with these keys (ending any other session); the keys are the session's from now on. */
  begin(operator: OperatorRecord, kek: Uint8Array, kdf: KdfParams, keys: Keyring): VaultSession {
    this.end();
    const since = this.#now();
    this.#current = { operator: operator.id, since: since.toISOString(), kek, kdf, keys, users: 0, closed: false };
    this.#activity = since.getTime();
    return { operator: operator.id, role: operator.role, since: since.toISOString() };
  }

  end(): void {
    const session = this.#current;
    if (!session) return;
    this.#current = undefined;
    session.closed = true;
    if (session.users === 0) release(session);
  }

  /** Runs `task` with the current session's keys held; `locked` (from `refuse`) without a session. Success is activity. */
  async hold<T, C extends string>(
    task: (session: Unlocked) => Promise<Result<T, C>>,
    refuse: () => Promise<Result<never, C>>,
  ): Promise<Result<T, C>> {
    const session = this.#current;
    if (!session) return refuse();
    session.users += 1;
    try {
      const result = await task(session);
      if (result.ok && this.#current === session) this.#activity = this.#now().getTime();
      return result;
    } finally {
      session.users -= 1;
      if (session.closed && session.users === 0) release(session);
    }
  }
}

export const lockedError = (): Result<never, 'locked'> => err('locked', 'no operator is signed in: unlock the vault first (vault:unlock)');

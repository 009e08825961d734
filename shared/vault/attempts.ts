/**
 * How the vault answers wrong operator secrets (issue 13): a pure function of
 * the number of wrong secrets since the last right one.
 *
 *   failures 1–3   no delay: typing slips are free
 *   failures 4–9   a wait before the next try: 5 s, doubling (5, 10, 20, 40, 80, 160 s)
 *   failure 10     locked out: only a team lead's `vault:operator-reset` lets them try again
 *
 * A 4-digit PIN thus gets at most 10 online guesses (1 in 1 000) before a
 * lead must step in. The count and the end of the wait are kept in the
 * vault's operators record, so a restart resets neither. This guards the
 * online path (the lock screen); a copy of the disk with its device layer
 * removed is guarded by Argon2id's cost and the secret's length instead.
 */

/** Wrong secrets that cost nothing. */
export const FREE_FAILURES = 3;
/** The wrong secret that locks the operator out. */
export const MAX_FAILURES = 10;
/** The wait after the first failure that costs one; it doubles with each further one. */
export const FIRST_DELAY_MS = 5_000;

export type AttemptPolicy = {
  /** Milliseconds before the next try is checked (0: at once). */
  readonly delayMs: number;
  /** No try is checked any more until a lead resets the operator. */
  readonly lockedOut: boolean;
};

/** What `failures` wrong secrets in a row mean for the next try. */
export function afterFailures(failures: number): AttemptPolicy {
  if (!Number.isSafeInteger(failures) || failures < 0) throw new RangeError(`a failure count is a whole number ≥ 0, not ${failures}`);
  if (failures >= MAX_FAILURES) return { delayMs: 0, lockedOut: true };
  if (failures <= FREE_FAILURES) return { delayMs: 0, lockedOut: false };
  return { delayMs: FIRST_DELAY_MS * 2 ** (failures - FREE_FAILURES - 1), lockedOut: false };
}

/** Wrong secrets left before a lock-out. */
export const triesLeft = (failures: number): number => Math.max(0, MAX_FAILURES - failures);

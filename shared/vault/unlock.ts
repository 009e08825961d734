/**
 * Checking an operator's secret, for `vault:unlock` and `vault:approve`
 * alike (issue 13). In order, nothing derived before the last of these:
 *
 * 1. `unknown-operator`: no such id, or no slot this laptop can open;
 * 2. `disabled`: a lead disabled them. Checked before Argon2id: the answer
 *    does not depend on the secret, so a disabled operator's secret is never
 *    tested at all (no guesses for free, no second of work). The tag checked
 *    after the slot opens keeps a disk editor from re-enabling them;
 * 3. `locked-out`, then `wait` while `retryAt` is ahead (./attempts.ts);
 * 4. the try is counted (failures + 1, with the wait and lock-out that would
 *    follow) and written BEFORE Argon2id runs, so that stopping the laptop
 *    mid-check cannot buy an uncounted guess; a right secret then resets it;
 * 5. Argon2id of the secret with the operator's parameters gives the KEK,
 *    which opens the local slot (MK), or a portable slot for a held site key
 *    (that site key), whose site slot gives MK;
 * 6. the operator's tag must hold under that MK (./operators.ts).
 *
 * `settle` then writes what a right secret allows: failures cleared, a
 * local slot where there was none (or one wrapped for an older role), and a
 * portable slot for every held site key that lacks one.
 */
import type { DidKey } from '../crypto/did-key';
import type { UnlockRequest } from '../ipc';
import { err, ok, type Result } from '../result';
import { afterFailures, MAX_FAILURES, triesLeft } from './attempts';
import { deriveKek, zero, type KdfParams } from './crypto';
import { canUnlock, tagHolds, withOperator } from './operators';
import type { OperatorRecord, SiteKeyEntry, StoreErrorCode } from './records';
import { makeLocalSlot, makePortableSlot, openLocalSlot, openPortableSlot, openSiteSlot } from './slots';
import { readOperators, readSiteKeys, writeOperators, type Keyring, type VaultContext } from './state';

export type SecretErrorCode = 'unknown-operator' | 'disabled' | 'locked-out' | 'wait' | 'bad-secret';

/** A right secret: the operator as stored before the try, their KEK and parameters, and MK. */
export type CheckedSecret = {
  readonly operator: OperatorRecord;
  readonly kek: Uint8Array;
  readonly kdf: KdfParams;
  readonly mk: Uint8Array;
  readonly operators: readonly OperatorRecord[];
  readonly siteKeys: readonly SiteKeyEntry[];
};

const plural = (n: number, one: string, many: string): string => `${n} ${n === 1 ? one : many}`;

const lockedOut = (id: string): Result<never, 'locked-out'> =>
  err('locked-out', `${id} is locked out after ${MAX_FAILURES} wrong secrets in a row; a team lead can reset them (vault:operator-reset)`);

/** Steps 1–3: the answers that need no secret. */
function precheck(operator: OperatorRecord | undefined, id: string, held: ReadonlySet<string>, now: Date): Result<OperatorRecord, SecretErrorCode> {
  if (!operator) return err('unknown-operator', `no operator ${id} is known on this laptop`);
  if (!canUnlock(operator, held)) {
    return err('unknown-operator', `${id}'s secret cannot be checked on this laptop: it holds no slot of theirs (import the directory, or accept the site key)`);
  }
  if (!operator.active) return err('disabled', `${id} was disabled by a team lead`);
  if (operator.lockedOut) return lockedOut(id);
  if (operator.retryAt !== null && Date.parse(operator.retryAt) > now.getTime()) {
    const seconds = Math.ceil((Date.parse(operator.retryAt) - now.getTime()) / 1000);
    return err('wait', `after ${plural(operator.failures, 'wrong secret', 'wrong secrets')}, ${id} can try again at ${operator.retryAt} (in ${seconds} s)`);
  }
  return ok(operator);
}

/** The operator with one more wrong try counted, as step 4 writes it. */
function counted(operator: OperatorRecord, now: Date): OperatorRecord {
  const failures = operator.failures + 1;
  const policy = afterFailures(failures);
  return {
    ...operator,
    failures,
    retryAt: policy.delayMs > 0 ? new Date(now.getTime() + policy.delayMs).toISOString() : null,
    lockedOut: policy.lockedOut,
  };
}

function wrong(operator: OperatorRecord): Result<never, 'bad-secret' | 'locked-out'> {
  if (operator.lockedOut) return lockedOut(operator.id);
  const left = triesLeft(operator.failures);
  const wait = operator.retryAt === null ? '' : `; the next try is possible at ${operator.retryAt}`;
  return err('bad-secret', `wrong secret for ${operator.id}: ${plural(left, 'try', 'tries')} left before a lock-out${wait}`);
}

/** MK through the operator's slots, given their KEK; undefined when the KEK opens none (a wrong secret). */
function openSlots(
  kek: Uint8Array,
  operator: OperatorRecord,
  siteKeys: readonly SiteKeyEntry[],
  device: DidKey,
): Result<Uint8Array | undefined, 'vault-unreadable'> {
  if (operator.local) return ok(openLocalSlot(kek, operator.local, device, operator.id));
  for (const slot of operator.portable) {
    const entry = siteKeys.find((k) => k.kid === slot.kid);
    if (!entry) continue;
    const siteKey = openPortableSlot(kek, slot, operator.id);
    if (!siteKey) return ok(undefined);
    const mk = openSiteSlot(siteKey, entry, device);
    zero(siteKey);
    if (!mk) return err('vault-unreadable', `the site slot of ${slot.kid} does not open with the site key: the record is damaged`);
    return ok(mk);
  }
  return ok(undefined);
}

/** Steps 1–6 for `request`; the try is counted in the store whatever the outcome, and cleared by `settle`. A lock-out is noted in the host's log. */
export async function checkSecret(
  ctx: VaultContext,
  device: DidKey,
  request: UnlockRequest,
): Promise<Result<CheckedSecret, SecretErrorCode | StoreErrorCode>> {
  const checked = await check(ctx, device, request);
  if (!checked.ok && checked.code === 'locked-out') ctx.log(`vault: ${request.operator} is locked out`);
  return checked;
}

async function check(ctx: VaultContext, device: DidKey, request: UnlockRequest): Promise<Result<CheckedSecret, SecretErrorCode | StoreErrorCode>> {
  const operators = await readOperators(ctx.store, device);
  if (!operators.ok) return operators;
  const siteKeys = await readSiteKeys(ctx.store, device);
  if (!siteKeys.ok) return siteKeys;
  const held = new Set(siteKeys.value.map((k) => k.kid));
  const now = ctx.now();
  const checked = precheck(
    operators.value.find((o) => o.id === request.operator),
    request.operator,
    held,
    now,
  );
  if (!checked.ok) return checked;
  const operator = checked.value;
  const kdf = operator.kdf!;

  const after = counted(operator, now);
  const countedOperators = withOperator(operators.value, after);
  const written = await writeOperators(ctx.store, device, countedOperators);
  if (!written.ok) return written;

  const kek = await deriveKek(request.secret, kdf);
  const mk = openSlots(kek, operator, siteKeys.value, device);
  if (!mk.ok || !mk.value) {
    zero(kek);
    return mk.ok ? wrong(after) : mk;
  }
  if (!tagHolds(mk.value, device, operator)) {
    zero(kek, mk.value);
    return err('vault-unreadable', `the record of ${operator.id} was changed outside the vault (its role or status no longer matches its tag)`);
  }
  return ok({ operator, kek, kdf, mk: mk.value, operators: countedOperators, siteKeys: siteKeys.value });
}

/** Step 7: what a right secret writes. Slots are made with the keyring's MK and site keys. */
export async function settle(
  ctx: VaultContext,
  device: DidKey,
  checked: CheckedSecret,
  keys: Keyring,
): Promise<Result<OperatorRecord, 'vault-unavailable'>> {
  const { operator, kek } = checked;
  const local =
    operator.local && operator.local.role === operator.role
      ? operator.local
      : makeLocalSlot(kek, keys.mk, device, operator.id, operator.role, ctx.random);
  const portable = [...operator.portable];
  for (const [kid, siteKey] of keys.siteKeys) {
    if (!portable.some((slot) => slot.kid === kid)) portable.push(makePortableSlot(kek, siteKey, operator.id, kid, ctx.random));
  }
  const settled: OperatorRecord = { ...operator, failures: 0, retryAt: null, lockedOut: false, local, portable };
  const written = await writeOperators(ctx.store, device, withOperator(checked.operators, settled));
  return written.ok ? ok(settled) : written;
}

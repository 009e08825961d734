/**
 * The team lead's operator administration (`vault:operator-add`,
 * `vault:operator-update`, `vault:operator-reset`), as changes to the
 * operators record, with MK at hand for the slots and tags. Who may call them
 * is the `Vault`'s check, but for the one update a founder who is no lead may
 * make (`updateOperatorAs`).
 */
import { fromBase64url } from '../bytes';
import type { DidKey } from '../crypto/did-key';
import type { OperatorAddRequest, OperatorUpdateRequest } from '../ipc';
import { err, ok, type Result } from '../result';
import { deriveKek, newKdf, zero, type KdfParams } from './crypto';
import { deviceTag, nameTaken, operatorId, operatorNameSchema, tagged, withOperator } from './operators';
import { readRecord, RECORD, setupRecordSchema, type DeviceRecord, type OperatorRecord, type StoreErrorCode } from './records';
import { checkOperatorSecret } from './secret';
import { makeLocalSlot, makePortableSlot } from './slots';
import { openKeyring, readSiteKeys, writeOperators, zeroKeyring, type Keyring, type VaultContext } from './state';

export type AddedOperator = {
  readonly operator: OperatorRecord;
  readonly operators: readonly OperatorRecord[];
  /** The new operator's KEK and its parameters: kept for their session when they are the first operator, zeroed otherwise. */
  readonly kek: Uint8Array;
  readonly kdf: KdfParams;
};

/**
 * The operators with a new one: a fresh Argon2id salt, a local slot for MK
 * and a portable slot for every held site key. Refuses a name already known
 * here (`refused`) and a secret the rules of ./secret.ts refuse (`invalid-args`).
 */
export async function addOperator(
  ctx: VaultContext,
  device: DidKey,
  operators: readonly OperatorRecord[],
  keys: { readonly mk: Uint8Array; readonly siteKeys: ReadonlyMap<string, Uint8Array> },
  request: OperatorAddRequest,
): Promise<Result<AddedOperator, 'invalid-args' | 'refused'>> {
  const name = operatorNameSchema.safeParse(request.name);
  if (!name.success) return err('invalid-args', `vault:operator-add: name: ${name.error.issues[0]?.message ?? 'not a name'}`);
  const secret = checkOperatorSecret(request.secret, request.role);
  if (!secret.ok) return err('invalid-args', `vault:operator-add: secret: ${secret.message}`);
  if (nameTaken(operators, name.data)) {
    return err('refused', 'an operator of that name is already known on this laptop: add a second name or an initial to tell them apart');
  }
  const id = operatorId(device, operators);
  const kdf = newKdf(ctx.kdf, ctx.random);
  const kek = await deriveKek(request.secret, kdf);
  const portable = [...keys.siteKeys].map(([kid, siteKey]) => makePortableSlot(kek, siteKey, id, kid, ctx.random));
  const operator = tagged(keys.mk, device, {
    id,
    name: name.data,
    role: request.role,
    active: true,
    failures: 0,
    retryAt: null,
    lockedOut: false,
    kdf,
    local: makeLocalSlot(kek, keys.mk, device, id, request.role, ctx.random),
    portable,
  });
  return ok({ operator, operators: [...operators, operator], kek, kdf });
}

/**
 * `vault:operator-update` asked by the signed-in operator `self`: a team
 * lead's change (`updateOperator`), or the founder's own promotion. Issue 10:
 * the laptop's founding operator becomes a lead once a lead admits the
 * laptop as a lead's. The vault cannot read certificates, so that one step is
 * taken on the kit's word; peers still accept lead decisions only from a
 * laptop certified as a lead's.
 */
export function updateOperatorAs(
  self: string,
  mk: Uint8Array,
  device: DidKey,
  operators: readonly OperatorRecord[],
  request: OperatorUpdateRequest,
): Result<OperatorRecord[], 'unknown-operator' | 'not-allowed'> {
  const lead = operators.find((o) => o.id === self)?.role === 'team-lead';
  const founderPromotion = request.id === self && request.id === `op-${deviceTag(device)}-1` && request.role === 'team-lead' && request.active === undefined;
  if (!lead && !founderPromotion) return err('not-allowed', 'only a signed-in team lead may do this');
  return founderPromotion ? promoteFounder(mk, device, operators, request.id) : updateOperator(mk, device, operators, self, request);
}

/**
 * The operators with one's role or `active` changed (re-tagged under MK).
 * A lead cannot disable or demote themselves: the laptop would be left
 * without the lead who can reset lock-outs, by the one person who noticed.
 * The changed operator's local slot stays wrapped for the old role until
 * their next right secret re-wraps it (./unlock.ts `settle`).
 */
function updateOperator(
  mk: Uint8Array,
  device: DidKey,
  operators: readonly OperatorRecord[],
  self: string,
  request: OperatorUpdateRequest,
): Result<OperatorRecord[], 'unknown-operator' | 'not-allowed'> {
  const operator = operators.find((o) => o.id === request.id);
  if (!operator) return err('unknown-operator', `no operator ${request.id} is known on this laptop`);
  const role = request.role ?? operator.role;
  const active = request.active ?? operator.active;
  if (request.id === self && (!active || role !== operator.role)) {
    return err('not-allowed', 'a team lead cannot disable or demote themselves; another team lead can');
  }
  return ok(withOperator(operators, tagged(mk, device, { ...operator, role, active })));
}

/** The laptop's founding operator made a team lead (their own session asks; see `updateOperatorAs`). */
function promoteFounder(
  mk: Uint8Array,
  device: DidKey,
  operators: readonly OperatorRecord[],
  id: string,
): Result<OperatorRecord[], 'unknown-operator'> {
  const operator = operators.find((o) => o.id === id);
  if (!operator) return err('unknown-operator', `no operator ${id} is known on this laptop`);
  return ok(withOperator(operators, tagged(mk, device, { ...operator, role: 'team-lead' })));
}

/** The operators with one's wrong tries and lock-out cleared: the recovery. */
export function resetOperator(operators: readonly OperatorRecord[], id: string): Result<OperatorRecord[], 'unknown-operator'> {
  const operator = operators.find((o) => o.id === id);
  if (!operator) return err('unknown-operator', `no operator ${id} is known on this laptop`);
  return ok(withOperator(operators, { ...operator, failures: 0, retryAt: null, lockedOut: false }));
}

export const forget = (added: AddedOperator): void => zero(added.kek);

/**
 * The vault's first operator, added by whoever set the laptop up: MK comes
 * from the setup record (./create.ts), must open the keys, and the operator
 * is written with their slots. The caller signs them in with the keys and
 * KEK answered, then removes the setup record's MK (`tidySetup`).
 */
export async function addFirstOperator(
  ctx: VaultContext,
  device: DeviceRecord,
  request: OperatorAddRequest,
): Promise<Result<{ added: AddedOperator; keys: Keyring }, 'invalid-args' | 'refused' | StoreErrorCode>> {
  const did = device.device;
  const setup = await readRecord(ctx.store, RECORD.setup, setupRecordSchema, did);
  if (!setup.ok) return setup;
  if (!setup.value?.mk) return err('vault-unreadable', 'the vault has no operator and its setup key is gone: it cannot be opened');
  const siteKeys = await readSiteKeys(ctx.store, did);
  if (!siteKeys.ok) return siteKeys;
  const mk = fromBase64url(setup.value.mk);
  const keys = openKeyring(device, siteKeys.value, mk, ctx);
  zero(mk);
  if (!keys.ok) return keys;
  const added = await addOperator(ctx, did, [], keys.value, request);
  const written = added.ok ? await writeOperators(ctx.store, did, added.value.operators) : added;
  if (added.ok && written.ok) return ok({ added: added.value, keys: keys.value });
  zeroKeyring(keys.value);
  if (!added.ok) return added;
  forget(added.value);
  return written as Result<never, StoreErrorCode>;
}

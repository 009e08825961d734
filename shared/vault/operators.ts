/**
 * Operators as the vault keeps them (record format in ./records.ts): ids,
 * names, the roster the lock screen shows, and the tag that binds an
 * operator's name, role and `active` to the vault key, so that only someone
 * holding MK (a signed-in operator, through the vault) can change them.
 */
import { hmac } from '@noble/hashes/hmac.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { z } from 'zod';
import { equalBytes, fromBase64url, toBase64url } from '../bytes';
import { canonicalBytes } from '../canonical';
import type { DidKey } from '../crypto/did-key';
import type { RosterEntry } from '../ipc';
import { normalizeText } from '../search/normalize';
import { operatorTagKey, zero } from './crypto';
import type { OperatorRecord } from './records';

export const MAX_OPERATOR_NAME_LENGTH = 64;

/** An operator's name as a lead types it: trimmed, 1–64 characters, with a letter or digit, no control characters. */
export const operatorNameSchema = z
  .string({ error: 'must be text' })
  .trim()
  .min(1, 'must not be empty')
  .max(MAX_OPERATOR_NAME_LENGTH, `must be at most ${MAX_OPERATOR_NAME_LENGTH} characters`)
  .refine((name) => !/[\p{Cc}\p{Cs}]/u.test(name), { message: 'must not contain control characters' })
  .refine((name) => normalizeText(name) !== '', { message: 'must contain a letter or a digit' });

const ID_PREFIX = 'op-';

/** The device tag in operator ids: the last 6 characters of the device did:key. */
export const deviceTag = (device: DidKey): string => device.slice(-6);

/**
 * The id of a new operator enrolled on this device: `op-`, the device tag,
 * `-` and one more than the highest number this device has given. Ids from
 * other laptops (the directory) carry their own device's tag.
 */
export function operatorId(device: DidKey, operators: readonly { readonly id: string }[]): string {
  const prefix = `${ID_PREFIX}${deviceTag(device)}-`;
  let highest = 0;
  for (const { id } of operators) {
    if (!id.startsWith(prefix)) continue;
    const n = Number(id.slice(prefix.length));
    if (Number.isSafeInteger(n) && n > highest) highest = n;
  }
  return `${prefix}${highest + 1}`;
}

/** Whether an operator with this name (compared as shared/search spells names) is already known here. */
export const nameTaken = (operators: readonly { readonly name: string }[], name: string): boolean => {
  const wanted = normalizeText(name);
  return operators.some((operator) => normalizeText(operator.name) === wanted);
};

type TaggedFields = Pick<OperatorRecord, 'id' | 'name' | 'role' | 'active'>;

function tagBytes(mk: Uint8Array, device: DidKey, operator: TaggedFields): Uint8Array {
  const key = operatorTagKey(mk);
  try {
    const { id, name, role, active } = operator;
    return hmac(sha256, key, canonicalBytes({ device, id, name, role, active }));
  } finally {
    zero(key);
  }
}

/** The operator with a fresh tag under MK (after any change to its name, role or `active`). */
export const tagged = (mk: Uint8Array, device: DidKey, operator: Omit<OperatorRecord, 'tag'>): OperatorRecord => ({
  ...operator,
  tag: toBase64url(tagBytes(mk, device, operator)),
});

/** Whether the stored name, role and `active` are the ones a vault-key holder last wrote. */
export const tagHolds = (mk: Uint8Array, device: DidKey, operator: OperatorRecord): boolean =>
  equalBytes(fromBase64url(operator.tag), tagBytes(mk, device, operator));

/** Whether this laptop can check the operator's secret: a local slot, or a portable slot for a site key held here. */
export const canUnlock = (operator: OperatorRecord, heldKids: ReadonlySet<string>): boolean =>
  operator.kdf !== null && (operator.local !== null || operator.portable.some((slot) => heldKids.has(slot.kid)));

/** The operator as the lock screen sees them at `now` (a `retryAt` already past is left out). */
export const rosterEntry = (operator: OperatorRecord, heldKids: ReadonlySet<string>, now: Date): RosterEntry => ({
  id: operator.id,
  name: operator.name,
  role: operator.role,
  active: operator.active,
  canUnlock: canUnlock(operator, heldKids),
  failures: operator.failures,
  ...(operator.retryAt !== null && Date.parse(operator.retryAt) > now.getTime() ? { retryAt: operator.retryAt } : {}),
  lockedOut: operator.lockedOut,
});

/** The record with one operator replaced (by id) or added. */
export const withOperator = (operators: readonly OperatorRecord[], operator: OperatorRecord): OperatorRecord[] => {
  const at = operators.findIndex((o) => o.id === operator.id);
  return at < 0 ? [...operators, operator] : operators.map((o, i) => (i === at ? operator : o));
};

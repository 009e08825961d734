/**
 * Sealing and the site keys (issue 10), as the older vaults did them, now
 * behind a session: `seal` / `open` (one or many) under the data key or a
 * held site key with the AAD of shared/vault.ts; `siteKeyCreate` makes a
 * key, `siteKeyWrap` seals one to a laptop's X25519 key
 * (shared/vault-wrap.ts), `siteKeyAccept` unwraps one sealed to this vault's
 * key (the same key under a held kid is fine, another one never replaces it).
 *
 * A site key this vault takes in (made or accepted) is kept under MK with a
 * site slot (MK under the site key, ./slots.ts), and the signed-in operator
 * gets a portable slot for it at once; other operators get theirs at their
 * next right secret.
 */
import { equalBytes, toBase64url } from '../bytes';
import type { DidKey } from '../crypto/did-key';
import type { OpenedBlob, OpenRequest, SealedBlob, SealRequest, SiteKeyWrapRequest } from '../ipc';
import { err, ok, type Ok, type Result } from '../result';
import { decodeSealedBlob, isSiteKeyId, sealAad } from '../vault';
import { siteKeyId, unwrapSiteKey, wrapSiteKey, type WrappedSiteKey } from '../vault-wrap';
import { freshIv, KEY_BYTES, zero, type Random } from './crypto';
import { withOperator } from './operators';
import type { StoreErrorCode } from './records';
import { makePortableSlot, makeSiteKeyEntry, openSiteKey } from './slots';
import { readOperators, readSiteKeys, writeOperators, writeSiteKeys, type Keyring, type Unlocked, type VaultContext } from './state';

const notHeld = (kid: string): Result<never, 'no-key'> => err('no-key', `this vault does not hold the site key ${kid}`);

/** Takes into the keyring the site keys another instance over the same store added since this session began. */
export async function refreshSiteKeys(ctx: VaultContext, device: DidKey, keys: Keyring): Promise<Result<readonly string[], StoreErrorCode>> {
  const entries = await readSiteKeys(ctx.store, device);
  if (!entries.ok) return entries;
  for (const entry of entries.value) {
    if (keys.siteKeys.has(entry.kid)) continue;
    const key = openSiteKey(keys.mk, entry, device);
    if (!key) return err('vault-unreadable', `the vault key does not open the site key ${entry.kid}: the record is damaged`);
    keys.siteKeys.set(entry.kid, key);
  }
  return ok(entries.value.map((entry) => entry.kid));
}

/** Refreshes the keyring when `kid` names a site key not held yet; the data key and a held key ask for no read. */
async function ensureHeld(ctx: VaultContext, device: DidKey, keys: Keyring, kid: string | undefined): Promise<Result<unknown, StoreErrorCode>> {
  return kid === undefined || kid === keys.dataKid || keys.siteKeys.has(kid) ? ok(undefined) : refreshSiteKeys(ctx, device, keys);
}

/** A fresh random iv, the record's AAD (shared/vault.ts `sealAad`), through the session's record ciphers. */
async function sealWith(keys: Keyring, request: SealRequest, random: Random): Promise<Result<SealedBlob, 'no-key'>> {
  const kid = request.kid ?? keys.dataKid;
  const key = request.kid === undefined ? keys.dataKey : keys.siteKeys.get(request.kid);
  if (!key) return notHeld(kid);
  const iv = freshIv(random);
  const ct = await keys.ciphers.seal(key, iv, sealAad(kid, request.context), request.plaintext);
  return ok({ alg: 'A256GCM', kid, iv: toBase64url(iv), ct: toBase64url(ct) });
}

/**
 * Every request sealed, in order (`vault:seal-many`), or the first refusal
 * and no blob. The site keys another instance added are read once for the
 * call (when it names one not held yet), not once per request.
 */
export async function sealAll(
  ctx: VaultContext,
  device: DidKey,
  keys: Keyring,
  requests: readonly SealRequest[],
): Promise<Result<SealedBlob[], 'no-key' | StoreErrorCode>> {
  if (requests.some((r) => r.kid !== undefined && !keys.siteKeys.has(r.kid))) {
    const refreshed = await refreshSiteKeys(ctx, device, keys);
    if (!refreshed.ok) return refreshed;
  }
  // All at once: a native cipher answers each asynchronously.
  const sealed = await Promise.all(requests.map((request) => sealWith(keys, request, ctx.random)));
  const refused = sealed.find((r) => !r.ok);
  return refused === undefined ? ok(sealed.map((r) => (r as Ok<SealedBlob>).value)) : refused;
}

/** One request sealed (`vault:seal`). */
export async function sealOne(ctx: VaultContext, device: DidKey, keys: Keyring, request: SealRequest): Promise<Result<SealedBlob, 'no-key' | StoreErrorCode>> {
  const refreshed = await ensureHeld(ctx, device, keys, request.kid);
  return refreshed.ok ? sealWith(keys, request, ctx.random) : refreshed;
}

async function openWith(keys: Keyring, blob: SealedBlob, context: string | undefined): Promise<Result<Uint8Array, 'cannot-decrypt'>> {
  const decoded = decodeSealedBlob(blob, (kid) => (kid === keys.dataKid ? keys.dataKey : keys.siteKeys.get(kid)));
  if (!decoded.ok) return decoded;
  const { key, iv, ct } = decoded.value;
  const opened = await keys.ciphers.open(key, iv, sealAad(blob.kid, context), ct);
  return opened === undefined ? err('cannot-decrypt', 'the ciphertext does not authenticate under this key and context (tampered, foreign or moved)') : ok(opened);
}

/** One blob opened (`vault:open`). */
export async function openOne(
  ctx: VaultContext,
  device: DidKey,
  keys: Keyring,
  blob: SealedBlob,
  context: string | undefined,
): Promise<Result<Uint8Array, 'cannot-decrypt' | StoreErrorCode>> {
  const refreshed = await ensureHeld(ctx, device, keys, blob.kid);
  return refreshed.ok ? openWith(keys, blob, context) : refreshed;
}

/**
 * Every blob opened, in order (`vault:open-many`), each on its own: one that
 * does not open (sealed under a key this laptop never got, or moved, or
 * tampered with) answers `no-key` or `cannot-decrypt` for itself alone. The
 * site keys another instance added are read once for the call (when it names
 * a site key not held yet), not once per blob; another laptop's data key
 * (`dk-`) is never held here, so it asks for no read.
 */
export async function openAll(
  ctx: VaultContext,
  device: DidKey,
  keys: Keyring,
  requests: readonly OpenRequest[],
): Promise<Result<OpenedBlob[], StoreErrorCode>> {
  const held = (kid: string) => kid === keys.dataKid || keys.siteKeys.has(kid);
  if (requests.some(({ blob }) => !held(blob.kid) && isSiteKeyId(blob.kid))) {
    const refreshed = await refreshSiteKeys(ctx, device, keys);
    if (!refreshed.ok) return refreshed;
  }
  return ok(
    await Promise.all(
      requests.map(({ blob, context }): Promise<OpenedBlob> => (held(blob.kid) ? openWith(keys, blob, context) : Promise.resolve(err('no-key', `this vault holds no key ${blob.kid}`)))),
    ),
  );
}

/** The held site key `kid` sealed to another laptop's X25519 key (`vault:site-key-wrap`). */
export async function wrapFor(
  ctx: VaultContext,
  device: DidKey,
  keys: Keyring,
  request: SiteKeyWrapRequest,
): Promise<Result<WrappedSiteKey, 'no-key' | 'invalid-args' | StoreErrorCode>> {
  const refreshed = await ensureHeld(ctx, device, keys, request.kid);
  if (!refreshed.ok) return refreshed;
  const key = keys.siteKeys.get(request.kid);
  if (!key) return notHeld(request.kid);
  const wrapped = wrapSiteKey(key, request.kid, request.to);
  // A low-order `to` is as unusable as a malformed one: the same answer as the schema's.
  return wrapped.ok ? wrapped : err('invalid-args', `vault:site-key-wrap: to: ${wrapped.message}`);
}

/** Keeps a new site key: in the `site-keys` record with its site slot, in the keyring, and in a portable slot of the signed-in operator. */
async function keep(ctx: VaultContext, device: DidKey, session: Unlocked, kid: string, key: Uint8Array): Promise<Result<void, StoreErrorCode>> {
  const entries = await readSiteKeys(ctx.store, device);
  if (!entries.ok) return entries;
  if (entries.value.some((entry) => entry.kid === kid)) throw new Error(`the site key ${kid} is already kept`);
  const entry = makeSiteKeyEntry(session.keys.mk, key, device, kid, ctx.now().toISOString(), ctx.random);
  const written = await writeSiteKeys(ctx.store, device, [...entries.value, entry]);
  if (!written.ok) return written;
  session.keys.siteKeys.set(kid, Uint8Array.from(key));
  const operators = await readOperators(ctx.store, device);
  if (!operators.ok) return operators;
  const operator = operators.value.find((o) => o.id === session.operator);
  if (!operator) return ok(undefined);
  const slot = makePortableSlot(session.kek, key, operator.id, kid, ctx.random);
  const portable = [...operator.portable.filter((s) => s.kid !== kid), slot];
  return writeOperators(ctx.store, device, withOperator(operators.value, { ...operator, portable }));
}

export async function createSiteKey(ctx: VaultContext, device: DidKey, session: Unlocked): Promise<Result<{ kid: string }, StoreErrorCode>> {
  const refreshed = await refreshSiteKeys(ctx, device, session.keys);
  if (!refreshed.ok) return refreshed;
  const kid = siteKeyId(ctx.random(8));
  // 64 random bits: a key already under a fresh id is not a thing that happens, so it is a bug.
  if (session.keys.siteKeys.has(kid)) throw new Error(`a site key ${kid} already existed`);
  const key = ctx.random(KEY_BYTES);
  try {
    const kept = await keep(ctx, device, session, kid, key);
    return kept.ok ? ok({ kid }) : kept;
  } finally {
    zero(key);
  }
}

export async function acceptSiteKey(
  ctx: VaultContext,
  device: DidKey,
  session: Unlocked,
  wrapped: WrappedSiteKey,
): Promise<Result<{ kid: string }, 'cannot-decrypt' | StoreErrorCode>> {
  const unwrapped = unwrapSiteKey(wrapped, session.keys.agreementSecret);
  if (!unwrapped.ok) return unwrapped;
  const key = unwrapped.value;
  try {
    const refreshed = await refreshSiteKeys(ctx, device, session.keys);
    if (!refreshed.ok) return refreshed;
    const held = session.keys.siteKeys.get(wrapped.kid);
    if (held) {
      return equalBytes(held, key)
        ? ok({ kid: wrapped.kid })
        : err('cannot-decrypt', `this vault already holds a different site key under ${wrapped.kid}; it was not replaced`);
    }
    const kept = await keep(ctx, device, session, wrapped.kid, key);
    return kept.ok ? ok({ kid: wrapped.kid }) : kept;
  } finally {
    zero(key);
  }
}

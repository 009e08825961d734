/**
 * The pieces the HostApi contract checks share (`./host-contract*.ts`):
 * fixtures, assertions that throw `ContractViolation`, a clock the checks
 * move, operators, event drafts and test bytes. Framework-free, like the
 * checks, so that they run in vitest and in a page.
 */
import { fromBase64url, toBase64url } from '../../../shared/bytes';
import { didToPublicKey, type DidKey } from '../../../shared/crypto/did-key';
import type { HostApi, OperatorAddRequest, SealedBlob, VaultKeys } from '../../../shared/ipc';
import type { Result } from '../../../shared/result';
import { wrapSiteKey } from '../../../shared/vault-wrap';
import { stockDraft, stockEntries, stockEntry } from '../../../shared/vault/test-support';

/** What a check may ask of a host it opens: the vault's clock (back-off, idle lock). */
export type HostOpenOptions = { readonly now?: () => Date };

/**
 * One empty storage (a temp dir, an IndexedDB database, a memory object) and
 * a way to start hosts over it: a second `open()` models a restart (or a
 * second window or tab) over the same records. Hosts must use cheap Argon2id
 * parameters: the checks derive keys hundreds of times.
 */
export type HostFixture = {
  readonly open: (options?: HostOpenOptions) => HostApi | Promise<HostApi>;
  readonly dispose?: () => void | Promise<void>;
};
export type MakeHostFixture = () => HostFixture | Promise<HostFixture>;

export type HostContractCheck = { readonly name: string; readonly run: () => Promise<void> };

export class ContractViolation extends Error {
  override readonly name = 'ContractViolation';
}

export function check(condition: boolean, message: string): asserts condition {
  if (!condition) throw new ContractViolation(message);
}

const show = (result: Result<unknown>): string => (result.ok ? 'ok' : `${result.code}: ${result.message}`);

export function expectOk<T>(result: Result<T>, what: string): T {
  if (!result.ok) throw new ContractViolation(`${what}: expected ok, got ${show(result)}`);
  return result.value;
}

export function expectErr(result: Result<unknown>, code: string, what: string): void {
  check(!result.ok && result.code === code, `${what}: expected error ${code}, got ${show(result)}`);
  check(!result.ok && result.message.length > 0, `${what}: an error needs a message`);
}

export function publicKey(did: string): Uint8Array {
  const key = didToPublicKey(did);
  if (!key.ok) throw new ContractViolation(`${did} is not an Ed25519 did:key: ${key.message}`);
  return key.value;
}

export const bytes = (length: number, seed = 1): Uint8Array => {
  const out = new Uint8Array(length);
  for (let i = 0; i < length; i++) out[i] = (i * 31 + seed) & 0xff;
  return out;
};

/** Flips one bit of a base64url field's decoded bytes. */
export function flipBit(field: string, byteIndex: number): string {
  const decoded = fromBase64url(field);
  const at = ((byteIndex % decoded.length) + decoded.length) % decoded.length;
  decoded[at]! ^= 0x01;
  return toBase64url(decoded);
}

export async function withFixture(make: MakeHostFixture, body: (fixture: HostFixture) => Promise<void>): Promise<void> {
  const fixture = await make();
  try {
    await body(fixture);
  } finally {
    await fixture.dispose?.();
  }
}

/** A list of checks, each over a fresh fixture. */
export function contractChecks(make: MakeHostFixture): {
  readonly checks: HostContractCheck[];
  readonly add: (name: string, body: (fixture: HostFixture) => Promise<void>) => void;
} {
  const checks: HostContractCheck[] = [];
  return { checks, add: (name, body) => void checks.push({ name, run: () => withFixture(make, body) }) };
}

/** A clock the check moves; hosts opened with it judge back-off and idleness by it. */
export function testClock(start = Date.parse('2026-03-01T08:00:00.000Z')): { readonly now: () => Date; readonly advance: (ms: number) => void } {
  let t = start;
  return { now: () => new Date(t), advance: (ms) => void (t += ms) };
}

// ---------------------------------------------------------------------------
// Operators

export const LEAD: OperatorAddRequest = { name: 'Amina Lead', role: 'team-lead', secret: '2580' };
export const OFFICER: OperatorAddRequest = { name: 'Bilal Field', role: 'field-officer', secret: '1379' };
/** A second lead, with a passphrase instead of a PIN. */
export const LEAD_TWO: OperatorAddRequest = { name: 'Chidi Second', role: 'team-lead', secret: 'cold tea at dawn' };

export async function created(host: HostApi): Promise<VaultKeys> {
  return expectOk(await host.vaultCreate(), 'vaultCreate');
}

/** A created vault whose first operator, `LEAD`, is signed in. */
export async function ready(host: HostApi, first: OperatorAddRequest = LEAD): Promise<{ keys: VaultKeys; lead: string }> {
  const keys = await created(host);
  const { id } = expectOk(await host.operatorAdd(first), 'operatorAdd of the first operator');
  return { keys, lead: id };
}

// ---------------------------------------------------------------------------
// Drafts and placeholders

/** A v2 stock event draft, and the entries `vault:sign-events` makes such drafts from (the vault's own tests use the same). */
export { stockDraft, stockEntries, stockEntry };

/** The X25519 base point (u = 9): a valid public key whose secret nobody here holds. */
export const BASE_POINT = 'CQAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';
/** A well-formed did:key nobody here holds. */
export const STRANGER_DID: DidKey = 'did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK';
export const UNKNOWN_KID = 'sk-0123456789abcdef';

// ---------------------------------------------------------------------------
// Every gated call

/** Calls as untyped renderer code could make them. */
export type LooseHost = Record<string, (...args: unknown[]) => Promise<Result<unknown>>>;
export const loose = (host: HostApi): LooseHost => host as unknown as LooseHost;

/**
 * A well-formed call of every operation a session gates (all but status,
 * create, unlock and lock): arguments the schemas accept, so what answers is
 * the vault, not the boundary.
 */
export function gatedCalls(device = STRANGER_DID): readonly (readonly [string, readonly unknown[]])[] {
  const blob: SealedBlob = { alg: 'A256GCM', kid: 'dk-0000000000000000', iv: 'A'.repeat(16), ct: 'A'.repeat(22) };
  const wrapped = expectOk(wrapSiteKey(bytes(32), UNKNOWN_KID, BASE_POINT), 'wrapSiteKey (reference)');
  return [
    ['approve', [{ operator: 'op-abcdef-1', secret: LEAD.secret }]],
    ['operatorAdd', [OFFICER]],
    ['operatorUpdate', [{ id: 'op-abcdef-1', active: true }]],
    ['operatorReset', [{ id: 'op-abcdef-1' }]],
    ['operatorProfile', [{ id: 'op-abcdef-1', kid: UNKNOWN_KID }]],
    ['operatorImport', [[]]],
    ['signEvents', [[stockEntry(1)]]],
    ['signedBatch', [{ after: 0 }]],
    ['signBatch', [{ v: 1, device, firstSeq: 1, lastSeq: 1, count: 1, root: 'a'.repeat(64) }]],
    ['issueCredential', [{ kind: 'ration-card', credential: {}, created: '2026-03-01T09:00:00Z' }]],
    ['seal', [{ plaintext: bytes(8) }]],
    ['sealMany', [[{ plaintext: bytes(8) }, { plaintext: bytes(8), context: 'HH-0001' }]]],
    ['open', [blob]],
    ['openMany', [[{ blob }, { blob, context: 'HH-0001' }]]],
    ['siteKeyCreate', []],
    ['siteKeyWrap', [{ kid: UNKNOWN_KID, to: BASE_POINT }]],
    ['siteKeyAccept', [wrapped]],
    ['siteKeys', []],
  ];
}

/** Every gated call (but `except`) answers `code`. */
export async function expectAllGated(host: HostApi, code: string, when: string, except: readonly string[] = []): Promise<void> {
  for (const [method, args] of gatedCalls()) {
    if (except.includes(method)) continue;
    const call = loose(host)[method];
    check(typeof call === 'function', `HostApi has no ${method}`);
    expectErr(await call(...args), code, `${method} ${when}`);
  }
}


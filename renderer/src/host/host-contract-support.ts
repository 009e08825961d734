/**
 * The pieces the HostApi contract checks share (`./host-contract.ts`,
 * `./host-contract-site-keys.ts`): fixtures, assertions that throw
 * `ContractViolation`, and test bytes. Framework-free, like the checks, so
 * that they run in vitest and in a page.
 */
import { fromBase64url, toBase64url } from '../../../shared/bytes';
import { didToPublicKey } from '../../../shared/crypto/did-key';
import type { HostApi, VaultKeys } from '../../../shared/ipc';
import type { Result } from '../../../shared/result';

/**
 * One empty storage (a temp dir, an IndexedDB database, a memory object) and
 * a way to start hosts over it: a second `open()` models a restart, a second
 * window or a second tab over the same keys.
 */
export type HostFixture = {
  readonly open: () => HostApi | Promise<HostApi>;
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

export async function created(host: HostApi): Promise<VaultKeys> {
  return expectOk(await host.vaultCreate(), 'vaultCreate');
}

/** A list of checks, each over a fresh fixture. */
export function contractChecks(make: MakeHostFixture): {
  readonly checks: HostContractCheck[];
  readonly add: (name: string, body: (fixture: HostFixture) => Promise<void>) => void;
} {
  const checks: HostContractCheck[] = [];
  return { checks, add: (name, body) => void checks.push({ name, run: () => withFixture(make, body) }) };
}

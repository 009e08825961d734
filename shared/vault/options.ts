/**
 * What a host passes to `new Vault` (./vault.ts), and the context
 * (./state.ts) every operation runs in, made from it: the defaults filled in
 * and the Argon2id cost checked once, at construction, rather than at the
 * first `vault:operator-add` that would write a slot with it.
 */
import type { Adopt } from './create';
import { DEFAULT_KDF, defaultRandom, KDF_LIMITS, type KdfCost, type Random } from './crypto';
import type { NativeSigning } from './device-key';
import type { NativeAes } from './record-cipher';
import type { VaultContext } from './state';
import type { VaultStore } from './store';

/** Ten minutes without a successful operation lock the vault. */
export const DEFAULT_IDLE_LOCK_MS = 10 * 60 * 1000;

export type VaultOptions = {
  readonly store: VaultStore;
  readonly now?: () => Date;
  /** Cryptographically random bytes; `crypto.getRandomValues` by default. */
  readonly random?: Random;
  /** Argon2id cost of new operator slots (`DEFAULT_KDF`: m = 65 536 KiB, t = 3, p = 1, RFC 9106's second option). */
  readonly kdf?: KdfCost;
  readonly idleLockMs?: number;
  /** Fixed device and issuer seeds for `vault:create` (tests and fixtures). */
  readonly seeds?: { readonly device: Uint8Array; readonly issuer: Uint8Array };
  /** The keys of an older vault format, taken over by the first `vault:create` (./create.ts). */
  readonly adopt?: Adopt;
  /** Notes for the host's log: lock-outs, idle locks, take-overs. Never a secret or a name. */
  readonly log?: (message: string) => void;
  /** The host's Ed25519 for the device key (./device-key.ts); noble signs without it. */
  readonly nativeSigning?: NativeSigning;
  /** The host's AES-GCM for household records (./record-cipher.ts); noble seals and opens without it. */
  readonly nativeAes?: NativeAes;
};

/**
 * The context of a vault with these options. A cost the records' schema
 * refuses (outside `KDF_LIMITS`, or under Argon2id's 8 KiB per lane) is a
 * `RangeError`: every operator written with it would make the operators
 * record unreadable.
 */
export function vaultContext(options: VaultOptions): VaultContext {
  const kdf = options.kdf ?? DEFAULT_KDF;
  const { maxM, maxT, maxP } = KDF_LIMITS;
  if (![kdf.m, kdf.t, kdf.p].every(Number.isSafeInteger) || kdf.t < 1 || kdf.t > maxT || kdf.p < 1 || kdf.p > maxP || kdf.m < 8 * kdf.p || kdf.m > maxM) {
    throw new RangeError(`not an Argon2id cost: ${JSON.stringify(kdf)}`);
  }
  return {
    store: options.store,
    now: options.now ?? (() => new Date()),
    random: options.random ?? defaultRandom,
    kdf,
    log: options.log ?? (() => undefined),
    nativeSigning: options.nativeSigning,
    nativeAes: options.nativeAes,
  };
}

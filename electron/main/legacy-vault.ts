/**
 * Adoption of the desktop key vault from before issue 13: a laptop that
 * already has an identity keeps it. The old vault kept its keys in
 * `key-vault*.json` files beside the app's data, protected by `safeStorage`
 * only (`./secret-store.ts`, `./vault-records.ts`); this reads them once, for
 * the new vault's `adopt` option, which takes the device and issuer seeds, the
 * data key (so sealed records keep opening), the agreement key and the site
 * keys into its own records, under its vault key.
 *
 * Every key read is checked against the public part beside it (a seed against
 * its did:key, the agreement secret against its public key, a site key's id in
 * its name, clear part and secret): a damaged file answers `vault-unreadable`
 * and nothing is adopted, rather than a half identity.
 */
import { x25519 } from '@noble/curves/ed25519.js';
import { equalBytes, fromBase64url, fromUtf8 } from '../../shared/bytes';
import { publicKeyToDid } from '../../shared/crypto/did-key';
import { keyPairFromSeed } from '../../shared/crypto/ed25519';
import { ok, type Result } from '../../shared/result';
import type { AdoptedKeys } from '../../shared/vault/create';
import { RECORD } from '../../shared/vault/records';
import type { VaultStore } from '../../shared/vault/store';
import { safeStorageSecretStore, type SafeStorageSecretStoreOptions, type SecretStore } from './secret-store';
import {
  agreementFileSchema,
  agreementSecretSchema,
  damaged,
  decryptRecord,
  keysFileSchema,
  keysSecretSchema,
  readRecordFile,
  siteKeyFileSchema,
  siteKeySecretSchema,
  type LegacyReadError,
} from './vault-records';

type SecretKey = { kid: string; key: Uint8Array };

const did = (seed: Uint8Array) => publicKeyToDid(keyPairFromSeed(seed).publicKey);

/** The old vault's keys, each checked; `undefined` when there is no old vault. */
export async function readLegacyVault(store: SecretStore): Promise<Result<AdoptedKeys | undefined, LegacyReadError>> {
  const file = await readRecordFile(store, 'keys', keysFileSchema);
  if (!file.ok) return file;
  if (!file.value) return ok(undefined);
  const secret = await decryptRecord(store, 'keys', file.value, keysSecretSchema);
  if (!secret.ok) return secret;
  const device = fromBase64url(secret.value.device);
  const issuer = fromBase64url(secret.value.issuer);
  const data = fromBase64url(secret.value.data);
  const wipe: Uint8Array[] = [device, issuer, data];
  let done = false;
  try {
    if (did(device) !== file.value.device || did(issuer) !== file.value.issuer || secret.value.kid !== file.value.kid) {
      return damaged('keys', 'has public keys that do not match its private keys');
    }

    let agreement: Uint8Array | undefined;
    const agreementFile = await readRecordFile(store, 'agreement', agreementFileSchema);
    if (!agreementFile.ok) return agreementFile;
    if (agreementFile.value) {
      const agreementSecret = await decryptRecord(store, 'agreement', agreementFile.value, agreementSecretSchema);
      if (!agreementSecret.ok) return agreementSecret;
      agreement = fromBase64url(agreementSecret.value.agreement);
      wipe.push(agreement);
      if (!equalBytes(x25519.getPublicKey(agreement), fromBase64url(agreementFile.value.agreement))) {
        return damaged('agreement', 'has a public key that does not match its private key');
      }
    }

    const siteKeys: SecretKey[] = [];
    for (const kid of await store.siteKeyIds()) {
      const name = kid as `sk-${string}`;
      const siteFile = await readRecordFile(store, name, siteKeyFileSchema);
      if (!siteFile.ok) return siteFile;
      // Listed a moment ago; gone now (another process): not held.
      if (!siteFile.value) continue;
      const siteSecret = await decryptRecord(store, name, siteFile.value, siteKeySecretSchema);
      if (!siteSecret.ok) return siteSecret;
      if (siteFile.value.kid !== kid || siteSecret.value.kid !== kid) return damaged(name, 'names another site key');
      const key = fromBase64url(siteSecret.value.key);
      wipe.push(key);
      siteKeys.push({ kid, key });
    }

    done = true;
    return ok({ device, issuer, dataKey: { kid: secret.value.kid, key: data }, agreement, siteKeys });
  } finally {
    // On a refusal nothing leaves this function: wipe what was decrypted.
    if (!done) for (const bytes of wipe) bytes.fill(0);
  }
}

export type LegacyVault = {
  /** The old vault's keys, for the new vault's `adopt` option (called by its first `vault:create`). */
  readonly adopt: () => Promise<Result<AdoptedKeys | undefined, LegacyReadError>>;
  /**
   * Deletes the old files once the new vault holds their identity: its
   * `device` record names the device did:key of `key-vault.json` (both read in
   * clear; nothing is decrypted). The files are then only a copy of the keys
   * under the weaker, keyring-only protection. Answers whether it deleted.
   */
  readonly retireIfAdopted: (store: VaultStore) => Promise<boolean>;
  /** Deletes the old files unconditionally (tests). */
  readonly remove: () => Promise<void>;
};

/** The old vault under `userData` (the files sit directly in it), read with Electron `safeStorage`. */
export function legacyVault(options: SafeStorageSecretStoreOptions): LegacyVault {
  const store = safeStorageSecretStore(options);
  return {
    adopt: () => readLegacyVault(store),
    async retireIfAdopted(vaultStore) {
      const old = await readRecordFile(store, 'keys', keysFileSchema);
      if (!old.ok || !old.value) return false;
      const device = await vaultStore.read(RECORD.device);
      if (!device.ok || !device.value) return false;
      let named: unknown;
      try {
        named = (JSON.parse(fromUtf8(device.value)) as { device?: unknown }).device;
      } catch {
        return false;
      }
      if (named !== old.value.device) return false;
      await store.removeAll();
      return true;
    },
    remove: () => store.removeAll(),
  };
}

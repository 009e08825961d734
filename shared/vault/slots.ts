/**
 * The vault's slots and key ciphertexts (formats in ./records.ts): where the
 * vault key MK and the keys under it are sealed, and with which AAD.
 *
 * - local slot:    MK under the operator's KEK, bound to this device, the operator and the role it was wrapped for;
 * - portable slot: a site key under the operator's KEK, bound to the operator and the kid (not to a device:
 *                  it travels in the directory profile and opens on every laptop of the site);
 * - site slot:     MK under a site key, bound to this device and the kid;
 * - issuer seed, data key and site keys under MK, each bound to this device and its name.
 */
import type { DidKey } from '../crypto/did-key';
import type { OperatorRole } from '../ipc';
import { KEY_BYTES, openUnder, sealUnder, vaultAad, type Random, type Sealed } from './crypto';
import { RECORD, type LocalSlot, type PortableSlot, type SiteKeyEntry } from './records';

export const issuerSeedAad = (device: DidKey, issuer: DidKey): Uint8Array => vaultAad(RECORD.device, 'issuer-seed', device, issuer);
export const dataKeyAad = (device: DidKey, kid: string): Uint8Array => vaultAad(RECORD.device, 'data-key', device, kid);
const localSlotAad = (device: DidKey, id: string, role: OperatorRole): Uint8Array =>
  vaultAad(RECORD.operators, 'local-slot', device, id, role);
const portableSlotAad = (id: string, kid: string): Uint8Array => vaultAad(RECORD.operators, 'portable-slot', id, kid);
const siteKeyAad = (device: DidKey, kid: string): Uint8Array => vaultAad(RECORD.siteKeys, 'site-key', device, kid);
const siteSlotAad = (device: DidKey, kid: string): Uint8Array => vaultAad(RECORD.siteKeys, 'site-slot', device, kid);

/** A 32-byte key from a ciphertext, or undefined when it does not open (or holds something else). */
export function openKey(key: Uint8Array, sealed: Sealed, aad: Uint8Array): Uint8Array | undefined {
  const opened = openUnder(key, sealed, aad);
  if (opened === undefined || opened.length === KEY_BYTES) return opened;
  opened.fill(0);
  return undefined;
}

export const makeLocalSlot = (kek: Uint8Array, mk: Uint8Array, device: DidKey, id: string, role: OperatorRole, random: Random): LocalSlot => ({
  role,
  ...sealUnder(kek, mk, localSlotAad(device, id, role), random),
});

export const openLocalSlot = (kek: Uint8Array, slot: LocalSlot, device: DidKey, id: string): Uint8Array | undefined =>
  openKey(kek, slot, localSlotAad(device, id, slot.role));

export const makePortableSlot = (kek: Uint8Array, siteKey: Uint8Array, id: string, kid: string, random: Random): PortableSlot => ({
  kid,
  ...sealUnder(kek, siteKey, portableSlotAad(id, kid), random),
});

export const openPortableSlot = (kek: Uint8Array, slot: PortableSlot, id: string): Uint8Array | undefined =>
  openKey(kek, slot, portableSlotAad(id, slot.kid));

/** A held site key as the `site-keys` record keeps it: under MK, and MK under it. */
export const makeSiteKeyEntry = (
  mk: Uint8Array,
  siteKey: Uint8Array,
  device: DidKey,
  kid: string,
  created: string,
  random: Random,
): SiteKeyEntry => ({
  kid,
  created,
  key: sealUnder(mk, siteKey, siteKeyAad(device, kid), random),
  slot: sealUnder(siteKey, mk, siteSlotAad(device, kid), random),
});

export const openSiteKey = (mk: Uint8Array, entry: SiteKeyEntry, device: DidKey): Uint8Array | undefined =>
  openKey(mk, entry.key, siteKeyAad(device, entry.kid));

export const openSiteSlot = (siteKey: Uint8Array, entry: SiteKeyEntry, device: DidKey): Uint8Array | undefined =>
  openKey(siteKey, entry.slot, siteSlotAad(device, entry.kid));

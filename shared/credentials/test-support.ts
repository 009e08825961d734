/**
 * Test support for the credential, status list and card tests (not exported
 * from index.ts): sites with fresh keys, a credential around any subject, the
 * options of a typical ration card, and signed revocation lists.
 */
import { publicKeyToDid, type DidKey } from '../crypto/did-key';
import { generateKeyPair } from '../crypto/ed25519';
import { VC_V2_CONTEXT, type Credential, type SignedCredential } from './credential';
import { issueCredential, type CredentialIssuer } from './issue';
import { RATION_CARD_TYPE, type RationCardOptions } from './ration-card';
import { createStatusList, setStatus, statusListCredential, type StatusList } from './status-list';

/** An issuing site with a fresh key. */
export function newSite(): CredentialIssuer {
  const { seed, publicKey } = generateKeyPair();
  return { seed, did: publicKeyToDid(publicKey) };
}

/** An unsigned card credential by `issuer` about any subject, valid from 2026. */
export const credentialFor = (issuer: string, credentialSubject: Credential['credentialSubject']): Credential => ({
  '@context': [VC_V2_CONTEXT],
  type: ['VerifiableCredential', RATION_CARD_TYPE],
  issuer,
  validFrom: '2026-01-01T00:00:00Z',
  credentialSubject,
});

/** The URL of the revocation list that cards point into. */
export const LIST_URL = 'https://hq.aidtrail.example/status/1';

/** A typical card of 2026: 8-character household id, five people, a short status list URL. */
export const typicalCardOptions = (overrides: Partial<RationCardOptions> & { issuer: DidKey }): RationCardOptions => ({
  household: 'KAK37Q2M',
  site: 'KAK-3',
  size: 5,
  validFrom: '2026-01-01T00:00:00Z',
  validUntil: '2026-12-31T23:59:59Z',
  statusListCredential: LIST_URL,
  statusListIndex: 94_567,
  ...overrides,
});

/** A status list of the default length with these entries revoked. */
export function listWith(revoked: readonly number[], length?: number): StatusList {
  const list = createStatusList(length);
  for (const index of revoked) setStatus(list, index, true);
  return list;
}

/** The list signed by `by`, valid from May to June 2026 unless `validity` says otherwise. */
export function signedList(
  list: StatusList,
  by: CredentialIssuer,
  validity: { validFrom?: string; validUntil?: string } = {},
  id = LIST_URL,
): SignedCredential {
  const credential = statusListCredential({
    id,
    issuer: by.did,
    list,
    validFrom: validity.validFrom ?? '2026-05-01T00:00:00Z',
    validUntil: validity.validUntil ?? '2026-07-01T00:00:00Z',
  });
  return issueCredential(credential, by, { created: '2026-05-01T00:00:00Z' });
}

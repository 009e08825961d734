/**
 * Issuing: a registering site signs a household's credential with its did:key
 * (DESIGN.md "Identity"). Issuing refuses anything `verifyCredential` would
 * later reject for its form, so a card is never printed that no kit accepts.
 * Mistakes here are the caller's, so they throw rather than return a Result.
 */
import { canonicalBytes } from '../canonical';
import { publicKeyToDid, didToVerificationMethod, type DidKey } from '../crypto/did-key';
import { keyPairFromSeed } from '../crypto/ed25519';
import {
  credentialSchema,
  CRYPTOSUITE,
  issuerId,
  MAX_CREDENTIAL_BYTES,
  PROOF_PURPOSE,
  PROOF_TYPE,
  type Credential,
  type SignedCredential,
} from './credential';
import { formatDateTimeStamp, parseDateTimeStamp } from './date-time';
import { createProof } from './eddsa-jcs-2022';
import { describeIssue } from './issues';

export interface CredentialIssuer {
  /** The 32-byte Ed25519 seed of the issuing key. */
  readonly seed: Uint8Array;
  /** The did:key of that key; its one verification method signs. */
  readonly did: DidKey;
}

export interface IssueOptions {
  /** The proof's `created` time: a Date (written to the second, UTC) or a dateTimeStamp string, kept as given. */
  readonly created: Date | string;
}

export class IssueError extends Error {
  override readonly name = 'IssueError';
}

function createdText(created: Date | string): string {
  if (typeof created !== 'string') return formatDateTimeStamp(created);
  if (parseDateTimeStamp(created) === undefined) {
    throw new IssueError(`created must be a date and time with a time zone, not ${JSON.stringify(created)}`);
  }
  return created;
}

/**
 * Signs `credential` with a DataIntegrityProof, cryptosuite eddsa-jcs-2022
 * (vc-di-eddsa §3.3.1), proof purpose assertionMethod. Throws IssueError when
 * the credential is not a VC 2.0 credential, is already signed, names another
 * did:key as its issuer, or would be too large, and when the seed is not the
 * key of `issuer.did`; throws CanonicalError when it is not I-JSON.
 */
export function issueCredential(credential: Credential, issuer: CredentialIssuer, options: IssueOptions): SignedCredential {
  if ('proof' in credential) {
    throw new IssueError('the credential already has a proof; only a single proof is supported');
  }
  const parsed = credentialSchema.safeParse(credential);
  if (!parsed.success) throw new IssueError(`not a valid credential: ${describeIssue(parsed.error.issues)}`);
  if (publicKeyToDid(keyPairFromSeed(issuer.seed).publicKey) !== issuer.did) {
    throw new IssueError(`the seed is not the key of ${issuer.did}`);
  }
  // A did:key issuer is its own key, so any other key would be an issuer
  // mismatch at every verifier. An issuer of another kind (a URL, another DID
  // method) is bound to its key out of band, as VerifyOptions.issuerKeys does.
  const named = issuerId(credential);
  if (named.startsWith('did:key:') && named !== issuer.did) {
    throw new IssueError(`the credential names ${named} as its issuer but would be signed by ${issuer.did}`);
  }
  const proof = createProof(
    credential,
    {
      type: PROOF_TYPE,
      cryptosuite: CRYPTOSUITE,
      created: createdText(options.created),
      verificationMethod: didToVerificationMethod(issuer.did),
      proofPurpose: PROOF_PURPOSE,
    },
    issuer.seed,
  );
  const signed: SignedCredential = { ...credential, proof };
  const size = canonicalBytes(signed).length;
  if (size > MAX_CREDENTIAL_BYTES) {
    throw new IssueError(`the signed credential is ${size} bytes; at most ${MAX_CREDENTIAL_BYTES} are accepted`);
  }
  return signed;
}

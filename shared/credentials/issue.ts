/**
 * Issuing: a registering site signs a household's credential with its did:key
 * (DESIGN.md "Identity"). Issuing refuses anything `verifyCredential` would
 * later reject for its form, so a card is never printed that no kit accepts.
 * Mistakes here are the caller's, so they throw rather than return a Result.
 */
import { canonicalBytes } from '../canonical';
import { didToPublicKey, didToVerificationMethod, publicKeyToDid, type DidKey } from '../crypto/did-key';
import { keyPairFromSeed, sign, verify } from '../crypto/ed25519';
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
import { completeProof, prepareProof, type ProofToSign } from './eddsa-jcs-2022';
import { describeIssue } from './issues';
import { type CredentialSigner } from './signer';

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

/**
 * A time given to a builder as a dateTimeStamp: a Date is written to the
 * second in UTC, a string is kept as given once it parses. Throws IssueError
 * (or RangeError for a Date no dateTimeStamp can spell) naming `what`.
 */
export function dateTimeStampText(value: Date | string, what: string): string {
  if (typeof value !== 'string') return formatDateTimeStamp(value);
  if (parseDateTimeStamp(value) === undefined) {
    throw new IssueError(`${what} must be a date and time with a time zone, not ${JSON.stringify(value)}`);
  }
  return value;
}

/**
 * Issuing is one pipeline with the signature in the middle (vc-di-eddsa
 * §3.3.1): `prepare` checks the credential and builds the proof up to its hash
 * data (steps 1–5), a key signs those 64 bytes (step 6), `finish` attaches the
 * proofValue (step 7) and checks the result's size. The seed-based and the
 * signer-based entry points differ only in how step 6 happens, so they produce
 * byte-identical credentials for the same key.
 */
interface Prepared {
  readonly credential: Credential;
  readonly toSign: ProofToSign;
}

function prepare(credential: Credential, did: DidKey, options: IssueOptions): Prepared {
  if ('proof' in credential) {
    throw new IssueError('the credential already has a proof; only a single proof is supported');
  }
  const parsed = credentialSchema.safeParse(credential);
  if (!parsed.success) throw new IssueError(`not a valid credential: ${describeIssue(parsed.error.issues)}`);
  // A did:key issuer is its own key, so any other key would be an issuer
  // mismatch at every verifier. An issuer of another kind (a URL, another DID
  // method) is bound to its key out of band, as VerifyOptions.issuerKeys does.
  const named = issuerId(credential);
  if (named.startsWith('did:key:') && named !== did) {
    throw new IssueError(`the credential names ${named} as its issuer but would be signed by ${did}`);
  }
  const toSign = prepareProof(credential, {
    type: PROOF_TYPE,
    cryptosuite: CRYPTOSUITE,
    created: dateTimeStampText(options.created, 'created'),
    verificationMethod: didToVerificationMethod(did),
    proofPurpose: PROOF_PURPOSE,
  });
  return { credential, toSign };
}

function finish({ credential, toSign }: Prepared, signature: Uint8Array): SignedCredential {
  const signed: SignedCredential = { ...credential, proof: completeProof(toSign, signature) };
  const size = canonicalBytes(signed).length;
  if (size > MAX_CREDENTIAL_BYTES) {
    throw new IssueError(`the signed credential is ${size} bytes; at most ${MAX_CREDENTIAL_BYTES} are accepted`);
  }
  return signed;
}

/**
 * Signs `credential` with a DataIntegrityProof, cryptosuite eddsa-jcs-2022
 * (vc-di-eddsa §3.3.1), proof purpose assertionMethod. Throws IssueError when
 * the credential is not a VC 2.0 credential, is already signed, names another
 * did:key as its issuer, or would be too large, and when the seed is not the
 * key of `issuer.did`; throws CanonicalError when it is not I-JSON.
 */
export function issueCredential(credential: Credential, issuer: CredentialIssuer, options: IssueOptions): SignedCredential {
  if (publicKeyToDid(keyPairFromSeed(issuer.seed).publicKey) !== issuer.did) {
    throw new IssueError(`the seed is not the key of ${issuer.did}`);
  }
  const prepared = prepare(credential, issuer.did, options);
  return finish(prepared, sign(prepared.toSign.hashData, issuer.seed));
}

/**
 * `issueCredential` with a key held elsewhere (see signer.ts): the same checks
 * and the same bytes, the signature coming from `signer.sign`. The signature
 * is verified against `signer.did` before it is used, so a signer holding
 * another key (a wrong vault entry, a stale WebCrypto key) is an IssueError
 * here instead of a card that every kit calls tampered. Rejects with whatever
 * `signer.sign` rejects with.
 */
export async function issueCredentialWith(
  credential: Credential,
  signer: CredentialSigner,
  options: IssueOptions,
): Promise<SignedCredential> {
  const publicKey = didToPublicKey(signer.did);
  if (!publicKey.ok) throw new IssueError(`the signer's did is not an Ed25519 did:key: ${publicKey.message}`);
  const prepared = prepare(credential, signer.did, options);
  const signature: unknown = await signer.sign(prepared.toSign.hashData);
  if (!(signature instanceof Uint8Array) || !verify(signature, prepared.toSign.hashData, publicKey.value)) {
    throw new IssueError(`the signer did not produce an Ed25519 signature of ${signer.did}`);
  }
  return finish(prepared, signature);
}

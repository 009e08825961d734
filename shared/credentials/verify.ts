/**
 * Offline verification of a household's credential (DESIGN.md "Identity"):
 * VC 2.0 form, one eddsa-jcs-2022 DataIntegrityProof, a did:key signer that is
 * the credential's issuer and on the trust list, and the validity period.
 *
 * Input comes from a QR code or a file, so anything at all may arrive; the
 * answer is always a Result, never an exception. Checks run in the order that
 * gives the most useful reason: first whether this is a signed credential at
 * all, then whether the signature holds (a changed document is "tampered",
 * whatever else is wrong with it), and only then what the signed content says
 * (who issued it, whether that issuer is trusted, when it is valid).
 */
import { utf8 } from '../bytes';
import { canonicalize, CanonicalError, type CanonicalErrorCode } from '../canonical';
import { didToPublicKey, verificationMethodToDid, type DidKey } from '../crypto/did-key';
import { err, ok, type Result } from '../result';
import {
  credentialSchema,
  dataIntegrityProofSchema,
  issuerId,
  MAX_CREDENTIAL_BYTES,
  type Credential,
  type DataIntegrityProof,
} from './credential';
import { parseDateTimeStamp } from './date-time';
import { verifyProof, type JsonDocument, type ProofFailure, type SecuredDocument } from './eddsa-jcs-2022';
import { describeIssue } from './issues';

export type VerifyErrorCode =
  /** The device clock gave no usable time, so validity cannot be judged. */
  | 'bad-clock'
  /** Not JSON, not an object, or not a VC 2.0 credential. */
  | 'malformed'
  | 'too-large'
  /** No proof at all. */
  | 'unsigned'
  /** A proof set or chain (an array of proofs): only one proof is supported. */
  | 'multiple-proofs'
  /** A proof type, cryptosuite, purpose or proof option the kit cannot check. */
  | 'unsupported-proof'
  /** The proof's verificationMethod is not a did:key key reference. */
  | 'bad-verification-method'
  /** The signature does not verify over the document as received. */
  | 'tampered'
  /** The signing key is not the credential's issuer. */
  | 'issuer-mismatch'
  /** The issuer is not on the trust list. */
  | 'unknown-issuer'
  | 'not-yet-valid'
  | 'expired';

export interface VerifyOptions {
  /** did:key identifiers of the sites trusted to issue credentials (the HQ trust list). */
  readonly trustedIssuers: readonly string[];
  /** The time to judge validFrom and validUntil against. */
  readonly now: Date;
  /**
   * For issuers that are not a did:key (a URL, another DID method): the
   * did:key each one signs with. This stands in for resolving the issuer's
   * controller document, which an offline kit cannot do. Kit-issued
   * credentials name a did:key issuer and need no entry.
   */
  readonly issuerKeys?: Readonly<Record<string, string>>;
}

export interface VerifiedCredential {
  /** The credential as signed: no proof, and the @context the proof covered (vc-di-eddsa §3.3.2 step 9). */
  readonly credential: Credential;
  readonly proof: DataIntegrityProof;
  /** The trusted key that signed it. */
  readonly issuer: DidKey;
}

type Verdict<T> = Result<T, VerifyErrorCode>;

const NOT_JSON: Readonly<Record<CanonicalErrorCode, string>> = {
  'non-finite-number': 'it holds a number JSON cannot carry',
  'lone-surrogate': 'it holds text that is not valid Unicode',
  'unsupported-value': 'it is not JSON data',
  cycle: 'it refers to itself',
  'too-deep': 'it is nested too deeply',
};

const malformed = (why: string) => err('malformed', `This is not a valid credential: ${why}.`);

/**
 * The input as a detached, plain JSON object. Canonicalising first proves it
 * is I-JSON (RFC 7493, what JCS signs) and measures it; parsing the canonical
 * text back leaves no getters, proxies or prototypes for later steps to trip on.
 */
function readJson(input: unknown): Verdict<JsonDocument> {
  let text: string;
  try {
    text = canonicalize(input);
  } catch (e) {
    return malformed(e instanceof CanonicalError ? `${NOT_JSON[e.code]} (at ${e.path})` : NOT_JSON['unsupported-value']);
  }
  const size = utf8(text).length;
  if (size > MAX_CREDENTIAL_BYTES) {
    return err(
      'too-large',
      `This credential is ${Math.ceil(size / 1024)} kB; credentials over ${MAX_CREDENTIAL_BYTES / 1024} kB are not accepted.`,
    );
  }
  const value = JSON.parse(text) as unknown;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return malformed('expected a JSON object');
  }
  return ok(value as JsonDocument);
}

/** Proof properties that decide whether the kit can check the proof at all. */
const SUITE_PROPERTIES: readonly PropertyKey[] = ['type', 'cryptosuite', 'proofPurpose'];

/** The one proof, checked against the form this suite signs (VC-DATA-INTEGRITY §2.1). */
function readProof(document: JsonDocument): Verdict<SecuredDocument> {
  const { proof } = document;
  if (proof === undefined) return err('unsigned', 'This credential is not signed.');
  if (Array.isArray(proof)) {
    return err('multiple-proofs', 'This credential carries several signatures; only credentials with exactly one are accepted.');
  }
  const parsed = dataIntegrityProofSchema.safeParse(proof);
  if (!parsed.success) {
    const { issues } = parsed.error;
    const unsupported = issues.find(
      (issue) => issue.code === 'unrecognized_keys' || SUITE_PROPERTIES.includes(issue.path[0] ?? ''),
    );
    return unsupported === undefined
      ? malformed(describeIssue(issues, ['proof']))
      : err(
          'unsupported-proof',
          `This credential is signed in a way this kit cannot check: ${describeIssue([unsupported], ['proof'])}.`,
        );
  }
  // Hashing uses the proof exactly as received; the schema only vouches for its form.
  return ok(document as SecuredDocument);
}

/** The did:key and public key a verificationMethod names (did:key v0.7: fragment = the key). */
function resolveSigner(verificationMethod: string): Verdict<{ did: DidKey; publicKey: Uint8Array }> {
  const unusable = (why: string) =>
    err('bad-verification-method', `This credential's signing key is not one this kit can check (${why}).`);
  const did = verificationMethodToDid(verificationMethod);
  if (!did.ok) return unusable(did.message);
  // verificationMethodToDid has decoded the key already; this only hands over the bytes.
  const publicKey = didToPublicKey(did.value);
  return publicKey.ok ? ok({ did: did.value, publicKey: publicKey.value }) : unusable(publicKey.message);
}

const TAMPERED: Readonly<Record<ProofFailure, string>> = {
  'bad-proof-value': 'This credential was altered or damaged: its signature is unreadable.',
  'context-mismatch': 'This credential was altered after signing: its @context differs from the signed one.',
  'bad-signature': 'This credential was altered after signing: the signature does not match its content.',
};

/**
 * Verifies a credential offline. Never throws, whatever `input` is.
 */
export function verifyCredential(input: unknown, options: VerifyOptions): Verdict<VerifiedCredential> {
  const now = options.now.getTime();
  if (!Number.isFinite(now)) {
    return err('bad-clock', "This device's clock has no valid date and time; set it before checking credentials.");
  }
  const received = readJson(input);
  if (!received.ok) return received;
  const secured = readProof(received.value);
  if (!secured.ok) return secured;
  const { proof } = secured.value;
  const signer = resolveSigner(proof.verificationMethod);
  if (!signer.ok) return signer;

  const proven = verifyProof(secured.value, signer.value.publicKey);
  if (!proven.ok) return err('tampered', TAMPERED[proven.code]);

  // VC 2.0 form is checked on what was signed, after step 4.2 of §3.3.2 put
  // back the signed @context.
  const parsed = credentialSchema.safeParse(proven.value);
  if (!parsed.success) return malformed(describeIssue(parsed.error.issues));
  // The parsed copy vouches for the form; the caller gets the signed JSON itself.
  const credential = proven.value as Credential;

  // A signature vouches for a credential only if the signing key belongs to
  // the issuer it names (VC-DATA-MODEL-2.0 §4.7; VC-DATA-INTEGRITY: the
  // verification method's controller). A did:key issuer is its own key; any
  // other issuer needs an issuerKeys entry, since an offline kit cannot fetch
  // its controller document.
  const named = issuerId(credential);
  const bound = named.startsWith('did:key:')
    ? named
    : options.issuerKeys !== undefined && Object.hasOwn(options.issuerKeys, named)
      ? options.issuerKeys[named]
      : undefined;
  if (bound !== signer.value.did) {
    return err(
      'issuer-mismatch',
      `This credential claims to be issued by ${named} but was signed with another key (${signer.value.did}).`,
    );
  }
  if (!options.trustedIssuers.includes(signer.value.did)) {
    return err(
      'unknown-issuer',
      `This credential was issued by a site this device does not trust (${signer.value.did}). Check that the trust list is up to date.`,
    );
  }

  const validFrom = credential.validFrom === undefined ? undefined : parseDateTimeStamp(credential.validFrom);
  if (validFrom !== undefined && now < validFrom) {
    return err('not-yet-valid', `This credential is not valid yet: it is valid from ${credential.validFrom}.`);
  }
  // VC-DATA-MODEL-2.0 §4.9: validUntil is the last instant the credential is valid.
  const validUntil = credential.validUntil === undefined ? undefined : parseDateTimeStamp(credential.validUntil);
  if (validUntil !== undefined && now > validUntil) {
    return err('expired', `This credential has expired: it was valid until ${credential.validUntil}.`);
  }
  return ok({ credential, proof, issuer: signer.value.did });
}

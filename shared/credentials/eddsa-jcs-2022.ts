/**
 * The eddsa-jcs-2022 cryptosuite: W3C "Data Integrity EdDSA Cryptosuites v1.0"
 * §3.3, one function per algorithm of that section. The document and the proof
 * configuration are each canonicalised with JCS (RFC 8785) and hashed with
 * SHA-256; the proof-configuration hash comes first, and Ed25519 (RFC 8032,
 * pure, strict verification) signs the 64 concatenated bytes.
 *
 * The spec's runtime checks that `type` is DataIntegrityProof and `cryptosuite`
 * is eddsa-jcs-2022 (§3.3.3 step 1, §3.3.5 step 2) are carried by the literal
 * types of `ProofOptions`: nothing else can reach these functions.
 */
import { concatBytes, fromBase58, toBase58 } from '../bytes';
import { canonicalBytes, canonicalize } from '../canonical';
import { sign, SIGNATURE_BYTES, verify } from '../crypto/ed25519';
import { sha256 } from '../crypto/sha256';
import { err, ok, type Result } from '../result';
import type { DataIntegrityProof, ProofOptions } from './credential';

/** A JSON object as the cryptosuite sees it: any document, credential or not. */
export type JsonDocument = { readonly [key: string]: unknown };
export type SecuredDocument = JsonDocument & { readonly proof: DataIntegrityProof };

/** Why a proof did not verify, in the suite's terms; the credential layer words it for people. */
export type ProofFailure = 'bad-proof-value' | 'context-mismatch' | 'bad-signature';

/**
 * §3.3.5 Proof Configuration, before canonicalisation: a clone of the options
 * with `@context` set to the document's (step 4), so the signature also covers
 * which contexts give the document its meaning.
 */
export function proofConfig(unsecuredDocument: JsonDocument, options: ProofOptions): JsonDocument {
  const context = unsecuredDocument['@context'];
  return context === undefined ? { ...options } : { ...options, '@context': context };
}

/** §3.3.5 Proof Configuration: the JCS bytes of the proof configuration (steps 5–6). */
export const configureProof = (unsecuredDocument: JsonDocument, options: ProofOptions): Uint8Array =>
  canonicalBytes(proofConfig(unsecuredDocument, options));

/** §3.3.3 Transformation: the JCS bytes of the document without its proof (step 2). */
export const transform = (unsecuredDocument: JsonDocument): Uint8Array => canonicalBytes(unsecuredDocument);

/**
 * §3.3.4 Hashing: SHA-256 of the proof configuration, then SHA-256 of the
 * transformed document (step 3: proofConfigHash ‖ transformedDocumentHash).
 */
export const hashData = (transformedDocument: Uint8Array, canonicalProofConfig: Uint8Array): Uint8Array =>
  concatBytes(sha256(canonicalProofConfig), sha256(transformedDocument));

/** §3.3.1 step 7: multibase base58btc, the "z" prefix naming the base. */
export const encodeProofValue = (proofBytes: Uint8Array): string => `z${toBase58(proofBytes)}`;

/** §3.3.2 step 3: the signature bytes of a proofValue, or undefined when it is not a base58btc Ed25519 signature. */
export function decodeProofValue(proofValue: string): Uint8Array | undefined {
  if (!proofValue.startsWith('z')) return undefined;
  try {
    const bytes = fromBase58(proofValue.slice(1));
    return bytes.length === SIGNATURE_BYTES ? bytes : undefined;
  } catch {
    return undefined;
  }
}

/**
 * §3.3.1 Create Proof, steps 1–5: everything before the signature. The proof
 * is the proof configuration, `@context` included (steps 1–2, as in the
 * vectors' signedJCS.json); `hashData` (step 5) is the 64 bytes §3.3.6 Proof
 * Serialization signs. Split from step 6 so that the key can sign elsewhere (a
 * main-process vault, a non-extractable WebCrypto key) and the proof is still
 * built by this one code path.
 */
export interface ProofToSign {
  readonly proof: JsonDocument;
  readonly hashData: Uint8Array;
}

/** §3.3.1 steps 1–5. Throws CanonicalError when the document is not I-JSON. */
export function prepareProof(unsecuredDocument: JsonDocument, options: ProofOptions): ProofToSign {
  const proof = proofConfig(unsecuredDocument, options);
  return { proof, hashData: hashData(transform(unsecuredDocument), canonicalBytes(proof)) };
}

/** §3.3.1 step 7: the proof with `proofValue`, from the 64-byte Ed25519 signature over `hashData` (step 6). */
export function completeProof(prepared: ProofToSign, signature: Uint8Array): DataIntegrityProof {
  if (signature.length !== SIGNATURE_BYTES) {
    throw new RangeError(`an Ed25519 signature is ${SIGNATURE_BYTES} bytes, not ${signature.length}`);
  }
  return { ...prepared.proof, proofValue: encodeProofValue(signature) } as DataIntegrityProof;
}

/**
 * §3.3.1 Create Proof. `seed` is the Ed25519 private key of the
 * verification method named in `options` (§3.3.6 Proof Serialization is a
 * pure Ed25519 signature over the hash data). Throws CanonicalError when the
 * document is not I-JSON.
 */
export function createProof(unsecuredDocument: JsonDocument, options: ProofOptions, seed: Uint8Array): DataIntegrityProof {
  const prepared = prepareProof(unsecuredDocument, options);
  return completeProof(prepared, sign(prepared.hashData, seed));
}

/** Whether `list` begins with the items of `prefix`, compared as JSON values. */
function startsWith(list: readonly unknown[], prefix: readonly unknown[]): boolean {
  return prefix.length <= list.length && prefix.every((item, i) => canonicalize(item) === canonicalize(list[i]));
}

/** A JSON-LD @context value as the ordered list of its entries (a lone value is a list of one). */
const contextList = (context: unknown): readonly unknown[] =>
  context === undefined ? [] : Array.isArray(context) ? context : [context];

/**
 * §3.3.2 Verify Proof, with the public key of the proof's verification method
 * already resolved. On success gives the verified document: the secured
 * document without its proof and with the @context that was signed (step 9).
 * The document must be I-JSON, as the verifier's input check ensures.
 */
export function verifyProof(securedDocument: SecuredDocument, publicKey: Uint8Array): Result<JsonDocument, ProofFailure> {
  // Step 1: the document without its proof.
  const { proof, ...unsecuredDocument } = securedDocument;
  // Step 2: the proof options are the proof without its value.
  const { proofValue, '@context': signedContext, ...options } = proof;
  // Step 3.
  const proofBytes = decodeProofValue(proofValue);
  if (proofBytes === undefined) {
    return err('bad-proof-value', 'proofValue is not a base58btc Ed25519 signature');
  }
  // Step 4.1: a proof that names its contexts only verifies a document whose
  // @context starts with them.
  if (
    signedContext !== undefined &&
    !startsWith(contextList(securedDocument['@context']), contextList(signedContext))
  ) {
    return err('context-mismatch', "the document's @context does not start with the proof's @context");
  }
  // Step 4.2: the document is then read with exactly those contexts, so
  // contexts appended after signing are not part of what is verified.
  const verifiedDocument: JsonDocument =
    signedContext === undefined ? unsecuredDocument : { ...unsecuredDocument, '@context': signedContext };
  // Steps 5–7: §3.3.5 sets the proof configuration's @context from the document of step 4.2.
  const hash = hashData(transform(verifiedDocument), configureProof(verifiedDocument, options));
  // Step 8: §3.3.7 Proof Verification.
  if (!verify(proofBytes, hash, publicKey)) {
    return err('bad-signature', 'the signature does not match the document');
  }
  // Step 9.
  return ok(verifiedDocument);
}

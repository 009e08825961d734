/** W3C VC 2.0 credentials secured with eddsa-jcs-2022 Data Integrity proofs (DESIGN.md "Identity"). */
export {
  credentialSchema,
  dataIntegrityProofSchema,
  issuerId,
  CRYPTOSUITE,
  MAX_CREDENTIAL_BYTES,
  PROOF_PURPOSE,
  PROOF_TYPE,
  VC_V2_CONTEXT,
  VERIFIABLE_CREDENTIAL,
  type Credential,
  type DataIntegrityProof,
  type ProofOptions,
  type SignedCredential,
} from './credential';
export { formatDateTimeStamp, parseDateTimeStamp } from './date-time';
export {
  configureProof,
  createProof,
  decodeProofValue,
  encodeProofValue,
  hashData,
  proofConfig,
  transform,
  verifyProof,
  type JsonDocument,
  type ProofFailure,
  type SecuredDocument,
} from './eddsa-jcs-2022';
export { issueCredential, IssueError, type CredentialIssuer, type IssueOptions } from './issue';
export { verifyCredential, type VerifiedCredential, type VerifyErrorCode, type VerifyOptions } from './verify';

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
  completeProof,
  configureProof,
  createProof,
  decodeProofValue,
  encodeProofValue,
  hashData,
  prepareProof,
  proofConfig,
  transform,
  verifyProof,
  type JsonDocument,
  type ProofFailure,
  type ProofToSign,
  type SecuredDocument,
} from './eddsa-jcs-2022';
export {
  dateTimeStampText,
  issueCredential,
  issueCredentialWith,
  IssueError,
  type CredentialIssuer,
  type IssueOptions,
} from './issue';
export { seedSigner, type CredentialSigner } from './signer';
export { verifyCredential, type VerifiedCredential, type VerifyErrorCode, type VerifyOptions } from './verify';
export {
  checkStatus,
  createStatusList,
  decodeStatusList,
  encodeStatusList,
  getStatus,
  MAX_STATUS_LIST_BYTES,
  MIN_STATUS_LIST_BITS,
  REVOCATION_PURPOSE,
  setStatus,
  statusListCredential,
  STATUS_LIST_CREDENTIAL_TYPE,
  STATUS_LIST_ENTRY_TYPE,
  STATUS_LIST_TYPE,
  type CheckStatusOptions,
  type StatusCheckFailure,
  type StatusList,
  type StatusListCredentialOptions,
  type StatusListDecodeError,
} from './status-list';
export {
  HOUSEHOLD_URN_PREFIX,
  RATION_CARD_TYPE,
  rationCardCredential,
  verifyRationCard,
  type RationCard,
  type RationCardErrorCode,
  type RationCardOptions,
  type VerifyRationCardOptions,
} from './ration-card';

/**
 * Reason codes. Reasons are signed into events as machine codes (never free
 * text, which could carry personal data onto the ledger); people pick them
 * from the kit's fixed lists and read them translated (`reasons.*` in the
 * i18n files).
 */
export { ACCEPT_REASONS, LOOKUP_REASONS, OVERRIDE_REASONS, PARTIAL_REASONS, REVOKE_REASONS, VOID_REASONS } from '../../kit/api';

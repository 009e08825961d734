/** Identity checks: a ration card's QR code, or a lookup by household id with a reason. */
import type { RationCardErrorCode } from '../../../../shared/credentials';
import type { Result } from '../../../../shared/result';
import type { Locked } from './errors';
import type { HouseholdForm } from './households';

/**
 * A card that does not pass says why, in the verifier's own codes, or
 * `issuer-revoked`: signed on a laptop after its revocation.
 */
export type CheckFailure = RationCardErrorCode | 'issuer-revoked';

export interface CheckPass {
  readonly household: string;
  readonly size: number;
  /** Event id of the recorded identity-check: the handout refers to it. */
  readonly checkId: string;
  readonly method: 'qr' | 'id-lookup';
  /** The site that enrolled the household (another camp's, for a household that moved). */
  readonly site: string;
  /** Which laptop (or, for another site's card, which site) issued the card. */
  readonly issuedBy?: string;
  /** Who the household is, for the officer to compare with who stands there; absent when this laptop cannot open the record. */
  readonly holder?: HouseholdForm;
}

/**
 * Reasons are codes from fixed lists, which the UI translates: free text about
 * people never goes into a signed event (principle 5), and codes tally.
 */
export const LOOKUP_REASONS = ['card-lost', 'card-damaged', 'card-not-issued', 'scanner-failed'] as const;
/** The identity document an officer checked for a lookup without a card (issue 11), recorded with the check. */
export const IDENTITY_DOCUMENTS = ['refugee-id', 'national-id', 'passport', 'proxy-authorisation', 'other-document'] as const;

export interface ChecksApi {
  checkQr(text: string): Promise<Result<CheckPass, CheckFailure | Locked>>;
  /** `needs-document`: a lookup without a card passes only once the officer says which identity document they checked. */
  checkByLookup(household: string, reason: string, document: string): Promise<Result<CheckPass, 'bad-id' | 'not-enrolled' | 'needs-reason' | 'needs-document' | Locked>>;
}

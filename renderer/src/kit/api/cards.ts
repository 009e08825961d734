/** Ration cards (W3C VC, printed as a QR code) and their revocation. */
import type { Result } from '../../../../shared/result';
import type { Locked, NotAllowed } from './errors';

export interface RationCard {
  readonly household: string;
  /** `AT1:` + Base45 payload to print as a QR code (alphanumeric mode). */
  readonly qrText: string;
  readonly validUntil: string;
}

export const REVOKE_REASONS = ['card-lost', 'card-stolen', 'household-left', 'fraud-suspected'] as const;

export interface CardsApi {
  issueCard(household: string): Promise<Result<RationCard, 'not-enrolled' | Locked>>;
  /** Cards for a selection (e.g. every household of an import without one), with progress; ids not enrolled here are listed back. */
  issueCards(households: readonly string[], onProgress?: (done: number, total: number) => void): Promise<Result<{ issued: readonly RationCard[]; notEnrolled: readonly string[] }, Locked>>;
  /** The household's current card again, to print (not a new card): only on the laptop that issued it. */
  reprintCard(household: string): Promise<Result<RationCard, 'no-card' | 'not-issued-here' | Locked>>;
  /** `not-issued-here`: the card's revocation bit is in another laptop's list. */
  revokeCard(household: string, reason: string): Promise<Result<void, 'no-card' | 'not-issued-here' | 'needs-reason' | Locked | NotAllowed>>;
}

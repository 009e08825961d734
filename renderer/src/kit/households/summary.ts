/** A household as lists show it: from its view row, no personal data. */
import type { HouseholdDoc } from '../../db/database';
import type { HouseholdSummary } from '../api/households';

export function householdSummary(doc: HouseholdDoc): HouseholdSummary {
  return { id: doc.id, size: doc.size, enrolledAt: doc.enrolledAt, hasCard: doc.card !== '' };
}

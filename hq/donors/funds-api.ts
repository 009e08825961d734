/**
 * The public funds routes the donor page reads (GET /funds/donors,
 * GET /funds/donors/:org, ledger/service/funds-views.ts), each answer
 * checked against its schema in shared/ledger/funds-answers.ts, the
 * ledger's own shapes, before anything is shown.
 */
import { donorAnswerSchema, donorsAnswerSchema } from '../../shared/ledger/funds-answers';
import { callChecked } from '../common/http';

export const loadDonors = () => callChecked('/funds/donors', donorsAnswerSchema);

/** How many handouts per total the page asks the ledger to sample (verify proves each one). */
export const SAMPLE = 3;

export const loadDonor = (org: string, seed: string) =>
  callChecked(`/funds/donors/${encodeURIComponent(org)}?seed=${encodeURIComponent(seed)}&sample=${SAMPLE}`, donorAnswerSchema);

/** The flow of funds (issue 15): HQ's books, what was handed out where, who paid for it. */
export { accounts, type Accounts, type Allocation, type Contribution, type RefusalCode, type RefusedAllocation } from './accounts';
export { attribute, type Attribution, type Share } from './attribute';
export {
  fundsFlow,
  type AllocationFlow,
  type ContributionFlow,
  type DayTotals,
  type DonorFlow,
  type FundsFlow,
  type ItemTotal,
  type PotFlow,
  type Totals,
} from './flow';
export { majorUnits, minorDigits, type Money } from './money';
export { handoutValue } from './pots';
export { MAX_SAMPLE, sampleIds } from './sample';

/** Distribution: plans and entitlements, handouts in force, tallies (the field flow). */
export { amendments, uniqueEvents, type Amendments, type CorrectionInForce } from './amendments';
export {
  effectiveHandouts,
  isPartial,
  priorHandouts,
  shortfall,
  type Cash,
  type EffectiveHandout,
  type Entitlement,
  type Given,
  type ItemLine,
} from './handouts';
export {
  distributionPlanSchema,
  entitlementFor,
  largestCoveredSize,
  planFromEvent,
  validatePlan,
  type DistributionPlan,
  type EntitlementRule,
} from './plan';
export { effectiveStock, type EffectiveStock } from './stock';
export {
  tally,
  type CashTotal,
  type ItemTotal,
  type OperatorTotal,
  type StockLine,
  type Tally,
  type TallyErrorCode,
  type TallyOptions,
} from './tally';
export { checkHandoutLines, type HandoutLinesError } from './handout-check';

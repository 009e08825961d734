/**
 * Reconciliation for the team lead (issue 5): pure functions over verified
 * events from many devices. Every one depends only on the set of events given
 * (not their order, not duplicates), so devices holding the same events show
 * the same conflicts, gaps, stock and day close.
 */
export {
  acceptAll,
  doubleHandouts,
  type ConflictingHandout,
  type DoubleHandout,
  type ResolutionDraft,
  type ResolutionErrorCode,
} from './double-handouts';
export { gaps, type DeviceSequence, type Fork, type GapOptions, type Gaps, type SeqRange } from './gaps';
export { stockReport, type DeviceStock, type StockReport } from './stock';
export {
  compareDayClose,
  dayClose,
  dayEventIds,
  eventIdsRoot,
  type CashDifference,
  type DayCloseBody,
  type DayCloseComparison,
  type DayCloseErrorCode,
  type DayCloseOptions,
  type ItemDifference,
} from './day-close';

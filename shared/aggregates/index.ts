/** Maintained aggregates of the log (issue 14): what the screens read instead of every event. */
export { aggregateBatch, type AggregateSource, type AggregateWrites } from './batch';
export { contribution, type Contribution } from './contribution';
export * from './documents';
export { conflictEvidence, dayEvidence, type EvidenceSource } from './evidence';
export { gapsFromChains, stockReportFromTotals, tallyFromTotals } from './read';
export { inRanges, outsideRanges, rangesSize, type SeqRanges } from './ranges';

/**
 * Sets of sequence numbers as ascending, disjoint, non-adjacent ranges
 * [from, to]: the part of a device's chain the log holds is one range when
 * nothing is missing, whatever its length.
 */
export type SeqRanges = readonly (readonly [number, number])[];

/** `ranges` with every one of `seqs` in it: one sort and merge per batch, not per event. */
export function addToRanges(ranges: SeqRanges, seqs: readonly number[]): [number, number][] {
  const all = [...ranges, ...seqs.map((s) => [s, s] as const)].sort((a, b) => a[0] - b[0]);
  const out: [number, number][] = [];
  for (const [from, to] of all) {
    const last = out.at(-1);
    if (last !== undefined && from <= last[1] + 1) last[1] = Math.max(last[1], to);
    else out.push([from, to]);
  }
  return out;
}

/** How many sequence numbers the ranges hold. */
export const rangesSize = (ranges: SeqRanges): number => ranges.reduce((n, [from, to]) => n + to - from + 1, 0);

/** Whether `seq` is in the ranges. */
export function inRanges(ranges: SeqRanges, seq: number): boolean {
  let lo = 0;
  let hi = ranges.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (ranges[mid]![1] < seq) lo = mid + 1;
    else hi = mid;
  }
  return lo < ranges.length && ranges[lo]![0] <= seq;
}

/** The seqs from 1 on that are not in the ranges, as [from, to] with the last open to Number.MAX_SAFE_INTEGER. */
export function outsideRanges(ranges: SeqRanges): [number, number][] {
  const out: [number, number][] = [];
  let next = 1;
  for (const [from, to] of ranges) {
    if (from > next) out.push([next, from - 1]);
    next = to + 1;
  }
  out.push([next, Number.MAX_SAFE_INTEGER]);
  return out;
}

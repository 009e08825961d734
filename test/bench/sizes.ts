/**
 * How large the benchmarks run: one variable for all of them,
 * AIDTRAIL_BENCH_EVENTS, so a quick run (CI runs every bench at 2,000) and a
 * camp-scale one (200,000) are each one setting. Unset, each bench keeps the
 * size its issue asked for.
 */

/** AIDTRAIL_BENCH_EVENTS when set (events, households or rows, as the bench counts), else `otherwise`. */
export function benchSize(otherwise: number): number {
  const given = process.env.AIDTRAIL_BENCH_EVENTS;
  const size = given === undefined || given === '' ? otherwise : Number(given);
  if (!Number.isSafeInteger(size) || size < 1) throw new Error(`AIDTRAIL_BENCH_EVENTS must be a positive whole number, not ${given}`);
  return size;
}

/** The baseline size of the benches that compare two. */
export const BASELINE_SIZE = 1_000;

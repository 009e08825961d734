/**
 * A double-handout group's key is `round NUL household` (shared/reconcile):
 * fine for the kit, not for an HTML attribute. Test ids use `round~household`
 * instead; `~` is outside the code alphabet of rounds and household ids, so
 * it cannot be confused with either.
 */
export const conflictTestKey = (key: string): string => key.replace(/\u0000/g, '~');

/** `[{from: 3, to: 3}, {from: 7, to: 9}]` style ranges, the first `max`, and how many more there are. */
export function firstRanges<T>(ranges: readonly T[], max: number): { readonly shown: readonly T[]; readonly more: number } {
  return { shown: ranges.slice(0, max), more: Math.max(0, ranges.length - max) };
}

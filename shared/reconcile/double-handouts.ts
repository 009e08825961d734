/**
 * Double handouts: the same household handed out more than once in one
 * round, typically on two devices that were apart when they recorded it
 * (DESIGN.md principle 3: sync merges the events; deciding what they mean is
 * the team lead's). The lead settles a group one of two ways, each a signed
 * event that converges like any other:
 *
 * - a `void` of the handout that should not count (shared/distribution's
 *   rules apply: the group is then one handout short, and disappears once a
 *   single handout is left);
 * - a `resolution` (`accept-all`, with a reason) naming handouts that were
 *   all meant: they stay counted, and stop being reported together.
 *
 * Rules, all derived from the events alone so every device with the same set
 * lists the same groups, in the same order:
 *
 * - Only effective handouts count (voids and corrections applied; a handout
 *   corrected to nothing is not one). Handouts without a round belong to no
 *   round and are never grouped.
 * - A handout recorded with a lead override (`handout.body.override`) was
 *   accepted when it was recorded, and is never part of a group.
 * - A group is settled when every pair of its handouts has been accepted
 *   together by some live resolution. So accepting a group twice (two leads,
 *   or one lead on two devices) changes nothing, and a handout that arrives
 *   after the decision reopens the group: the lead accepted A and B, not C.
 * - A voided resolution no longer settles anything (the group comes back), as
 *   a voided correction no longer applies. Whether the device that signed a
 *   resolution may decide (its certificate's role) is the device registry's
 *   question, answered before events get here, as for voids.
 */
import { MAX_RESOLUTION_HANDOUTS, resolutionBody, type EventBody } from '../events/bodies';
import { codeSchema } from '../events/fields';
import type { VerifiedEvent } from '../events/verify';
import { amendments, uniqueEvents } from '../distribution/amendments';
import { effectiveHandouts, type Cash, type ItemLine } from '../distribution/handouts';
import { err, ok, type Result } from '../result';
import { compareText } from './order';

/** One handout of a group, as the lead sees it. */
export interface ConflictingHandout {
  readonly id: string;
  readonly device: string;
  readonly seq: number;
  /** Pseudonymous operator id; null when recorded without one. */
  readonly operator: string | null;
  readonly at: string;
  /** What it gave, corrections applied. */
  readonly items: readonly ItemLine[];
  readonly cash?: Cash;
  /** Id of the correction in force, when the lines are not the recorded ones. */
  readonly correctedBy?: string;
}

export interface DoubleHandout {
  /** Stable key of the group: round and household. */
  readonly key: string;
  readonly round: string;
  readonly household: string;
  /** Two or more, oldest first (by `at`, then id). */
  readonly handouts: readonly ConflictingHandout[];
  /**
   * Live resolutions that accepted some of these handouts together, but not
   * all of them: typically a handout that synced in after the decision.
   * Sorted by id.
   */
  readonly partlyAcceptedBy: readonly string[];
}

const pairKey = (a: string, b: string): string => (a < b ? `${a}:${b}` : `${b}:${a}`);

/** The unsettled double handouts, ordered by round, then household. */
export function doubleHandouts(events: readonly VerifiedEvent[]): DoubleHandout[] {
  const unique = uniqueEvents(events);
  const { voided } = amendments(unique);

  const groups = new Map<string, { round: string; household: string; handouts: ConflictingHandout[] }>();
  for (const h of effectiveHandouts(unique)) {
    const { round, device, seq, at, operator, body } = h.event;
    if (round === undefined || body.override !== undefined) continue;
    const key = `${round}\u0000${body.household}`;
    const group = groups.get(key) ?? { round, household: body.household, handouts: [] };
    group.handouts.push({
      id: h.id,
      device,
      seq,
      operator: operator ?? null,
      at,
      items: h.items,
      ...(h.cash === undefined ? {} : { cash: h.cash }),
      ...(h.correctedBy === undefined ? {} : { correctedBy: h.correctedBy }),
    });
    groups.set(key, group);
  }

  // Live resolutions, indexed by the handouts they name.
  const resolutionsOf = new Map<string, { id: string; handouts: readonly string[] }[]>();
  for (const { id, event } of unique) {
    if (event.type !== 'resolution' || voided.has(id)) continue;
    const resolution = { id, handouts: event.body.handouts };
    for (const h of event.body.handouts) {
      const list = resolutionsOf.get(h) ?? [];
      list.push(resolution);
      resolutionsOf.set(h, list);
    }
  }

  const result: DoubleHandout[] = [];
  for (const group of groups.values()) {
    // effectiveHandouts lists oldest first, so each group already is.
    const { handouts } = group;
    if (handouts.length < 2) continue;
    const members = new Set(handouts.map((h) => h.id));
    const accepted = new Set<string>();
    const touching = new Set<string>();
    const seen = new Set<string>();
    for (const h of handouts) {
      for (const r of resolutionsOf.get(h.id) ?? []) {
        if (seen.has(r.id)) continue;
        seen.add(r.id);
        const inGroup = r.handouts.filter((x) => members.has(x));
        if (inGroup.length < 2) continue;
        touching.add(r.id);
        for (let i = 0; i < inGroup.length; i++) for (let j = i + 1; j < inGroup.length; j++) accepted.add(pairKey(inGroup[i]!, inGroup[j]!));
      }
    }
    const pairs = (handouts.length * (handouts.length - 1)) / 2;
    if (accepted.size === pairs) continue;
    result.push({
      key: `${group.round}\u0000${group.household}`,
      round: group.round,
      household: group.household,
      handouts,
      partlyAcceptedBy: [...touching].sort(compareText),
    });
  }
  return result.sort((a, b) => compareText(a.round, b.round) || compareText(a.household, b.household));
}

export type ResolutionErrorCode = 'too-many' | 'bad-reason' | 'bad-approval';

/** What a lead's device signs to accept a whole group: the body, and the round to record it in (its sync scope). */
export interface ResolutionDraft {
  readonly round: string;
  readonly body: EventBody<'resolution'>;
}

/**
 * The `resolution` that accepts every handout of a group. Record it with the
 * group's `round` in the envelope, so it travels in the same sync scope as the
 * handouts it settles. A group of more than MAX_RESOLUTION_HANDOUTS handouts
 * cannot be accepted in one event: void the ones that should not count first.
 */
export function acceptAll(group: DoubleHandout, reason: string, approvedBy: string): Result<ResolutionDraft, ResolutionErrorCode> {
  if (!codeSchema.safeParse(reason).success) return err('bad-reason', 'the reason must be a reason code');
  if (!codeSchema.safeParse(approvedBy).success) return err('bad-approval', 'the approving lead must be an operator id');
  const ids = [...new Set(group.handouts.map((h) => h.id))].sort(compareText);
  if (ids.length > MAX_RESOLUTION_HANDOUTS) {
    return err('too-many', `${ids.length} handouts are more than one resolution can accept (${MAX_RESOLUTION_HANDOUTS}): void the ones that should not count first`);
  }
  const parsed = resolutionBody.safeParse({ handouts: ids, decision: 'accept-all', reason, approval: { by: approvedBy } });
  if (!parsed.success) return err('too-many', 'a resolution names 2 or more distinct handouts');
  return ok({ round: group.round, body: parsed.data });
}

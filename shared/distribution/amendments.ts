/**
 * How `void` and `correction` events amend earlier events (DESIGN.md
 * principle 1: a mistake is fixed by a new event, never by editing).
 *
 * - A void removes its target. A void is final: a void aimed at a void has no
 *   effect, so a voided record can never come back (un-voiding would let a
 *   single approval undo another lead's decision without a trace of intent).
 * - A voided correction no longer applies; its target reads as if it had not
 *   been corrected (or as its other corrections say).
 * - A correction replaces what its target gave, lines and cash together
 *   ("what the target should have said", `correctionBody`). It applies to
 *   the records that give things: handouts and stock movements. A correction
 *   aimed at anything else (another correction, a void, an enrolment) has no
 *   effect here.
 * - Two live corrections of one record are a conflict for the team lead to
 *   resolve (DESIGN.md roles). Until then the latest by `at` applies, ties
 *   broken by the larger event id, so every device derives the same state from
 *   the same events whatever order they arrived in; the others are reported.
 *
 * The events here are already verified (`verifyEvent`). Whether the device
 * that signed a void or correction may approve one (its certificate's role)
 * is the device registry's question, answered before events get here.
 */
import type { EventOfType } from '../events/envelope';
import type { VerifiedEvent } from '../events/verify';

export interface CorrectionInForce {
  readonly id: string;
  readonly event: EventOfType<'correction'>;
  /** Ids of other live corrections of the same target that lost to this one. */
  readonly overruled: readonly string[];
}

export interface Amendments {
  /**
   * Ids of events removed by a void. A void's own id may be here too (a void
   * aimed at a void), which changes nothing: a void is final.
   */
  readonly voided: ReadonlySet<string>;
  /** Correction in force, by the id of the event it corrects. */
  readonly corrections: ReadonlyMap<string, CorrectionInForce>;
}

/** The events once each: sync is a union, and the same event may arrive from several peers. */
export function uniqueEvents(events: readonly VerifiedEvent[]): VerifiedEvent[] {
  const byId = new Map<string, VerifiedEvent>();
  for (const e of events) if (!byId.has(e.id)) byId.set(e.id, e);
  return [...byId.values()];
}

/** Later `at` wins, then the larger id: a total order that does not depend on arrival. */
function later(a: { id: string; event: { at: string } }, b: { id: string; event: { at: string } }): boolean {
  return a.event.at !== b.event.at ? a.event.at > b.event.at : a.id > b.id;
}

export function amendments(all: readonly VerifiedEvent[]): Amendments {
  const events = uniqueEvents(all);
  const voided = new Set<string>();
  const typeOf = new Map<string, string>();
  for (const { id, event } of events) {
    typeOf.set(id, event.type);
    if (event.type === 'void') voided.add(event.body.target);
  }
  const live = new Map<string, { id: string; event: EventOfType<'correction'> }[]>();
  for (const { id, event } of events) {
    if (event.type !== 'correction' || voided.has(id)) continue;
    const targetType = typeOf.get(event.body.target);
    // Only the records that give things can be corrected. A target not (yet)
    // known is kept: once it arrives, the correction applies to it.
    if (targetType !== undefined && targetType !== 'handout' && targetType !== 'stock') continue;
    const list = live.get(event.body.target) ?? [];
    list.push({ id, event });
    live.set(event.body.target, list);
  }
  const corrections = new Map<string, CorrectionInForce>();
  for (const [target, list] of live) {
    let winner = list[0];
    for (const c of list) if (winner === undefined || later(c, winner)) winner = c;
    if (winner === undefined) continue;
    const overruled = list.filter((c) => c !== winner).map((c) => c.id).sort();
    corrections.set(target, { ...winner, overruled });
  }
  return { voided, corrections };
}

/** A record of a type that gives things, not voided, with the correction in force for it if any. */
export interface RecordInForce<T extends 'handout' | 'stock'> {
  readonly id: string;
  readonly event: EventOfType<T>;
  readonly correction?: CorrectionInForce;
}

/**
 * The records of `type` that no void removed, each with its correction in
 * force: what effective handouts and stock movements are read from.
 */
export function recordsInForce<T extends 'handout' | 'stock'>(events: readonly VerifiedEvent[], type: T): RecordInForce<T>[] {
  const unique = uniqueEvents(events);
  const { voided, corrections } = amendments(unique);
  const result: RecordInForce<T>[] = [];
  for (const { id, event } of unique) {
    if (event.type !== type || voided.has(id)) continue;
    const correction = corrections.get(id);
    // event.type is `type`: TypeScript does not narrow through a type parameter.
    result.push({ id, event: event as EventOfType<T>, ...(correction === undefined ? {} : { correction }) });
  }
  return result;
}

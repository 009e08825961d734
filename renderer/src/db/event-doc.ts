/** An event as the log stores it: the signed event, and the fields its indexes need ('' when absent). */
import { canonicalize } from '../../../shared/canonical';
import type { VerifiedEvent } from '../../../shared/events';
import type { EventDoc } from './database';

function stringField(body: unknown, key: string): string {
  const value = (body as Record<string, unknown>)[key];
  return typeof value === 'string' ? value : '';
}

export function eventDoc({ id, event }: VerifiedEvent): EventDoc {
  return {
    id,
    type: event.type,
    device: event.device,
    seq: event.seq,
    at: event.at,
    day: event.at.slice(0, 10),
    round: event.round ?? '',
    household: stringField(event.body, 'household'),
    operator: event.operator ?? '',
    target: stringField(event.body, 'target'),
    event,
  };
}

/** The verified event back out of its stored document. */
export function storedEvent(doc: EventDoc): VerifiedEvent {
  return { id: doc.id, event: doc.event };
}

/** The canonical text an event travels as: JCS, so every peer holds identical bytes for an id. */
export const eventText = (event: VerifiedEvent['event']): string => canonicalize(event);

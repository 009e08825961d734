/**
 * Who is online: each kit publishes a small presence state through y-webrtc
 * awareness (y-protocols/awareness wire format: varuint count, then per entry
 * varuint client id, varuint clock, JSON text of the state or "null").
 *
 * Presence is unauthenticated (a peer with the team secret can claim any
 * did); it is for display only. `sanitizeAwarenessUpdate` keeps what a kit
 * shows bounded: a few entries per message, short fields, nothing else.
 */
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { err, ok, type Result } from '../result';

export interface Presence {
  /** The device's did:key (claimed, not verified). */
  readonly did: string;
  /** A label for people ("Tent 3 laptop"). */
  readonly label: string;
  /** Events the device holds in this scope. */
  readonly events: number;
  /** The device's own clock when it published this state (ms since 1970). */
  readonly at: number;
  /**
   * The newest HQ checkpoint the device holds (C2SP signed note). Gossiped so
   * a ledger showing two histories to two devices is noticed (DESIGN.md
   * "Ledger protocol"); it proves itself by HQ's signature, not by who sent it.
   */
  readonly checkpoint?: string;
}

/** A signed checkpoint note is a few hundred characters; anything longer is not one. */
export const MAX_GOSSIPED_CHECKPOINT = 1024;

export interface PresenceLimits {
  readonly maxEntries: number;
  readonly maxStateLength: number;
}

export const DEFAULT_PRESENCE_LIMITS: PresenceLimits = { maxEntries: 8, maxStateLength: 2048 };

export interface AwarenessEntry {
  readonly clientID: number;
  readonly clock: number;
  readonly state: Presence | null;
}

/** A valid presence, or undefined (stock y-webrtc clients publish other shapes: they are not listed). */
export function toPresence(value: unknown): Presence | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const v = value as Record<string, unknown>;
  const { did, label, events, at, checkpoint } = v;
  if (typeof did !== 'string' || did.length === 0 || did.length > 200) return undefined;
  if (typeof label !== 'string' || label.length > 100) return undefined;
  if (typeof events !== 'number' || !Number.isSafeInteger(events) || events < 0) return undefined;
  if (typeof at !== 'number' || !Number.isFinite(at) || at < 0) return undefined;
  const note = typeof checkpoint === 'string' && checkpoint.length <= MAX_GOSSIPED_CHECKPOINT ? checkpoint : undefined;
  return { did, label, events, at, ...(note !== undefined && { checkpoint: note }) };
}

/**
 * Parses an awareness update and re-encodes only well-formed presence
 * entries (others are dropped and counted). A message that does not parse,
 * or has more than `maxEntries` entries, is an error.
 */
export function sanitizeAwarenessUpdate(
  bytes: Uint8Array,
  limits: PresenceLimits = DEFAULT_PRESENCE_LIMITS,
): Result<{ update: Uint8Array; entries: AwarenessEntry[]; dropped: number }, 'malformed'> {
  try {
    const decoder = decoding.createDecoder(bytes);
    const count = decoding.readVarUint(decoder);
    if (count > limits.maxEntries) return err('malformed', `awareness update with ${count} entries`);
    const entries: AwarenessEntry[] = [];
    let dropped = 0;
    for (let i = 0; i < count; i++) {
      const clientID = decoding.readVarUint(decoder);
      const clock = decoding.readVarUint(decoder);
      const text = decoding.readVarString(decoder);
      if (!Number.isSafeInteger(clientID) || !Number.isSafeInteger(clock) || clientID > 0xffff_ffff) {
        dropped++;
        continue;
      }
      if (text.length > limits.maxStateLength) {
        dropped++;
        continue;
      }
      let parsed: unknown;
      try {
        parsed = JSON.parse(text);
      } catch {
        dropped++;
        continue;
      }
      const state = parsed === null ? null : toPresence(parsed);
      if (state === undefined) {
        dropped++;
        continue;
      }
      entries.push({ clientID, clock, state });
    }
    if (decoding.hasContent(decoder)) return err('malformed', 'trailing bytes after the awareness update');
    return ok({ update: encodeAwarenessEntries(entries), entries, dropped });
  } catch (cause) {
    return err('malformed', `unreadable awareness update (${cause instanceof Error ? cause.message : String(cause)})`);
  }
}

export function encodeAwarenessEntries(entries: readonly AwarenessEntry[]): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, entries.length);
  for (const { clientID, clock, state } of entries) {
    encoding.writeVarUint(e, clientID);
    encoding.writeVarUint(e, clock);
    encoding.writeVarString(e, JSON.stringify(state));
  }
  return encoding.toUint8Array(e);
}

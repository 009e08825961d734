/**
 * The data-channel messages, byte-compatible with y-webrtc (which uses
 * y-protocols): a varuint message type, then its body.
 *
 *   0 sync      0 SyncStep1  varUint8Array state vector
 *               1 SyncStep2  varUint8Array update   (here: the LAST batch of a diff)
 *               2 Update     varUint8Array update   (here: a batch of a diff, or a live change)
 *   1 awareness              varUint8Array awareness update
 *   3 query awareness
 *   4 broadcast-channel peer id (y-webrtc, same-browser tabs; ignored here)
 *
 * A stock y-webrtc peer can therefore join a room (with the password) and
 * exchange small updates with a kit; the kit's batched diff is a series of
 * Updates closed by a SyncStep2, which a stock peer also understands.
 */
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { err, ok, type Result } from '../result';

export const MESSAGE_SYNC = 0;
export const MESSAGE_AWARENESS = 1;
export const MESSAGE_QUERY_AWARENESS = 3;
export const MESSAGE_BC_PEER_ID = 4;

export const SYNC_STEP1 = 0;
export const SYNC_STEP2 = 1;
export const SYNC_UPDATE = 2;

export type SyncMessage =
  | { readonly type: 'step1'; readonly stateVector: Map<number, number> }
  | { readonly type: 'step2'; readonly update: Uint8Array }
  | { readonly type: 'update'; readonly update: Uint8Array }
  | { readonly type: 'awareness'; readonly update: Uint8Array }
  | { readonly type: 'query-awareness' }
  | { readonly type: 'bc-peer-id' };

/** Most clients a state vector may name (each Y.Doc session is one client). */
export const MAX_STATE_VECTOR_CLIENTS = 100_000;

export function decodeMessage(bytes: Uint8Array): Result<SyncMessage, 'malformed'> {
  try {
    const decoder = decoding.createDecoder(bytes);
    const type = decoding.readVarUint(decoder);
    let message: SyncMessage;
    switch (type) {
      case MESSAGE_SYNC: {
        const step = decoding.readVarUint(decoder);
        const body = decoding.readVarUint8Array(decoder);
        if (step === SYNC_STEP1) {
          const sv = readStateVector(body);
          if (typeof sv === 'string') return err('malformed', sv);
          message = { type: 'step1', stateVector: sv };
        } else if (step === SYNC_STEP2) message = { type: 'step2', update: body };
        else if (step === SYNC_UPDATE) message = { type: 'update', update: body };
        else return err('malformed', `unknown sync message type ${step}`);
        break;
      }
      case MESSAGE_AWARENESS:
        message = { type: 'awareness', update: decoding.readVarUint8Array(decoder) };
        break;
      case MESSAGE_QUERY_AWARENESS:
        message = { type: 'query-awareness' };
        break;
      case MESSAGE_BC_PEER_ID:
        return ok({ type: 'bc-peer-id' });
      default:
        return err('malformed', `unknown message type ${type}`);
    }
    if (decoding.hasContent(decoder)) return err('malformed', 'trailing bytes after the message');
    return ok(message);
  } catch (cause) {
    return err('malformed', `unreadable message (${cause instanceof Error ? cause.message : String(cause)})`);
  }
}

/** A Yjs state vector (varuint count, then client/clock pairs), strictly: bounded, no trailing bytes. */
export function readStateVector(bytes: Uint8Array): Map<number, number> | string {
  try {
    const decoder = decoding.createDecoder(bytes);
    const count = decoding.readVarUint(decoder);
    if (count > MAX_STATE_VECTOR_CLIENTS) return `state vector of ${count} clients`;
    const sv = new Map<number, number>();
    for (let i = 0; i < count; i++) {
      const client = decoding.readVarUint(decoder);
      const clock = decoding.readVarUint(decoder);
      if (!Number.isSafeInteger(client) || !Number.isSafeInteger(clock)) return 'state vector entry beyond 2^53';
      sv.set(client, clock);
    }
    if (decoding.hasContent(decoder)) return 'trailing bytes after the state vector';
    return sv;
  } catch (cause) {
    return `unreadable state vector (${cause instanceof Error ? cause.message : String(cause)})`;
  }
}

export function encodeStateVector(sv: ReadonlyMap<number, number>): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, sv.size);
  for (const [client, clock] of [...sv].sort((a, b) => b[0] - a[0])) {
    encoding.writeVarUint(e, client);
    encoding.writeVarUint(e, clock);
  }
  return encoding.toUint8Array(e);
}

const syncMessage = (step: number, body: Uint8Array): Uint8Array => {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, MESSAGE_SYNC);
  encoding.writeVarUint(e, step);
  encoding.writeVarUint8Array(e, body);
  return encoding.toUint8Array(e);
};

export const encodeStep1 = (stateVector: Uint8Array): Uint8Array => syncMessage(SYNC_STEP1, stateVector);
export const encodeStep2 = (update: Uint8Array): Uint8Array => syncMessage(SYNC_STEP2, update);
export const encodeUpdate = (update: Uint8Array): Uint8Array => syncMessage(SYNC_UPDATE, update);

export function encodeAwareness(update: Uint8Array): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, MESSAGE_AWARENESS);
  encoding.writeVarUint8Array(e, update);
  return encoding.toUint8Array(e);
}

export const encodeQueryAwareness = (): Uint8Array => Uint8Array.of(MESSAGE_QUERY_AWARENESS);

/**
 * Test support for the sync guard (not exported from index.ts): real signed
 * events as scope entries, and the two attacks of issue 12 as bytes a peer
 * with the room password can send.
 */
import { writeVarUint } from 'lib0/encoding';
import * as Y from 'yjs';
import { canonicalize } from '../canonical';
import { publicKeyToDid } from '../crypto/did-key';
import { generateKeyPair } from '../crypto/ed25519';
import type { UnsignedEvent } from '../events/envelope';
import { eventId, signEvent } from '../events/sign';
import { createScopeDoc, eventsOf } from './events-doc';

const laptop = generateKeyPair();
const did = publicKeyToDid(laptop.publicKey);

/** A signed handout as a scope entry: [its id, its canonical text]. */
export function signedEntry(seq: number, round = 'R2026-11'): [string, string] {
  const draft: UnsignedEvent = {
    v: 1,
    type: 'handout',
    device: did,
    seq,
    prev: seq === 1 ? null : 'a'.repeat(64),
    at: '2026-11-24T09:31:02.120Z',
    round,
    body: { household: 'HH-000123-7', items: [{ code: 'maize', qty: 25, unit: 'kg' }], collector: 'head' },
  };
  const event = signEvent(draft, laptop.seed);
  return [eventId(event), canonicalize(event)];
}

/**
 * What a raw Yjs client with the password sends to squat `id`: one map write
 * of `garbage` under it, from a client of its own.
 */
export function squatUpdate(scope: string, id: string, garbage: string, client = 0x5eed): Uint8Array {
  const doc = createScopeDoc(scope);
  doc.clientID = client;
  eventsOf(doc).set(id, garbage);
  return Y.encodeStateAsUpdate(doc);
}

/**
 * The client flood: `count` empty placeholders (a GC struct of length 1 at
 * clock 0) for clients `first`, `first + 1`, …; about 7 bytes each, so 60,000
 * fit in 410 KB.
 */
export function placeholderFlood(first: number, count: number): Uint8Array {
  const encoder = new Y.UpdateEncoderV1();
  writeVarUint(encoder.restEncoder, count);
  for (let client = first; client < first + count; client++) {
    writeVarUint(encoder.restEncoder, 1);
    encoder.writeClient(client);
    writeVarUint(encoder.restEncoder, 0);
    new Y.GC(Y.createID(client, 0), 1).write(encoder, 0);
  }
  writeVarUint(encoder.restEncoder, 0);
  return encoder.toUint8Array();
}

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import * as syncProtocol from 'y-protocols/sync';
import * as encoding from 'lib0/encoding';
import { decodeMessage, encodeAwareness, encodeQueryAwareness, encodeStateVector, encodeStep1, encodeStep2, encodeUpdate, readStateVector } from './messages';
import { DEFAULT_PRESENCE_LIMITS, encodeAwarenessEntries, sanitizeAwarenessUpdate } from './presence';

describe('sync messages', () => {
  it('are byte-identical to what y-protocols writes (what a stock y-webrtc peer sends and reads)', () => {
    const doc = new Y.Doc();
    doc.getMap('events').set('a', 'b');
    const sv = Y.encodeStateVector(doc);
    const update = Y.encodeStateAsUpdate(doc);
    const viaProtocol = (write: (e: encoding.Encoder) => void) => {
      const e = encoding.createEncoder();
      encoding.writeVarUint(e, 0);
      write(e);
      return encoding.toUint8Array(e);
    };
    expect(encodeStep1(sv)).toStrictEqual(viaProtocol((e) => syncProtocol.writeSyncStep1(e, doc)));
    expect(encodeStep2(update)).toStrictEqual(viaProtocol((e) => syncProtocol.writeSyncStep2(e, doc)));
    expect(encodeUpdate(update)).toStrictEqual(viaProtocol((e) => syncProtocol.writeUpdate(e, update)));
    expect(encodeStateVector(Y.decodeStateVector(sv))).toStrictEqual(sv);
  });

  it('decode what they encode', () => {
    const sv = new Map([[1, 5], [99, 2]]);
    expect(decodeMessage(encodeStep1(encodeStateVector(sv)))).toStrictEqual({ ok: true, value: { type: 'step1', stateVector: sv } });
    expect(decodeMessage(encodeStep2(Uint8Array.of(0, 0)))).toMatchObject({ ok: true, value: { type: 'step2' } });
    expect(decodeMessage(encodeUpdate(Uint8Array.of(0, 0)))).toMatchObject({ ok: true, value: { type: 'update' } });
    expect(decodeMessage(encodeAwareness(Uint8Array.of(0)))).toMatchObject({ ok: true, value: { type: 'awareness' } });
    expect(decodeMessage(encodeQueryAwareness())).toMatchObject({ ok: true, value: { type: 'query-awareness' } });
  });

  it('refuse unknown types, trailing bytes and bad state vectors, and never throw (fast-check)', () => {
    expect(decodeMessage(Uint8Array.of(9))).toMatchObject({ ok: false, code: 'malformed' });
    expect(decodeMessage(Uint8Array.of(0, 7, 0))).toMatchObject({ ok: false });
    expect(decodeMessage(Uint8Array.of(...encodeQueryAwareness(), 1))).toMatchObject({ ok: false, message: expect.stringMatching(/trailing/) });
    expect(decodeMessage(encodeStep1(Uint8Array.of(2, 1, 1)))).toMatchObject({ ok: false });
    expect(readStateVector(Uint8Array.of(0xff, 0xff, 0xff, 0x7f))).toMatch(/clients|unreadable/);
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 100 }), (bytes) => {
        const r = decodeMessage(bytes);
        expect(typeof r.ok).toBe('boolean');
      }),
      { numRuns: 2000 },
    );
  });
});

describe('presence (awareness) updates', () => {
  const presence = { did: 'did:key:z6Mk1', label: 'Tent 3', events: 12, at: 1_700_000_000_000 };

  it('keep well-formed presence entries and drop the rest', () => {
    const update = encodeAwarenessEntries([
      { clientID: 1, clock: 1, state: presence },
      { clientID: 2, clock: 1, state: null },
    ]);
    const r = sanitizeAwarenessUpdate(update);
    expect(r).toMatchObject({ ok: true, value: { dropped: 0, entries: [{ clientID: 1, state: presence }, { clientID: 2, state: null }] } });
    const e = encoding.createEncoder();
    encoding.writeVarUint(e, 3);
    for (const [id, text] of [[1, JSON.stringify({ user: 'stock y-webrtc' })], [2, '{not json'], [3, JSON.stringify({ ...presence, label: 'x'.repeat(101) })]] as const) {
      encoding.writeVarUint(e, id);
      encoding.writeVarUint(e, 1);
      encoding.writeVarString(e, text);
    }
    expect(sanitizeAwarenessUpdate(encoding.toUint8Array(e))).toMatchObject({ ok: true, value: { dropped: 3, entries: [] } });
  });

  it('refuse too many entries and garbage, and never throw (fast-check)', () => {
    const many = encodeAwarenessEntries(Array.from({ length: DEFAULT_PRESENCE_LIMITS.maxEntries + 1 }, (_, i) => ({ clientID: i, clock: 1, state: null })));
    expect(sanitizeAwarenessUpdate(many)).toMatchObject({ ok: false, code: 'malformed' });
    fc.assert(fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => void sanitizeAwarenessUpdate(bytes)), { numRuns: 2000 });
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { sha256Hex } from '../crypto/sha256';
import { utf8 } from '../bytes';
import { addEvents, createScopeDoc, eventsOf } from './events-doc';
import { DEFAULT_GUARD_LIMITS, guardUpdate } from './guard';

const SCOPE = 'site:camp-1';

/** Most tests here are about the map's structure rules, with short labels for ids: no content addressing. */
const ANY_ID = { ...DEFAULT_GUARD_LIMITS, checkEntry: () => undefined };

function device(clientID: number): Y.Doc {
  const doc = createScopeDoc(SCOPE);
  doc.clientID = clientID;
  return doc;
}

/** A copy of `doc` under another client id: what a peer (honest or not) holds after syncing. */
function copyOf(doc: Y.Doc, clientID: number): Y.Doc {
  const copy = device(clientID);
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
  return copy;
}

/** What `peer` would send `doc` to catch it up. */
const diff = (peer: Y.Doc, doc: Y.Doc): Uint8Array => Y.encodeStateAsUpdate(peer, Y.encodeStateVector(doc));

function receive(doc: Y.Doc, update: Uint8Array, limits = ANY_ID) {
  const g = guardUpdate(doc, update, limits);
  if (g.ok && g.value.update !== null) Y.applyUpdate(doc, g.value.update, 'peer');
  return g;
}

const snapshot = (doc: Y.Doc) => ({ sv: Y.encodeStateVector(doc), events: eventsOf(doc).toJSON(), share: [...doc.share.keys()] });

describe('guardUpdate', () => {
  it('passes an honest diff unchanged', () => {
    const a = device(100);
    addEvents(a, [['e1', '{"a":1}'], ['e2', '{"a":2}']]);
    const b = device(200);
    const update = diff(a, b);
    const g = guardUpdate(b, update, ANY_ID);
    expect(g.ok && g.value.update).toBe(update);
    expect(g.ok && [...g.value.ids].sort()).toStrictEqual(['e1', 'e2']);
    expect(g.ok && g.value.structs).toBe(2);
    Y.applyUpdate(b, update);
    expect(guardUpdate(b, update, ANY_ID)).toMatchObject({ ok: true, value: { update: null, structs: 0 } });
  });

  it('drops an overwrite of an event we have, and keeps our value', () => {
    const ours = device(100);
    addEvents(ours, [['e1', 'good']]);
    const evil = copyOf(ours, 50);
    eventsOf(evil).set('e1', 'evil');
    const g = receive(ours, diff(evil, ours));
    expect(g.ok && g.value.dropped).toStrictEqual([
      { id: 'e1', reason: expect.stringMatching(/origin/) },
      { id: 'e1', reason: expect.stringMatching(/delete/) },
    ]);
    expect(eventsOf(ours).get('e1')).toBe('good');
    expect(ours.store.pendingStructs).toBeNull();
  });

  it('drops a concurrent different value for an event we have, from a higher or a lower client id', () => {
    for (const client of [7, 999_999]) {
      const ours = device(1000);
      addEvents(ours, [['e1', 'good']]);
      const evil = device(client);
      addEvents(evil, [['e1', 'evil'], ['e2', 'fine']]);
      const g = receive(ours, diff(evil, ours));
      expect(g.ok && g.value.dropped).toStrictEqual([{ id: 'e1', reason: expect.stringMatching(/different value/) }]);
      expect(eventsOf(ours).toJSON()).toStrictEqual({ e1: 'good', e2: 'fine' });
    }
  });

  it('accepts a concurrent duplicate with the same value (two devices added the same event)', () => {
    const ours = device(1);
    const other = device(2);
    addEvents(ours, [['e1', 'same']]);
    addEvents(other, [['e1', 'same']]);
    const g = receive(ours, diff(other, ours));
    expect(g.ok && g.value.dropped).toStrictEqual([]);
    expect(eventsOf(ours).toJSON()).toStrictEqual({ e1: 'same' });
  });

  it('ignores deletes and reports a delete of one of our events', () => {
    const ours = device(100);
    addEvents(ours, [['e1', 'good'], ['e2', 'good too']]);
    const evil = copyOf(ours, 50);
    eventsOf(evil).delete('e1');
    const g = receive(ours, diff(evil, ours));
    expect(g.ok && g.value.dropped).toStrictEqual([{ id: 'e1', reason: expect.stringMatching(/delete/) }]);
    expect(eventsOf(ours).toJSON()).toStrictEqual({ e1: 'good', e2: 'good too' });
    // A delete-only update of a stranger's delete set is still harmless.
    const strange = receive(ours, Y.encodeStateAsUpdate(evil));
    expect(strange.ok).toBe(true);
    expect(eventsOf(ours).size).toBe(2);
  });

  it('drops other root types, nested types, list items, non-strings and oversized entries; the rest of the update applies', () => {
    const ours = device(100);
    const evil = device(50);
    evil.transact(() => {
      evil.getMap('other').set('x', 'y');
      evil.getText('text').insert(0, 'hello');
      eventsOf(evil).set('ok-1', 'fine');
      (eventsOf(evil) as unknown as Y.Map<unknown>).set('nested', new Y.Map());
      (eventsOf(evil) as unknown as Y.Map<unknown>).set('number', 42);
      (eventsOf(evil) as unknown as Y.Map<unknown>).set('binary', new Uint8Array([1]));
      eventsOf(evil).set('big', 'x'.repeat(DEFAULT_GUARD_LIMITS.maxValueLength + 1));
      eventsOf(evil).set('k'.repeat(DEFAULT_GUARD_LIMITS.maxKeyLength + 1), 'long key');
      eventsOf(evil).set('ok-2', 'fine too');
    });
    const list = device(51);
    list.getArray('events-list').insert(0, ['a']);
    const g = receive(ours, diff(evil, ours));
    expect(g.ok).toBe(true);
    const reasons = g.ok ? g.value.dropped.map((d) => d.reason) : [];
    expect(reasons).toHaveLength(7);
    expect(reasons.join('\n')).toMatch(/root type "other"/);
    expect(reasons.join('\n')).toMatch(/root type "text"/);
    expect(reasons.join('\n')).toMatch(/longer than/);
    expect(eventsOf(ours).toJSON()).toStrictEqual({ 'ok-1': 'fine', 'ok-2': 'fine too' });
    expect([...ours.share.keys()]).toStrictEqual(['events']);
    // The sender's clock advanced past the dropped items: they can never come back.
    expect(Y.getState(ours.store, 50)).toBe(Y.getState(evil.store, 50));
    expect(guardUpdate(ours, diff(evil, device(1)), ANY_ID)).toMatchObject({ ok: true, value: { structs: 0 } });
  });

  it('applies the optional entry check (e.g. the id is the SHA-256 of the text)', () => {
    const limits = { ...DEFAULT_GUARD_LIMITS, checkEntry: (id: string, json: string) => (sha256Hex(utf8(json)) === id ? undefined : 'id is not the hash of the event') };
    const honest = device(3);
    const text = '{"v":1}';
    addEvents(honest, [[sha256Hex(utf8(text)), text], ['0'.repeat(64), 'squatter']]);
    const ours = device(4);
    const g = guardUpdate(ours, diff(honest, ours), limits);
    expect(g.ok && g.value.dropped).toStrictEqual([{ id: '0'.repeat(64), reason: 'id is not the hash of the event' }]);
    if (g.ok && g.value.update) Y.applyUpdate(ours, g.value.update);
    expect(eventsOf(ours).size).toBe(1);
  });

  it('keeps one value when an update writes two values under one new id', () => {
    const x = device(10);
    const y = device(20);
    addEvents(x, [['e', 'from x']]);
    addEvents(y, [['e', 'from y']]);
    const both = Y.mergeUpdates([Y.encodeStateAsUpdate(x), Y.encodeStateAsUpdate(y)]);
    const ours = device(30);
    const g = receive(ours, both);
    expect(g.ok && g.value.dropped).toStrictEqual([{ id: 'e', reason: expect.stringMatching(/two different values/) }]);
    expect(eventsOf(ours).get('e')).toBe('from y');
  });

  it('refuses an update with a gap and leaves the document untouched', () => {
    const a = device(10);
    addEvents(a, [['e1', '1']]);
    const sv = Y.encodeStateVector(a);
    addEvents(a, [['e2', '2']]);
    const later = Y.encodeStateAsUpdate(a, sv);
    const ours = device(30);
    const before = snapshot(ours);
    expect(guardUpdate(ours, later, ANY_ID)).toMatchObject({ ok: false, code: 'gap' });
    expect(snapshot(ours)).toStrictEqual(before);
    expect(ours.store.pendingStructs).toBeNull();
  });

  it('never throws on garbage or a damaged update, and what it lets through leaves a clean map (fast-check)', () => {
    const source = device(10);
    addEvents(source, Array.from({ length: 20 }, (_, i) => [`e${i}`, `{"i":${i}}`] as const));
    eventsOf(source); // keep types
    const valid = Y.encodeStateAsUpdate(source);
    const damaged = fc.oneof(
      fc.uint8Array({ maxLength: 300 }),
      fc.nat({ max: valid.length }).map((n) => valid.slice(0, n)),
      fc.tuple(fc.nat({ max: valid.length - 1 }), fc.integer({ min: 0, max: 255 })).map(([i, b]) => {
        const c = valid.slice();
        c[i] = b;
        return c;
      }),
    );
    fc.assert(
      fc.property(damaged, (bytes) => {
        const ours = device(99);
        addEvents(ours, [['mine', 'kept']]);
        const g = guardUpdate(ours, bytes, ANY_ID);
        if (g.ok && g.value.update !== null) {
          Y.applyUpdate(ours, g.value.update);
        }
        expect(eventsOf(ours).get('mine')).toBe('kept');
        expect([...ours.share.keys()]).toStrictEqual(['events']);
        for (const v of eventsOf(ours).values()) expect(typeof v).toBe('string');
        expect(ours.store.pendingStructs).toBeNull();
        expect(ours.store.pendingDs).toBeNull();
      }),
      { numRuns: 500 },
    );
  });
});

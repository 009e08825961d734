import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addEvents, createScopeDoc, eventsOf } from './events-doc';
import { FILE_GUARD_LIMITS, exportScope, importScope, stateVectorOf } from './sneakernet';

/** Ids here are labels, not content addresses (guard.test.ts covers the check). */
const limits = { ...FILE_GUARD_LIMITS, checkEntry: () => undefined };

const events = (n: number, prefix: string) =>
  Array.from({ length: n }, (_, i) => [`${prefix}-${i}`, `{"e":"${prefix}-${i}","pad":"${'p'.repeat(300)}"}`] as const);

function exported(doc: Y.Doc, since?: Uint8Array): Uint8Array {
  const r = exportScope(doc, since);
  if (!r.ok) throw new Error(r.message);
  return r.value;
}

describe('exportScope / importScope', () => {
  it('carries all events to a device that never met the other', () => {
    const a = createScopeDoc('round:r7');
    addEvents(a, events(500, 'a'));
    const b = createScopeDoc('round:r7');
    addEvents(b, events(10, 'b'));
    const r = importScope(b, exported(a), { origin: 'usb', limits });
    expect(r).toMatchObject({ ok: true, value: { structs: 500, dropped: [] } });
    expect(r.ok && r.value.ids).toHaveLength(500);
    expect(eventsOf(b).size).toBe(510);
    // Importing the same file again adds nothing.
    expect(importScope(b, exported(a), { limits })).toMatchObject({ ok: true, value: { structs: 0, ids: [] } });
  });

  it('exports only what a given device lacks, given its state vector', () => {
    const a = createScopeDoc('round:r7');
    addEvents(a, events(1000, 'a'));
    const b = createScopeDoc('round:r7');
    expect(importScope(b, exported(a), { limits }).ok).toBe(true);
    addEvents(a, events(5, 'new'));
    const small = exported(a, stateVectorOf(b));
    expect(small.length).toBeLessThan(5 * 400 + 200);
    expect(importScope(b, small, { limits })).toMatchObject({ ok: true, value: { structs: 5 } });
    expect(eventsOf(b).size).toBe(1005);
    // The partial file does not fit a device that lacks the earlier events.
    const c = createScopeDoc('round:r7');
    expect(importScope(c, small, { limits })).toMatchObject({ ok: false, code: 'gap' });
    expect(eventsOf(c).size).toBe(0);
  });

  it('refuses a file of another scope, an oversized file, and a bad state vector', () => {
    const a = createScopeDoc('round:r7');
    addEvents(a, events(3, 'a'));
    const file = exported(a);
    expect(importScope(createScopeDoc('round:r8'), file)).toMatchObject({ ok: false, code: 'wrong-scope' });
    expect(importScope(createScopeDoc('round:r7'), file, { maxBytes: file.length - 1 })).toMatchObject({ ok: false, code: 'too-large' });
    expect(exportScope(a, Uint8Array.of(5, 1))).toMatchObject({ ok: false, code: 'bad-state-vector' });
  });

  it('answers every truncated, corrupted or random file with an error and leaves the document untouched (fast-check)', () => {
    const a = createScopeDoc('round:r7');
    addEvents(a, events(30, 'a'));
    const file = exported(a);
    const bad = fc.oneof(
      fc.uint8Array({ maxLength: 2000 }),
      fc.nat({ max: file.length - 1 }).map((n) => file.slice(0, n)),
      fc.tuple(fc.nat({ max: file.length - 1 }), fc.integer({ min: 1, max: 255 })).map(([i, x]) => {
        const c = file.slice();
        c[i] = c[i]! ^ x;
        return c;
      }),
    );
    fc.assert(
      fc.property(bad, (bytes) => {
        const b = createScopeDoc('round:r7');
        addEvents(b, [['mine', 'x']]);
        const before = Y.encodeStateAsUpdate(b);
        const r = importScope(b, bytes);
        expect(r.ok).toBe(false);
        expect(Y.encodeStateAsUpdate(b)).toStrictEqual(before);
      }),
      { numRuns: 400 },
    );
  });

  it('passes file content through the same guard as peer traffic', () => {
    const evil = createScopeDoc('round:r7');
    evil.getMap('elsewhere').set('x', 'y');
    addEvents(evil, [['fine', 'ok']]);
    const b = createScopeDoc('round:r7');
    const r = importScope(b, exported(evil), { limits });
    expect(r.ok && r.value.dropped).toStrictEqual([{ reason: expect.stringMatching(/root type/) }]);
    expect(eventsOf(b).toJSON()).toStrictEqual({ fine: 'ok' });
    expect([...b.share.keys()]).toStrictEqual(['events']);
  });
});

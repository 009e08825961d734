import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addEvents, createScopeDoc, eventsOf, stateMap } from './events-doc';
import { DEFAULT_GUARD_LIMITS, guardUpdate } from './guard';
import { EMPTY_UPDATE, SLICE_MAX_CLIENTS, nextSlice } from './slice';

const SCOPE = 'round:r1';
/** Slicing is about structs: ids here are labels, not content addresses. */
const ANY_ID = { ...DEFAULT_GUARD_LIMITS, checkEntry: () => undefined };
const valueOf = (id: string): string => JSON.stringify({ id, pad: 'x'.repeat(id.length % 7) });

function device(clientID: number): Y.Doc {
  const doc = createScopeDoc(SCOPE);
  doc.clientID = clientID;
  return doc;
}

/** Streams `from` into `to` in slices of `budget` bytes through the guard, as a peer would. */
function stream(from: Y.Doc, to: Y.Doc, budget: number): { slices: number; maxBytes: number; structs: number } {
  let cursor = stateMap(to);
  let slices = 0;
  let maxBytes = 0;
  let structs = 0;
  for (let s = nextSlice(from, cursor, budget); s !== null; s = nextSlice(from, cursor, budget)) {
    const g = guardUpdate(to, s.update, ANY_ID);
    if (!g.ok) throw new Error(`${g.code}: ${g.message}`);
    expect(g.value.dropped).toStrictEqual([]);
    if (g.value.update !== null) Y.applyUpdate(to, g.value.update, 'peer');
    expect(to.store.pendingStructs).toBeNull();
    cursor = s.cursor;
    slices++;
    structs += s.structs;
    maxBytes = Math.max(maxBytes, s.update.length);
    if (slices > 100_000) throw new Error('slicing does not terminate');
  }
  return { slices, maxBytes, structs };
}

const entries = (doc: Y.Doc) => Object.fromEntries([...eventsOf(doc).entries()].sort(([a], [b]) => a.localeCompare(b)));

describe('nextSlice', () => {
  it('streams a diff in slices that each apply at once and together equal the whole diff (fast-check)', () => {
    const op = fc.record({
      device: fc.integer({ min: 0, max: 3 }),
      ids: fc.array(fc.integer({ min: 0, max: 60 }).map((n) => `e${n}`), { minLength: 1, maxLength: 12 }),
      syncWith: fc.option(fc.integer({ min: 0, max: 3 }), { nil: undefined }),
    });
    fc.assert(
      fc.property(fc.array(op, { minLength: 1, maxLength: 25 }), fc.integer({ min: 1, max: 400 }), (ops, budget) => {
        const devices = [device(11), device(22), device(33), device(44)];
        for (const o of ops) {
          addEvents(devices[o.device]!, o.ids.map((id) => [id, valueOf(id)] as const));
          if (o.syncWith !== undefined && o.syncWith !== o.device) {
            const a = devices[o.device]!;
            const b = devices[o.syncWith]!;
            Y.applyUpdate(b, Y.encodeStateAsUpdate(a, Y.encodeStateVector(b)));
          }
        }
        const [a, b] = devices as [Y.Doc, Y.Doc];
        // What Yjs itself would produce in one message:
        const reference = device(99);
        Y.applyUpdate(reference, Y.encodeStateAsUpdate(b));
        Y.applyUpdate(reference, Y.encodeStateAsUpdate(a, Y.encodeStateVector(reference)));

        const before = stateMap(b);
        const { structs } = stream(a, b, budget);
        expect(entries(b)).toStrictEqual(entries(reference));
        expect(Y.encodeStateVector(b)).toStrictEqual(Y.encodeStateVector(reference));
        let expected = 0;
        for (const [client, clock] of stateMap(a)) expected += Math.max(0, clock - (before.get(client) ?? 0));
        expect(structs).toBe(expected);
        // Nothing left: the next slice from b's own state is empty.
        expect(nextSlice(a, stateMap(b), budget)).toBeNull();
      }),
      { numRuns: 150 },
    );
  });

  it('keeps slices near the budget: 5,000 events of ~330 B in slices of at most 64 KiB', () => {
    const a = device(1);
    const b = device(2);
    addEvents(a, Array.from({ length: 5000 }, (_, i) => [`id-${i}`, `{"pad":"${'p'.repeat(300)}","i":${i}}`] as const));
    const budget = 60 * 1024;
    const { slices, maxBytes } = stream(a, b, budget);
    expect(eventsOf(b).size).toBe(5000);
    expect(maxBytes).toBeLessThanOrEqual(budget + 400);
    expect(slices).toBe(Math.ceil(Y.encodeStateAsUpdate(a).length / budget));
  });

  it('sends a struct larger than the budget (a slice overshoots by at most one struct)', () => {
    const a = device(1);
    addEvents(a, [['small', 's'], ['big', 'b'.repeat(10_000)], ['small2', 's']]);
    const b = device(2);
    const { slices, maxBytes } = stream(a, b, 100);
    expect(slices).toBe(2);
    expect(maxBytes).toBeGreaterThan(10_000);
    expect(maxBytes).toBeLessThan(10_000 + 100);
    expect(entries(b)).toStrictEqual(entries(a));
  });

  it('writes deleted items (losers of a concurrent duplicate) with the text that won, so a receiver takes them and converges', () => {
    const a = device(5);
    const b = device(6);
    addEvents(a, [['same', valueOf('same')]]);
    addEvents(b, [['same', valueOf('same')]]);
    Y.applyUpdate(a, Y.encodeStateAsUpdate(b));
    const c = device(7);
    stream(a, c, 1000);
    expect(entries(c)).toStrictEqual(entries(a));
    expect(eventsOf(c).size).toBe(1);
    expect(Y.encodeStateVector(c)).toStrictEqual(Y.encodeStateVector(a));
  });

  it('resumes from the receiver state after an interruption: nothing is sent twice', () => {
    const a = device(1);
    addEvents(a, Array.from({ length: 1000 }, (_, i) => [`id-${i}`, valueOf(`id-${i}`)] as const));
    const b = device(2);
    let cursor = stateMap(b);
    for (let i = 0; i < 3; i++) {
      const s = nextSlice(a, cursor, 2000)!;
      Y.applyUpdate(b, s.update);
      cursor = s.cursor;
    }
    const got = eventsOf(b).size;
    expect(got).toBeGreaterThan(0);
    const rest = stream(a, b, 2000);
    expect(rest.structs).toBe(1000 - got);
    expect(eventsOf(b).size).toBe(1000);
  });

  it('names at most SLICE_MAX_CLIENTS clients in a slice, so a receiver never refuses one for naming too many', () => {
    const a = device(1);
    for (let client = 10; client < 10 + 3 * SLICE_MAX_CLIENTS; client++) {
      const writer = device(client);
      addEvents(writer, [[`e${client}`, 'x']]);
      Y.applyUpdate(a, Y.encodeStateAsUpdate(writer));
    }
    let cursor = new Map<number, number>();
    const named: number[] = [];
    for (let s = nextSlice(a, cursor, 60 * 1024); s !== null; s = nextSlice(a, cursor, 60 * 1024)) {
      named.push([...s.cursor.keys()].length - cursor.size);
      cursor = s.cursor;
    }
    expect(named).toStrictEqual([SLICE_MAX_CLIENTS, SLICE_MAX_CLIENTS, SLICE_MAX_CLIENTS]);
    expect(SLICE_MAX_CLIENTS * 4).toBeLessThanOrEqual(DEFAULT_GUARD_LIMITS.perUpdate.clients);
  });

  it('has an empty update constant Yjs accepts', () => {
    const d = device(1);
    Y.applyUpdate(d, EMPTY_UPDATE);
    expect(Y.encodeStateAsUpdate(device(3))).toStrictEqual(EMPTY_UPDATE);
  });
});

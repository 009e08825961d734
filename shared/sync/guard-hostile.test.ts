/**
 * The guard against a peer that holds the room password (issue 12): it
 * cannot squat a real event's id, nor grow a document past what peers
 * accept.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { usageOf } from './capacity';
import { addEvents, createScopeDoc, eventsOf } from './events-doc';
import { DEFAULT_GUARD_LIMITS, guardUpdate, type GuardLimits } from './guard';
import { MAX_STATE_VECTOR_CLIENTS } from './messages';
import { placeholderFlood, signedEntry, squatUpdate } from './test-support';

const SCOPE = 'round:R2026-11';

function device(clientID: number): Y.Doc {
  const doc = createScopeDoc(SCOPE);
  doc.clientID = clientID;
  return doc;
}

function receive(doc: Y.Doc, update: Uint8Array, limits: GuardLimits = DEFAULT_GUARD_LIMITS) {
  const g = guardUpdate(doc, update, limits);
  if (g.ok && g.value.update !== null) Y.applyUpdate(doc, g.value.update, 'peer');
  return g;
}

const snapshot = (doc: Y.Doc) => ({ sv: Y.encodeStateVector(doc), events: eventsOf(doc).toJSON() });

describe('guardUpdate against a squatter', () => {
  it('drops garbage written under a real event id first, then stores the real event when it comes', () => {
    const [id, text] = signedEntry(1);
    const victim = device(1);
    const squat = receive(victim, squatUpdate(SCOPE, id, '{"garbage":true}'));
    expect(squat.ok && squat.value.dropped).toStrictEqual([{ id, reason: 'event id is not the SHA-256 of its text' }]);
    expect(eventsOf(victim).has(id)).toBe(false);

    const honest = device(2);
    addEvents(honest, [[id, text]]);
    const real = receive(victim, Y.encodeStateAsUpdate(honest, Y.encodeStateVector(victim)));
    expect(real.ok && real.value).toMatchObject({ ids: [id], dropped: [] });
    expect(eventsOf(victim).get(id)).toBe(text);

    // It spreads: a third laptop that meets only the victim gets the real event.
    const third = device(3);
    const passed = receive(third, Y.encodeStateAsUpdate(victim));
    expect(passed.ok && passed.value.dropped).toStrictEqual([]);
    expect(eventsOf(third).get(id)).toBe(text);
  });

  it('cannot hide a real event by sending its slot as deleted or as a placeholder: the slot waits for its content', () => {
    const [id, text] = signedEntry(3);
    const honest = device(10);
    addEvents(honest, [[id, text]]);
    // The squatter's own copy: its garbage (higher client id) beat the real event, now marked deleted.
    const squatter = device(20);
    Y.applyUpdate(squatter, squatUpdate(SCOPE, id, '{"garbage":true}', 30));
    Y.applyUpdate(squatter, Y.encodeStateAsUpdate(honest));
    expect(eventsOf(squatter).get(id)).toBe('{"garbage":true}');
    const victim = device(1);
    const relayed = receive(victim, Y.encodeStateAsUpdate(squatter));
    expect(relayed.ok && relayed.value.dropped).toStrictEqual([{ id, reason: 'event id is not the SHA-256 of its text' }]);
    expect(Y.getState(victim.store, 10)).toBe(0);
    // Or the bare slot, as a placeholder.
    expect(receive(victim, placeholderFlood(10, 1))).toMatchObject({ ok: true, value: { update: null } });
    expect(Y.getState(victim.store, 10)).toBe(0);
    // The real event still arrives from its writer.
    receive(victim, Y.encodeStateAsUpdate(honest, Y.encodeStateVector(victim)));
    expect(eventsOf(victim).get(id)).toBe(text);
  });

  it('drops ids that are not lowercase hex SHA-256, and keeps a real entry beside them', () => {
    const [id, text] = signedEntry(2);
    const mixed = device(9);
    addEvents(mixed, [[id, text], [id.toUpperCase(), text], ['handout-1', text]]);
    const ours = device(10);
    const g = receive(ours, Y.encodeStateAsUpdate(mixed));
    expect(g.ok && g.value.dropped.map((d) => d.reason)).toStrictEqual(['event id is not a lowercase hex SHA-256', 'event id is not a lowercase hex SHA-256']);
    expect(eventsOf(ours).toJSON()).toStrictEqual({ [id]: text });
  });
});

describe('guardUpdate against a client flood', () => {
  it('refuses the 120,000-client flood (two updates of 60,000 empty placeholders, ~410 KB each) and the document stays readable to peers', () => {
    const ours = device(1);
    addEvents(ours, [signedEntry(1)]);
    const before = snapshot(ours);
    for (const first of [1_000_000, 1_060_000]) {
      const flood = placeholderFlood(first, 60_000);
      expect(flood.length).toBeGreaterThan(400_000);
      expect(flood.length).toBeLessThan(DEFAULT_GUARD_LIMITS.perUpdate.bytes);
      expect(guardUpdate(ours, flood)).toMatchObject({ ok: false, code: 'too-large', message: expect.stringMatching(/more than 1000 clients/) });
    }
    expect(snapshot(ours)).toStrictEqual(before);
    expect(ours.store.clients.size).toBe(1);
  });

  it('never takes an empty placeholder: a flood in updates small enough to pass leaves the document as it was', () => {
    const ours = device(1);
    addEvents(ours, [signedEntry(1)]);
    const before = snapshot(ours);
    for (let first = 1_000_000; first < 1_120_000; first += 1_000) {
      expect(receive(ours, placeholderFlood(first, 1_000))).toMatchObject({ ok: true, value: { update: null, structs: 0, newClients: 0 } });
    }
    expect(snapshot(ours)).toStrictEqual(before);
  });

  it('takes new clients that bring entries only until the document holds its most clients, far below what a state vector may name', () => {
    const limits = { ...DEFAULT_GUARD_LIMITS, perDocument: { ...DEFAULT_GUARD_LIMITS.perDocument, clients: 25 } };
    const ours = device(1);
    addEvents(ours, [signedEntry(1)]);
    const codes: string[] = [];
    for (let client = 100; client < 140; client++) {
      const writer = device(client);
      addEvents(writer, [signedEntry(client)]);
      const g = receive(ours, Y.encodeStateAsUpdate(writer), limits);
      codes.push(g.ok ? 'ok' : g.code);
    }
    expect(codes).toStrictEqual([...Array<string>(24).fill('ok'), ...Array<string>(16).fill('full')]);
    expect(ours.store.clients.size).toBe(25);
    expect(DEFAULT_GUARD_LIMITS.perDocument.clients).toBeLessThan(MAX_STATE_VECTOR_CLIENTS);
  });

  it('refuses an update over the bytes or new items one update may carry, and one that takes the document past its entries or bytes', () => {
    const big = device(7);
    addEvents(big, Array.from({ length: 30 }, (_, i) => signedEntry(i + 1)));
    const update = Y.encodeStateAsUpdate(big);
    const caps = DEFAULT_GUARD_LIMITS.perUpdate;
    const cases: [Partial<GuardLimits>, string, RegExp][] = [
      [{ perUpdate: { ...caps, bytes: update.length - 1 } }, 'too-large', /bytes/],
      [{ perUpdate: { ...caps, entries: 29 } }, 'too-large', /more than 29 new items/],
      [{ perDocument: { ...DEFAULT_GUARD_LIMITS.perDocument, entries: 29 } }, 'full', /30 entries/],
      [{ perDocument: { ...DEFAULT_GUARD_LIMITS.perDocument, bytes: update.length - 1 } }, 'full', /bytes/],
    ];
    for (const [limits, code, message] of cases) {
      const ours = device(8);
      expect(guardUpdate(ours, update, { ...DEFAULT_GUARD_LIMITS, ...limits })).toMatchObject({ ok: false, code, message: expect.stringMatching(message) });
      expect(receive(ours, update).ok).toBe(true);
    }
  });

  it('whatever hostile mix arrives, the document keeps to its caps and every entry is its content address (fast-check)', () => {
    const real = Array.from({ length: 8 }, (_, i) => signedEntry(i + 1));
    const limits = { ...DEFAULT_GUARD_LIMITS, perDocument: { clients: 40, entries: 6, bytes: 20_000 } };
    const move = fc.oneof(
      fc.record({ kind: fc.constantFrom('real' as const, 'squat' as const), i: fc.nat({ max: 7 }) }),
      fc.record({ kind: fc.constant('flood' as const), count: fc.integer({ min: 1, max: 30 }) }),
    );
    fc.assert(
      fc.property(fc.array(move, { maxLength: 30 }), (moves) => {
        const ours = device(999_999);
        let client = 1;
        for (const m of moves) {
          if (m.kind === 'flood') {
            receive(ours, placeholderFlood(client, m.count), limits);
            client += m.count;
          } else {
            const [id, text] = real[m.i]!;
            const peer = device(client++);
            Y.applyUpdate(peer, Y.encodeStateAsUpdate(ours));
            if (m.kind === 'real') addEvents(peer, [[id, text]]);
            else Y.applyUpdate(peer, squatUpdate(SCOPE, id, `{"garbage":${client}}`, client++));
            receive(ours, Y.encodeStateAsUpdate(peer, Y.encodeStateVector(ours)), limits);
          }
          const usage = usageOf(ours);
          expect(usage.clients).toBeLessThanOrEqual(limits.perDocument.clients);
          expect(usage.entries).toBeLessThanOrEqual(limits.perDocument.entries);
          expect(usage.bytes).toBeLessThanOrEqual(limits.perDocument.bytes);
          for (const [id, text] of eventsOf(ours).entries()) expect(real).toContainEqual([id, text]);
        }
      }),
      { numRuns: 60 },
    );
  });
});

import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { capPassed, usageOf } from './capacity';
import { addEvents, createScopeDoc } from './events-doc';
import { signedEntry } from './test-support';

describe('usageOf', () => {
  it('counts clients and entries, and bytes from the texts held plus every update applied since', () => {
    const a = createScopeDoc('round:r1');
    const entries = Array.from({ length: 10 }, (_, i) => signedEntry(i + 1));
    addEvents(a, entries.slice(0, 5));
    const held = entries.slice(0, 5).reduce((n, [id, text]) => n + id.length + text.length, 0);
    expect(usageOf(a)).toStrictEqual({ clients: 1, entries: 5, bytes: held });

    const b = createScopeDoc('round:r1');
    addEvents(b, entries.slice(5));
    const update = Y.encodeStateAsUpdate(b);
    Y.applyUpdate(a, update);
    expect(usageOf(a)).toStrictEqual({ clients: 2, entries: 10, bytes: held + update.length });
  });

  it('names the first cap passed', () => {
    const caps = { clients: 10, entries: 100, bytes: 1_000 };
    expect(capPassed({ clients: 9, entries: 100, bytes: 0 }, { clients: 1, entries: 0, bytes: 1_000 }, caps, 'it')).toBeUndefined();
    expect(capPassed({ clients: 9, entries: 100, bytes: 0 }, { clients: 2, entries: 1, bytes: 0 }, caps, 'it')).toBe('it: 11 clients, more than the 10 allowed');
    expect(capPassed({ clients: 0, entries: 0, bytes: 999 }, { clients: 0, entries: 0, bytes: 2 }, caps, 'it')).toBe('it: 1001 bytes, more than the 1000 allowed');
  });
});

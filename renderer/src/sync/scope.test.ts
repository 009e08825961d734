import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { LOCAL_ORIGIN, openScope } from './scope';

describe('openScope', () => {
  it('keeps the Yjs history in IndexedDB across restarts (same items, same state vector)', async () => {
    const first = await openScope('round:persist', { persistence: 'indexeddb', dbName: 'test-persist' });
    const origins: unknown[] = [];
    first.doc.on('update', (_u: Uint8Array, origin: unknown) => origins.push(origin));
    expect(first.add([['e1', '{"a":1}'], ['e2', '{"a":2}']])).toMatchObject({ added: 2 });
    expect(first.add([['e1', 'ignored: present']])).toMatchObject({ added: 0, present: 1 });
    expect(origins).toStrictEqual([LOCAL_ORIGIN]);
    const sv = Y.encodeStateVector(first.doc);
    await first.close();

    const again = await openScope('round:persist', { persistence: 'indexeddb', dbName: 'test-persist' });
    expect(again.events.toJSON()).toStrictEqual({ e1: '{"a":1}', e2: '{"a":2}' });
    expect(Y.decodeStateVector(Y.encodeStateVector(again.doc))).toStrictEqual(Y.decodeStateVector(sv));
    await again.clearStorage();

    const cleared = await openScope('round:persist', { persistence: 'indexeddb', dbName: 'test-persist' });
    expect(cleared.events.size).toBe(0);
    await cleared.close();
  });

  it('opens an in-memory scope and refuses a bad scope name', async () => {
    const s = await openScope('site:camp-2', { persistence: 'memory' });
    expect(s.doc.guid).toBe('site:camp-2');
    await s.close();
    await expect(openScope('no scope', { persistence: 'memory' })).rejects.toThrow(RangeError);
  });
});

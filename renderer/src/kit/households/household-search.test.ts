import { describe, expect, it } from 'vitest';
import { utf8 } from '../../../../shared/bytes';
import type { OpenRequest } from '../../../../shared/ipc';
import { ok } from '../../../../shared/result';
import type { HouseholdDoc } from '../../db/database';
import type { KitContext } from '../context';
import { family } from '../testing';
import { HouseholdSearch } from './household-search';

/** Households whose records a fake vault opens; `during(call)` runs inside its nth `openMany` call, before it answers. */
function site(households: number, during: (call: number) => void) {
  const onLock: (() => void)[] = [];
  const docs = Array.from({ length: households }, (_, i) => ({ id: `HH-${i}`, size: 4, enrolledAt: '2026-12-01T08:00:00.000Z', card: '', pii: { kid: 'sk-0', iv: 'AAAA', ct: 'AAAA' } }));
  let calls = 0;
  const ctx = {
    onLock: (listener: () => void) => onLock.push(listener),
    writer: { onStored: () => undefined },
    db: { households: { find: () => ({ exec: () => Promise.resolve(docs.map((doc) => ({ toMutableJSON: () => doc as unknown as HouseholdDoc }))) }) } },
    host: {
      openMany: (requests: readonly OpenRequest[]) => {
        during(++calls);
        return Promise.resolve(ok(requests.map(() => ok(utf8(JSON.stringify(family))))));
      },
    },
  } as unknown as KitContext;
  return { search: new HouseholdSearch(ctx), ids: docs.map((d) => d.id), lock: () => onLock.forEach((listener) => listener()) };
}

describe('the search index build', () => {
  it('keeps no record in memory that the vault opened just before a lock', async () => {
    // 1,000 households: two pages of 500, each opened in two calls of 250; the second page is opened while the first is indexed.
    const built = site(1_000, (call) => {
      // The vault answers the second page's last call, then the kit locks before the build takes it in.
      if (call === 4) built.lock();
    });
    await expect(built.search.ready()).rejects.toThrow(/locked while the search index was being built/);
    expect(built.ids.filter((id) => built.search.form(id) !== undefined)).toEqual([]);
    expect(built.ids.filter((id) => built.search.summary(id) !== undefined)).toEqual([]);
  });

  it('without a lock, indexes every record, telling each page as it goes', async () => {
    const built = site(1_000, () => undefined);
    const heard: [number, number][] = [];
    const index = await built.search.ready((done, total) => heard.push([done, total]));
    expect(heard).toEqual([
      [0, 0],
      [0, 1_000],
      [500, 1_000],
      [1_000, 1_000],
    ]);
    expect(index.search('Fatuma', 2_000)).toHaveLength(1_000);
    expect(built.ids.every((id) => built.search.form(id)?.head.name === 'Fatuma Ali')).toBe(true);
  });
});

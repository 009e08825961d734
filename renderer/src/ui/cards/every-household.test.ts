import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { err, ok } from '../../../../shared/result';
import { householdIdSchema } from '../../../../shared/events/fields';
import { newHouseholdId } from '../../../../shared/household/household-id';
import type { HouseholdSummary } from '../../kit/api';
import { everyHousehold, ID_CHARACTERS, type ListHouseholds } from './every-household';

const summary = (id: string): HouseholdSummary => ({ id, size: 1, enrolledAt: '2026-11-24T09:00:00.000Z', hasCard: false });

/** The kit's listing over a fixed set of ids: id order, a prefix range, at most `limit` rows; and how often it was asked. */
function listing(ids: readonly string[]): { list: ListHouseholds; calls: () => number } {
  const sorted = [...new Set(ids)].sort();
  let calls = 0;
  const list: ListHouseholds = async ({ prefix = '', limit }) => {
    calls++;
    return ok(sorted.filter((id) => id.startsWith(prefix.toUpperCase())).slice(0, limit).map(summary));
  };
  return { list, calls: () => calls };
}

const householdId = fc.stringMatching(/^[A-Z0-9][A-Z0-9-]{3,31}$/);

describe('everyHousehold', () => {
  it('holds exactly the characters an id may have, in the order ids sort', () => {
    expect([...ID_CHARACTERS].sort().join('')).toBe(ID_CHARACTERS);
    for (const c of ID_CHARACTERS) expect(householdIdSchema.safeParse(`HH${c}1`).success, c).toBe(true);
    for (let code = 0x20; code < 0x7f; code++) {
      const c = String.fromCharCode(code);
      if (!ID_CHARACTERS.includes(c)) expect(householdIdSchema.safeParse(`HH${c}1`).success, c).toBe(false);
    }
  });

  it('reads every household once, in id order, whatever the page size', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(householdId, { maxLength: 120 }), fc.integer({ min: 1, max: 40 }), async (ids, pageSize) => {
        const { list } = listing(ids);
        const all = await everyHousehold(list, pageSize);
        expect(all.ok && all.value.map((h) => h.id)).toEqual([...new Set(ids)].sort());
      }),
    );
  });

  it('pages through 500 ids as enrolment makes them with pages of 100, in about a hundred cheap asks', async () => {
    const ids = Array.from({ length: 500 }, () => newHouseholdId(crypto.getRandomValues(new Uint8Array(5))));
    const { list, calls } = listing(ids);
    const all = await everyHousehold(list, 100);
    expect(all.ok && all.value).toHaveLength(500);
    expect(calls()).toBeLessThan(150);
  });

  it('asks once when everything fits a page, and stops at a refusal', async () => {
    const { list, calls } = listing(['HH-1', 'HH-2']);
    expect(await everyHousehold(list, 3)).toEqual(ok([summary('HH-1'), summary('HH-2')]));
    expect(calls()).toBe(1);
    const locked: ListHouseholds = async () => err('locked', 'the kit is locked');
    expect(await everyHousehold(locked, 3)).toMatchObject({ ok: false, code: 'locked' });
  });
});

/** The funds answers' schemas: a well-formed answer parses; nonsense is refused, naming what is wrong. */
import { describe, expect, it } from 'vitest';
import { MAX_SAMPLE } from '../funds/sample';
import { donorAnswerSchema, donorsAnswerSchema } from './funds-answers';
import { firstRefusal } from './test-support';

const ID = 'cd'.repeat(32);
const usd = (amount: string) => ({ currency: 'USD', amount });
const totals = {
  handouts: 2,
  households: 2,
  items: [{ code: 'maize', unit: 'kg', qty: 50 }],
  cash: [],
  value: [usd('2250')],
  unpriced: [],
  handoutIds: { count: 2, sample: [ID] },
};
const summary = { org: 'XM-DAC-41114', name: 'European Commission - ECHO', contributions: 1, contributed: [usd('5000000')], allocated: [usd('2000')], attributed: [usd('2000')] };
const answer = {
  size: 12,
  seed: 'seed-1',
  donor: {
    org: 'XM-DAC-41114',
    name: 'European Commission - ECHO',
    contributed: [usd('5000000')],
    allocated: [usd('2000')],
    attributed: [usd('2000')],
    contributions: [
      {
        id: ID,
        date: '2026-10-15',
        amount: usd('5000000'),
        rounds: ['R2026-11'],
        earmarks: ['food'],
        allocated: usd('2000'),
        unallocated: usd('4998000'),
        attributed: usd('2000'),
        allocations: [{ id: ID, round: 'R2026-11', site: 'camp-a', amount: usd('2000'), attributed: usd('2000') }],
      },
    ],
  },
  pots: [{ round: 'R2026-11', site: 'camp-a', plan: ID, people: 9, sizeUnknown: 0, allocated: [usd('2000')], funded: [usd('2000')], unfunded: [usd('250')], unspent: [], ...totals, days: [{ day: '2026-11-20', ...totals }] }],
};

describe('funds answers', () => {
  it('parse what the ledger answers, and ignore a field it adds later', () => {
    expect(donorsAnswerSchema.parse({ size: 12, donors: [summary] })).toEqual({ size: 12, donors: [summary] });
    expect(donorAnswerSchema.parse(answer)).toEqual(answer);
    expect(donorAnswerSchema.parse({ ...answer, later: true })).toEqual(answer);
  });

  it('refuse wrong types, naming the field', () => {
    expect(firstRefusal(donorsAnswerSchema, { size: 12, donors: [{ ...summary, contributions: '1' }] })).toBe('donors.0.contributions: Invalid input: expected number, received string');
    expect(firstRefusal(donorAnswerSchema, { ...answer, pots: [{ ...answer.pots[0], allocated: [{ currency: 'usd', amount: '1' }] }] })).toMatch(/^pots\.0\.allocated\.0\.currency: Invalid string/);
    expect(firstRefusal(donorAnswerSchema, { ...answer, pots: [{ ...answer.pots[0], handoutIds: { count: 1, sample: ['HH-000001'] } }] })).toMatch(/^pots\.0\.handoutIds\.sample\.0: Invalid string/);
    expect(firstRefusal(donorAnswerSchema, { ...answer, donor: { ...answer.donor, contributed: [usd('1.5')] } })).toMatch(/^donor\.contributed\.0\.amount: Invalid string/);
    expect(firstRefusal(donorsAnswerSchema, 'nonsense')).toBe(': Invalid input: expected object, received string');
  });

  it('refuse missing fields', () => {
    const { days: _, ...noDays } = answer.pots[0]!;
    expect(firstRefusal(donorAnswerSchema, { ...answer, pots: [noDays] })).toBe('pots.0.days: Invalid input: expected array, received undefined');
    expect(firstRefusal(donorAnswerSchema, { ...answer, donor: undefined })).toBe('donor: Invalid input: expected object, received undefined');
  });

  it('refuse lists and strings beyond their bounds', () => {
    expect(firstRefusal(donorsAnswerSchema, { size: 1, donors: Array(10_001).fill(summary) })).toBe('donors: Too big: expected array to have <=10000 items');
    expect(firstRefusal(donorAnswerSchema, { ...answer, pots: [{ ...answer.pots[0], handoutIds: { count: 200, sample: Array(MAX_SAMPLE + 1).fill(ID) } }] })).toBe(
      `pots.0.handoutIds.sample: Too big: expected array to have <=${MAX_SAMPLE} items`,
    );
    expect(firstRefusal(donorAnswerSchema, { ...answer, pots: [{ ...answer.pots[0], days: Array(3661).fill(answer.pots[0]!.days[0]) }] })).toBe('pots.0.days: Too big: expected array to have <=3660 items');
    expect(firstRefusal(donorsAnswerSchema, { size: 1, donors: [{ ...summary, name: 'n'.repeat(201) }] })).toBe('donors.0.name: Too big: expected string to have <=200 characters');
  });
});

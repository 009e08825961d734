import { describe, expect, it } from 'vitest';
import { HOUSEHOLD_COLUMNS, householdList, PERSONAL_COLUMNS, type HouseholdRow, type OpenedRecord } from './households';

const rows: HouseholdRow[] = [
  { id: 'HH-BBBB', site: 'camp-north', size: 4, enrolledAt: '2026-11-20T10:00:00.000Z', hasCard: true, cardValidUntil: '2026-11-22T00:00:00Z' },
  { id: 'HH-AAAA', site: 'camp-north', size: 2, enrolledAt: '2026-11-21T10:00:00.000Z', hasCard: true, cardValidUntil: '2027-11-21T00:00:00Z' },
  { id: 'HH-CCCC', site: 'camp-north', size: 1, enrolledAt: '2026-11-22T10:00:00.000Z', hasCard: false, cardValidUntil: '' },
];
const fatuma: OpenedRecord = {
  head: { name: 'Fatuma Ali', sex: 'female', birthYear: 1985 },
  phone: '+254712345678',
  shelter: 'B7/114',
  members: [
    { sex: 'female', count: 1 },
    { sex: 'male', count: 2 },
    { sex: 'female', count: 1 },
  ],
  vulnerabilities: ['single-parent', 'disability'],
  proxies: [{ name: 'Halima Ali', relation: 'sister' }, { name: 'Omar' }],
};
const NOW = '2026-11-24T09:00:00.000Z';

describe('household list', () => {
  it('has no personal column at all without the opened records', () => {
    const t = householdList(rows, NOW);
    expect(t.header).toEqual(HOUSEHOLD_COLUMNS.map(([h]) => h));
    expect(t.rows).toEqual([
      ['HH-AAAA', 'camp-north', '2026-11-21', 2, 'issued', '2027-11-21'],
      ['HH-BBBB', 'camp-north', '2026-11-20', 4, 'expired', '2026-11-22'],
      ['HH-CCCC', 'camp-north', '2026-11-22', 1, 'none', ''],
    ]);
  });

  it('adds the personal fields, members by sex, and says which records this laptop could not open', () => {
    const t = householdList(rows, NOW, new Map<string, OpenedRecord>([['HH-BBBB', fatuma], ['HH-CCCC', 'sealed-elsewhere']]));
    expect(t.hxl).toEqual([...HOUSEHOLD_COLUMNS, ...PERSONAL_COLUMNS].map(([, tag]) => tag));
    expect(t.rows[1]!.slice(HOUSEHOLD_COLUMNS.length)).toEqual([
      'opened', 'Fatuma Ali', 'female', 1985, '+254712345678', 'B7/114', 2, 2, 'single-parent; disability', 'Halima Ali (sister); Omar',
    ]);
    expect(t.rows[0]![HOUSEHOLD_COLUMNS.length]).toBe('sealed-elsewhere');
    expect(t.rows[2]!.slice(HOUSEHOLD_COLUMNS.length + 1).every((c) => c === '')).toBe(true);
  });
});

import { describe, expect, it } from 'vitest';
import { testDevice } from '../distribution/test-events';
import { stockReport } from '../reconcile/stock';
import { STOCK_COLUMNS, stockTable } from './stock';

describe('stock report', () => {
  it('lists the site’s stock per item as stockReport counts it, up to the day', () => {
    const d = testDevice({ round: 'R1' });
    const events = [
      d.stock('received', [{ code: 'maize', qty: 1000, unit: 'kg' }, { code: 'soap', qty: 50, unit: 'bar' }], { at: '2026-11-23T08:00:00.000Z' }),
      d.stock('returned', [{ code: 'maize', qty: 100, unit: 'kg' }], { at: '2026-11-24T17:00:00.000Z' }),
      d.handout('HH-A', { items: [{ code: 'maize', qty: 36, unit: 'kg' }] }, { at: '2026-11-24T09:00:00.000Z' }),
      d.stock('received', [{ code: 'maize', qty: 500, unit: 'kg' }], { at: '2026-11-25T08:00:00.000Z' }),
    ];
    const lines = stockReport(events, { day: '2026-11-24' });
    if (!lines.ok) throw new Error(lines.message);
    const t = stockTable(lines.value.site, { code: 'camp-north', name: 'Camp North' }, '2026-11-24');
    expect(t.header).toEqual(STOCK_COLUMNS.map(([h]) => h));
    expect(t.hxl).toEqual(STOCK_COLUMNS.map(([, tag]) => tag));
    expect(t.rows).toEqual([
      ['2026-11-24', 'camp-north', 'Camp North', 'maize', 'kg', 1000, 100, 36, 864],
      ['2026-11-24', 'camp-north', 'Camp North', 'soap', 'bar', 50, 0, 0, 50],
    ]);
  });
});

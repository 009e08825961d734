/** The console's pure helpers: the plan form's line formats, anchoring health, and the dictionary's placeholders. */
import { describe, expect, it } from 'vitest';
import type { DeviceRow } from '../../shared/ledger/admin-answers';
import { age, health } from '../../hq/console/health';
import { codeList, costLines, itemLines } from '../../hq/console/plan-lines';
import { translator } from '../../hq/common/dictionary';

describe('plan lines', () => {
  it('reads items and unit costs, and names the line it cannot read', () => {
    expect(itemLines('maize 36 kg\n\n  beans 6.5 kg ')).toEqual({ ok: true, value: [{ code: 'maize', qty: 36, unit: 'kg' }, { code: 'beans', qty: 6.5, unit: 'kg' }] });
    expect(itemLines('maize 36 kg\nbeans lots kg')).toMatchObject({ ok: false, message: '2' });
    expect(itemLines('maize 36')).toMatchObject({ ok: false, message: '1' });
    expect(costLines('maize kg 5000 KES')).toEqual({ ok: true, value: [{ code: 'maize', unit: 'kg', amount: 5000, currency: 'KES' }] });
    expect(costLines('maize kg 50.5 KES')).toMatchObject({ ok: false, message: '1' });
    expect(codeList(' R1, ,R2 ,')).toEqual(['R1', 'R2']);
  });
});

describe('anchoring health', () => {
  const device = (change: Partial<DeviceRow>): DeviceRow => ({
    device: 'did:key:z6Mk', certificates: [], revoked: null, site: 'camp-a', batches: 0, events: 0, head: null, lastBatchAt: null, ...change,
  });
  const now = Date.parse('2026-12-07T12:00:00.000Z');
  it('says never, fresh, stale, or waiting on refused uploads', () => {
    expect(health(device({}), now)).toBe('never anchored');
    expect(health(device({ lastBatchAt: '2026-12-07T11:00:00.000Z' }), now)).toBe('anchored 60 min ago');
    expect(health(device({ lastBatchAt: '2026-12-04T12:00:00.000Z' }), now)).toBe('stale: last batch 3 d ago');
    expect(health(device({ firstRefusedEventAt: '2026-12-01T08:00:00.000Z' }), now)).toBe('refused uploads since 2026-12-01T08:00:00.000Z');
    expect(age(5 * 3600_000)).toBe('5 h');
  });
});

describe('the dictionary', () => {
  it('fills placeholders and leaves unknown ones visible', () => {
    const t = translator({ a: '{n} of {m}', b: 'plain' });
    expect(t('a', { n: 1, m: 2 })).toBe('1 of 2');
    expect(t('a', { n: 1 })).toBe('1 of {m}');
    expect(t('b')).toBe('plain');
  });
});

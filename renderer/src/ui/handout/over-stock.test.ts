import { describe, expect, it } from 'vitest';
import { overStock } from './over-stock';

const maize = { code: 'maize', qty: 36, unit: 'kg' };
const oil = { code: 'veg-oil', qty: 3, unit: 'L' };
const stockOf = (code: string, unit: string, received: number, handedOut: number) => ({ code, unit, received, handedOut, left: received - handedOut });

describe('overStock', () => {
  it('names each line that gives more than is on hand, with what is on hand', () => {
    const stock = [stockOf('maize', 'kg', 100, 70), stockOf('veg-oil', 'L', 50, 0)];
    expect(overStock([maize, oil], stock)).toEqual([{ line: maize, left: 30 }]);
  });

  it('lets exactly what is on hand through', () => {
    expect(overStock([maize], [stockOf('maize', 'kg', 36, 0)])).toEqual([]);
  });

  it('counts an item never received, or received in another unit, as none on hand', () => {
    const stock = [stockOf('maize', 'g', 900_000, 0)];
    expect(overStock([maize, oil], stock)).toEqual([
      { line: maize, left: 0 },
      { line: oil, left: 0 },
    ]);
  });

  it('shows what was over-drawn already as a negative stock', () => {
    expect(overStock([maize], [stockOf('maize', 'kg', 10, 46)])).toEqual([{ line: maize, left: -36 }]);
  });

  it('warns of nothing where no stock was ever received (stock not tracked on this laptop)', () => {
    expect(overStock([maize, oil], [])).toEqual([]);
    expect(overStock([maize], [stockOf('maize', 'kg', 0, 72)])).toEqual([]);
  });
});

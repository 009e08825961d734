import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { majorUnits, minorDigits, moneyList } from './money';

describe('money', () => {
  it('writes minor units as major units with ISO 4217’s digits, not a display library’s', () => {
    expect(majorUnits(150000n, 'KES')).toBe('1500.00');
    expect(majorUnits(5n, 'USD')).toBe('0.05');
    expect(majorUnits(1500n, 'UGX')).toBe('1500');
    expect(majorUnits(1234n, 'IQD')).toBe('1.234');
    expect(majorUnits(10n, 'SYP')).toBe('0.10');
    expect(majorUnits(0n, 'CLF')).toBe('0.0000');
    expect(majorUnits(-250n, 'EUR')).toBe('-2.50');
    expect(majorUnits(2n ** 80n, 'USD')).toBe('12089258196146291747061.76');
  });

  it('round-trips every amount exactly', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 2n ** 90n }), fc.constantFrom('USD', 'UGX', 'JOD', 'CLF'), (amount, currency) => {
        expect(BigInt(majorUnits(amount, currency).replace('.', ''))).toBe(amount);
        expect(majorUnits(amount, currency).split('.')[1]?.length ?? 0).toBe(minorDigits(currency));
      }),
    );
  });

  it('lists a purse by currency, leaving out zeros', () => {
    expect(moneyList(new Map([['USD', 5n], ['EUR', 0n], ['AFN', 2n ** 64n]]))).toEqual([
      { currency: 'AFN', amount: '18446744073709551616' },
      { currency: 'USD', amount: '5' },
    ]);
  });
});

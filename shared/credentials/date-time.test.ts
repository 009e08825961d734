import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatDateTimeStamp, parseDateTimeStamp } from './date-time';

const at = (iso: string): number => new Date(iso).getTime();

describe('XML Schema dateTimeStamp', () => {
  it('reads the instant, with its time zone, fraction and end-of-day form', () => {
    const cases: [string, number][] = [
      ['2023-01-01T00:00:00Z', at('2023-01-01T00:00:00.000Z')],
      ['2023-01-01T00:00:00.5Z', at('2023-01-01T00:00:00.500Z')],
      ['2023-01-01T00:00:00.123456789Z', at('2023-01-01T00:00:00.123Z')],
      ['2023-01-01T03:00:00+03:00', at('2023-01-01T00:00:00.000Z')],
      ['2022-12-31T10:00:00-14:00', at('2023-01-01T00:00:00.000Z')],
      ['2023-01-01T14:00:00+14:00', at('2023-01-01T00:00:00.000Z')],
      ['2022-12-31T24:00:00Z', at('2023-01-01T00:00:00.000Z')],
      ['2024-02-29T12:00:00Z', at('2024-02-29T12:00:00.000Z')],
      ['0001-01-01T00:00:00Z', at('0001-01-01T00:00:00.000Z')],
      ['0000-03-01T00:00:00Z', at('0000-03-01T00:00:00.000Z')],
    ];
    for (const [text, instant] of cases) expect(parseDateTimeStamp(text), text).toBe(instant);
  });

  it('refuses anything else, including what Date.parse would guess at', () => {
    for (const text of [
      '2023-01-01T00:00:00', // no time zone: local time on whichever device reads it
      '2023-01-01',
      '2023-01-01 00:00:00Z',
      '2023-01-01t00:00:00z',
      '2023-02-29T00:00:00Z',
      '2023-04-31T00:00:00Z',
      '2023-13-01T00:00:00Z',
      '2023-01-01T24:00:01Z',
      '2023-01-01T23:59:60Z',
      '2023-01-01T00:00:00+14:01',
      '2023-01-01T00:00:00+0300',
      '2023-01-01T00:00:00.Z',
      '23-01-01T00:00:00Z',
      '+2023-01-01T00:00:00Z',
      '99999999-01-01T00:00:00Z',
      ' 2023-01-01T00:00:00Z',
      'Sun, 01 Jan 2023 00:00:00 GMT',
    ]) {
      expect(parseDateTimeStamp(text), text).toBeUndefined();
    }
  });

  it('writes a Date to the second in UTC, and reads it back (fast-check)', () => {
    fc.assert(
      fc.property(fc.date({ min: new Date('0000-01-01T00:00:00Z'), max: new Date('9999-12-31T23:59:59.999Z'), noInvalidDate: true }), (date) => {
        const text = formatDateTimeStamp(date);
        expect(text).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
        expect(parseDateTimeStamp(text)).toBe(Math.floor(date.getTime() / 1000) * 1000);
      }),
    );
  });

  it('refuses to write a Date that has no dateTimeStamp spelling', () => {
    expect(() => formatDateTimeStamp(new Date('+010000-01-01T00:00:00Z'))).toThrow(RangeError);
    expect(() => formatDateTimeStamp(new Date(Number.NaN))).toThrow(RangeError);
  });
});

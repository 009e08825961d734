/**
 * XML Schema `dateTimeStamp` (XMLSCHEMA11-2 §3.4.28): the type VC 2.0 §4.9
 * gives `validFrom` and `validUntil`, and Data Integrity §2.1 gives a proof's
 * `created`. Unlike `Date.parse`, which accepts many spellings and guesses a
 * time zone when none is given, this accepts exactly the lexical space, so
 * every device reads a credential's validity period as the same instant.
 */

// The regular expression VC 2.0 gives for dateTimeStamp values, with capture
// groups added: a time zone is required, 24:00:00 means the end of the
// day, seconds never reach 60, and a year has at least four digits.
const DATE_TIME_STAMP =
  /^(-?(?:[1-9][0-9]{3,}|0[0-9]{3}))-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])T(?:([01][0-9]|2[0-3]):([0-5][0-9]):([0-5][0-9])(?:\.([0-9]+))?|(24):00:00(?:\.0+)?)(?:(Z)|([+-])(?:(0[0-9]|1[0-3]):([0-5][0-9])|(14):(00)))$/;

/**
 * The instant (milliseconds since the epoch) a dateTimeStamp names, or
 * undefined when the text is not one or names a day that does not exist
 * (2023-02-29) or lies outside what a `Date` can hold. Digits past the
 * millisecond are dropped.
 */
export function parseDateTimeStamp(text: string): number | undefined {
  const m = DATE_TIME_STAMP.exec(text);
  if (m === null) return undefined;
  const [, year, month, day, hh, mm, ss, fraction, endOfDay, , sign, offH, offM, offH14, offM14] = m;
  const y = Number(year);
  const mo = Number(month) - 1;
  const d = Number(day);
  // setUTCFullYear, unlike Date.UTC, does not map years 0–99 to 1900–1999.
  const at = new Date(0);
  at.setUTCFullYear(y, mo, d);
  // The regex allows day 31 in every month; a date that rolled over is not a real day.
  if (at.getUTCFullYear() !== y || at.getUTCMonth() !== mo || at.getUTCDate() !== d) return undefined;
  if (endOfDay === undefined) {
    const ms = fraction === undefined ? 0 : Number(fraction.padEnd(3, '0').slice(0, 3));
    at.setUTCHours(Number(hh), Number(mm), Number(ss), ms);
  } else {
    // XMLSCHEMA11-2 §3.3.7: 24:00:00 is 00:00:00 of the next day.
    at.setUTCHours(24, 0, 0, 0);
  }
  const offsetMinutes =
    sign === undefined ? 0 : (sign === '-' ? -1 : 1) * (Number(offH ?? offH14) * 60 + Number(offM ?? offM14));
  const instant = at.getTime() - offsetMinutes * 60_000;
  return Number.isFinite(instant) && Math.abs(instant) <= 8.64e15 ? instant : undefined;
}

/**
 * A `Date` as a dateTimeStamp in UTC to the second, the form the Data
 * Integrity examples and the vc-di-eddsa vectors use for `created`
 * ("2023-02-24T23:36:38Z"); a signing time needs no sub-second precision.
 */
export function formatDateTimeStamp(date: Date): string {
  const text = date.toISOString().replace(/\.\d{3}Z$/, 'Z');
  if (parseDateTimeStamp(text) === undefined) {
    throw new RangeError(`${text} has no dateTimeStamp spelling (years must be 0000–9999)`);
  }
  return text;
}

/** Locale-aware formatting of numbers, times and cash for the current UI language. */
import type { Cash, ItemLine } from '../../kit/api';
import { codeLabel } from '../../i18n/codes';
import { currentLanguage, localeOf } from '../../i18n';

const locale = (): string => localeOf(currentLanguage());

/**
 * A negative number gets a left-to-right mark in front, so that in Arabic
 * "-6 kg" does not turn into "6- kg" (the minus is a weak bidi character).
 */
export const formatNumber = (value: number): string => {
  const text = new Intl.NumberFormat(locale()).format(value);
  return value < 0 ? `\u200E${text}` : text;
};

/** `2026-11-24T09:31:02.120Z` → local date and time; unparsable input is shown as given. */
export function formatDateTime(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat(locale(), { dateStyle: 'medium', timeStyle: 'short' }).format(date);
}

export function formatTime(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat(locale(), { timeStyle: 'short' }).format(date);
}

/** A date (`2026-11-24` or a timestamp) without the time. */
export function formatDate(value: string): string {
  const date = new Date(/^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T12:00:00.000Z` : value);
  if (Number.isNaN(date.getTime())) return value;
  return new Intl.DateTimeFormat(locale(), { dateStyle: 'long', timeZone: /^\d{4}-\d{2}-\d{2}$/.test(value) ? 'UTC' : undefined }).format(date);
}

/** Digits after the decimal point in `currency`'s minor unit (USD 2, XAF 0, JOD 3). */
export function minorDigits(currency: string): number {
  try {
    return new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
  } catch {
    return 2;
  }
}

/** Cash is stored in minor units (DESIGN.md); shown in major units with the currency. */
export function formatCash(cash: Cash): string {
  const digits = minorDigits(cash.currency);
  const major = cash.amount / 10 ** digits;
  try {
    return new Intl.NumberFormat(locale(), { style: 'currency', currency: cash.currency }).format(major);
  } catch {
    return `${major.toFixed(digits)} ${cash.currency}`;
  }
}

/** Major-unit text typed by a person (`12.50`, `12,5`) → integer minor units, or undefined. */
export function parseMajorAmount(text: string, currency: string): number | undefined {
  const digits = minorDigits(currency);
  const normalised = text.trim().replace(',', '.');
  const pattern = digits === 0 ? /^\d{1,15}$/ : new RegExp(`^\\d{1,15}(\\.\\d{1,${digits}})?$`);
  if (!pattern.test(normalised)) return undefined;
  const [whole = '0', fraction = ''] = normalised.split('.');
  const minor = Number(whole) * 10 ** digits + Number(fraction.padEnd(digits, '0') || '0');
  return Number.isSafeInteger(minor) ? minor : undefined;
}

/** Minor units → the text an amount field starts with. */
export function majorAmountText(cash: Cash): string {
  const digits = minorDigits(cash.currency);
  return (cash.amount / 10 ** digits).toFixed(digits);
}

export const itemName = (code: string): string => codeLabel('items', code);
export const unitName = (code: string): string => codeLabel('units', code);

/** `12 kg maize`-style line in the current language. */
export const formatItemLine = (line: ItemLine): string =>
  `${itemName(line.code)}: ${formatNumber(line.qty)} ${unitName(line.unit)}`;

/** `did:key:z6MkhaXg…` → a short form people can compare (`z6Mk…wXyZ`). */
export function shortDevice(did: string): string {
  const key = did.startsWith('did:key:') ? did.slice('did:key:'.length) : did;
  return key.length > 12 ? `${key.slice(0, 4)}…${key.slice(-4)}` : key;
}

/** Today's date as the kit counts days: the UTC date (the tally's unit). */
export const todayUtc = (): string => new Date().toISOString().slice(0, 10);

/**
 * Bidi isolation for a value put into a translated sentence: a code or id
 * (`2026-11-A`, `HH-…`) stays left-to-right inside Arabic text (LRI … PDI);
 * `firstStrong` isolates text whose direction is unknown, like a file name
 * (FSI … PDI).
 */
export const isolate = (text: string, direction: 'ltr' | 'firstStrong' = 'ltr'): string =>
  `${direction === 'ltr' ? '\u2066' : '\u2068'}${text}\u2069`;

/** Formatting for the ledger screens: clock times with seconds (a retry may be 5 s away), the alarm's text. */
import { currentLanguage, localeOf } from '../../i18n';

/** Epoch ms → the local time with seconds, in the UI's language. */
export function formatClock(ms: number): string {
  return new Intl.DateTimeFormat(localeOf(currentLanguage()), { timeStyle: 'medium' }).format(new Date(ms));
}

/** Epoch ms or an ISO time → the local date and time with seconds. */
export function formatMoment(at: number | string): string {
  const date = new Date(at);
  if (Number.isNaN(date.getTime())) return String(at);
  return new Intl.DateTimeFormat(localeOf(currentLanguage()), { dateStyle: 'medium', timeStyle: 'medium' }).format(date);
}

/**
 * The kit's alarm text, `<ISO time>: <what it saw>` (kit/anchoring.ts), split
 * into the time it was raised and the technical detail (English, for HQ).
 */
export function parseAlarm(alarm: string): { readonly at?: string; readonly detail: string } {
  const match = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?Z): ([\s\S]*)$/.exec(alarm);
  return match ? { at: match[1]!, detail: match[2]! } : { detail: alarm };
}

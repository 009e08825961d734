/** Every string of the donor page, in the page's language (../common/dictionary.ts, ../common/language.ts). */
import { translator, type Dictionary } from '../common/dictionary';
import en from './i18n/en.json';
import { tableLabelsFrom } from '../common/data-table';
import type { Step } from './verify/verify';

// The apps' text, one flat JSON file per language (English is the source; ../common/dictionary.ts).
const files = import.meta.glob<Dictionary>('./i18n/*.json', { eager: true, import: 'default' });

type Key = keyof typeof en;
export const t = translator<Key>(en, files);

export const tableLabels = tableLabelsFrom(t);

const isKey = (key: string): key is Key => key in en;

/** A verify step in words: what it established, or what failed. */
export function stepText(step: Step): string {
  const values = { ...step.values, ...(typeof step.values.root === 'string' && { root: `${step.values.root.slice(0, 16)}…` }) };
  const key = step.ok ? `step.${step.step}.${step.code}` : `fail.${step.step}.${step.code}`;
  if (isKey(key)) return t(key, values);
  const generic = `fail.${step.code}`;
  return isKey(generic) ? t(generic, values) : step.code;
}

/** Every string of the HQ console, in the page's language (../common/dictionary.ts, ../common/language.ts). */
import { tableLabelsFrom } from '../common/data-table';
import { translator, type Dictionary } from '../common/dictionary';
import en from './i18n/en.json';

// The apps' text, one flat JSON file per language (English is the source; ../common/dictionary.ts).
const files = import.meta.glob<Dictionary>('./i18n/*.json', { eager: true, import: 'default' });

export type ConsoleKey = keyof typeof en;
export const t = translator<ConsoleKey>(en, files);

export const tableLabels = tableLabelsFrom(t);

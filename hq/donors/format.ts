/** Amounts as the donor page writes them: exact major units and the currency code (shared/funds majorUnits). */
import { majorUnits, type Money } from '../../shared/funds';
import { t } from './strings';

export const moneyText = (m: Money): string => `${majorUnits(BigInt(m.amount), m.currency)} ${m.currency}`;

export const moniesText = (list: readonly Money[]): string => (list.length === 0 ? t('none') : list.map(moneyText).join(' + '));

/** A money amount as a plain number of major units, for a bar's length only (the text stays exact). */
export const moneyNumber = (m: Money): number => Number(majorUnits(BigInt(m.amount), m.currency));

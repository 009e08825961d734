/**
 * The print preview of cards issued together: A4 sheets of eight cards, as
 * they will print (styles.css holds the print rules: only the sheets, a page
 * each, cut marks at the corners), and a Print button that waits until every
 * QR code is drawn, so no sheet leaves the printer with a blank card.
 */
import { useCallback, useMemo, useReducer } from 'react';
import { useTranslation } from 'react-i18next';
import type { RationCard } from '../../kit/api';
import { formatNumber } from '../common/format';
import { ErrorNotice } from '../common/notice';
import { PrintButton } from '../common/print-button';
import type { QrDrawState } from '../common/qr-drawing';
import { useSession } from '../session-context';
import { SheetCard } from './sheet-card';

/** Two columns of four: cards of about 89 × 62 mm, room for a 40 mm QR code and cutting between them. */
export const CARDS_PER_SHEET = 8;

type Drawn = ReadonlyMap<string, Exclude<QrDrawState, 'drawing'>>;

const record = (drawn: Drawn, [household, state]: readonly [string, Exclude<QrDrawState, 'drawing'>]): Drawn =>
  drawn.get(household) === state ? drawn : new Map(drawn).set(household, state);

export function CardSheets({ cards }: { readonly cards: readonly RationCard[] }) {
  const { t } = useTranslation();
  const { profile } = useSession();
  const [drawn, dispatch] = useReducer(record, new Map() as Drawn);
  const onDrawn = useCallback((household: string, state: Exclude<QrDrawState, 'drawing'>) => dispatch([household, state]), []);

  const sheets = useMemo(
    () => Array.from({ length: Math.ceil(cards.length / CARDS_PER_SHEET) }, (_, i) => cards.slice(i * CARDS_PER_SHEET, (i + 1) * CARDS_PER_SHEET)),
    [cards],
  );
  const failed = [...drawn.values()].filter((state) => state === 'error').length;
  const ready = drawn.size - failed;
  const state = failed > 0 ? 'error' : ready === cards.length ? 'ready' : 'drawing';

  return (
    <section aria-labelledby="sheets-title">
      <h4 id="sheets-title">{t('sheets.title')}</h4>
      <p>{t('sheets.summary', { cards: formatNumber(cards.length), sheets: formatNumber(sheets.length), perSheet: CARDS_PER_SHEET })}</p>
      {state === 'drawing' && (
        <p role="status" data-testid="sheets-drawing">
          {t('sheets.drawing', { done: formatNumber(ready), total: formatNumber(cards.length) })}
        </p>
      )}
      <ErrorNotice testId="sheets-error" message={failed > 0 ? t('sheets.drawError', { n: formatNumber(failed) }) : undefined} />
      <div className="actions">
        <PrintButton label={t('sheets.print')} ready={state === 'ready'} testId="sheets-print" />
      </div>
      <div className="card-sheets-scroll">
        <div className="card-sheets" data-testid="card-sheets" data-state={state} data-cards={cards.length} data-sheets={sheets.length}>
          {sheets.map((sheet, index) => (
            <div
              key={sheet[0]?.household ?? index}
              className="card-sheet"
              data-testid="card-sheet"
              data-sheet={index + 1}
              data-count={sheet.length}
              role="group"
              aria-label={t('sheets.sheet', { n: formatNumber(index + 1), total: formatNumber(sheets.length) })}
            >
              {sheet.map((card) => (
                <SheetCard key={card.household} card={card} profile={profile} onDrawn={onDrawn} />
              ))}
            </div>
          ))}
        </div>
      </div>
    </section>
  );
}

/**
 * The ONE verdict of an identity check: green with the household id and size
 * and who the household is (./holder.tsx), or red with the reason; amber
 * when the card is valid but the household was already served this round.
 * `data-verdict` (idle | checking | pass | the failure code), `data-served`
 * and `data-seq` (one more for every check) let tests wait on it.
 */
import { useTranslation } from 'react-i18next';
import type { CheckPass } from '../../kit/api';
import { errorText } from '../../i18n/codes';
import { formatNumber } from '../common/format';
import { Holder } from './holder';

export type VerdictState =
  | { readonly kind: 'idle' }
  | { readonly kind: 'checking' }
  | { readonly kind: 'pass'; readonly pass: CheckPass }
  | { readonly kind: 'fail'; readonly code: string };

export function Verdict({
  state,
  seq,
  alreadyServed = false,
}: {
  readonly state: VerdictState;
  readonly seq: number;
  /** The card is valid but the household has had its ration this round (the handout form found it). */
  readonly alreadyServed?: boolean;
}) {
  const { t } = useTranslation();
  const verdict = state.kind === 'fail' ? state.code : state.kind;
  const served = state.kind === 'pass' && alreadyServed;
  return (
    <section
      className={`verdict verdict-${served ? 'served' : state.kind}`}
      data-testid="verdict"
      data-verdict={verdict}
      data-served={served || undefined}
      data-seq={seq}
      aria-live="assertive"
      aria-atomic="true"
    >
      {state.kind === 'idle' && <p className="verdict-idle">{t('verdict.idle')}</p>}
      {state.kind === 'checking' && <p className="verdict-idle">{t('verdict.checking')}</p>}
      {state.kind === 'pass' && (
        <>
          <p className="verdict-head">
            <span className="verdict-mark" aria-hidden="true">
              {served ? '!' : '✓'}
            </span>{' '}
            {served ? t('verdict.alreadyServed') : t('verdict.pass')}
          </p>
          <p className="verdict-id" data-testid="verdict-household" dir="ltr">
            {state.pass.household}
          </p>
          <p className="verdict-detail">
            {t('verdict.size', { size: formatNumber(state.pass.size) })} ·{' '}
            {state.pass.method === 'qr' ? t('verdict.byQr') : t('verdict.byLookup')}
          </p>
          <Holder pass={state.pass} />
        </>
      )}
      {state.kind === 'fail' && (
        <>
          <p className="verdict-head">
            <span className="verdict-mark" aria-hidden="true">
              ✗
            </span>{' '}
            {t('verdict.fail')}
          </p>
          <p className="verdict-reason" data-testid="verdict-reason">
            {errorText(state.code)}
          </p>
          <p className="verdict-detail">{t('verdict.failAdvice')}</p>
        </>
      )}
    </section>
  );
}

/**
 * A household's ration card: "Issue ration card" asks the kit for a fresh
 * credential; for a household that has one, "Print the same card again"
 * asks for the card this laptop issued (a worn card, nothing recorded) before
 * a new one that replaces it. Either happens only on a click, never on render.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { RationCard as RationCardData } from '../../kit/api';
import { ErrorNotice } from '../common/notice';
import { useSubmission } from '../common/use-submission';
import { useKit } from '../kit-context';
import { useSession } from '../session-context';
import { RationCard } from './ration-card';

export function CardIssuer({
  household,
  hasCard = false,
  autoFocus = false,
}: {
  readonly household: string;
  readonly hasCard?: boolean;
  readonly autoFocus?: boolean;
}) {
  const { t } = useTranslation();
  const kit = useKit();
  const { profile } = useSession();
  const [card, setCard] = useState<RationCardData>();
  const [asked, setAsked] = useState<'issue' | 'reprint'>();
  const submission = useSubmission();

  const ask = (what: 'issue' | 'reprint') => {
    setAsked(what);
    void submission.run(() => (what === 'issue' ? kit.issueCard(household) : kit.reprintCard(household)), setCard);
  };

  if (card) return <RationCard card={card} profile={profile} />;
  const busy = submission.busy ? asked : undefined;
  return (
    <div className="card-issuer">
      {hasCard && <p className="field-hint">{t('card.reissueHint')}</p>}
      {hasCard && <p className="field-hint">{t('card.reprintHint')}</p>}
      <div className="actions">
        {hasCard && (
          <button
            type="button"
            className="button button-primary button-large"
            data-testid="card-reprint"
            autoFocus={autoFocus}
            disabled={submission.busy}
            onClick={() => ask('reprint')}
          >
            {busy === 'reprint' ? t('card.fetching') : t('card.reprint')}
          </button>
        )}
        <button
          type="button"
          className={hasCard ? 'button button-large' : 'button button-primary button-large'}
          data-testid="card-issue"
          autoFocus={autoFocus && !hasCard}
          disabled={submission.busy}
          onClick={() => ask('issue')}
        >
          {busy === 'issue' ? t('card.issuing') : hasCard ? t('card.reissue') : t('card.issue')}
        </button>
      </div>
      <ErrorNotice testId="card-error" message={submission.failure} />
    </div>
  );
}

/**
 * "Issue ration card": asks the kit for a fresh credential for a household
 * and shows the printable card. Issuing is an event, so it happens only on
 * a click, never on render.
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
  const submission = useSubmission();

  if (card) return <RationCard card={card} profile={profile} />;
  return (
    <div className="card-issuer">
      {hasCard && <p className="field-hint">{t('card.reissueHint')}</p>}
      <button
        type="button"
        className="button button-primary button-large"
        data-testid="card-issue"
        autoFocus={autoFocus}
        disabled={submission.busy}
        onClick={() => void submission.run(() => kit.issueCard(household), setCard)}
      >
        {submission.busy ? t('card.issuing') : hasCard ? t('card.reissue') : t('card.issue')}
      </button>
      <ErrorNotice testId="card-error" message={submission.failure} />
    </div>
  );
}

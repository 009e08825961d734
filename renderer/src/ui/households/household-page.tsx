/**
 * A household's page (issue 11): its record, its ration card, what happened
 * to it, and for a team lead on a lead's laptop the correction of its
 * record. Opened from the list, a likely duplicate or an import report.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CardIssuer } from '../cards/card-issuer';
import { DoneNotice } from '../common/notice';
import { QueryStatus } from '../common/query-status';
import { useKitQuery } from '../common/use-kit-query';
import { usePeople } from '../people-context';
import { useSession } from '../session-context';
import { hrefOf } from '../shell/route';
import { CorrectionForm } from './correction-form';
import { HouseholdFacts } from './household-facts';
import { HouseholdHistory } from './household-history';

/** Whether the signed-in operator may correct records here: a team lead on a laptop certified as a lead's (the kit decides in the end). */
function useMayCorrect(): boolean {
  const { operator, profile } = useSession();
  const { query } = usePeople();
  // The founding lead's laptop is a lead's until the site's records say otherwise (as Settings reads it).
  const thisLaptop = query.data?.laptops.find((l) => l.thisLaptop);
  const leadLaptop = thisLaptop ? thisLaptop.role === 'team-lead' || thisLaptop.role === 'hq' : profile.teamLead === profile.device;
  return operator.role === 'team-lead' && leadLaptop;
}

export function HouseholdPage({ id }: { readonly id: string }) {
  const { t } = useTranslation();
  const detail = useKitQuery((kit) => kit.findHousehold(id), [id]);
  const history = useKitQuery((kit) => kit.householdHistory(id), [id]);
  const mayCorrect = useMayCorrect();
  const [correcting, setCorrecting] = useState(false);
  const [corrected, setCorrected] = useState(false);
  const record = detail.error ? undefined : detail.data;

  return (
    <div className="household-page" data-testid="household-page" data-household={id} data-state={detail.error ? 'error' : record ? 'ready' : 'loading'}>
      <p>
        <a href={hrefOf('households', 'list')} data-testid="household-back">
          {t('householdPage.back')}
        </a>
      </p>
      <section className="panel" aria-labelledby="household-title">
        <h3 id="household-title">
          {t('householdPage.title')}{' '}
          <span className="mono" dir="ltr" data-testid="household-id">
            {id}
          </span>
        </h3>
        <QueryStatus query={detail} />
        {record && <HouseholdFacts detail={record} />}
        <DoneNotice testId="correction-done" message={corrected ? t('householdPage.corrected') : undefined} />
        {record && mayCorrect && !correcting && (
          <div className="actions">
            <button
              type="button"
              className="button"
              data-testid="household-correct"
              onClick={() => {
                setCorrected(false);
                setCorrecting(true);
              }}
            >
              {t('householdPage.correct')}
            </button>
          </div>
        )}
      </section>
      {record && correcting && (
        <CorrectionForm
          detail={record}
          onCancel={() => setCorrecting(false)}
          onSaved={() => {
            setCorrecting(false);
            setCorrected(true);
            detail.reload();
            history.reload();
          }}
        />
      )}
      {record && (
        <section className="panel" aria-labelledby="household-card-title">
          <h3 id="household-card-title">{t('card.title')}</h3>
          <CardIssuer household={id} hasCard={record.hasCard} />
        </section>
      )}
      <HouseholdHistory query={history} />
    </div>
  );
}

/**
 * Cards in bulk (issue 11): the households without a card (an imported
 * caseload, typically), all of them or the first few hundred, issued in one
 * go with progress, then printed on A4 sheets. Issuing is the kit's
 * `issueCards`; the households list shows the new cards when it is next
 * shown, since it asks the kit again.
 */
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ok } from '../../../../shared/result';
import type { RationCard } from '../../kit/api';
import { WorkProgress } from '../common/work-progress';
import { formatNumber, isolate } from '../common/format';
import { DoneNotice, ErrorNotice } from '../common/notice';
import { QueryStatus } from '../common/query-status';
import { SubmitActions } from '../common/submit-actions';
import { TextField } from '../common/text-field';
import { useKitQuery } from '../common/use-kit-query';
import { useSubmission } from '../common/use-submission';
import { useKit } from '../kit-context';
import { CardSheets } from '../print/card-sheets';
import { everyHousehold } from './every-household';

/**
 * Households asked of the kit at a time while looking for those without a
 * card. An ask costs about as much empty as with a few hundred rows, and a
 * full page costs dozens more asks (every-household.ts): large pages keep a
 * site of thousands to a few asks.
 */
const PAGE_SIZE = 1000;

interface Issued {
  readonly issued: readonly RationCard[];
  readonly notEnrolled: readonly string[];
}

export function BulkCards() {
  const { t } = useTranslation();
  const kit = useKit();
  const cardless = useKitQuery(async (k) => {
    const all = await everyHousehold((query) => k.listHouseholds(query), PAGE_SIZE);
    return all.ok ? ok(all.value.filter((h) => !h.hasCard)) : all;
  }, []);
  const [howMany, setHowMany] = useState('');
  const [howManyError, setHowManyError] = useState<string>();
  const [progress, setProgress] = useState({ done: 0, total: 0 });
  const [result, setResult] = useState<Issued>();
  const submission = useSubmission();

  // While the kit is asked again (after issuing), the last answer is stale: nothing may be issued from it.
  const waiting = cardless.error || cardless.loading ? undefined : cardless.data;
  const available = waiting?.length ?? 0;
  // Empty means all of them; anything but a whole number is no count at all.
  const count = howMany.trim() === '' ? available : /^\d{1,7}$/.test(howMany.trim()) ? Number(howMany) : 0;

  const issue = async (event: FormEvent) => {
    event.preventDefault();
    if (count < 1 || count > available) {
      setHowManyError(t('bulkCards.howManyInvalid', { max: formatNumber(available) }));
      return;
    }
    setHowManyError(undefined);
    setResult(undefined);
    const households = (waiting ?? []).slice(0, count).map((h) => h.id);
    setProgress({ done: 0, total: households.length });
    await submission.run(
      () => kit.issueCards(households, (done, total) => setProgress({ done, total })),
      (issued) => {
        setResult(issued);
        setHowMany('');
      },
    );
    cardless.reload();
  };

  const state = submission.busy ? 'issuing' : result ? 'issued' : cardless.error ? 'error' : waiting ? 'ready' : 'loading';
  return (
    <section className="panel" aria-labelledby="bulk-cards-title" data-testid="bulk-cards" data-state={state} data-without={waiting?.length}>
      <h3 id="bulk-cards-title">{t('bulkCards.title')}</h3>
      <p className="field-hint">{t('bulkCards.intro')}</p>
      <QueryStatus query={cardless} />

      {waiting && !submission.busy && (
        <p data-testid="bulk-cards-without">
          <strong>{available > 0 ? t('bulkCards.without', { n: formatNumber(available) }) : t('bulkCards.none')}</strong>
        </p>
      )}

      {available > 0 && (
        <form noValidate onSubmit={(event) => void issue(event)} data-testid="bulk-cards-form">
          <TextField
            label={t('bulkCards.howMany')}
            hint={t('bulkCards.howManyHint', { n: formatNumber(available) })}
            error={howManyError}
            inputClassName="input input-qty"
            inputMode="numeric"
            dir="ltr"
            autoComplete="off"
            placeholder={String(available)}
            testId="bulk-cards-count"
            value={howMany}
            onChange={(text) => setHowMany(text.slice(0, 7))}
          />
          <SubmitActions
            label={t('bulkCards.issue', { n: formatNumber(count) })}
            busy={submission.busy}
            busyLabel={t('bulkCards.issuing')}
            testId="bulk-cards-issue"
            large
          />
        </form>
      )}

      {(submission.busy || result) && (
        <WorkProgress
          text={submission.busy ? t('bulkCards.issuing') : t('bulkCards.issuedAll')}
          label={t('bulkCards.progress')}
          testId="bulk-cards-progress"
          done={progress.done}
          total={progress.total}
          count={t('bulkCards.progressCount', { done: formatNumber(progress.done), total: formatNumber(progress.total) })}
        />
      )}
      <ErrorNotice testId="bulk-cards-error" message={submission.failure} />

      {result && (
        <>
          <DoneNotice testId="bulk-cards-done" message={t('bulkCards.done', { n: formatNumber(result.issued.length) })} />
          {result.notEnrolled.length > 0 && (
            <p className="notice notice-warn" role="status" data-testid="bulk-cards-not-enrolled">
              {t('bulkCards.notEnrolled', { ids: result.notEnrolled.map((id) => isolate(id)).join(', ') })}
            </p>
          )}
          {result.issued.length > 0 && <CardSheets cards={result.issued} />}
        </>
      )}
    </section>
  );
}

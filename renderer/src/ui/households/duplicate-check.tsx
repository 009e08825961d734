/**
 * Stopping a duplicate at entry (issue 11): before anything is saved, the
 * households of the site this one may be, each with why it matches and a
 * way to open it instead (nothing is saved then). Enrolling anyway needs a
 * reason from the kit's list, recorded with the enrolment.
 */
import { useEffect, useRef, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { DUPLICATE_REASONS, type DuplicateCandidate } from '../../kit/api';
import { codeLabel, errorText } from '../../i18n/codes';
import { CodeField } from '../common/code-select';
import { DataTable, type Column } from '../common/data-table';
import { formatNumber } from '../common/format';
import { SubmitActions } from '../common/submit-actions';
import { useCodeChoice } from '../common/use-code-choice';
import { hrefOf } from '../shell/route';

type DuplicateReason = (typeof DUPLICATE_REASONS)[number];

export function DuplicateCheck({
  candidates,
  busy,
  onEnrolAnyway,
  onBack,
}: {
  readonly candidates: readonly DuplicateCandidate[];
  readonly busy: boolean;
  readonly onEnrolAnyway: (reason: DuplicateReason) => void;
  /** Back to the form, to change what was typed. */
  readonly onBack: () => void;
}) {
  const { t } = useTranslation();
  const reason = useCodeChoice<DuplicateReason>();
  const titleRef = useRef<HTMLHeadingElement>(null);

  // The officer pressed "Enrol" and is looking at the form's end: bring the matches to them.
  useEffect(() => {
    titleRef.current?.scrollIntoView({ block: 'start' });
    titleRef.current?.focus();
  }, []);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const picked = reason.required(t('enrol.anywayReasonRequired'));
    if (picked) onEnrolAnyway(picked);
  };

  const columns: readonly Column<DuplicateCandidate>[] = [
    { header: t('list.head'), heads: 'row', cell: (row) => (row.household.head ? <bdi>{row.household.head}</bdi> : '—') },
    { header: t('list.shelter'), cell: (row) => (row.household.shelter ? <bdi>{row.household.shelter}</bdi> : '—') },
    { header: t('list.id'), className: 'mono', cellAttributes: () => ({ dir: 'ltr' }), cell: (row) => row.household.id },
    { header: t('list.size'), numeric: true, cell: (row) => formatNumber(row.household.size) },
    {
      header: t('enrol.duplicateWhy'),
      cell: (row) => (
        <ul className="plain-list">
          {row.reasons.map((code) => (
            <li key={code}>{codeLabel('duplicates', code)}</li>
          ))}
        </ul>
      ),
    },
    {
      header: t('list.actions'),
      hiddenHeader: true,
      cell: (row) => (
        <a className="button button-small" href={hrefOf('households', row.household.id)} data-testid={`duplicate-open-${row.household.id}`}>
          {t('enrol.openDuplicate')}
        </a>
      ),
    },
  ];

  return (
    <section className="panel duplicate-check" data-testid="enrol-duplicates" data-count={candidates.length} aria-labelledby="duplicates-title">
      <h3 id="duplicates-title" ref={titleRef} tabIndex={-1}>
        {t('enrol.duplicatesTitle')}
      </h3>
      <p className="notice notice-warn" role="status">
        {errorText('likely-duplicate')}
      </p>
      <DataTable
        testId="enrol-duplicates-table"
        columns={columns}
        rows={candidates}
        rowKey={(row) => row.household.id}
        rowAttributes={(row) => ({ 'data-household': row.household.id, 'data-reasons': row.reasons.join(' ') })}
      />
      <form className="subpanel" data-testid="enrol-anyway-form" noValidate onSubmit={submit} aria-labelledby="anyway-title">
        <h4 id="anyway-title">{t('enrol.anywayTitle')}</h4>
        <CodeField label={t('enrol.anywayReason')} group="reasons.duplicate" codes={DUPLICATE_REASONS} testId="enrol-anyway-reason" {...reason.field} />
        <SubmitActions
          label={t('enrol.anyway')}
          busy={busy}
          testId="enrol-anyway"
          tone="plain"
          cancel={{ label: t('enrol.backToForm'), testId: 'enrol-back', onClick: onBack }}
        />
      </form>
    </section>
  );
}

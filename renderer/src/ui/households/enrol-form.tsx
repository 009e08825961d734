/**
 * Enrolment of a household (./household-fields.tsx holds its fields). Before
 * saving, the kit is asked for likely duplicates (issue 11); if the site has
 * any, they are shown instead of saving (./duplicate-check.tsx) and changing
 * the form makes them stale. On success the new household id is shown big,
 * with "Issue ration card" next to it.
 */
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ok, type Result } from '../../../../shared/result';
import type { DuplicateCandidate, HouseholdForm, HouseholdSummary, KitApi } from '../../kit/api';
import { CardIssuer } from '../cards/card-issuer';
import { formatNumber } from '../common/format';
import { ErrorNotice } from '../common/notice';
import { SubmitActions } from '../common/submit-actions';
import { useFieldErrors } from '../common/use-field-errors';
import { useSubmission } from '../common/use-submission';
import { useKit } from '../kit-context';
import { DuplicateCheck } from './duplicate-check';
import { draftErrors, emptyDraft, formOf, type Draft, type DraftErrors } from './household-draft';
import { HouseholdFields } from './household-fields';

type Outcome =
  | { readonly kind: 'enrolled'; readonly household: HouseholdSummary }
  | { readonly kind: 'duplicates'; readonly candidates: readonly DuplicateCandidate[] };

/** Enrols the household unless the site has likely duplicates of it, which are answered instead. */
async function enrolUnlessDuplicate(kit: KitApi, form: HouseholdForm, duplicateReason?: string): Promise<Result<Outcome, string>> {
  if (duplicateReason === undefined) {
    const found = await kit.likelyDuplicates(form);
    if (!found.ok) return found;
    if (found.value.length > 0) return ok({ kind: 'duplicates', candidates: found.value });
  }
  const enrolled = await kit.enrol(form, duplicateReason === undefined ? {} : { duplicateReason });
  if (enrolled.ok) return ok({ kind: 'enrolled', household: enrolled.value });
  // A peer's enrolment arrived between the two calls: show what the kit now matches.
  if (enrolled.code === 'likely-duplicate') {
    const again = await kit.likelyDuplicates(form);
    if (again.ok && again.value.length > 0) return ok({ kind: 'duplicates', candidates: again.value });
  }
  return enrolled;
}

export function EnrolForm() {
  const { t } = useTranslation();
  const kit = useKit();
  const [draft, setDraft] = useState<Draft>(emptyDraft);
  const [candidates, setCandidates] = useState<readonly DuplicateCandidate[]>();
  const { errors, formRef, accept, clear } = useFieldErrors<keyof DraftErrors>();
  const submission = useSubmission();
  const [enrolled, setEnrolled] = useState<HouseholdSummary>();

  const reset = () => {
    setDraft(emptyDraft());
    setCandidates(undefined);
    clear();
    submission.fail(undefined);
    setEnrolled(undefined);
  };

  const save = (duplicateReason?: string) =>
    submission.run(
      () => enrolUnlessDuplicate(kit, formOf(draft), duplicateReason),
      (outcome) => (outcome.kind === 'enrolled' ? setEnrolled(outcome.household) : setCandidates(outcome.candidates)),
    );

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    submission.fail(undefined);
    if (!accept(draftErrors(draft, t))) return;
    await save();
  };

  if (enrolled) {
    return (
      <section className="panel" data-testid="enrol-done" data-household={enrolled.id} aria-labelledby="enrol-done-title">
        <h3 id="enrol-done-title">{t('enrol.doneTitle')}</h3>
        <p className="label-text">{t('enrol.newId')}</p>
        <p className="household-id-big" data-testid="enrol-household-id" dir="ltr">
          {enrolled.id}
        </p>
        <p>{t('enrol.doneSize', { size: formatNumber(enrolled.size) })}</p>
        <CardIssuer household={enrolled.id} autoFocus />
        <div className="actions">
          <button type="button" className="button" data-testid="enrol-another" onClick={reset}>
            {t('enrol.another')}
          </button>
        </div>
      </section>
    );
  }

  return (
    <>
      <form ref={formRef} className="panel" data-testid="enrol-form" noValidate onSubmit={(event) => void submit(event)}>
        <h3>{t('enrol.title')}</h3>
        <p className="privacy-note">{t('enrol.privacy')}</p>
        <HouseholdFields
          draft={draft}
          onChange={(next) => {
            // The matches were for what was typed before.
            setDraft(next);
            setCandidates(undefined);
          }}
          errors={errors}
          testIdPrefix="enrol"
          autoFocus
        />
        <ErrorNotice testId="enrol-error" message={submission.failure} />
        {!candidates && <SubmitActions label={t('enrol.submit')} busy={submission.busy} testId="enrol-submit" large />}
      </form>
      {candidates && (
        <DuplicateCheck
          candidates={candidates}
          busy={submission.busy}
          onEnrolAnyway={(reason) => void save(reason)}
          onBack={() => setCandidates(undefined)}
        />
      )}
    </>
  );
}

/**
 * A team lead corrects a household's record (issue 11): the enrolment's
 * fields (./household-fields.tsx) filled with the record, saved by the kit
 * as a signed `household-update` that reaches every laptop; the earlier
 * record stays in the history. The kit's refusal, if any, is shown as its
 * text (`not-allowed` on a laptop that is not a lead's).
 */
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { HouseholdDetail } from '../../kit/api';
import { ErrorNotice } from '../common/notice';
import { SubmitActions } from '../common/submit-actions';
import { useFieldErrors } from '../common/use-field-errors';
import { useSubmission } from '../common/use-submission';
import { useKit } from '../kit-context';
import { draftErrors, draftOf, formOf, type Draft, type DraftErrors } from './household-draft';
import { HouseholdFields } from './household-fields';

export function CorrectionForm({
  detail,
  onSaved,
  onCancel,
}: {
  readonly detail: HouseholdDetail;
  readonly onSaved: () => void;
  readonly onCancel: () => void;
}) {
  const { t } = useTranslation();
  const kit = useKit();
  const [draft, setDraft] = useState<Draft>(() => draftOf(detail.form));
  const { errors, formRef, accept } = useFieldErrors<keyof DraftErrors>();
  const submission = useSubmission();

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    submission.fail(undefined);
    if (!accept(draftErrors(draft, t))) return;
    await submission.run(() => kit.correctHousehold(detail.id, formOf(draft)), onSaved);
  };

  return (
    <form
      ref={formRef}
      className="panel"
      data-testid="correction-form"
      noValidate
      onSubmit={(event) => void submit(event)}
      aria-labelledby="correction-title"
    >
      <h3 id="correction-title">{t('householdPage.correctTitle')}</h3>
      <p className="field-hint">{t('householdPage.correctHint')}</p>
      <HouseholdFields draft={draft} onChange={setDraft} errors={errors} testIdPrefix="correct" autoFocus />
      <ErrorNotice testId="correction-error" message={submission.failure} />
      <SubmitActions
        label={t('householdPage.correctSubmit')}
        busy={submission.busy}
        testId="correction-submit"
        cancel={{ label: t('common.cancel'), testId: 'correction-cancel', onClick: onCancel }}
      />
    </form>
  );
}

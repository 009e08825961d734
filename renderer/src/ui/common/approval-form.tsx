/**
 * A team lead's decision as a small form of its own (void a handout, accept
 * a double handout, close a day): a title, which lead, their PIN (or
 * passphrase) and, where the decision has one, a reason code. Enter confirms,
 * Escape cancels. A wrong PIN or passphrase is emptied and marked; other
 * refusals (`wait`, `locked-out`, …) are shown under the fields.
 */
import { useId, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Result } from '../../../../shared/result';
import { errorText, type CodeGroup } from '../../i18n/codes';
import { useLeads } from '../session-context';
import { LeadApproval, leadPinOf, useApproval, type LeadPin } from './lead-approval';
import { ErrorNotice } from './notice';
import { SubmitActions } from './submit-actions';
import { useSubmission } from './use-submission';

export function ApprovalForm({
  title,
  hint,
  reasons,
  group,
  confirmLabel,
  danger = false,
  testIdPrefix,
  testId = `${testIdPrefix}-form`,
  run,
  onDone,
  onCancel,
  failureText = errorText,
}: {
  readonly title: ReactNode;
  readonly hint: string;
  /** Omitted: the decision takes no reason. */
  readonly reasons?: readonly string[];
  readonly group?: CodeGroup;
  readonly confirmLabel: string;
  readonly danger?: boolean;
  /** Test ids `<prefix>-lead`, `-use-passphrase`, `-pin`, `-reason`, `-error`, `-confirm`, `-cancel`. */
  readonly testIdPrefix: string;
  /** The form's own test id; `<prefix>-form` unless given. */
  readonly testId?: string | undefined;
  /** Asks the kit; `reason` is '' without `reasons`. */
  readonly run: (reason: string, lead: LeadPin) => Promise<Result<unknown, string>>;
  readonly onDone: () => void;
  readonly onCancel: () => void;
  readonly failureText?: (code: string) => string;
}) {
  const { t } = useTranslation();
  const leads = useLeads();
  const titleId = useId();
  const approval = useApproval();
  const submission = useSubmission();

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    submission.fail(undefined);
    if (submission.busy || !approval.check({ needsReason: reasons !== undefined })) return;
    await submission.run(() => run(approval.value.reason, leadPinOf(approval.value)), onDone, {
      refused: (code) => {
        if (code === 'bad-pin' || code === 'bad-secret') approval.wrongPin();
        else submission.fail(failureText(code));
        return true;
      },
    });
  };

  return (
    <form
      className="subpanel approval-form"
      data-testid={testId}
      noValidate
      onSubmit={(event) => void submit(event)}
      onKeyDown={(event) => {
        if (event.key === 'Escape') onCancel();
      }}
      aria-labelledby={titleId}
    >
      <h4 id={titleId}>{title}</h4>
      <p className="field-hint">{hint}</p>
      <LeadApproval approval={approval} reasons={reasons} group={group} testIdPrefix={testIdPrefix} />
      <ErrorNotice message={submission.failure} testId={`${testIdPrefix}-error`} />
      <SubmitActions
        label={confirmLabel}
        busy={submission.busy}
        testId={`${testIdPrefix}-confirm`}
        tone={danger ? 'danger' : 'primary'}
        disabled={leads.length === 0}
        cancel={{ label: t('common.cancel'), testId: `${testIdPrefix}-cancel`, onClick: onCancel }}
      />
    </form>
  );
}

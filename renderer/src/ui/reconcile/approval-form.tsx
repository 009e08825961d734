/**
 * A team lead's decision on the Reconcile screen (void one handout, accept a
 * group, close a day): which lead, their PIN and, where the decision has
 * one, a reason code. Enter confirms, Escape cancels.
 */
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { CodeGroup } from '../../i18n/codes';
import { errorText } from '../../i18n/codes';
import { LeadApproval, approvalErrors, emptyApproval, type Approval, type ApprovalErrors } from '../common/lead-approval';
import { useLeads } from '../session-context';

export type Outcome = { readonly ok: true } | { readonly ok: false; readonly code: string };

export function ApprovalForm({
  title,
  hint,
  reasons,
  group,
  confirmLabel,
  danger = false,
  testIdPrefix,
  run,
  onCancel,
  failureText = errorText,
}: {
  readonly title: string;
  readonly hint: string;
  readonly reasons?: readonly string[];
  readonly group?: CodeGroup;
  readonly confirmLabel: string;
  readonly danger?: boolean;
  readonly testIdPrefix: string;
  readonly run: (approval: Approval) => Promise<Outcome>;
  readonly onCancel: () => void;
  readonly failureText?: (code: string) => string;
}) {
  const { t } = useTranslation();
  const leads = useLeads();
  const titleId = useId();
  const [approval, setApproval] = useState<Approval>(() => emptyApproval(leads));
  const [problems, setProblems] = useState<ApprovalErrors>({});
  const [failure, setFailure] = useState<string>();
  const [busy, setBusy] = useState(false);
  const firstRef = useRef<HTMLSelectElement>(null);
  const mounted = useRef(true);

  useEffect(() => {
    mounted.current = true;
    firstRef.current?.focus();
    return () => {
      mounted.current = false;
    };
  }, []);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    const found = approvalErrors(approval, { needsReason: reasons !== undefined });
    setProblems(found);
    setFailure(undefined);
    if (Object.keys(found).length > 0) return;
    setBusy(true);
    try {
      const outcome = await run(approval);
      if (!mounted.current) return;
      if (!outcome.ok) {
        if (outcome.code === 'bad-pin') {
          setApproval((current) => ({ ...current, pin: '' }));
          setProblems({ pin: errorText('bad-pin') });
        } else {
          setFailure(failureText(outcome.code));
        }
      }
    } catch {
      if (mounted.current) setFailure(errorText('internal'));
    }
    if (mounted.current) setBusy(false);
  };

  return (
    <form
      className="subpanel approval-form"
      data-testid={`${testIdPrefix}-form`}
      noValidate
      onSubmit={(event) => void submit(event)}
      onKeyDown={(event) => {
        if (event.key === 'Escape') onCancel();
      }}
      aria-labelledby={titleId}
    >
      <h4 id={titleId}>{title}</h4>
      <p className="field-hint">{hint}</p>
      <LeadApproval
        value={approval}
        onChange={(next) => {
          setApproval(next);
          setProblems({});
        }}
        reasons={reasons}
        group={group}
        testIdPrefix={testIdPrefix}
        errors={problems}
        firstRef={firstRef}
      />
      {failure && (
        <p className="notice notice-error" role="alert" data-testid={`${testIdPrefix}-error`}>
          {failure}
        </p>
      )}
      <div className="actions">
        <button
          type="submit"
          className={danger ? 'button button-danger' : 'button button-primary'}
          data-testid={`${testIdPrefix}-confirm`}
          disabled={busy || leads.length === 0}
        >
          {busy ? t('common.saving') : confirmLabel}
        </button>
        <button type="button" className="button button-quiet" data-testid={`${testIdPrefix}-cancel`} onClick={onCancel}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
}

/** Voiding a handout: a team lead's PIN and a reason, recorded as a `void` event. */
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { HandoutRow } from '../../kit/kit-api';
import { errorText } from '../../i18n/codes';
import { LeadApproval, approvalErrors, emptyApproval, type Approval, type ApprovalErrors } from '../common/lead-approval';
import { VOID_REASONS } from '../common/reasons';
import { useKit } from '../kit-context';
import { useLeads } from '../session-context';

export function VoidDialog({
  row,
  onDone,
  onCancel,
}: {
  readonly row: HandoutRow;
  readonly onDone: () => void;
  readonly onCancel: () => void;
}) {
  const { t } = useTranslation();
  const kit = useKit();
  const leads = useLeads();
  const [approval, setApproval] = useState<Approval>(() => emptyApproval(leads));
  const [problems, setProblems] = useState<ApprovalErrors>({});
  const [failure, setFailure] = useState<string>();
  const [busy, setBusy] = useState(false);
  const firstRef = useRef<HTMLSelectElement>(null);

  useEffect(() => {
    firstRef.current?.focus();
  }, []);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    const found = approvalErrors(approval);
    setProblems(found);
    setFailure(undefined);
    if (Object.keys(found).length > 0) return;
    setBusy(true);
    try {
      const result = await kit.voidHandout(row.eventId, approval.reason, { leadId: approval.leadId, pin: approval.pin });
      if (result.ok) {
        onDone();
        return;
      }
      if (result.code === 'bad-pin') {
        setApproval((current) => ({ ...current, pin: '' }));
        setProblems({ pin: errorText('bad-pin') });
      } else {
        setFailure(errorText(result.code));
      }
    } catch {
      setFailure(errorText('internal'));
    }
    setBusy(false);
  };

  return (
    <form
      className="subpanel void-dialog"
      data-testid="void-dialog"
      data-event={row.eventId}
      noValidate
      onSubmit={(event) => void submit(event)}
      onKeyDown={(event) => {
        if (event.key === 'Escape') onCancel();
      }}
      aria-labelledby="void-title"
    >
      <h4 id="void-title">
        {t('tally.voidTitle')}{' '}
        <span className="mono" dir="ltr">
          {row.household}
        </span>
      </h4>
      <p className="field-hint">{t('tally.voidHint')}</p>
      <LeadApproval
        value={approval}
        onChange={(next) => {
          setApproval(next);
          setProblems({});
        }}
        reasons={VOID_REASONS}
        group="reasons.void"
        testIdPrefix="void"
        errors={problems}
        firstRef={firstRef}
      />
      {failure && (
        <p className="notice notice-error" role="alert" data-testid="void-error">
          {failure}
        </p>
      )}
      <div className="actions">
        <button type="submit" className="button button-danger" data-testid="void-confirm" disabled={busy}>
          {busy ? t('common.saving') : t('tally.voidConfirm')}
        </button>
        <button type="button" className="button button-quiet" onClick={onCancel}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
}

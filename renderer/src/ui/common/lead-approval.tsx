/**
 * A team lead's approval on the spot: which lead, their PIN, and a reason
 * code. Used to override a second handout, to void one, to accept a double
 * handout; without a reason list (`reasons` omitted) for closing a day.
 */
import i18next from 'i18next';
import type { Ref } from 'react';
import { useTranslation } from 'react-i18next';
import type { CodeGroup } from '../../i18n/codes';
import { useLeads } from '../session-context';
import { Field } from './field';
import { isValidPin } from './pin';
import { PinInput } from './pin-input';
import { ReasonSelect } from './reason-select';

export interface Approval {
  readonly leadId: string;
  readonly pin: string;
  readonly reason: string;
}

export type ApprovalErrors = Partial<Record<keyof Approval, string>>;

export const emptyApproval = (leads: readonly { id: string }[]): Approval => ({
  leadId: leads.length === 1 ? (leads[0]?.id ?? '') : '',
  pin: '',
  reason: '',
});

export function LeadApproval({
  value,
  onChange,
  reasons,
  group,
  testIdPrefix,
  errors,
  firstRef,
}: {
  readonly value: Approval;
  readonly onChange: (next: Approval) => void;
  /** Omitted: no reason is asked (the approval's `reason` stays ''). */
  readonly reasons?: readonly string[] | undefined;
  readonly group?: CodeGroup | undefined;
  readonly testIdPrefix: string;
  readonly errors: ApprovalErrors;
  /** Receives the first field, so the caller can focus it when the approval opens. */
  readonly firstRef?: Ref<HTMLSelectElement>;
}) {
  const { t } = useTranslation();
  const leads = useLeads();
  if (leads.length === 0) {
    return (
      <p className="notice notice-error" role="alert" data-testid={`${testIdPrefix}-no-lead`}>
        {t('approval.noLead')}
      </p>
    );
  }
  return (
    <div className="approval">
      <Field label={t('approval.lead')} error={errors.leadId} required>
        {(control) => (
          <select
            {...control}
            ref={firstRef}
            className="input"
            data-testid={`${testIdPrefix}-lead`}
            value={value.leadId}
            onChange={(event) => onChange({ ...value, leadId: event.target.value })}
          >
            <option value="" disabled>
              {t('common.choose')}
            </option>
            {leads.map((lead) => (
              <option key={lead.id} value={lead.id}>
                {lead.name}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label={t('approval.pin')} error={errors.pin} required>
        {(control) => (
          <PinInput
            control={control}
            testId={`${testIdPrefix}-pin`}
            value={value.pin}
            onChange={(pin) => onChange({ ...value, pin })}
          />
        )}
      </Field>
      {reasons && group && (
        <Field label={t('approval.reason')} error={errors.reason} required>
          {(control) => (
            <ReasonSelect
              control={control}
              group={group}
              reasons={reasons}
              value={value.reason}
              onChange={(reason) => onChange({ ...value, reason })}
              testId={`${testIdPrefix}-reason`}
            />
          )}
        </Field>
      )}
    </div>
  );
}

/** Checks an approval before it goes to the kit; the messages are translated. */
export function approvalErrors(approval: Approval, { needsReason = true }: { readonly needsReason?: boolean } = {}): ApprovalErrors {
  const errors: ApprovalErrors = {};
  if (!approval.leadId) errors.leadId = i18next.t('approval.leadRequired');
  if (!isValidPin(approval.pin)) errors.pin = i18next.t('pin.format');
  if (needsReason && !approval.reason) errors.reason = i18next.t('approval.reasonRequired');
  return errors;
}

/**
 * A team lead's approval on the spot: which lead, their PIN (or, with "Use
 * my passphrase" ticked, their passphrase), and a reason code. Used to
 * override a second handout, to void one, to accept a double handout;
 * without a reason list (`reasons` omitted) for closing a day.
 * `useApproval` holds what was typed and its problems; `LeadApproval` shows
 * the fields and takes the focus when it appears.
 */
import i18next from 'i18next';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorText, type CodeGroup } from '../../i18n/codes';
import { useLeads } from '../session-context';
import { Field } from './field';
import { isUnlockShape } from './pin';
import { PassphraseToggle, PinField } from './pin-field';
import { CodeField } from './code-select';

export interface Approval {
  readonly leadId: string;
  /** The lead's PIN, or their passphrase when `passphrase`. */
  readonly pin: string;
  readonly reason: string;
  /** The lead ticked "Use my passphrase": the field takes any text. */
  readonly passphrase: boolean;
}

/** What the kit takes as a lead's approval (`pin`: a PIN or a passphrase). */
export interface LeadPin {
  readonly leadId: string;
  readonly pin: string;
}

export type ApprovalErrors = Partial<Record<keyof Approval, string>>;

export interface ApprovalState {
  readonly value: Approval;
  readonly errors: ApprovalErrors;
  readonly change: (next: Approval) => void;
  /** Checks the approval before it goes to the kit; shows the problems and answers false when there are some. */
  readonly check: (options?: { readonly needsReason?: boolean }) => boolean;
  /** The kit refused the PIN or passphrase: it is emptied and marked wrong. */
  readonly wrongPin: () => void;
  readonly showErrors: (errors: ApprovalErrors) => void;
}

export const leadPinOf = (approval: Approval): LeadPin => ({ leadId: approval.leadId, pin: approval.pin });

export function useApproval(): ApprovalState {
  const leads = useLeads();
  // The only lead is chosen already.
  const [value, setValue] = useState<Approval>(() => ({
    leadId: leads.length === 1 ? (leads[0]?.id ?? '') : '',
    pin: '',
    reason: '',
    passphrase: false,
  }));
  const [errors, setErrors] = useState<ApprovalErrors>({});
  return {
    value,
    errors,
    change: (next) => {
      setValue(next);
      setErrors({});
    },
    check: ({ needsReason = true } = {}) => {
      const found: ApprovalErrors = {};
      if (!value.leadId) found.leadId = i18next.t('approval.leadRequired');
      if (!isUnlockShape(value.pin, value.passphrase)) {
        found.pin = value.passphrase ? i18next.t('passphrase.required') : i18next.t('pin.format');
      }
      if (needsReason && !value.reason) found.reason = i18next.t('approval.reasonRequired');
      setErrors(found);
      return Object.keys(found).length === 0;
    },
    wrongPin: () => {
      setValue((current) => ({ ...current, pin: '' }));
      setErrors({ pin: errorText(value.passphrase ? 'bad-secret' : 'bad-pin') });
    },
    showErrors: setErrors,
  };
}

export function LeadApproval({
  approval,
  reasons,
  group,
  testIdPrefix,
}: {
  readonly approval: ApprovalState;
  /** Omitted: no reason is asked (the approval's `reason` stays ''). */
  readonly reasons?: readonly string[] | undefined;
  readonly group?: CodeGroup | undefined;
  readonly testIdPrefix: string;
}) {
  const { t } = useTranslation();
  const leads = useLeads();
  const firstRef = useRef<HTMLSelectElement>(null);
  const pinRef = useRef<HTMLInputElement>(null);
  const { value, errors, change } = approval;

  useEffect(() => {
    firstRef.current?.focus();
  }, []);

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
            onChange={(event) => change({ ...value, leadId: event.target.value })}
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
      <PassphraseToggle
        label={t('passphrase.useMine')}
        testId={`${testIdPrefix}-use-passphrase`}
        checked={value.passphrase}
        onChange={(passphrase) => {
          change({ ...value, passphrase, pin: '' });
          pinRef.current?.focus();
        }}
      />
      <PinField
        label={value.passphrase ? t('approval.passphrase') : t('approval.pin')}
        error={errors.pin}
        testId={`${testIdPrefix}-pin`}
        passphrase={value.passphrase}
        inputRef={pinRef}
        value={value.pin}
        onChange={(pin) => change({ ...value, pin })}
      />
      {reasons && group && (
        <CodeField
          label={t('approval.reason')}
          error={errors.reason}
          group={group}
          codes={reasons}
          choose
          value={value.reason}
          onChange={(reason) => change({ ...value, reason })}
          testId={`${testIdPrefix}-reason`}
        />
      )}
    </div>
  );
}

/**
 * A form's buttons: the submit button, which says it is busy (and cannot be
 * pressed twice) while the form's work runs, then a quiet one that leaves
 * the form (Cancel, Back) where there is one.
 */
import type { Ref } from 'react';
import { useTranslation } from 'react-i18next';

const TONES = { primary: 'button button-primary', danger: 'button button-danger', plain: 'button' } as const;

export function SubmitActions({
  label,
  busy,
  busyLabel,
  testId,
  tone = 'primary',
  large = false,
  disabled = false,
  buttonRef,
  cancel,
}: {
  readonly label: string;
  readonly busy: boolean;
  /** Shown while busy; "Saving…" unless given. */
  readonly busyLabel?: string;
  readonly testId: string;
  readonly tone?: keyof typeof TONES;
  readonly large?: boolean;
  /** Disabled for another reason than being busy. */
  readonly disabled?: boolean;
  readonly buttonRef?: Ref<HTMLButtonElement>;
  readonly cancel?: { readonly label: string; readonly testId: string; readonly onClick: () => void };
}) {
  const { t } = useTranslation();
  return (
    <div className="actions">
      <button
        ref={buttonRef}
        type="submit"
        className={large ? `${TONES[tone]} button-large` : TONES[tone]}
        data-testid={testId}
        disabled={busy || disabled}
      >
        {busy ? (busyLabel ?? t('common.saving')) : label}
      </button>
      {cancel && (
        <button type="button" className="button button-quiet" data-testid={cancel.testId} onClick={cancel.onClick}>
          {cancel.label}
        </button>
      )}
    </div>
  );
}

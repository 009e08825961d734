/**
 * A form's buttons: the submit button, which says it is busy (and cannot be
 * pressed twice) while the form's work runs, then any others (Cancel).
 */
import type { ReactNode, Ref } from 'react';
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
  children,
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
  readonly children?: ReactNode;
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
      {children}
    </div>
  );
}

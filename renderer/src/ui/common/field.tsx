/**
 * A labelled form control with its hint and error wired for screen readers
 * (aria-describedby, aria-invalid). The control itself is rendered by the
 * caller through `children(props)`, so inputs, selects and textareas share it.
 */
import { useId, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

export interface ControlProps {
  readonly id: string;
  readonly 'aria-describedby'?: string;
  readonly 'aria-invalid'?: true;
  readonly required?: boolean;
}

export function Field({
  label,
  hint,
  error,
  required = false,
  filter = false,
  className,
  children,
}: {
  readonly label: ReactNode;
  readonly hint?: ReactNode;
  readonly error?: string | undefined;
  readonly required?: boolean;
  /** Narrows what is shown (a search, a day), outside any form: never marked optional. */
  readonly filter?: boolean;
  readonly className?: string | undefined;
  readonly children: (props: ControlProps) => ReactNode;
}) {
  const { t } = useTranslation();
  const id = useId();
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const describedBy = [hint ? hintId : '', error ? errorId : ''].filter(Boolean).join(' ');
  const props: ControlProps = {
    id,
    required,
    ...(describedBy ? { 'aria-describedby': describedBy } : {}),
    ...(error ? { 'aria-invalid': true as const } : {}),
  };
  return (
    <div className={['field', className ?? '', error ? 'field-invalid' : ''].filter(Boolean).join(' ')}>
      <label htmlFor={id}>
        {label}
        {!required && !filter && <span className="optional"> {t('common.optional')}</span>}
      </label>
      {children(props)}
      {hint && (
        <p className="field-hint" id={hintId}>
          {hint}
        </p>
      )}
      {error && (
        <p className="field-error" id={errorId} role="alert">
          {error}
        </p>
      )}
    </div>
  );
}

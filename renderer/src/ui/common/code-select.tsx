/**
 * A choice among machine codes (reasons, roles, sexes), each shown in the
 * current language; the code is what is kept and signed. `CodeField` is the
 * labelled field of a form, `CodeSelect` the bare select (a table cell).
 */
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { codeLabel, type CodeGroup } from '../../i18n/codes';
import { Field, type ControlProps } from './field';

interface Choice<C extends string> {
  readonly group: CodeGroup;
  readonly codes: readonly C[];
  readonly value: C | '';
  readonly onChange: (code: C) => void;
  readonly testId: string;
  /** Starts on a "Choose…" that cannot be chosen back: nothing is picked for the person. */
  readonly choose?: boolean;
}

export function CodeSelect<C extends string>({
  control,
  label,
  group,
  codes,
  value,
  onChange,
  testId,
  choose = false,
}: Choice<C> & {
  /** From a `Field`; or `label` where the select stands alone. */
  readonly control?: ControlProps;
  readonly label?: string;
}) {
  const { t } = useTranslation();
  return (
    <select
      {...control}
      className="input"
      aria-label={label}
      data-testid={testId}
      value={value}
      onChange={(event) => onChange(event.target.value as C)}
    >
      {choose && (
        <option value="" disabled>
          {t('common.choose')}
        </option>
      )}
      {codes.map((code) => (
        <option key={code} value={code}>
          {codeLabel(group, code)}
        </option>
      ))}
    </select>
  );
}

export function CodeField<C extends string>({
  label,
  hint,
  error,
  ...choice
}: Choice<C> & { readonly label: ReactNode; readonly hint?: ReactNode; readonly error?: string | undefined }) {
  return (
    <Field label={label} hint={hint} error={error} required>
      {(control) => <CodeSelect control={control} {...choice} />}
    </Field>
  );
}

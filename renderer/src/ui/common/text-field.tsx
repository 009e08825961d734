/**
 * A labelled one-line text input holding a string (a `Field` around an
 * `<input>`). `code`: text a machine reads (an id, an address, a key), typed
 * left to right, without autocomplete or spell checking.
 */
import type { InputHTMLAttributes, ReactNode, Ref } from 'react';
import { Field } from './field';

type InputAttributes = Omit<InputHTMLAttributes<HTMLInputElement>, 'id' | 'className' | 'value' | 'onChange' | 'required' | 'children'>;

const CODE = { dir: 'ltr', autoComplete: 'off', spellCheck: false } as const;

export function TextField({
  label,
  hint,
  error,
  required = false,
  filter = false,
  className,
  inputClassName = 'input',
  code = false,
  testId,
  value,
  onChange,
  inputRef,
  ...input
}: InputAttributes & {
  readonly label: ReactNode;
  readonly hint?: ReactNode;
  readonly error?: string | undefined;
  readonly required?: boolean;
  readonly filter?: boolean;
  /** Added to the field (`grow` in a row). */
  readonly className?: string;
  readonly inputClassName?: string;
  readonly code?: boolean;
  readonly testId: string;
  readonly value: string;
  readonly onChange: (text: string) => void;
  readonly inputRef?: Ref<HTMLInputElement>;
}) {
  return (
    <Field label={label} hint={hint} error={error} required={required} filter={filter} className={className}>
      {(control) => (
        <input
          {...control}
          {...(code ? CODE : {})}
          {...input}
          ref={inputRef}
          className={inputClassName}
          data-testid={testId}
          value={value}
          onChange={(event) => onChange(event.target.value)}
        />
      )}
    </Field>
  );
}

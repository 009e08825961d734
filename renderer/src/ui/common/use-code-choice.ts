/**
 * A code the person must pick from a list (a reason, an identity document)
 * before a form goes on. The field starts on "Choose…", so nothing is picked
 * for them; its error goes as soon as something is picked. Spread `field`
 * into a `CodeField`.
 */
import { useState } from 'react';

export interface CodeChoice<C extends string> {
  readonly value: C | '';
  readonly field: { readonly value: C | ''; readonly error: string | undefined; readonly choose: true; readonly onChange: (code: C) => void };
  /** Shows `message` under the field, or clears it. */
  readonly showError: (message: string | undefined) => void;
  /** The pick; with none, `missing` is shown under the field and the answer is undefined. */
  readonly required: (missing: string) => C | undefined;
}

export function useCodeChoice<C extends string>(): CodeChoice<C> {
  const [value, setValue] = useState<C | ''>('');
  const [error, showError] = useState<string>();
  return {
    value,
    field: {
      value,
      error,
      choose: true,
      onChange: (code) => {
        setValue(code);
        showError(undefined);
      },
    },
    showError,
    required: (missing) => {
      showError(value ? undefined : missing);
      return value || undefined;
    },
  };
}

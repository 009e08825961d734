/**
 * A form's field errors, found all at once on submit. When there are some,
 * the first field marked invalid takes the focus once the render has marked
 * it (not before: a field becomes `aria-invalid` only then).
 */
import { useEffect, useRef, useState, type RefObject } from 'react';

export interface FieldErrors<K extends string> {
  readonly errors: Partial<Record<K, string>>;
  /** The form whose first invalid field takes the focus. */
  readonly formRef: RefObject<HTMLFormElement | null>;
  /** Shows `found` in place of the errors before; true when there is nothing to fix. */
  readonly accept: (found: Partial<Record<K, string>>) => boolean;
  readonly clear: () => void;
}

export function useFieldErrors<K extends string>(): FieldErrors<K> {
  const [errors, setErrors] = useState<Partial<Record<K, string>>>({});
  const [refusals, setRefusals] = useState(0);
  const formRef = useRef<HTMLFormElement>(null);

  useEffect(() => {
    if (refusals > 0) formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }, [refusals]);

  return {
    errors,
    formRef,
    accept: (found) => {
      setErrors(found);
      const fine = Object.keys(found).length === 0;
      if (!fine) setRefusals((n) => n + 1);
      return fine;
    },
    clear: () => setErrors({}),
  };
}

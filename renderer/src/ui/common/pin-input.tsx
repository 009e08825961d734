/** A masked, digits-only PIN field with a numeric keypad on touch screens. */
import type { Ref } from 'react';
import type { ControlProps } from './field';
import { PIN_MAX, cleanPin } from './pin';

export function PinInput({
  control,
  value,
  onChange,
  testId,
  autoFocus = false,
  autoComplete = 'off',
  inputRef,
}: {
  readonly control: ControlProps;
  readonly value: string;
  readonly onChange: (pin: string) => void;
  readonly testId: string;
  readonly autoFocus?: boolean;
  readonly autoComplete?: 'off' | 'new-password' | 'current-password';
  readonly inputRef?: Ref<HTMLInputElement>;
}) {
  return (
    <input
      {...control}
      ref={inputRef}
      className="input input-pin"
      type="password"
      inputMode="numeric"
      pattern="[0-9]*"
      maxLength={PIN_MAX}
      autoComplete={autoComplete}
      autoFocus={autoFocus}
      dir="ltr"
      data-testid={testId}
      value={value}
      onChange={(event) => onChange(cleanPin(event.target.value))}
    />
  );
}

/**
 * PIN entry: a labelled, masked, digits-only field with a numeric keypad on
 * touch screens, and the new PIN typed twice (setup, Settings → Operators).
 */
import i18next from 'i18next';
import type { Ref } from 'react';
import { useTranslation } from 'react-i18next';
import { Field } from './field';
import { PIN_MAX, cleanPin, isValidPin } from './pin';

export function PinField({
  label,
  hint,
  error,
  testId,
  value,
  onChange,
  autoFocus = false,
  autoComplete = 'off',
  inputRef,
}: {
  readonly label: string;
  readonly hint?: string;
  readonly error?: string | undefined;
  readonly testId: string;
  readonly value: string;
  readonly onChange: (pin: string) => void;
  readonly autoFocus?: boolean;
  readonly autoComplete?: 'off' | 'new-password' | 'current-password';
  readonly inputRef?: Ref<HTMLInputElement>;
}) {
  return (
    <Field label={label} hint={hint} error={error} required>
      {(control) => (
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
      )}
    </Field>
  );
}

export interface NewPin {
  readonly pin: string;
  readonly again: string;
}

export const emptyNewPin: NewPin = { pin: '', again: '' };

export type NewPinErrors = Partial<Record<'pin' | 'pinAgain', string>>;

/** A new PIN must be valid and typed the same twice; the messages are translated. */
export function newPinErrors({ pin, again }: NewPin): NewPinErrors {
  if (!isValidPin(pin)) return { pin: i18next.t('pin.format') };
  return pin === again ? {} : { pinAgain: i18next.t('pin.mismatch') };
}

/** The PIN and its repetition; test ids `<prefix>-pin` and `<prefix>-pin-confirm`. */
export function NewPinFields({
  value,
  onChange,
  errors,
  testIdPrefix,
}: {
  readonly value: NewPin;
  readonly onChange: (next: NewPin) => void;
  readonly errors: NewPinErrors;
  readonly testIdPrefix: string;
}) {
  const { t } = useTranslation();
  return (
    <>
      <PinField
        label={t('pin.label')}
        hint={t('pin.hint')}
        error={errors.pin}
        testId={`${testIdPrefix}-pin`}
        autoComplete="new-password"
        value={value.pin}
        onChange={(pin) => onChange({ ...value, pin })}
      />
      <PinField
        label={t('pin.again')}
        error={errors.pinAgain}
        testId={`${testIdPrefix}-pin-confirm`}
        autoComplete="new-password"
        value={value.again}
        onChange={(again) => onChange({ ...value, again })}
      />
    </>
  );
}

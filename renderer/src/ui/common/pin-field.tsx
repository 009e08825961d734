/**
 * Secret entry: a labelled, masked field, digits-only with a numeric keypad
 * on touch screens for a PIN, free text for a team lead's passphrase; and the
 * new secret typed twice (setup, Settings → Operators), where a team lead may
 * tick "Use a passphrase instead of a PIN".
 */
import { useState, type Ref } from 'react';
import { useTranslation } from 'react-i18next';
import { Field } from './field';
import { PASSPHRASE_MAX_LENGTH, PIN_MAX, cleanPin, emptyNewPin, type NewPin, type NewPinErrors } from './pin';

export { emptyNewPin, newPinErrors, newPinForRole, type NewPin, type NewPinErrors } from './pin';

export function PinField({
  label,
  hint,
  error,
  testId,
  value,
  onChange,
  passphrase = false,
  autoFocus = false,
  inputRef,
}: {
  readonly label: string;
  readonly hint?: string | undefined;
  readonly error?: string | undefined;
  readonly testId: string;
  readonly value: string;
  readonly onChange: (pin: string) => void;
  /** A team lead's passphrase: any text (no keypad, no digit cleaning), in the direction of what is typed. */
  readonly passphrase?: boolean;
  readonly autoFocus?: boolean;
  readonly inputRef?: Ref<HTMLInputElement>;
}) {
  return (
    <Field label={label} hint={hint} error={error} required>
      {(control) => (
        // One <input> in both modes: ticking "passphrase" keeps the element (and its focus).
        // Masked by CSS (`-webkit-text-security`), not `type="password"`: a
        // browser's password manager keeps a password field's value, and the
        // name typed beside it, in the profile ("Login Data"), and a PIN
        // unlocks the vault (issue 13; test/e2e/profile-at-rest.spec.ts).
        <input
          {...control}
          ref={inputRef}
          className={passphrase ? 'input input-secret' : 'input input-secret input-pin'}
          type="text"
          {...(passphrase
            ? { autoCapitalize: 'off', autoCorrect: 'off', spellCheck: false }
            : { inputMode: 'numeric' as const, pattern: '[0-9]*' })}
          maxLength={passphrase ? PASSPHRASE_MAX_LENGTH : PIN_MAX}
          autoComplete="off"
          autoFocus={autoFocus}
          dir={passphrase ? 'auto' : 'ltr'}
          data-testid={testId}
          data-kind={passphrase ? 'passphrase' : 'pin'}
          value={value}
          onChange={(event) => onChange(passphrase ? event.target.value : cleanPin(event.target.value))}
        />
      )}
    </Field>
  );
}

/** A checkbox that switches a secret field between a PIN and a passphrase. */
export function PassphraseToggle({
  label,
  checked,
  onChange,
  testId,
}: {
  readonly label: string;
  readonly checked: boolean;
  readonly onChange: (checked: boolean) => void;
  readonly testId: string;
}) {
  return (
    <div className="choice-row">
      <label className="check">
        <input type="checkbox" data-testid={testId} checked={checked} onChange={(event) => onChange(event.target.checked)} />
        <span>{label}</span>
      </label>
    </div>
  );
}

/**
 * The new secret and its repetition; test ids `<prefix>-pin`,
 * `<prefix>-pin-confirm` and, when a passphrase is allowed (a team lead's),
 * `<prefix>-use-passphrase`. Switching kind empties both fields and hides
 * the errors found for the other kind until the form is checked again.
 */
export function NewPinFields({
  value,
  onChange,
  errors,
  testIdPrefix,
  allowPassphrase = false,
  row = false,
}: {
  readonly value: NewPin;
  readonly onChange: (next: NewPin) => void;
  readonly errors: NewPinErrors;
  readonly testIdPrefix: string;
  /** The operator being created is a team lead: offer the passphrase checkbox. */
  readonly allowPassphrase?: boolean;
  /** The two fields side by side (a `.field-row`). */
  readonly row?: boolean;
}) {
  const { t } = useTranslation();
  const passphrase = allowPassphrase && value.passphrase;
  // The kind in force when the form last gave these errors: a PIN's error is no passphrase's.
  const [checked, setChecked] = useState({ errors, passphrase });
  if (checked.errors !== errors) setChecked({ errors, passphrase });
  const shown: NewPinErrors = checked.errors === errors && checked.passphrase !== passphrase ? {} : errors;
  const fields = (
    <>
      <PinField
        label={passphrase ? t('passphrase.label') : t('pin.label')}
        hint={passphrase ? t('passphrase.hint') : t('pin.hint')}
        error={shown.pin}
        testId={`${testIdPrefix}-pin`}
        passphrase={passphrase}
        value={value.pin}
        onChange={(pin) => onChange({ ...value, pin })}
      />
      <PinField
        label={passphrase ? t('passphrase.again') : t('pin.again')}
        error={shown.pinAgain}
        testId={`${testIdPrefix}-pin-confirm`}
        passphrase={passphrase}
        value={value.again}
        onChange={(again) => onChange({ ...value, again })}
      />
    </>
  );
  return (
    <>
      {allowPassphrase && (
        <PassphraseToggle
          label={t('pin.usePassphrase')}
          testId={`${testIdPrefix}-use-passphrase`}
          checked={value.passphrase}
          onChange={(ticked) => onChange({ ...emptyNewPin, passphrase: ticked })}
        />
      )}
      {row ? <div className="field-row">{fields}</div> : fields}
    </>
  );
}

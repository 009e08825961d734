/**
 * The lock screen: pick who you are, type your PIN. Shown after setup, after
 * "Lock" and after the idle timeout.
 */
import { useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { OperatorSummary, SiteProfile } from '../../kit/kit-api';
import { codeLabel, errorText } from '../../i18n/codes';
import { Field } from '../common/field';
import { isValidPin } from '../common/pin';
import { PinInput } from '../common/pin-input';
import { useKit } from '../kit-context';
import { Frame } from '../shell/frame';

export function LockScreen({
  profile,
  operators,
  onUnlocked,
}: {
  readonly profile: SiteProfile;
  readonly operators: readonly OperatorSummary[];
  readonly onUnlocked: () => void;
}) {
  const { t } = useTranslation();
  const kit = useKit();
  const [operatorId, setOperatorId] = useState<string | undefined>(() =>
    operators.length === 1 ? operators[0]?.id : undefined,
  );
  const [pin, setPin] = useState('');
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const pinRef = useRef<HTMLInputElement>(null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    if (!operatorId) {
      setError(t('lock.pickOperator'));
      return;
    }
    if (!isValidPin(pin)) {
      setError(t('pin.format'));
      pinRef.current?.focus();
      return;
    }
    setBusy(true);
    setError(undefined);
    try {
      const result = await kit.unlock(operatorId, pin);
      if (result.ok) {
        onUnlocked();
        return;
      }
      setError(errorText(result.code));
    } catch {
      setError(errorText('internal'));
    }
    setPin('');
    setBusy(false);
    pinRef.current?.focus();
  };

  return (
    <Frame profile={profile}>
      <form className="panel narrow" data-testid="lock-form" noValidate onSubmit={(event) => void submit(event)}>
        <h2>{t('lock.title')}</h2>
        <fieldset className="operator-picker">
          <legend>{t('lock.whoAreYou')}</legend>
          {operators.length === 0 && <p className="notice">{t('lock.noOperators')}</p>}
          <div className="choice-grid" role="radiogroup" aria-label={t('lock.whoAreYou')}>
            {operators.map((operator, index) => (
              <label key={operator.id} className="choice-card">
                <input
                  type="radio"
                  name="operator"
                  value={operator.id}
                  data-testid={`lock-operator-${operator.id}`}
                  checked={operatorId === operator.id}
                  autoFocus={operators.length > 1 && index === 0}
                  onChange={() => {
                    setOperatorId(operator.id);
                    setError(undefined);
                  }}
                />
                <span className="choice-title">
                  <bdi>{operator.name}</bdi>
                </span>
                <span className="choice-detail">{codeLabel('roles', operator.role)}</span>
              </label>
            ))}
          </div>
        </fieldset>
        <Field label={t('pin.label')} required>
          {(control) => (
            <PinInput
              control={control}
              inputRef={pinRef}
              testId="lock-pin"
              autoFocus={operators.length <= 1}
              autoComplete="current-password"
              value={pin}
              onChange={(value) => {
                setPin(value);
                setError(undefined);
              }}
            />
          )}
        </Field>
        {error && (
          <p className="notice notice-error" role="alert" data-testid="lock-error">
            {error}
          </p>
        )}
        <div className="actions">
          <button type="submit" className="button button-primary button-large" data-testid="lock-submit" disabled={busy}>
            {busy ? t('lock.unlocking') : t('lock.unlock')}
          </button>
        </div>
      </form>
    </Frame>
  );
}

/** Operators of this device: a team lead adds field officers and other leads, each with a PIN. */
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Role } from '../../kit/kit-api';
import { codeLabel, errorText } from '../../i18n/codes';
import { Field } from '../common/field';
import { isValidPin } from '../common/pin';
import { PinInput } from '../common/pin-input';
import { useKit } from '../kit-context';
import { useSession } from '../session-context';

const ROLES: readonly Role[] = ['field-officer', 'team-lead'];

type Errors = Partial<Record<'name' | 'pin' | 'pinAgain', string>>;

export function Operators() {
  const { t } = useTranslation();
  const kit = useKit();
  const session = useSession();
  const [name, setName] = useState('');
  const [role, setRole] = useState<Role>('field-officer');
  const [pin, setPin] = useState('');
  const [pinAgain, setPinAgain] = useState('');
  const [errors, setErrors] = useState<Errors>({});
  const [failure, setFailure] = useState<string>();
  const [added, setAdded] = useState<string>();
  const [busy, setBusy] = useState(false);
  const isLead = session.operator.role === 'team-lead';

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    const found: Errors = {};
    if (!name.trim()) found.name = t('common.requiredField');
    if (!isValidPin(pin)) found.pin = t('pin.format');
    else if (pin !== pinAgain) found.pinAgain = t('pin.mismatch');
    setErrors(found);
    setFailure(undefined);
    setAdded(undefined);
    if (Object.keys(found).length > 0) return;
    setBusy(true);
    try {
      const result = await kit.addOperator({ name: name.trim(), role, pin });
      if (result.ok) {
        session.operatorAdded(result.value);
        setAdded(result.value.name);
        setName('');
        setRole('field-officer');
        setPin('');
        setPinAgain('');
      } else {
        setFailure(errorText(result.code));
      }
    } catch {
      setFailure(errorText('internal'));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="panel" aria-labelledby="operators-title" data-testid="operators">
      <h3 id="operators-title">{t('operators.title')}</h3>
      <ul className="operator-list" data-testid="operators-list">
        {session.operators.map((operator) => (
          <li key={operator.id} data-operator={operator.id}>
            <bdi>{operator.name}</bdi> · {codeLabel('roles', operator.role)}
            {operator.id === session.operator.id && <span className="badge"> {t('operators.you')}</span>}
          </li>
        ))}
      </ul>
      {!isLead ? (
        <p className="field-hint">{t('operators.leadOnly')}</p>
      ) : (
        <form className="subpanel" noValidate onSubmit={(event) => void submit(event)} data-testid="operator-form">
          <h4>{t('operators.add')}</h4>
          <div className="field-row">
            <Field label={t('operators.name')} error={errors.name} required className="grow">
              {(control) => (
                <input
                  {...control}
                  className="input"
                  autoComplete="off"
                  maxLength={80}
                  data-testid="operator-name-input"
                  value={name}
                  onChange={(event) => setName(event.target.value)}
                />
              )}
            </Field>
            <Field label={t('operators.role')} required>
              {(control) => (
                <select
                  {...control}
                  className="input"
                  data-testid="operator-role"
                  value={role}
                  onChange={(event) => setRole(event.target.value as Role)}
                >
                  {ROLES.map((r) => (
                    <option key={r} value={r}>
                      {codeLabel('roles', r)}
                    </option>
                  ))}
                </select>
              )}
            </Field>
          </div>
          <div className="field-row">
            <Field label={t('pin.label')} hint={t('pin.hint')} error={errors.pin} required>
              {(control) => (
                <PinInput control={control} testId="operator-pin" autoComplete="new-password" value={pin} onChange={setPin} />
              )}
            </Field>
            <Field label={t('pin.again')} error={errors.pinAgain} required>
              {(control) => (
                <PinInput
                  control={control}
                  testId="operator-pin-confirm"
                  autoComplete="new-password"
                  value={pinAgain}
                  onChange={setPinAgain}
                />
              )}
            </Field>
          </div>
          {failure && (
            <p className="notice notice-error" role="alert" data-testid="operator-error">
              {failure}
            </p>
          )}
          {added && (
            <p className="notice notice-ok" role="status" data-testid="operator-added">
              {t('operators.added', { name: added })}
            </p>
          )}
          <div className="actions">
            <button type="submit" className="button button-primary" data-testid="operator-submit" disabled={busy}>
              {busy ? t('common.saving') : t('operators.submit')}
            </button>
          </div>
        </form>
      )}
    </section>
  );
}

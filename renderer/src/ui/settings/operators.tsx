/** Operators of this device: a team lead adds field officers and other leads, each with a PIN (a lead may choose a passphrase instead). */
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Role } from '../../kit/api';
import { codeLabel } from '../../i18n/codes';
import { DoneNotice, ErrorNotice } from '../common/notice';
import { NewPinFields, emptyNewPin, newPinErrors, newPinForRole } from '../common/pin-field';
import { CodeField } from '../common/code-select';
import { ROLES } from '../common/roles';
import { SubmitActions } from '../common/submit-actions';
import { TextField } from '../common/text-field';
import { useSubmission } from '../common/use-submission';
import { useKit } from '../kit-context';
import { usePeople } from '../people-context';
import { useSession } from '../session-context';
import { isolate } from '../common/format';

type Errors = Partial<Record<'name' | 'pin' | 'pinAgain', string>>;

export function Operators() {
  const { t } = useTranslation();
  const kit = useKit();
  const session = useSession();
  const people = usePeople();
  const [name, setName] = useState('');
  const [role, setRole] = useState<Role>('field-officer');
  const [newPin, setNewPin] = useState(emptyNewPin);
  const [errors, setErrors] = useState<Errors>({});
  const [added, setAdded] = useState<string>();
  const submission = useSubmission();
  const isLead = session.operator.role === 'team-lead';

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const found: Errors = newPinErrors(newPin, role);
    if (!name.trim()) found.name = t('common.requiredField');
    setErrors(found);
    submission.fail(undefined);
    setAdded(undefined);
    if (Object.keys(found).length > 0) return;
    await submission.run(
      () => kit.addOperator({ name: name.trim(), role, pin: newPin.pin }),
      (operator) => {
        session.operatorAdded(operator);
        people.reload();
        setAdded(operator.name);
        setName('');
        setRole('field-officer');
        setNewPin(emptyNewPin);
      },
    );
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
            <TextField
              label={t('operators.name')}
              error={errors.name}
              required
              className="grow"
              autoComplete="off"
              maxLength={80}
              testId="operator-name-input"
              value={name}
              onChange={setName}
            />
            <CodeField
              label={t('operators.role')}
              group="roles"
              codes={ROLES}
              value={role}
              onChange={(next) => {
                setRole(next);
                setNewPin((current) => newPinForRole(current, next));
              }}
              testId="operator-role"
            />
          </div>
          <NewPinFields
            value={newPin}
            onChange={setNewPin}
            errors={errors}
            testIdPrefix="operator"
            allowPassphrase={role === 'team-lead'}
            row
          />
          <ErrorNotice testId="operator-error" message={submission.failure} />
          <DoneNotice testId="operator-added" message={added && t('operators.added', { name: isolate(added, 'firstStrong') })} />
          <SubmitActions label={t('operators.submit')} busy={submission.busy} testId="operator-submit" />
        </form>
      )}
    </section>
  );
}

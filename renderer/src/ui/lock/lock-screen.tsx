/**
 * The lock screen: pick who you are, type your PIN (a team lead may tick "Use
 * my passphrase" and type that instead). Shown after setup, after "Lock" and
 * after the idle timeout. A refusal shows the vault's reason: a wrong secret,
 * wait a moment, or locked out until a team lead lets them try again.
 */
import { useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { LockScreenOperator, SiteProfile } from '../../kit/api';
import { codeLabel } from '../../i18n/codes';
import { ErrorNotice } from '../common/notice';
import { isUnlockShape } from '../common/pin';
import { PassphraseToggle, PinField } from '../common/pin-field';
import { SubmitActions } from '../common/submit-actions';
import { useSubmission } from '../common/use-submission';
import { useKit } from '../kit-context';
import { Frame } from '../shell/frame';

export function LockScreen({
  profile,
  operators,
  onUnlocked,
}: {
  readonly profile: SiteProfile;
  readonly operators: readonly LockScreenOperator[];
  readonly onUnlocked: () => void;
}) {
  const { t } = useTranslation();
  const kit = useKit();
  const [operatorId, setOperatorId] = useState<string | undefined>(() =>
    operators.length === 1 ? operators[0]?.id : undefined,
  );
  const [pin, setPin] = useState('');
  const [usePassphrase, setUsePassphrase] = useState(false);
  const submission = useSubmission();
  const pinRef = useRef<HTMLInputElement>(null);
  // Only a team lead may have a passphrase: for anyone else the box is hidden and the field takes a PIN.
  const isLead = operators.find((operator) => operator.id === operatorId)?.role === 'team-lead';
  const passphrase = isLead && usePassphrase;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (submission.busy) return;
    if (!operatorId) {
      submission.fail(t('lock.pickOperator'));
      return;
    }
    if (!isUnlockShape(pin, passphrase)) {
      submission.fail(passphrase ? t('passphrase.required') : t('pin.format'));
      pinRef.current?.focus();
      return;
    }
    if (await submission.run(() => kit.unlock(operatorId, pin), onUnlocked, { leaving: true })) return;
    setPin('');
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
                    if (operator.role !== 'team-lead' && usePassphrase) {
                      setUsePassphrase(false);
                      setPin('');
                    }
                    submission.fail(undefined);
                  }}
                />
                <span className="choice-title">
                  <bdi>{operator.name}</bdi>
                </span>
                <span className="choice-detail">{codeLabel('roles', operator.role)}</span>
                {operator.lockedOut && <span className="choice-detail" data-testid={`lock-operator-locked-out-${operator.id}`}>{t('lock.lockedOut')}</span>}
                {!operator.canUnlock && <span className="choice-detail">{t('lock.notOnThisLaptop')}</span>}
              </label>
            ))}
          </div>
        </fieldset>
        {isLead && (
          <PassphraseToggle
            label={t('passphrase.useMine')}
            testId="lock-use-passphrase"
            checked={usePassphrase}
            onChange={(checked) => {
              setUsePassphrase(checked);
              setPin('');
              submission.fail(undefined);
              pinRef.current?.focus();
            }}
          />
        )}
        <PinField
          label={passphrase ? t('passphrase.label') : t('pin.label')}
          inputRef={pinRef}
          testId="lock-pin"
          passphrase={passphrase}
          autoFocus={operators.length <= 1}
          value={pin}
          onChange={(value) => {
            setPin(value);
            submission.fail(undefined);
          }}
        />
        <ErrorNotice testId="lock-error" message={submission.failure} />
        <SubmitActions label={t('lock.unlock')} busyLabel={t('lock.unlocking')} busy={submission.busy} testId="lock-submit" large />
      </form>
    </Frame>
  );
}

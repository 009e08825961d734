/**
 * First run (kit state `needs-setup`). Either this laptop starts a team (the
 * team lead's: the site it serves) or it joins one with the lead's
 * invitation (site and site name come from it). Then its label, and its
 * first operator with a PIN typed twice.
 */
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { errorText } from '../../i18n/codes';
import { Field } from '../common/field';
import { isValidPin } from '../common/pin';
import { PinInput } from '../common/pin-input';
import { useKit } from '../kit-context';
import { Frame } from '../shell/frame';
import { rememberSignaling } from '../sync/address';
import { JoinTeam, readInvitation } from './join-team';

/** The event schema's code: 1–64 letters, digits or . _ : - (shared/events/fields.ts). */
export const SITE_CODE_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$/;
const NAME_MAX = 80;

type Errors = Partial<Record<'site' | 'siteName' | 'invitation' | 'deviceLabel' | 'leadName' | 'pin' | 'pinAgain', string>>;
type Mode = 'start' | 'join';

export function SetupScreen({ onDone }: { readonly onDone: () => void }) {
  const { t } = useTranslation();
  const kit = useKit();
  const [mode, setMode] = useState<Mode>('start');
  const [modeChosen, setModeChosen] = useState(false);
  const [invitation, setInvitation] = useState('');
  const [site, setSite] = useState('');
  const [siteName, setSiteName] = useState('');
  const [deviceLabel, setDeviceLabel] = useState('');
  const [leadName, setLeadName] = useState('');
  const [pin, setPin] = useState('');
  const [pinAgain, setPinAgain] = useState('');
  const [errors, setErrors] = useState<Errors>({});
  const [failure, setFailure] = useState<string>();
  const [busy, setBusy] = useState(false);

  const validate = (): Errors => {
    const found: Errors = {};
    if (mode === 'join') {
      if (readInvitation(invitation).kind !== 'ok') found.invitation = t('setup.invitationRequired');
    } else {
      if (!SITE_CODE_PATTERN.test(site.trim())) found.site = t('setup.siteCodeInvalid');
      if (!siteName.trim()) found.siteName = t('common.requiredField');
    }
    if (!deviceLabel.trim()) found.deviceLabel = t('common.requiredField');
    if (!leadName.trim()) found.leadName = t('common.requiredField');
    if (!isValidPin(pin)) found.pin = t('pin.format');
    else if (pin !== pinAgain) found.pinAgain = t('pin.mismatch');
    return found;
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    const found = validate();
    setErrors(found);
    setFailure(undefined);
    if (Object.keys(found).length > 0) {
      const first = event.currentTarget.querySelector<HTMLElement>('[aria-invalid="true"]');
      first?.focus();
      return;
    }
    const team = mode === 'join' ? readInvitation(invitation) : undefined;
    setBusy(true);
    try {
      const result = await kit.setup({
        site: team?.kind === 'ok' ? team.invitation.site : site.trim(),
        siteName: team?.kind === 'ok' ? team.invitation.siteName : siteName.trim(),
        deviceLabel: deviceLabel.trim(),
        lead: { name: leadName.trim(), pin },
        ...(mode === 'join' && { invitation: invitation.trim() }),
      });
      if (result.ok) {
        if (team?.kind === 'ok' && team.invitation.signaling) rememberSignaling(team.invitation.signaling);
        onDone();
        return;
      }
      setFailure(errorText(result.code));
    } catch {
      setFailure(errorText('internal'));
    }
    setBusy(false);
  };

  return (
    <Frame>
      <form className="panel narrow" data-testid="setup-form" data-mode={mode} noValidate onSubmit={(event) => void submit(event)}>
        <h2>{t('setup.title')}</h2>
        <p className="lead-text">{t('setup.intro')}</p>
        <fieldset>
          <legend>{t('setup.mode')}</legend>
          <div className="choice-grid" role="radiogroup">
            {(['start', 'join'] as const).map((choice) => (
              <label key={choice} className="choice-card">
                <input
                  type="radio"
                  name="setup-mode"
                  value={choice}
                  data-testid={`setup-mode-${choice}`}
                  checked={mode === choice}
                  onChange={() => {
                    setMode(choice);
                    setModeChosen(true);
                    setErrors({});
                    setFailure(undefined);
                  }}
                />
                <span className="choice-title">{choice === 'start' ? t('setup.modeStart') : t('setup.modeJoin')}</span>
                <span className="choice-detail">{choice === 'start' ? t('setup.modeStartDetail') : t('setup.modeJoinDetail')}</span>
              </label>
            ))}
          </div>
        </fieldset>
        {mode === 'join' && <JoinTeam text={invitation} onChange={setInvitation} required={errors.invitation !== undefined} />}
        <fieldset>
          <legend>{mode === 'join' ? t('setup.deviceSection') : t('setup.siteSection')}</legend>
          {mode === 'start' && (
            <>
              <Field label={t('setup.siteCode')} hint={t('setup.siteCodeHint')} error={errors.site} required>
                {(control) => (
                  <input
                    {...control}
                    className="input"
                    dir="ltr"
                    autoFocus={!modeChosen}
                    autoComplete="off"
                    spellCheck={false}
                    maxLength={64}
                    data-testid="setup-site"
                    value={site}
                    onChange={(event) => setSite(event.target.value)}
                  />
                )}
              </Field>
              <Field label={t('setup.siteName')} error={errors.siteName} required>
                {(control) => (
                  <input
                    {...control}
                    className="input"
                    maxLength={NAME_MAX}
                    data-testid="setup-site-name"
                    value={siteName}
                    onChange={(event) => setSiteName(event.target.value)}
                  />
                )}
              </Field>
            </>
          )}
          <Field label={t('setup.deviceLabel')} hint={t('setup.deviceLabelHint')} error={errors.deviceLabel} required>
            {(control) => (
              <input
                {...control}
                className="input"
                maxLength={NAME_MAX}
                data-testid="setup-device-label"
                value={deviceLabel}
                onChange={(event) => setDeviceLabel(event.target.value)}
              />
            )}
          </Field>
        </fieldset>
        <fieldset>
          <legend>{mode === 'join' ? t('setup.joinOperatorSection') : t('setup.leadSection')}</legend>
          <Field
            label={mode === 'join' ? t('setup.operatorName') : t('setup.leadName')}
            hint={mode === 'join' ? t('setup.joinOperatorHint') : undefined}
            error={errors.leadName}
            required
          >
            {(control) => (
              <input
                {...control}
                className="input"
                maxLength={NAME_MAX}
                autoComplete="off"
                data-testid="setup-lead-name"
                value={leadName}
                onChange={(event) => setLeadName(event.target.value)}
              />
            )}
          </Field>
          <Field label={t('pin.label')} hint={t('pin.hint')} error={errors.pin} required>
            {(control) => (
              <PinInput control={control} testId="setup-pin" autoComplete="new-password" value={pin} onChange={setPin} />
            )}
          </Field>
          <Field label={t('pin.again')} error={errors.pinAgain} required>
            {(control) => (
              <PinInput
                control={control}
                testId="setup-pin-confirm"
                autoComplete="new-password"
                value={pinAgain}
                onChange={setPinAgain}
              />
            )}
          </Field>
        </fieldset>
        {failure && (
          <p className="notice notice-error" role="alert" data-testid="setup-error">
            {failure}
          </p>
        )}
        <div className="actions">
          <button type="submit" className="button button-primary button-large" data-testid="setup-submit" disabled={busy}>
            {busy ? t('common.saving') : mode === 'join' ? t('setup.joinSubmit') : t('setup.submit')}
          </button>
        </div>
      </form>
    </Frame>
  );
}

/**
 * First run (kit state `needs-setup`): the site this laptop serves, its
 * label, and the first team lead with a PIN typed twice.
 */
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { errorText } from '../../i18n/codes';
import { Field } from '../common/field';
import { isValidPin } from '../common/pin';
import { PinInput } from '../common/pin-input';
import { useKit } from '../kit-context';
import { Frame } from '../shell/frame';

/** The event schema's code: 1–64 letters, digits or . _ : - (shared/events/fields.ts). */
export const SITE_CODE_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$/;
const NAME_MAX = 80;

type Errors = Partial<Record<'site' | 'siteName' | 'deviceLabel' | 'leadName' | 'pin' | 'pinAgain', string>>;

export function SetupScreen({ onDone }: { readonly onDone: () => void }) {
  const { t } = useTranslation();
  const kit = useKit();
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
    if (!SITE_CODE_PATTERN.test(site.trim())) found.site = t('setup.siteCodeInvalid');
    if (!siteName.trim()) found.siteName = t('common.requiredField');
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
    setBusy(true);
    try {
      const result = await kit.setup({
        site: site.trim(),
        siteName: siteName.trim(),
        deviceLabel: deviceLabel.trim(),
        lead: { name: leadName.trim(), pin },
      });
      if (result.ok) {
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
      <form className="panel narrow" data-testid="setup-form" noValidate onSubmit={(event) => void submit(event)}>
        <h2>{t('setup.title')}</h2>
        <p className="lead-text">{t('setup.intro')}</p>
        <fieldset>
          <legend>{t('setup.siteSection')}</legend>
          <Field label={t('setup.siteCode')} hint={t('setup.siteCodeHint')} error={errors.site} required>
            {(control) => (
              <input
                {...control}
                className="input"
                dir="ltr"
                autoFocus
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
          <legend>{t('setup.leadSection')}</legend>
          <Field label={t('setup.leadName')} error={errors.leadName} required>
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
            {busy ? t('common.saving') : t('setup.submit')}
          </button>
        </div>
      </form>
    </Frame>
  );
}

/**
 * First run (kit state `needs-setup`). Either this laptop starts a team (the
 * team lead's: the site it serves) or it joins one with the lead's
 * invitation (site and site name come from it). Then its label, and its
 * first operator with a PIN typed twice; a new site's first operator is its
 * team lead, who may choose a passphrase instead (issue 13).
 */
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Role } from '../../kit/api';
import { ErrorNotice } from '../common/notice';
import { NewPinFields, emptyNewPin, newPinErrors, newPinForRole } from '../common/pin-field';
import { SubmitActions } from '../common/submit-actions';
import { TextField } from '../common/text-field';
import { useFieldErrors } from '../common/use-field-errors';
import { useSubmission } from '../common/use-submission';
import { useKit } from '../kit-context';
import { Frame } from '../shell/frame';
import { rememberSignaling } from '../sync/address';
import { JoinTeam, readInvitation } from './join-team';

/** The event schema's code: 1–64 letters, digits or . _ : - (shared/events/fields.ts). */
export const SITE_CODE_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$/;
const NAME_MAX = 80;

type Errors = Partial<Record<'site' | 'siteName' | 'invitation' | 'deviceLabel' | 'leadName' | 'pin' | 'pinAgain', string>>;
type Mode = 'start' | 'join';

/** Starting a team makes this laptop's first operator its team lead; joining one, a field officer. */
const firstOperatorRole = (mode: Mode): Role => (mode === 'start' ? 'team-lead' : 'field-officer');

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
  const [newPin, setNewPin] = useState(emptyNewPin);
  const { errors, formRef, accept, clear } = useFieldErrors<keyof Errors>();
  const submission = useSubmission();

  const validate = (): Errors => {
    const found: Errors = newPinErrors(newPin, firstOperatorRole(mode));
    if (mode === 'join') {
      if (readInvitation(invitation).kind !== 'ok') found.invitation = t('setup.invitationRequired');
    } else {
      if (!SITE_CODE_PATTERN.test(site.trim())) found.site = t('setup.siteCodeInvalid');
      if (!siteName.trim()) found.siteName = t('common.requiredField');
    }
    if (!deviceLabel.trim()) found.deviceLabel = t('common.requiredField');
    if (!leadName.trim()) found.leadName = t('common.requiredField');
    return found;
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    submission.fail(undefined);
    if (!accept(validate())) return;
    const team = mode === 'join' ? readInvitation(invitation) : undefined;
    await submission.run(
      () =>
        kit.setup({
          site: team?.kind === 'ok' ? team.invitation.site : site.trim(),
          siteName: team?.kind === 'ok' ? team.invitation.siteName : siteName.trim(),
          deviceLabel: deviceLabel.trim(),
          lead: { name: leadName.trim(), pin: newPin.pin },
          ...(mode === 'join' && { invitation: invitation.trim() }),
        }),
      () => {
        if (team?.kind === 'ok' && team.invitation.signaling) rememberSignaling(team.invitation.signaling);
        onDone();
      },
      { leaving: true },
    );
  };

  return (
    <Frame>
      <form ref={formRef} className="panel narrow" data-testid="setup-form" data-mode={mode} noValidate onSubmit={(event) => void submit(event)}>
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
                    setNewPin((current) => newPinForRole(current, firstOperatorRole(choice)));
                    clear();
                    submission.fail(undefined);
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
              <TextField
                label={t('setup.siteCode')}
                hint={t('setup.siteCodeHint')}
                error={errors.site}
                required
                code
                autoFocus={!modeChosen}
                maxLength={64}
                testId="setup-site"
                value={site}
                onChange={setSite}
              />
              <TextField
                label={t('setup.siteName')}
                error={errors.siteName}
                required
                maxLength={NAME_MAX}
                testId="setup-site-name"
                value={siteName}
                onChange={setSiteName}
              />
            </>
          )}
          <TextField
            label={t('setup.deviceLabel')}
            hint={t('setup.deviceLabelHint')}
            error={errors.deviceLabel}
            required
            maxLength={NAME_MAX}
            testId="setup-device-label"
            value={deviceLabel}
            onChange={setDeviceLabel}
          />
        </fieldset>
        <fieldset>
          <legend>{mode === 'join' ? t('setup.joinOperatorSection') : t('setup.leadSection')}</legend>
          <TextField
            label={mode === 'join' ? t('setup.operatorName') : t('setup.leadName')}
            hint={mode === 'join' ? t('setup.joinOperatorHint') : undefined}
            error={errors.leadName}
            required
            maxLength={NAME_MAX}
            autoComplete="off"
            testId="setup-lead-name"
            value={leadName}
            onChange={setLeadName}
          />
          <NewPinFields
            value={newPin}
            onChange={setNewPin}
            errors={errors}
            testIdPrefix="setup"
            allowPassphrase={firstOperatorRole(mode) === 'team-lead'}
          />
        </fieldset>
        <ErrorNotice testId="setup-error" message={submission.failure} />
        <SubmitActions
          label={mode === 'join' ? t('setup.joinSubmit') : t('setup.submit')}
          busy={submission.busy}
          testId="setup-submit"
          large
        />
      </form>
    </Frame>
  );
}

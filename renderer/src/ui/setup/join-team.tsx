/**
 * Joining a team at setup: the team lead's invitation (`AIDTEAM1:…`), pasted,
 * typed or scanned from the lead's screen with the camera. It is read here
 * with the kit's own parser, so the site it names shows before anything is
 * set up, and a damaged one is refused with a translated message.
 */
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import type { TeamInvitation } from '../../kit/api';
import { parseInvitation } from '../../../../shared/team/invitation';
import { errorText } from '../../i18n/codes';
import { ScanPanel } from '../check/scan-panel';
import { shortDevice } from '../common/format';

/** The invitation format's own bound (kit/invitation.ts). */
export const MAX_INVITATION_CHARS = 2048;

export type ParsedInvitation =
  | { readonly kind: 'empty' }
  | { readonly kind: 'ok'; readonly invitation: TeamInvitation }
  | { readonly kind: 'error'; readonly code: string };

export function readInvitation(text: string): ParsedInvitation {
  if (text.trim() === '') return { kind: 'empty' };
  const parsed = parseInvitation(text);
  return parsed.ok ? { kind: 'ok', invitation: parsed.value } : { kind: 'error', code: parsed.code };
}

export function JoinTeam({
  text,
  onChange,
  required,
}: {
  readonly text: string;
  readonly onChange: (text: string) => void;
  /** Set when the form was submitted without a usable invitation. */
  readonly required: boolean;
}) {
  const { t } = useTranslation();
  const id = useId();
  const parsed = readInvitation(text);
  const showError = parsed.kind === 'error' || (required && parsed.kind === 'empty');
  const describedBy = [`${id}-hint`, `${id}-status`].join(' ');
  return (
    <fieldset data-testid="join-team">
      <legend>{t('setup.invitationSection')}</legend>
      <div className={showError ? 'field field-invalid' : 'field'}>
        <label htmlFor={id}>{t('setup.invitation')}</label>
        <textarea
          id={id}
          className="input mono"
          dir="ltr"
          rows={4}
          required
          autoComplete="off"
          autoCapitalize="off"
          spellCheck={false}
          maxLength={MAX_INVITATION_CHARS}
          aria-describedby={describedBy}
          aria-invalid={showError ? true : undefined}
          data-testid="join-invitation"
          value={text}
          onChange={(event) => onChange(event.target.value)}
        />
        <p className="field-hint" id={`${id}-hint`}>
          {t('setup.invitationHint')}
        </p>
        <div id={`${id}-status`} data-testid="join-invitation-status" data-state={parsed.kind}>
          {parsed.kind === 'ok' && (
            <dl className="facts notice notice-ok" data-site={parsed.invitation.site}>
              <dt>{t('setup.siteName')}</dt>
              <dd>
                <bdi data-testid="join-site-name">{parsed.invitation.siteName}</bdi> (
                <span dir="ltr" data-testid="join-site">
                  {parsed.invitation.site}
                </span>
                )
              </dd>
              <dt>{t('setup.invitationLead')}</dt>
              <dd className="mono" dir="ltr" title={parsed.invitation.lead}>
                {shortDevice(parsed.invitation.lead)}
              </dd>
              {parsed.invitation.signaling && (
                <>
                  <dt>{t('setup.invitationSignaling')}</dt>
                  <dd className="mono" dir="ltr">
                    {parsed.invitation.signaling}
                  </dd>
                </>
              )}
            </dl>
          )}
          {parsed.kind === 'error' && (
            <p className="field-error" role="alert" data-code={parsed.code}>
              {errorText(parsed.code)}
            </p>
          )}
          {parsed.kind === 'empty' && required && (
            <p className="field-error" role="alert">
              {t('setup.invitationRequired')}
            </p>
          )}
        </div>
      </div>
      <ScanPanel aim={t('setup.invitationAim')} onDetected={(scanned) => onChange(scanned.slice(0, MAX_INVITATION_CHARS))} />
    </fieldset>
  );
}

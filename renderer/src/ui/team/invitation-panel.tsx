/**
 * The team invitation on the lead's device: field devices join the team with
 * it (Setup → Join a team) by scanning its QR code or pasting its text. It
 * holds the team secret (the sync room's password), so it stays hidden until
 * asked for and carries a warning.
 */
import { useCallback, useId, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { errorText } from '../../i18n/codes';
import { copyText } from '../common/copy';
import { ErrorNotice } from '../common/notice';
import { QrCanvas } from '../common/qr-canvas';
import { useQrDrawing } from '../common/qr-drawing';
import { useKit } from '../kit-context';
import { useSyncStatus } from '../sync-context';
import { isSignalingAddress, normaliseSignaling, rememberSignaling, rememberedSignaling } from '../sync/address';
import { SignalingField } from '../sync/signaling-field';

type InvitationState =
  | { readonly kind: 'hidden' }
  | { readonly kind: 'loading' }
  | { readonly kind: 'ready'; readonly text: string }
  | { readonly kind: 'error'; readonly code: string };

const QR_WIDTH = 300;

export function InvitationPanel() {
  const { t } = useTranslation();
  const kit = useKit();
  const status = useSyncStatus();
  const titleId = useId();
  const textId = useId();
  const [address, setAddress] = useState(() => rememberedSignaling() || status?.signaling || '');
  const [addressError, setAddressError] = useState<string>();
  const [state, setState] = useState<InvitationState>({ kind: 'hidden' });
  const [copied, setCopied] = useState<'copied' | 'failed'>();
  const textRef = useRef<HTMLTextAreaElement>(null);

  const load = useCallback(
    async (signaling: string) => {
      setState({ kind: 'loading' });
      setCopied(undefined);
      try {
        const result = await kit.invitation(signaling || undefined);
        setState(result.ok ? { kind: 'ready', text: result.value } : { kind: 'error', code: result.code });
      } catch {
        setState({ kind: 'error', code: 'internal' });
      }
    },
    [kit],
  );

  const text = state.kind === 'ready' ? state.text : undefined;
  // Byte mode: the invitation is base64url, which alphanumeric mode cannot carry.
  const qr = useQrDrawing(text, 'byte', QR_WIDTH);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const signaling = normaliseSignaling(address);
    if (signaling !== '' && !isSignalingAddress(signaling)) {
      setAddressError(errorText('bad-address'));
      return;
    }
    setAddressError(undefined);
    setAddress(signaling);
    if (signaling) rememberSignaling(signaling);
    void load(signaling);
  };

  const copy = async () => {
    if (text === undefined) return;
    setCopied((await copyText(text, textRef.current)) ? 'copied' : 'failed');
  };

  return (
    <section className="panel" aria-labelledby={titleId} data-testid="team-invitation" data-state={state.kind}>
      <h3 id={titleId}>{t('team.invitationTitle')}</h3>
      <p className="field-hint">{t('team.invitationIntro')}</p>
      <form className="field-row" noValidate onSubmit={submit}>
        <SignalingField
          label={t('team.signaling')}
          hint={t('team.signalingHint')}
          error={addressError}
          testId="invitation-signaling"
          value={address}
          onChange={setAddress}
        />
        <div className="actions">
          <button type="submit" className="button button-primary" data-testid="invitation-show" disabled={state.kind === 'loading'}>
            {state.kind === 'ready' ? t('team.update') : t('team.show')}
          </button>
          {state.kind === 'ready' && (
            <button type="button" className="button" data-testid="invitation-hide" onClick={() => setState({ kind: 'hidden' })}>
              {t('team.hide')}
            </button>
          )}
        </div>
      </form>
      <p className="notice notice-warn" data-testid="invitation-warning">
        {t('team.secretWarning')}
      </p>
      {state.kind === 'loading' && <p>{t('common.loading')}</p>}
      {state.kind === 'error' && <ErrorNotice testId="invitation-error" code={state.code} message={errorText(state.code)} />}
      {state.kind === 'ready' && (
        <div className="invitation">
          <QrCanvas drawing={qr} className="invitation-qr" testId="invitation-qr" label={t('team.qrLabel')} />
          <div className="invitation-text grow">
            <label htmlFor={textId}>{t('team.text')}</label>
            <textarea
              ref={textRef}
              id={textId}
              className="input mono"
              dir="ltr"
              readOnly
              rows={5}
              spellCheck={false}
              data-testid="invitation-text"
              value={state.text}
              onFocus={(event) => event.currentTarget.select()}
            />
            <div className="actions">
              <button type="button" className="button" data-testid="invitation-copy" onClick={() => void copy()}>
                {t('team.copy')}
              </button>
            </div>
            {copied && (
              <p
                className={copied === 'copied' ? 'notice notice-ok' : 'notice notice-error'}
                role="status"
                data-testid="invitation-copied"
                data-state={copied}
              >
                {copied === 'copied' ? t('team.copied') : t('team.copyFailed')}
              </p>
            )}
          </div>
        </div>
      )}
    </section>
  );
}

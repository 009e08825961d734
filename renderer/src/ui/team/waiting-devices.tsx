/**
 * Devices waiting for admission: their events reached this device but count
 * only once the team lead certifies the device (a signed `device-cert`).
 * The lead compares the key with the one on that device's Settings screen,
 * picks its role and certifies; the held events are then checked again.
 */
import { Fragment, useCallback, useEffect, useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Role } from '../../kit/kit-api';
import { codeLabel, errorText } from '../../i18n/codes';
import { DeviceName } from '../common/device-name';
import { formatDateTime, formatNumber, shortDevice } from '../common/format';
import { useKit } from '../kit-context';
import { useSyncRefreshKey } from '../sync-context';
import { waitingDevices, type WaitingDevice } from './waiting';

const ROLES: readonly Role[] = ['field-officer', 'team-lead'];

type ListState =
  | { readonly kind: 'loading' }
  | { readonly kind: 'ready'; readonly devices: readonly WaitingDevice[] }
  | { readonly kind: 'error' };

export function WaitingDevices() {
  const { t } = useTranslation();
  const kit = useKit();
  const titleId = useId();
  const synced = useSyncRefreshKey();
  const [state, setState] = useState<ListState>({ kind: 'loading' });
  const [reloads, setReloads] = useState(0);
  const [roles, setRoles] = useState<Readonly<Record<string, Role>>>({});
  const [busy, setBusy] = useState<string>();
  // Kept as codes, translated when shown (the language may change while it is on screen).
  const [notice, setNotice] = useState<{ readonly kind: 'ok' | 'error'; readonly code?: string; readonly device: string }>();
  const [manualDid, setManualDid] = useState('');
  const [manualRole, setManualRole] = useState<Role>('field-officer');
  const manualId = useId();

  useEffect(() => {
    let live = true;
    kit.reconciliation().then(
      (r) => {
        if (live) setState({ kind: 'ready', devices: waitingDevices(r.quarantine) });
      },
      () => {
        if (live) setState({ kind: 'error' });
      },
    );
    return () => {
      live = false;
    };
  }, [kit, reloads, synced]);

  const reload = useCallback(() => setReloads((n) => n + 1), []);

  const certify = async (device: string, role: Role = roles[device] ?? 'field-officer'): Promise<boolean> => {
    if (busy) return false;
    setBusy(device);
    setNotice(undefined);
    let certified = false;
    try {
      const result = await kit.certifyDevice(device, role);
      certified = result.ok;
      setNotice(result.ok ? { kind: 'ok', device } : { kind: 'error', device, code: result.code });
    } catch {
      setNotice({ kind: 'error', device, code: 'internal' });
    } finally {
      setBusy(undefined);
      reload();
    }
    return certified;
  };

  const certifyByKey = async (event: FormEvent) => {
    event.preventDefault();
    const did = manualDid.trim();
    if (!did) return;
    if (await certify(did, manualRole)) setManualDid('');
  };

  const devices = state.kind === 'ready' ? state.devices : [];
  // A certified device whose events still wait: they failed the certificate's
  // validity (events from before it), which certifying again cannot change.
  const stillWaiting = notice?.kind === 'ok' && state.kind === 'ready' ? devices.find((d) => d.device === notice.device) : undefined;
  const noticeText = (): string => {
    if (!notice) return '';
    if (notice.kind === 'error') return errorText(notice.code ?? 'internal');
    if (stillWaiting) return t('team.certifiedStillWaiting', { device: shortDevice(notice.device), n: formatNumber(stillWaiting.count) });
    return t('team.certified', { device: shortDevice(notice.device) });
  };
  return (
    <section
      className="panel"
      aria-labelledby={titleId}
      data-testid="waiting-devices"
      data-state={state.kind}
      data-count={devices.length}
    >
      <div className="screen-head">
        <h3 id={titleId}>{t('team.waitingTitle')}</h3>
        <button type="button" className="button button-small" data-testid="waiting-refresh" onClick={reload}>
          {t('common.refresh')}
        </button>
      </div>
      <p className="field-hint">{t('team.waitingIntro')}</p>
      {notice && (
        <p
          className={notice.kind === 'error' ? 'notice notice-error' : stillWaiting ? 'notice notice-warn' : 'notice notice-ok'}
          role={notice.kind === 'ok' ? 'status' : 'alert'}
          data-testid="certify-result"
          data-state={notice.kind}
          data-device={notice.device}
          data-still-waiting={stillWaiting ? stillWaiting.count : 0}
        >
          {noticeText()}
        </p>
      )}
      {state.kind === 'loading' && <p>{t('common.loading')}</p>}
      {state.kind === 'error' && (
        <div className="notice notice-error" role="alert">
          <p>{t('errors.internal')}</p>
          <button type="button" className="button" onClick={reload}>
            {t('common.retry')}
          </button>
        </div>
      )}
      {state.kind === 'ready' && devices.length === 0 && <p className="empty">{t('team.waitingNone')}</p>}
      {devices.length > 0 && (
        <div className="table-wrap">
          <table className="table">
            <thead>
              <tr>
                <th scope="col">{t('team.device')}</th>
                <th scope="col">{t('team.waitingEvents')}</th>
                <th scope="col">{t('team.sources')}</th>
                <th scope="col">{t('team.lastReceived')}</th>
                <th scope="col">{t('team.role')}</th>
                <th scope="col">
                  <span className="visually-hidden">{t('list.actions')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {devices.map((d) => (
                <tr key={d.device} data-testid={`waiting-device-${d.device}`} data-count={d.count} data-sources={d.sources.join(' ')}>
                  <th scope="row">
                    <DeviceName did={d.device} />
                  </th>
                  <td className="num">{formatNumber(d.count)}</td>
                  <td className="sources">
                    {d.sources.map((source, index) => (
                      <Fragment key={source}>
                        {index > 0 && ', '}
                        <bdi className="mono">{source}</bdi>
                      </Fragment>
                    ))}
                  </td>
                  <td className="nowrap">{formatDateTime(d.lastReceived)}</td>
                  <td>
                    <select
                      className="input"
                      aria-label={t('team.roleFor', { device: shortDevice(d.device) })}
                      data-testid={`certify-role-${d.device}`}
                      value={roles[d.device] ?? 'field-officer'}
                      onChange={(event) => setRoles((current) => ({ ...current, [d.device]: event.target.value as Role }))}
                    >
                      {ROLES.map((role) => (
                        <option key={role} value={role}>
                          {codeLabel('roles', role)}
                        </option>
                      ))}
                    </select>
                  </td>
                  <td>
                    <button
                      type="button"
                      className="button button-primary"
                      data-testid={`certify-${d.device}`}
                      disabled={busy !== undefined}
                      onClick={() => void certify(d.device)}
                    >
                      {busy === d.device ? t('common.saving') : t('team.certify')}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <form className="subpanel" noValidate onSubmit={(event) => void certifyByKey(event)} data-testid="certify-by-key">
        <h4>{t('team.byKeyTitle')}</h4>
        <p className="field-hint">{t('team.byKeyHint')}</p>
        <div className="field-row">
          <div className="field grow">
            <label htmlFor={manualId}>{t('settings.deviceKey')}</label>
            <input
              id={manualId}
              className="input mono"
              dir="ltr"
              autoComplete="off"
              spellCheck={false}
              maxLength={120}
              placeholder="did:key:z6Mk…"
              data-testid="certify-did-input"
              value={manualDid}
              onChange={(event) => setManualDid(event.target.value)}
            />
          </div>
          <div className="field">
            <label htmlFor={`${manualId}-role`}>{t('team.role')}</label>
            <select
              id={`${manualId}-role`}
              className="input"
              data-testid="certify-did-role"
              value={manualRole}
              onChange={(event) => setManualRole(event.target.value as Role)}
            >
              {ROLES.map((role) => (
                <option key={role} value={role}>
                  {codeLabel('roles', role)}
                </option>
              ))}
            </select>
          </div>
        </div>
        <div className="actions">
          <button type="submit" className="button" data-testid="certify-did-submit" disabled={busy !== undefined || manualDid.trim() === ''}>
            {t('team.certify')}
          </button>
        </div>
      </form>
    </section>
  );
}

/**
 * Live sync on the camp LAN, when this build provides it (a `SyncControl`
 * in context): the state, the team lead's signaling address with Connect /
 * Disconnect, the devices online and the progress of the events arriving.
 */
import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { SyncControl, SyncStatus } from '../../kit/sync-api';
import { errorText } from '../../i18n/codes';
import { DeviceName } from '../common/device-name';
import { Field } from '../common/field';
import { formatDateTime, formatNumber } from '../common/format';
import { isSignalingAddress, normaliseSignaling, rememberSignaling, rememberedSignaling } from './address';

export function LiveSyncPanel({ sync, status }: { readonly sync: SyncControl; readonly status: SyncStatus }) {
  const { t } = useTranslation();
  const titleId = useId();
  const [address, setAddress] = useState(() => status.signaling ?? rememberedSignaling());
  const [addressError, setAddressError] = useState<string>();
  const [failure, setFailure] = useState<string>();
  const [busy, setBusy] = useState(false);
  const connected = status.state !== 'off';

  const connect = async (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    const target = normaliseSignaling(address);
    setFailure(undefined);
    if (!isSignalingAddress(target)) {
      setAddressError(errorText('bad-address'));
      return;
    }
    setAddressError(undefined);
    setAddress(target);
    setBusy(true);
    try {
      const result = await sync.start(target);
      if (result.ok) rememberSignaling(target);
      else if (result.code === 'bad-address') setAddressError(errorText('bad-address'));
      else setFailure(errorText(result.code));
    } catch {
      setFailure(errorText('internal'));
    } finally {
      setBusy(false);
    }
  };

  const { progress } = status;
  const total = progress.verified + progress.toFetch;
  return (
    <section className="panel" aria-labelledby={titleId} data-testid="sync-live">
      <h3 id={titleId}>{t('sync.liveTitle')}</h3>
      <p className={`sync-state sync-state-${status.state}`} role="status" data-testid="sync-state" data-state={status.state}>
        <span className="sync-dot" aria-hidden="true" />
        <span>{t(`sync.states.${status.state}`)}</span>
        {status.signaling && connected && (
          <span className="mono" dir="ltr">
            {' '}
            {status.signaling}
          </span>
        )}
      </p>
      {status.state === 'error' && status.message && (
        <p className="notice notice-error" lang="en" dir="ltr" data-testid="sync-message">
          {status.message}
        </p>
      )}

      <form className="sync-connect" noValidate onSubmit={(event) => void connect(event)}>
        <Field label={t('sync.address')} hint={t('sync.addressHint')} error={addressError} required className="grow">
          {(control) => (
            <input
              {...control}
              className="input"
              dir="ltr"
              inputMode="url"
              autoComplete="off"
              spellCheck={false}
              maxLength={210}
              placeholder="ws://192.168.1.10:4444"
              data-testid="sync-signaling"
              disabled={connected}
              value={address}
              onChange={(event) => setAddress(event.target.value)}
            />
          )}
        </Field>
        <div className="actions">
          {/* Distinct keys: reusing one <button> and flipping its type to submit
              inside the click would submit the form and connect again. */}
          {connected ? (
            <button key="disconnect" type="button" className="button" data-testid="sync-disconnect" onClick={() => sync.stop()}>
              {t('sync.disconnect')}
            </button>
          ) : (
            <button key="connect" type="submit" className="button button-primary" data-testid="sync-connect" disabled={busy}>
              {busy ? t('sync.states.connecting') : t('sync.connect')}
            </button>
          )}
        </div>
      </form>
      {failure && (
        <p className="notice notice-error" role="alert" data-testid="sync-error">
          {failure}
        </p>
      )}

      <h4>{t('sync.progressTitle')}</h4>
      <div
        className="sync-progress"
        data-testid="sync-progress"
        data-to-fetch={progress.toFetch}
        data-verified={progress.verified}
        data-stored={progress.stored}
        data-quarantined={progress.quarantined}
      >
        <progress max={Math.max(1, total)} value={total === 0 ? 0 : progress.verified} aria-label={t('sync.progressLabel')} />
        <dl className="stat-row">
          {(
            [
              ['toFetch', progress.toFetch],
              ['verified', progress.verified],
              ['stored', progress.stored],
              ['quarantined', progress.quarantined],
            ] as const
          ).map(([key, value]) => (
            <div className={key === 'quarantined' && value > 0 ? 'stat stat-warn' : 'stat'} key={key}>
              <dt className="stat-label">{t(`sync.${key}`)}</dt>
              <dd className="stat-value">{formatNumber(value)}</dd>
            </div>
          ))}
        </dl>
      </div>

      <h4>{t('sync.peersTitle')}</h4>
      <div className="table-wrap">
        <table className="table" data-testid="sync-peers" data-count={status.peers.length}>
          <thead>
            <tr>
              <th scope="col">{t('sync.peerDevice')}</th>
              <th scope="col">{t('sync.peerEvents')}</th>
              <th scope="col">{t('sync.peerLastSeen')}</th>
            </tr>
          </thead>
          <tbody>
            {status.peers.length === 0 && (
              <tr>
                <td colSpan={3} className="empty">
                  {t('sync.noPeers')}
                </td>
              </tr>
            )}
            {status.peers.map((peer) => (
              <tr key={peer.device} data-testid={`sync-peer-${peer.device}`} data-events={peer.events}>
                <th scope="row">
                  <DeviceName did={peer.device} />
                </th>
                <td className="num">{formatNumber(peer.events)}</td>
                <td className="nowrap">{formatDateTime(peer.lastSeen)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

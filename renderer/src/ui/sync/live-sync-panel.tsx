/**
 * Live sync on the camp LAN, when this build provides it (a `SyncControl`
 * in context): the state, the team lead's signaling address with Connect /
 * Disconnect, the devices online and the progress of the events arriving.
 */
import { useEffect, useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { SyncControl, SyncStatus } from '../../kit/api';
import { errorText } from '../../i18n/codes';
import { DeviceName } from '../common/device-name';
import { DataTable, type Column } from '../common/data-table';
import { formatDateTime, formatNumber, isolate } from '../common/format';
import { ErrorNotice } from '../common/notice';
import { reloadToContinue, takeAfterReload } from '../common/reload';
import { useSubmission } from '../common/use-submission';
import { isSignalingAddress, normaliseSignaling, rememberSignaling, rememberedSignaling } from './address';
import { SignalingField } from './signaling-field';

type Peer = SyncStatus['peers'][number];

/** What a reload for the desktop's network policy carries over: the address being connected to. */
const RELOAD_KEY = 'sync-connect';

export function LiveSyncPanel({ sync, status }: { readonly sync: SyncControl; readonly status: SyncStatus }) {
  const { t } = useTranslation();
  const titleId = useId();
  const [address, setAddress] = useState(() => status.signaling ?? rememberedSignaling());
  const [addressError, setAddressError] = useState<string>();
  const submission = useSubmission();
  const connected = status.state !== 'off';

  const connectTo = async (target: string) => {
    submission.fail(undefined);
    if (!isSignalingAddress(target)) {
      setAddressError(errorText('bad-address'));
      return;
    }
    setAddressError(undefined);
    setAddress(target);
    await submission.run(
      () => sync.start(target),
      () => rememberSignaling(target),
      {
        refused: (code) => {
          if (code === 'bad-address') {
            setAddressError(errorText('bad-address'));
            return true;
          }
          // The desktop app allowed the address; this page connects there once reloaded, and does so at once.
          if (code === 'reload-needed') {
            rememberSignaling(target);
            return reloadToContinue(RELOAD_KEY, target);
          }
          return false;
        },
      },
    );
  };

  const connect = async (event: FormEvent) => {
    event.preventDefault();
    await connectTo(normaliseSignaling(address));
  };

  // Back from a reload for the address: finish connecting.
  useEffect(() => {
    const resumed = takeAfterReload(RELOAD_KEY);
    if (typeof resumed === 'string' && sync.status().state === 'off') void connectTo(resumed);
    // Once, when the panel first shows.
  }, []);

  const columns: readonly Column<Peer>[] = [
    { header: t('sync.peerDevice'), heads: 'row', cell: (peer) => <DeviceName did={peer.device} /> },
    { header: t('sync.peerEvents'), numeric: true, cell: (peer) => formatNumber(peer.events) },
    { header: t('sync.peerLastSeen'), className: 'nowrap', cell: (peer) => formatDateTime(peer.lastSeen) },
  ];

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
      {status.state === 'error' && status.problem === 'unreachable' && (
        <p className="notice notice-error" role="alert" data-testid="sync-unreachable">
          {t('sync.unreachable', { address: isolate(status.signaling ?? '') })}
        </p>
      )}
      {status.state === 'error' && status.problem === undefined && status.message && (
        <p className="notice notice-error" lang="en" dir="ltr" data-testid="sync-message">
          {status.message}
        </p>
      )}
      {connected && (
        <p className="field-hint" data-testid="sync-last" data-last-synced={status.lastSyncedAt ?? ''} data-left={status.progress.toFetch}>
          {status.lastSyncedAt === undefined ? t('sync.neverSynced') : t('sync.lastSynced', { time: formatDateTime(status.lastSyncedAt) })}{' '}
          {t('sync.eventsLeft', { count: status.progress.toFetch })}
        </p>
      )}

      <form className="field-row sync-connect" noValidate onSubmit={(event) => void connect(event)}>
        <SignalingField
          label={t('sync.address')}
          hint={t('sync.addressHint')}
          error={addressError}
          required
          disabled={connected}
          testId="sync-signaling"
          value={address}
          onChange={setAddress}
        />
        <div className="actions">
          {/* Distinct keys: reusing one <button> and flipping its type to submit
              inside the click would submit the form and connect again. */}
          {connected ? (
            <button key="disconnect" type="button" className="button" data-testid="sync-disconnect" onClick={() => sync.stop()}>
              {t('sync.disconnect')}
            </button>
          ) : (
            <button key="connect" type="submit" className="button button-primary" data-testid="sync-connect" disabled={submission.busy}>
              {submission.busy ? t('sync.states.connecting') : t('sync.connect')}
            </button>
          )}
        </div>
      </form>
      <ErrorNotice testId="sync-error" message={submission.failure} />

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
      <DataTable
        testId="sync-peers"
        columns={columns}
        rows={status.peers}
        rowKey={(peer) => peer.device}
        rowAttributes={(peer) => ({ 'data-testid': `sync-peer-${peer.device}`, 'data-events': peer.events })}
        empty={t('sync.noPeers')}
      />
    </section>
  );
}

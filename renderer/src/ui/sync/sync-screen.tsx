/**
 * Sync, on every device: live sync with the team over the LAN when this
 * build has it, and sync files (USB stick) always.
 */
import { useTranslation } from 'react-i18next';
import { usePeople } from '../people-context';
import { useSync, useSyncStatus } from '../sync-context';
import { LiveSyncPanel } from './live-sync-panel';
import { SyncFilePanel } from './sync-file-panel';

export function SyncScreen() {
  const { t } = useTranslation();
  const sync = useSync();
  const status = useSyncStatus();
  const people = usePeople();
  return (
    <div className="screen sync-screen" data-testid="sync-screen">
      <h2>{t('sync.title')}</h2>
      {sync && status ? (
        <LiveSyncPanel sync={sync} status={status} />
      ) : (
        <section className="panel" data-testid="sync-live">
          <h3>{t('sync.liveTitle')}</h3>
          <p className="notice" role="status" data-testid="sync-state" data-state="unavailable">
            {t('sync.unavailable')}
          </p>
        </section>
      )}
      {/* A file may bring certificates, keys and directory entries: names everywhere follow. */}
      <SyncFilePanel onImported={people.reload} />
    </div>
  );
}

/**
 * Devices waiting for admission: their events reached this device but count
 * only once the team lead certifies the device (a signed `device-cert`).
 * The lead compares the key with the one on that device's Settings screen,
 * picks its role and certifies; the held events are then checked again.
 * A laptop is admitted as a field officer's unless the lead picks otherwise:
 * a lead's laptop may void, settle, close the day and admit laptops.
 */
import { Fragment, useId, useMemo, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Role } from '../../kit/api';
import { errorText } from '../../i18n/codes';
import { DataTable, type Column } from '../common/data-table';
import { DeviceName } from '../common/device-name';
import { formatDateTime, formatNumber, isolate, shortDevice } from '../common/format';
import { QueryStatus } from '../common/query-status';
import { CodeField, CodeSelect } from '../common/code-select';
import { ROLES } from '../common/roles';
import { TextField } from '../common/text-field';
import { useKitQuery } from '../common/use-kit-query';
import { useKit } from '../kit-context';
import { usePeople } from '../people-context';
import { useSyncRefreshKey } from '../sync-context';
import { waitingDevices, type WaitingDevice } from './waiting';

export function WaitingDevices() {
  const { t } = useTranslation();
  const kit = useKit();
  const titleId = useId();
  const roleHintId = useId();
  const people = usePeople();
  const synced = useSyncRefreshKey();
  const query = useKitQuery((k) => k.reconciliation(), [], { refreshOn: [synced] });
  const [roles, setRoles] = useState<Readonly<Record<string, Role>>>({});
  const [busy, setBusy] = useState<string>();
  // Kept as codes, translated when shown (the language may change while it is on screen).
  const [notice, setNotice] = useState<{ readonly kind: 'ok' | 'error'; readonly code?: string; readonly device: string }>();
  const [manualDid, setManualDid] = useState('');
  const [manualRole, setManualRole] = useState<Role>('field-officer');

  const reconciliation = query.error ? undefined : query.data;
  const devices = useMemo(() => (reconciliation ? waitingDevices(reconciliation.quarantine) : []), [reconciliation]);

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
      query.reload();
      // The admitted laptop now has a role (and soon the site key) in the Team list.
      people.reload();
    }
    return certified;
  };

  const certifyByKey = async (event: FormEvent) => {
    event.preventDefault();
    const did = manualDid.trim();
    if (!did) return;
    if (await certify(did, manualRole)) setManualDid('');
  };

  // A certified device whose events still wait: they failed the certificate's
  // validity (events from before it), which certifying again cannot change.
  const stillWaiting = notice?.kind === 'ok' ? devices.find((d) => d.device === notice.device) : undefined;
  const noticeText = (): string => {
    if (!notice) return '';
    if (notice.kind === 'error') return errorText(notice.code ?? 'internal');
    if (stillWaiting) return t('team.certifiedStillWaiting', { device: isolate(shortDevice(notice.device)), n: formatNumber(stillWaiting.count) });
    return t('team.certified', { device: isolate(shortDevice(notice.device)) });
  };
  const columns: readonly Column<WaitingDevice>[] = [
    { header: t('team.device'), heads: 'row', cell: (d) => <DeviceName did={d.device} /> },
    { header: t('team.waitingEvents'), numeric: true, cell: (d) => formatNumber(d.count) },
    {
      header: t('team.sources'),
      className: 'sources',
      cell: (d) =>
        d.sources.map((source, index) => (
          <Fragment key={source}>
            {index > 0 && ', '}
            <bdi className="mono">{source}</bdi>
          </Fragment>
        )),
    },
    { header: t('team.lastReceived'), className: 'nowrap', cell: (d) => formatDateTime(d.lastReceived) },
    {
      header: t('team.admitAs'),
      cell: (d) => (
        <CodeSelect
          control={{ id: `${roleHintId}-${d.device}`, 'aria-describedby': roleHintId }}
          label={t('team.roleFor', { device: isolate(shortDevice(d.device)) })}
          group="roles"
          codes={ROLES}
          testId={`certify-role-${d.device}`}
          value={roles[d.device] ?? 'field-officer'}
          onChange={(role) => setRoles((current) => ({ ...current, [d.device]: role }))}
        />
      ),
    },
    {
      header: t('list.actions'),
      hiddenHeader: true,
      cell: (d) => (
        <button
          type="button"
          className="button button-primary"
          data-testid={`certify-${d.device}`}
          disabled={busy !== undefined}
          onClick={() => void certify(d.device)}
        >
          {busy === d.device ? t('common.saving') : t('team.certify')}
        </button>
      ),
    },
  ];

  return (
    <section
      className="panel"
      aria-labelledby={titleId}
      data-testid="waiting-devices"
      data-state={query.error ? 'error' : reconciliation ? 'ready' : 'loading'}
      data-count={devices.length}
    >
      <div className="screen-head">
        <h3 id={titleId}>{t('team.waitingTitle')}</h3>
        <button type="button" className="button button-small" data-testid="waiting-refresh" onClick={query.reload}>
          {t('common.refresh')}
        </button>
      </div>
      <p className="field-hint">{t('team.waitingIntro')}</p>
      <p className="field-hint" id={roleHintId} data-testid="certify-role-hint">
        {t('team.roleHint')}
      </p>
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
      <QueryStatus query={query} />
      {reconciliation && devices.length === 0 && <p className="empty">{t('team.waitingNone')}</p>}
      {devices.length > 0 && (
        <DataTable
          columns={columns}
          rows={devices}
          rowKey={(d) => d.device}
          rowAttributes={(d) => ({ 'data-testid': `waiting-device-${d.device}`, 'data-count': d.count, 'data-sources': d.sources.join(' ') })}
        />
      )}
      <form className="subpanel" noValidate onSubmit={(event) => void certifyByKey(event)} data-testid="certify-by-key">
        <h4>{t('team.byKeyTitle')}</h4>
        <p className="field-hint">{t('team.byKeyHint')}</p>
        <div className="field-row">
          <TextField
            label={t('settings.deviceKey')}
            required
            className="grow"
            inputClassName="input mono"
            code
            maxLength={120}
            placeholder="did:key:z6Mk…"
            testId="certify-did-input"
            value={manualDid}
            onChange={setManualDid}
          />
          <CodeField label={t('team.admitAs')} group="roles" codes={ROLES} value={manualRole} onChange={setManualRole} testId="certify-did-role" />
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

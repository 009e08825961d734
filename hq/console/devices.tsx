/**
 * Devices: register one (a certificate from now, from its first refused
 * record for a laptop that worked offline — ledger/service/registration.ts —
 * or from a given time), revoke one, and see every device's certificate and
 * anchoring health, and the devices whose uploads HQ refused for want of a
 * certificate.
 */
import { useState } from 'react';
import { devicesAnswerSchema, type DeviceRow, type RefusedDeviceRow } from '../../shared/ledger/admin-answers';
import { DataTable, type Column } from '../common/data-table';
import { useLoad } from '../common/use-load';
import type { AdminApi } from './admin-api';
import { Feedback, LoadedView, short, type Outcome } from './feedback';
import { health } from './health';
import { t, tableLabels } from './strings';

type Start = 'now' | 'first-event' | 'time';

export function Devices({ api }: { readonly api: AdminApi }) {
  const list = useLoad(() => api.get('/admin/devices', devicesAnswerSchema));
  const [subject, setSubject] = useState('');
  const [site, setSite] = useState('');
  const [role, setRole] = useState<'field-officer' | 'team-lead'>('team-lead');
  const [start, setStart] = useState<Start>('now');
  const [time, setTime] = useState('');
  const [registered, setRegistered] = useState<Outcome>(undefined);
  const [revokeSubject, setRevokeSubject] = useState('');
  const [reason, setReason] = useState('');
  const [revoked, setRevoked] = useState<Outcome>(undefined);

  const register = async () => {
    const validFrom = start === 'now' ? {} : { validFrom: start === 'first-event' ? 'first-event' : time };
    setRegistered(await api.post('/admin/devices', { subject: subject.trim(), site: site.trim(), role, ...validFrom }));
    list.reload();
  };
  const revoke = async () => {
    setRevoked(await api.post('/admin/revocations', { subject: revokeSubject.trim(), reason: reason.trim() }));
    list.reload();
  };

  const now = Date.now();
  const columns: Column<DeviceRow>[] = [
    { key: 'device', label: t('col.device'), value: (d) => d.device, render: (d) => <span className="mono" title={d.device}>{short(d.device)}</span> },
    { key: 'site', label: t('col.site'), value: (d) => d.site ?? '' },
    { key: 'role', label: t('col.role'), value: (d) => d.certificates.at(-1)?.role ?? '' },
    { key: 'valid', label: t('col.valid'), value: (d) => { const c = d.certificates.at(-1); return c === undefined ? '' : `${c.validFrom} → ${c.validUntil}`; } },
    { key: 'status', label: t('col.status'), value: (d) => (d.revoked !== null ? t('status.revoked', { from: d.revoked.from }) : d.certificates.length > 0 ? t('status.active') : t('status.uncertified')) },
    { key: 'batches', label: t('col.batches'), value: (d) => d.batches },
    { key: 'head', label: t('col.head'), value: (d) => d.head?.seq ?? 0 },
    { key: 'lastBatch', label: t('col.lastBatch'), value: (d) => d.lastBatchAt ?? '' },
    { key: 'health', label: t('col.health'), value: (d) => health(d, now) },
  ];
  const waiting: Column<RefusedDeviceRow>[] = [
    { key: 'device', label: t('col.device'), value: (d) => d.device, render: (d) => <span className="mono">{d.device}</span> },
    { key: 'first', label: t('col.firstRefused'), value: (d) => d.firstEventAt },
    { key: 'refusals', label: t('col.refusals'), value: (d) => d.refusals },
    { key: 'last', label: t('col.lastRefused'), value: (d) => d.lastRefusedAt },
    {
      key: 'use', label: '', value: () => '',
      render: (d) => <button type="button" onClick={() => { setSubject(d.device); setStart('first-event'); }}>{t('devices.useThis')}</button>,
    },
  ];

  return (
    <>
      <section>
        <h2>{t('devices.register')}</h2>
        <form className="panel" data-testid="register-form" onSubmit={(e) => { e.preventDefault(); void register(); }}>
          <label className="wide">{t('devices.subject')}<input data-testid="register-subject" value={subject} onChange={(e) => setSubject(e.target.value)} required /></label>
          <label>{t('devices.site')}<input data-testid="register-site" value={site} onChange={(e) => setSite(e.target.value)} required /></label>
          <label>{t('devices.role')}
            <select data-testid="register-role" value={role} onChange={(e) => setRole(e.target.value as typeof role)}>
              <option value="team-lead">{t('devices.role.team-lead')}</option>
              <option value="field-officer">{t('devices.role.field-officer')}</option>
            </select>
          </label>
          <label>{t('devices.validFrom')}
            <select data-testid="register-start" value={start} onChange={(e) => setStart(e.target.value as Start)}>
              {(['now', 'first-event', 'time'] as const).map((s) => <option key={s} value={s}>{t(`devices.validFrom.${s}`)}</option>)}
            </select>
          </label>
          {start === 'time' && <label>{t('devices.validFromTime')}<input data-testid="register-time" value={time} onChange={(e) => setTime(e.target.value)} required /></label>}
          <div className="wide"><button type="submit" data-testid="register-submit">{t('devices.submit')}</button></div>
        </form>
        <Feedback outcome={registered} testId="register-result" />
      </section>
      <section>
        <LoadedView state={list.state}>
          {({ devices, unregistered }) => (
            <>
              <DataTable testId="unregistered" caption={t('devices.unregistered')} rows={unregistered} columns={waiting} rowKey={(d) => d.device} labels={tableLabels} />
              <DataTable testId="devices" caption={t('devices.table')} rows={devices} columns={columns} rowKey={(d) => d.device} labels={tableLabels} />
            </>
          )}
        </LoadedView>
        <button type="button" onClick={list.reload} data-testid="devices-refresh">{t('refresh')}</button>
      </section>
      <section>
        <h2>{t('devices.revoke')}</h2>
        <form className="panel" data-testid="revoke-form" onSubmit={(e) => { e.preventDefault(); void revoke(); }}>
          <label className="wide">{t('devices.subject')}<input data-testid="revoke-subject" value={revokeSubject} onChange={(e) => setRevokeSubject(e.target.value)} required /></label>
          <label>{t('devices.reason')}<input data-testid="revoke-reason" value={reason} onChange={(e) => setReason(e.target.value)} required /></label>
          <div className="wide"><button type="submit" data-testid="revoke-submit">{t('devices.revokeSubmit')}</button></div>
        </form>
        <Feedback outcome={revoked} testId="revoke-result" />
      </section>
    </>
  );
}

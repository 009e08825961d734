/** What came in: sites, rounds, the latest batches and the refused uploads with their reasons. */
import {
  batchesAnswerSchema,
  rejectionsAnswerSchema,
  roundsAnswerSchema,
  sitesAnswerSchema,
  type BatchRow,
  type RejectionRow,
  type RoundRow,
  type SiteRow,
} from '../../shared/ledger/admin-answers';
import { MAX_PAGE } from '../../shared/ledger/page';
import { DataTable, type Column } from '../common/data-table';
import { useLoad } from '../common/use-load';
import type { AdminApi } from './admin-api';
import { LoadedView, short } from './feedback';
import { t, tableLabels } from './strings';

const counts = (record: Readonly<Record<string, number>>): string => Object.entries(record).map(([k, n]) => `${k}: ${n}`).join(', ');

const siteColumns: Column<SiteRow>[] = [
  { key: 'site', label: t('col.site'), value: (s) => s.site },
  { key: 'devices', label: t('col.devices'), value: (s) => s.devices },
  { key: 'batches', label: t('col.batches'), value: (s) => s.batches },
  { key: 'events', label: t('col.events'), value: (s) => s.events },
];
const roundColumns: Column<RoundRow>[] = [
  { key: 'round', label: t('col.round'), value: (r) => r.round ?? '—' },
  { key: 'events', label: t('col.events'), value: (r) => r.events },
  { key: 'bySite', label: t('col.bySite'), value: (r) => counts(r.bySite) },
  { key: 'byType', label: t('col.byType'), value: (r) => counts(r.byType) },
];
const batchColumns: Column<BatchRow>[] = [
  { key: 'received', label: t('col.received'), value: (b) => b.receivedAt },
  { key: 'device', label: t('col.device'), value: (b) => b.header.device, render: (b) => <span className="mono" title={b.header.device}>{short(b.header.device)}</span> },
  { key: 'site', label: t('col.site'), value: (b) => b.site ?? '—' },
  { key: 'seqs', label: t('col.seqs'), value: (b) => b.header.firstSeq, render: (b) => `${b.header.firstSeq}–${b.header.lastSeq}` },
  { key: 'count', label: t('col.count'), value: (b) => b.header.count },
];
const rejectionColumns: Column<RejectionRow>[] = [
  { key: 'at', label: t('col.at'), value: (r) => r.at },
  { key: 'device', label: t('col.device'), value: (r) => r.device ?? '—', render: (r) => <span className="mono" title={r.device ?? ''}>{short(r.device ?? '—')}</span> },
  { key: 'code', label: t('col.code'), value: (r) => r.code },
  { key: 'message', label: t('col.message'), value: (r) => r.message },
];

export function Activity({ api }: { readonly api: AdminApi }) {
  const sites = useLoad(() => api.get('/admin/sites', sitesAnswerSchema));
  const rounds = useLoad(() => api.get('/admin/rounds', roundsAnswerSchema));
  const batches = useLoad(() => api.get(`/admin/batches?limit=${MAX_PAGE}`, batchesAnswerSchema));
  const rejections = useLoad(() => api.get(`/admin/rejections?limit=${MAX_PAGE}`, rejectionsAnswerSchema));
  return (
    <>
      <section><LoadedView state={sites.state}>{(v) => <DataTable testId="sites" caption={t('activity.sites')} rows={v.sites} columns={siteColumns} rowKey={(s) => s.site} labels={tableLabels} />}</LoadedView></section>
      <section><LoadedView state={rounds.state}>{(v) => <DataTable testId="rounds" caption={t('activity.rounds')} rows={v.rounds} columns={roundColumns} rowKey={(r) => r.round ?? ''} labels={tableLabels} />}</LoadedView></section>
      <section><LoadedView state={batches.state}>{(v) => <DataTable testId="batches" caption={t('activity.batches')} rows={v.batches} columns={batchColumns} rowKey={(b) => b.id} labels={tableLabels} />}</LoadedView></section>
      <section><LoadedView state={rejections.state}>{(v) => <DataTable testId="rejections" caption={t('activity.rejections')} rows={v.rejections} columns={rejectionColumns} rowKey={(r) => `${r.at}|${r.batch ?? ''}|${r.code}|${r.message}`} labels={tableLabels} />}</LoadedView></section>
    </>
  );
}

/**
 * Reports (issue 15, point 4): the distribution report (per round, site,
 * day and item) and the stock report over everything HQ holds, as CSV or
 * XLSX with an HXL hashtag row, from GET /admin/reports/* (ledger/service/
 * reports-routes.ts). The file is fetched with the token in the
 * Authorization header (never in a URL: not in the request, not in a link)
 * and handed to the browser as a Blob download under the name the ledger
 * gave it. The report is asked for in the console's language (`lang`):
 * its headers, sheet name and words are, its HXL row and figures are the
 * same in every language.
 */
import { useState } from 'react';
import { roundsAnswerSchema, sitesAnswerSchema } from '../../shared/ledger/admin-answers';
import { ok, type Result } from '../../shared/result';
import { refusal, send } from '../common/http';
import { hqLanguage } from '../common/language';
import { useLoad } from '../common/use-load';
import type { AdminApi } from './admin-api';
import { t } from './strings';

const REPORTS = ['distribution', 'stock'] as const;
const FORMATS = ['csv', 'xlsx'] as const;
type Report = (typeof REPORTS)[number];
type Format = (typeof FORMATS)[number];

type State = { readonly kind: 'idle' } | { readonly kind: 'working' } | { readonly kind: 'saved'; readonly name: string } | { readonly kind: 'failed'; readonly code: string; readonly message: string };

/** The name the ledger gave the file, kept to the characters it uses (a name is no path). */
function fileName(disposition: string | null, fallback: string): string {
  const name = /filename="([A-Za-z0-9._-]{1,200})"/.exec(disposition ?? '')?.[1];
  return name === undefined || name.startsWith('.') ? fallback : name;
}

async function fetchReport(token: string, path: string, fallback: string): Promise<Result<{ blob: Blob; name: string }, string>> {
  const sent = await send(path, { headers: { authorization: `Bearer ${token}` } });
  if (!sent.ok) return sent;
  const response = sent.value;
  if (!response.ok) return refusal(response.status, await response.json().catch(() => ({})));
  return ok({ blob: await response.blob(), name: fileName(response.headers.get('content-disposition'), fallback) });
}

/** Hands the Blob to the browser's downloads, then lets it go. */
function save(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.rel = 'noopener';
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

export function Reports({ api, token }: { readonly api: AdminApi; readonly token: string }) {
  const sites = useLoad(() => api.get('/admin/sites', sitesAnswerSchema));
  const rounds = useLoad(() => api.get('/admin/rounds', roundsAnswerSchema));
  const [form, setForm] = useState<{ report: Report; format: Format; round: string; site: string; day: string }>({ report: 'distribution', format: 'xlsx', round: '', site: '', day: '' });
  const [state, setState] = useState<State>({ kind: 'idle' });

  const siteCodes = sites.state.kind === 'loaded' ? sites.state.value.sites.map((s) => s.site) : [];
  const roundIds = rounds.state.kind === 'loaded' ? rounds.state.value.rounds.flatMap((r) => (r.round === null ? [] : [r.round])) : [];
  const distribution = form.report === 'distribution';

  const download = async () => {
    const params = new URLSearchParams({ format: form.format, lang: hqLanguage });
    if (form.site !== '') params.set('site', form.site);
    if (distribution && form.round !== '') params.set('round', form.round);
    if (distribution && form.day !== '') params.set('day', form.day);
    setState({ kind: 'working' });
    const file = await fetchReport(token, `/admin/reports/${form.report}?${params.toString()}`, `aidtrail-${form.report}.${form.format}`);
    if (!file.ok) {
      setState({ kind: 'failed', code: file.code, message: file.message });
      return;
    }
    save(file.value.blob, file.value.name);
    setState({ kind: 'saved', name: file.value.name });
  };

  const choice = <K extends 'round' | 'site'>(key: K, label: Parameters<typeof t>[0], options: readonly string[], all: Parameters<typeof t>[0]) => (
    <label>{t(label)}
      <select data-testid={`report-${key}`} value={form[key]} onChange={(e) => setForm({ ...form, [key]: e.target.value })}>
        <option value="">{t(all)}</option>
        {options.map((o) => <option key={o} value={o}>{o}</option>)}
      </select>
    </label>
  );

  return (
    <section>
      <h2>{t('reports.heading')}</h2>
      <p>{t('reports.explain')}</p>
      <form className="panel" data-testid="report-form" onSubmit={(e) => { e.preventDefault(); void download(); }}>
        <label>{t('reports.report')}
          <select data-testid="report-kind" value={form.report} onChange={(e) => setForm({ ...form, report: e.target.value as Report })}>
            {REPORTS.map((r) => <option key={r} value={r}>{t(`reports.report.${r}`)}</option>)}
          </select>
        </label>
        <label>{t('reports.format')}
          <select data-testid="report-format" value={form.format} onChange={(e) => setForm({ ...form, format: e.target.value as Format })}>
            {FORMATS.map((f) => <option key={f} value={f}>{t(`reports.format.${f}`)}</option>)}
          </select>
        </label>
        {choice('site', 'reports.site', siteCodes, 'reports.allSites')}
        {distribution && choice('round', 'reports.round', roundIds, 'reports.allRounds')}
        {distribution && (
          <label>{t('reports.day')}
            <input type="date" data-testid="report-day" value={form.day} onChange={(e) => setForm({ ...form, day: e.target.value })} />
          </label>
        )}
        <p className="wide">{t(distribution ? 'reports.note.distribution' : 'reports.note.stock')}</p>
        <div className="wide">
          <button type="submit" data-testid="report-download" disabled={state.kind === 'working'}>{state.kind === 'working' ? t('reports.working') : t('reports.download')}</button>
        </div>
      </form>
      {state.kind === 'saved' && <p className="notice" data-testid="report-result" data-state="ok">{t('reports.saved', { name: state.name })}</p>}
      {state.kind === 'failed' && <p role="alert" data-testid="report-result" data-state="error" data-code={state.code}>{t('error', { code: state.code, message: state.message })}</p>}
    </section>
  );
}

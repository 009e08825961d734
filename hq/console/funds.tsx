/**
 * Money (issue 15): record a contribution received from a donor
 * organisation, allocate part of one to a site's round (the ledger refuses
 * an allocation HQ's books do not allow, with the reason), and the
 * contributions and allocations HQ has signed. Amounts are typed in minor
 * units, as the events carry them, and shown in major units too.
 */
import { useState } from 'react';
import { majorUnits } from '../../shared/funds';
import { DataTable, type Column } from '../common/data-table';
import { useLoad } from '../common/use-load';
import type { AdminApi } from './admin-api';
import { Feedback, LoadedView, short, type Outcome } from './feedback';
import { hqEvents, type HqEvent } from './hq-events';
import { codeList } from './plan-lines';
import { t, tableLabels } from './strings';

const money = (amount: number, currency: string): string => `${majorUnits(BigInt(amount), currency)} ${currency}`;

export function Funds({ api }: { readonly api: AdminApi }) {
  const contributions = useLoad(() => hqEvents('contribution'));
  const allocations = useLoad(() => hqEvents('allocation'));
  const [c, setC] = useState({ org: '', name: '', amount: '', currency: '', date: '', rounds: '', earmarks: '', reference: '' });
  const [a, setA] = useState({ contribution: '', site: '', round: '', amount: '' });
  const [recorded, setRecorded] = useState<Outcome>(undefined);
  const [allocated, setAllocated] = useState<Outcome>(undefined);

  const known = contributions.state.kind === 'loaded' ? contributions.state.value : [];
  const chosen = known.find((k) => k.id === a.contribution);

  const record = async () => {
    const body = {
      donor: { org: c.org.trim(), name: c.name.trim() },
      amount: Number(c.amount),
      currency: c.currency.trim(),
      date: c.date,
      rounds: codeList(c.rounds),
      earmarks: codeList(c.earmarks),
      ...(c.reference.trim() !== '' && { reference: c.reference.trim() }),
    };
    setRecorded(await api.post('/admin/contributions', body));
    contributions.reload();
  };
  const allocate = async () => {
    const body = { contribution: a.contribution, site: a.site.trim(), round: a.round.trim(), amount: Number(a.amount), currency: chosen?.body.currency ?? '' };
    setAllocated(await api.post('/admin/allocations', body));
    allocations.reload();
  };

  const contributionColumns: Column<HqEvent<'contribution'>>[] = [
    { key: 'donor', label: t('col.donor'), value: (k) => `${k.body.donor.name} (${k.body.donor.org})` },
    { key: 'amount', label: t('col.amount'), value: (k) => k.body.amount, render: (k) => money(k.body.amount, k.body.currency) },
    { key: 'date', label: t('col.date'), value: (k) => k.body.date },
    { key: 'rounds', label: t('col.rounds'), value: (k) => k.body.rounds.join(', ') },
    { key: 'id', label: t('col.id'), value: (k) => k.id, render: (k) => <span className="mono" title={k.id}>{short(k.id)}</span> },
  ];
  const allocationColumns: Column<HqEvent<'allocation'>>[] = [
    { key: 'contribution', label: t('col.contribution'), value: (x) => known.find((k) => k.id === x.body.contribution)?.body.donor.name ?? short(x.body.contribution) },
    { key: 'round', label: t('col.round'), value: (x) => x.body.round },
    { key: 'site', label: t('col.site'), value: (x) => x.body.site },
    { key: 'amount', label: t('col.amount'), value: (x) => x.body.amount, render: (x) => money(x.body.amount, x.body.currency) },
    { key: 'at', label: t('col.at'), value: (x) => x.at },
  ];

  const field = (key: keyof typeof c, label: Parameters<typeof t>[0], type = 'text', required = true) => (
    <label>{t(label)}<input type={type} data-testid={`contribution-${key}`} value={c[key]} onChange={(e) => setC({ ...c, [key]: e.target.value })} required={required} /></label>
  );

  return (
    <>
      <section>
        <h2>{t('funds.contribution')}</h2>
        <form className="panel" data-testid="contribution-form" onSubmit={(e) => { e.preventDefault(); void record(); }}>
          {field('org', 'funds.org')}
          {field('name', 'funds.name')}
          {field('amount', 'funds.amount', 'number')}
          {field('currency', 'funds.currency')}
          {field('date', 'funds.date', 'date')}
          {field('rounds', 'funds.rounds')}
          {field('earmarks', 'funds.earmarks', 'text', false)}
          {field('reference', 'funds.reference', 'text', false)}
          <div className="wide"><button type="submit" data-testid="contribution-submit">{t('funds.submitContribution')}</button></div>
        </form>
        <Feedback outcome={recorded} testId="contribution-result" />
      </section>
      <section>
        <h2>{t('funds.allocation')}</h2>
        <form className="panel" data-testid="allocation-form" onSubmit={(e) => { e.preventDefault(); void allocate(); }}>
          <label className="wide">{t('funds.pick')}
            <select data-testid="allocation-contribution" value={a.contribution} onChange={(e) => setA({ ...a, contribution: e.target.value })} required>
              <option value="">{t('funds.pickNone')}</option>
              {known.map((k) => <option key={k.id} value={k.id}>{`${k.body.donor.name} — ${money(k.body.amount, k.body.currency)} — ${k.body.date}`}</option>)}
            </select>
          </label>
          <label>{t('plans.site')}<input data-testid="allocation-site" value={a.site} onChange={(e) => setA({ ...a, site: e.target.value })} required /></label>
          <label>{t('plans.round')}<input data-testid="allocation-round" value={a.round} onChange={(e) => setA({ ...a, round: e.target.value })} required /></label>
          <label>{t('funds.amount')}{chosen && ` (${chosen.body.currency})`}<input type="number" data-testid="allocation-amount" value={a.amount} onChange={(e) => setA({ ...a, amount: e.target.value })} required /></label>
          <div className="wide"><button type="submit" data-testid="allocation-submit">{t('funds.submitAllocation')}</button></div>
        </form>
        <Feedback outcome={allocated} testId="allocation-result" />
      </section>
      <section>
        <LoadedView state={contributions.state}>
          {(rows) => <DataTable testId="contributions" caption={t('funds.contributions')} rows={rows} columns={contributionColumns} rowKey={(k) => k.id} labels={tableLabels} />}
        </LoadedView>
        <LoadedView state={allocations.state}>
          {(rows) => <DataTable testId="allocations" caption={t('funds.allocations')} rows={rows} columns={allocationColumns} rowKey={(x) => x.id} labels={tableLabels} />}
        </LoadedView>
      </section>
    </>
  );
}

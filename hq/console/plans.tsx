/**
 * Plans: publish one (round, site, dates, entitlement rules by household
 * size, unit costs that value in-kind handouts for donors), and the plans
 * HQ has published.
 */
import { useState } from 'react';
import { DataTable, type Column } from '../common/data-table';
import { useLoad } from '../common/use-load';
import type { AdminApi } from './admin-api';
import { Feedback, LoadedView, short, type Outcome } from './feedback';
import { hqEvents, type HqEvent } from './hq-events';
import { costLines, itemLines } from './plan-lines';
import { t, tableLabels } from './strings';

interface RuleDraft {
  readonly minSize: string;
  readonly maxSize: string;
  readonly items: string;
  readonly cashAmount: string;
  readonly cashCurrency: string;
}

const EMPTY_RULE: RuleDraft = { minSize: '1', maxSize: '100', items: '', cashAmount: '', cashCurrency: '' };

/** The rules as the plan body wants them, or the error to show. */
function rulesOf(drafts: readonly RuleDraft[]): { rules: unknown[] } | { error: string } {
  const rules: unknown[] = [];
  for (const d of drafts) {
    const items = itemLines(d.items);
    if (!items.ok) return { error: t('plans.badLine', { n: items.message, format: 'code quantity unit' }) };
    const cash = d.cashAmount.trim() === '' ? {} : { cash: { amount: Number(d.cashAmount), currency: d.cashCurrency.trim() } };
    rules.push({ minSize: Number(d.minSize), maxSize: Number(d.maxSize), items: items.value, ...cash });
  }
  return { rules };
}

export function Plans({ api }: { readonly api: AdminApi }) {
  const plans = useLoad(() => hqEvents('plan'));
  const [round, setRound] = useState('');
  const [site, setSite] = useState('');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [rules, setRules] = useState<RuleDraft[]>([EMPTY_RULE]);
  const [costs, setCosts] = useState('');
  const [outcome, setOutcome] = useState<Outcome>(undefined);

  const setRule = (i: number, change: Partial<RuleDraft>) => setRules(rules.map((r, k) => (k === i ? { ...r, ...change } : r)));

  const publish = async () => {
    const parsed = rulesOf(rules);
    if ('error' in parsed) return setOutcome({ ok: false, code: 'bad-line', message: parsed.error });
    const costList = costLines(costs);
    if (!costList.ok) return setOutcome({ ok: false, code: 'bad-line', message: t('plans.badLine', { n: costList.message, format: 'code unit amount currency' }) });
    const body = { round: round.trim(), site: site.trim(), from, to, rules: parsed.rules, ...(costList.value.length > 0 && { costs: costList.value }) };
    setOutcome(await api.post('/admin/plans', body));
    plans.reload();
  };

  const columns: Column<HqEvent<'plan'>>[] = [
    { key: 'round', label: t('col.round'), value: (p) => p.round ?? '' },
    { key: 'site', label: t('col.site'), value: (p) => p.body.site },
    { key: 'from', label: t('col.from'), value: (p) => p.body.from },
    { key: 'to', label: t('col.to'), value: (p) => p.body.to },
    { key: 'rules', label: t('col.rules'), value: (p) => p.body.rules.map((r) => `${r.minSize}–${r.maxSize}: ${r.items.map((i) => `${i.qty} ${i.unit} ${i.code}`).join(', ')}${r.cash ? ` + ${r.cash.amount} ${r.cash.currency}` : ''}`).join('; ') },
    { key: 'costs', label: t('col.costs'), value: (p) => (p.body.costs ?? []).map((c) => `${c.code}/${c.unit} ${c.amount} ${c.currency}`).join(', ') },
    { key: 'id', label: t('col.id'), value: (p) => p.id, render: (p) => <span className="mono" title={p.id}>{short(p.id)}</span> },
  ];

  return (
    <>
      <section>
        <h2>{t('plans.publish')}</h2>
        <form className="panel" data-testid="plan-form" onSubmit={(e) => { e.preventDefault(); void publish(); }}>
          <label>{t('plans.round')}<input data-testid="plan-round" value={round} onChange={(e) => setRound(e.target.value)} required /></label>
          <label>{t('plans.site')}<input data-testid="plan-site" value={site} onChange={(e) => setSite(e.target.value)} required /></label>
          <label>{t('plans.from')}<input type="date" data-testid="plan-from" value={from} onChange={(e) => setFrom(e.target.value)} required /></label>
          <label>{t('plans.to')}<input type="date" data-testid="plan-to" value={to} onChange={(e) => setTo(e.target.value)} required /></label>
          {rules.map((r, i) => (
            <fieldset className="wide" key={i} data-testid={`plan-rule-${i}`}>
              <legend>{t('plans.rule', { n: i + 1 })}</legend>
              <label>{t('plans.minSize')}<input type="number" min={1} max={100} data-testid={`plan-rule-${i}-min`} value={r.minSize} onChange={(e) => setRule(i, { minSize: e.target.value })} /></label>
              <label>{t('plans.maxSize')}<input type="number" min={1} max={100} data-testid={`plan-rule-${i}-max`} value={r.maxSize} onChange={(e) => setRule(i, { maxSize: e.target.value })} /></label>
              <label>{t('plans.items')}<textarea data-testid={`plan-rule-${i}-items`} value={r.items} onChange={(e) => setRule(i, { items: e.target.value })} /></label>
              <label>{t('plans.cashAmount')}<input inputMode="numeric" data-testid={`plan-rule-${i}-cash`} value={r.cashAmount} onChange={(e) => setRule(i, { cashAmount: e.target.value })} /></label>
              <label>{t('plans.cashCurrency')}<input data-testid={`plan-rule-${i}-currency`} value={r.cashCurrency} onChange={(e) => setRule(i, { cashCurrency: e.target.value })} /></label>
            </fieldset>
          ))}
          <div className="wide"><button type="button" onClick={() => setRules([...rules, EMPTY_RULE])}>{t('plans.addRule')}</button></div>
          <label className="wide">{t('plans.costs')}<textarea data-testid="plan-costs" value={costs} onChange={(e) => setCosts(e.target.value)} /></label>
          <div className="wide"><button type="submit" data-testid="plan-submit">{t('plans.submit')}</button></div>
        </form>
        <Feedback outcome={outcome} testId="plan-result" />
      </section>
      <section>
        <LoadedView state={plans.state}>
          {(rows) => <DataTable testId="plans" caption={t('plans.table')} rows={rows} columns={columns} rowKey={(p) => p.id} labels={tableLabels} />}
        </LoadedView>
      </section>
    </>
  );
}

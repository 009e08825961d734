/** One site round a donor's money went to: plan, people and households reached, items and cash, by day, as charts with tables. */
import { DataTable, type Column } from '../common/data-table';
import { BarChart } from './chart';
import { moneyNumber, moneyText, moniesText } from './format';
import type { DayAnswer, PotAnswer } from '../../shared/ledger/funds-answers';
import { t, tableLabels } from './strings';

type ItemRow = PotAnswer['items'][number];

const itemColumns: Column<ItemRow>[] = [
  { key: 'code', label: t('col.item'), value: (i) => i.code },
  { key: 'qty', label: t('col.qty'), value: (i) => i.qty, render: (i) => `${i.qty} ${i.unit}` },
];

const dayColumns: Column<DayAnswer>[] = [
  { key: 'day', label: t('col.day'), value: (d) => d.day },
  { key: 'households', label: t('col.households'), value: (d) => d.households },
  { key: 'handouts', label: t('col.handouts'), value: (d) => d.handouts },
  { key: 'items', label: t('col.items'), value: (d) => d.items.map((i) => `${i.qty} ${i.unit} ${i.code}`).join(', ') },
  { key: 'cash', label: t('col.cash'), value: (d) => moniesText(d.cash) },
  { key: 'value', label: t('col.value'), value: (d) => moniesText(d.value) },
];

export function PotView({ pot }: { readonly pot: PotAnswer }) {
  const where = { round: pot.round, site: pot.site };
  const currencies = [...new Set(pot.days.flatMap((d) => d.value.map((v) => v.currency)))].sort();
  const testId = `pot-${pot.round}-${pot.site}`;
  return (
    <article className="card" data-testid={testId} data-households={pot.households} data-people={pot.people} data-handouts={pot.handouts}>
      <h3>{t('pot.heading', where)}</h3>
      <p>{pot.plan === null ? t('pot.noPlan') : t('pot.plan', { plan: pot.plan })}</p>
      <p data-testid={`${testId}-reached`}>
        {t('pot.reached', { people: pot.people, households: pot.households, handouts: pot.handouts, unknown: pot.sizeUnknown > 0 ? t('pot.unknown', { n: pot.sizeUnknown }) : '' })}
      </p>
      <p data-testid={`${testId}-money`}>
        {t('pot.funded', { allocated: moniesText(pot.allocated), funded: moniesText(pot.funded), unfunded: moniesText(pot.unfunded), unspent: moniesText(pot.unspent) })}
      </p>
      <p>{t('pot.behind', { count: pot.handoutIds.count, sampled: pot.handoutIds.sample.length })}</p>
      <BarChart
        testId={`${testId}-chart-households`}
        title={t('chart.households', where)}
        columns={[t('col.day'), t('col.households')]}
        bars={pot.days.map((d) => ({ label: d.day, value: d.households, text: String(d.households) }))}
      />
      {currencies.map((currency) => (
        <BarChart
          key={currency}
          testId={`${testId}-chart-value-${currency}`}
          title={t('chart.value', { ...where, currency })}
          columns={[t('col.day'), t('col.value')]}
          bars={pot.days.map((d) => {
            const v = d.value.find((m) => m.currency === currency) ?? { currency, amount: '0' };
            return { label: d.day, value: moneyNumber(v), text: moneyText(v) };
          })}
        />
      ))}
      <DataTable testId={`${testId}-items`} caption={t('pot.items')} rows={pot.items} columns={itemColumns} rowKey={(i) => `${i.code}/${i.unit}`} labels={tableLabels} />
      <DataTable testId={`${testId}-days`} caption={t('pot.days')} rows={pot.days} columns={dayColumns} rowKey={(d) => d.day} labels={tableLabels} />
    </article>
  );
}

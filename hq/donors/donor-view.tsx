/** One donor: totals, each contribution and its allocations, then the site rounds the money went to. */
import { DataTable, type Column } from '../common/data-table';
import { moneyText, moniesText } from './format';
import type { DonorAnswer } from '../../shared/ledger/funds-answers';
import { PotView } from './pot-view';
import { t, tableLabels } from './strings';

type Contribution = DonorAnswer['donor']['contributions'][number];
type Allocation = Contribution['allocations'][number];

const allocationColumns: Column<Allocation>[] = [
  { key: 'round', label: t('col.round'), value: (a) => a.round },
  { key: 'site', label: t('col.site'), value: (a) => a.site },
  { key: 'amount', label: t('col.allocated'), value: (a) => Number(a.amount.amount), render: (a) => moneyText(a.amount) },
  { key: 'attributed', label: t('col.attributed'), value: (a) => Number(a.attributed.amount), render: (a) => moneyText(a.attributed) },
];

export function DonorView({ answer }: { readonly answer: DonorAnswer }) {
  const { donor } = answer;
  return (
    <>
      <h2 data-testid="donor-heading">{t('donor.heading', { name: donor.name, org: donor.org })}</h2>
      <p data-testid="donor-totals">
        {t('donor.totals', { contributed: moniesText(donor.contributed), allocated: moniesText(donor.allocated), attributed: moniesText(donor.attributed) })}
      </p>
      <section>
        <h2>{t('donor.contributions')}</h2>
        {donor.contributions.map((c) => (
          <article className="card" key={c.id} data-testid="contribution">
            <h3>{t('donor.contribution', { amount: moneyText(c.amount), date: c.date })}</h3>
            <dl>
              <dt>{t('col.rounds')}</dt><dd>{c.rounds.join(', ')}</dd>
              <dt>{t('col.allocated')}</dt><dd>{moneyText(c.allocated)}</dd>
              <dt>{t('col.unallocated')}</dt><dd>{moneyText(c.unallocated)}</dd>
              <dt>{t('col.attributed')}</dt><dd data-testid="contribution-attributed">{moneyText(c.attributed)}</dd>
            </dl>
            <DataTable testId={`allocations-${c.id.slice(0, 8)}`} caption={t('donor.allocations')} rows={c.allocations} columns={allocationColumns} rowKey={(a) => a.id} labels={tableLabels} />
          </article>
        ))}
      </section>
      <section>
        <h2>{t('donor.pots')}</h2>
        {answer.pots.map((pot) => <PotView key={`${pot.round}/${pot.site}`} pot={pot} />)}
      </section>
    </>
  );
}

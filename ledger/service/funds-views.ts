/**
 * What the public donor routes answer (issue 15, point 3; ./public-routes.ts),
 * in the shapes of shared/ledger/funds-answers.ts: the flow of funds
 * (shared/funds) as a donor or auditor reads it, with no personal data and
 * no household ids (principle 5), and a sample of the handout ids behind
 * every total that the caller's seed chooses.
 */
import { sampleIds, type DonorFlow, type FundsFlow, type PotFlow, type Totals } from '../../shared/funds';
import type { DonorAnswer, DonorsAnswer, Sampled } from '../../shared/ledger/funds-answers';
import type { FlowAt } from './funds';

type Public<T extends Totals> = Omit<T, 'handoutIds'> & { readonly handoutIds: Sampled };

export function donorSummaries({ size, flow }: FlowAt): DonorsAnswer {
  return {
    size,
    donors: flow.donors.map(({ org, name, contributions, contributed, allocated, attributed }) => ({
      org,
      name,
      contributions: contributions.length,
      contributed,
      allocated,
      attributed,
    })),
  };
}

function sampled<T extends Totals>(totals: T, seed: string, n: number): Public<T> {
  const { handoutIds, ...rest } = totals;
  return { ...rest, handoutIds: { count: handoutIds.length, sample: sampleIds(handoutIds, seed, n) } };
}

/** The pots a donor's allocations went to. */
function potsOf(flow: FundsFlow, donor: DonorFlow): PotFlow[] {
  const keys = new Set(donor.contributions.flatMap((c) => c.allocations.map((a) => `${a.round}\u0000${a.site}`)));
  return flow.pots.filter((p) => keys.has(`${p.round}\u0000${p.site}`));
}

export function donorAnswer({ size, flow }: FlowAt, org: string, seed: string, n: number): DonorAnswer | undefined {
  const donor = flow.donors.find((d) => d.org === org);
  if (donor === undefined) return undefined;
  return {
    size,
    donor,
    pots: potsOf(flow, donor).map((pot) => ({ ...sampled(pot, seed, n), days: pot.days.map((day) => sampled(day, seed, n)) })),
    seed,
  };
}

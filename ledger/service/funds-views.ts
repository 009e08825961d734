/**
 * What the public donor routes answer (issue 15, point 3; ./public-routes.ts):
 * the flow of funds (shared/funds) as a donor or auditor reads it, with no
 * personal data and no household ids (principle 5). Behind every total are
 * handout event ids; a pot can be behind thousands, so an answer names how
 * many and a sample the caller's seed chooses (shared/funds sampleIds), to
 * check with `/proof/inclusion?id=…&size=<size>` against the same tree.
 */
import { sampleIds, type DonorFlow, type FundsFlow, type Money, type PotFlow, type Totals } from '../../shared/funds';
import type { FlowAt } from './funds';

export interface Sampled {
  /** How many handout events are behind the total. */
  readonly count: number;
  /** Those the seed picked, to ask the log to prove. */
  readonly sample: readonly string[];
}

type Public<T extends Totals> = Omit<T, 'handoutIds'> & { readonly handoutIds: Sampled };

export interface DonorSummary {
  readonly org: string;
  readonly name: string;
  readonly contributions: number;
  readonly contributed: readonly Money[];
  readonly allocated: readonly Money[];
  readonly attributed: readonly Money[];
}

export interface DonorAnswer {
  readonly size: number;
  readonly donor: DonorFlow;
  /** The site rounds its money went to, with what was handed out there. */
  readonly pots: readonly (Omit<Public<PotFlow>, 'days'> & { readonly days: readonly Public<PotFlow['days'][number]>[] })[];
  readonly seed: string;
}

export function donorSummaries({ size, flow }: FlowAt): { size: number; donors: DonorSummary[] } {
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

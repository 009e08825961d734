/**
 * The ledger's `--witness URL=<witness key>` option (repeatable; ../main.ts):
 * each a witness the ledger asks to cosign its checkpoints (./client.ts).
 */
import { err, ok, type Result } from '../../shared/result';
import type { Ledger } from '../service/ledger';
import { parseWitnessOption, WitnessCosigning, type WitnessEndpoint } from './client';

export const WITNESS_OPTIONS: { witness: { type: 'string'; multiple: true; default: string[] } } = { witness: { type: 'string', multiple: true, default: [] } };

/** The cosigning client of the witnesses given (none: it asks nobody and serves checkpoints as they are). */
export function witnessConfig(values: { readonly witness: readonly string[] }): Result<WitnessCosigning, 'bad-witness'> {
  const endpoints: WitnessEndpoint[] = [];
  for (const text of values.witness) {
    const endpoint = parseWitnessOption(text);
    if (!endpoint.ok) return err('bad-witness', `--witness ${text}: ${endpoint.message}`);
    if (endpoints.some((e) => e.cosigner.name === endpoint.value.cosigner.name)) return err('bad-witness', `--witness ${endpoint.value.cosigner.name} is given twice`);
    endpoints.push(endpoint.value);
  }
  return ok(new WitnessCosigning(endpoints));
}

/** Starts asking, from the ledger's current checkpoint; a line for the start-up banner. */
export function startCosigning(cosigning: WitnessCosigning, ledger: Ledger): string {
  cosigning.start({ latestCheckpoint: () => ledger.store.latestCheckpoint(), consistency: (from, to) => ledger.consistency(from, to) });
  const names = cosigning.status().map((w) => `${w.name} (${w.url})`);
  return names.length === 0 ? 'none (--witness URL=KEY to ask some)' : names.join(', ');
}

import { join } from 'node:path';
import { toHex } from '../../../shared/bytes';
import { verifyBundle } from '../../../shared/ledger';
import { nodeVerifier } from '../../service/node-verifier';
import type { Command } from '../command';
import { CliError } from '../io';
import { parseJson, readText } from '../input';
import { trustFrom } from '../ledger-io';
import { BUNDLE_FILES } from './audit-bundle';

function ndjson(text: string, what: string): unknown[] {
  return text
    .split('\n')
    .map((line, i) => [line, i] as const)
    .filter(([line]) => line.trim() !== '')
    .map(([line, i]) => parseJson(line, `${what} line ${i + 1}`));
}

export const verifyBundleCommand: Command = {
  name: 'verify-bundle',
  summary: "check a donor's audit bundle offline with HQ's log key: receipts, events, and one history of checkpoints",
  usage: 'aidtrail verify-bundle DIR --log-key <name>+<id>+<key> [--origin ORIGIN]',
  options: { 'log-key': { type: 'string' }, origin: { type: 'string' } },
  required: ['log-key'],
  positionals: { min: 1, max: 1 },
  async run({ values, positionals }, io) {
    const trust = trustFrom(values);
    const dir = positionals[0]!;
    const file = (name: string) => readText(io, join(dir, name));
    const manifest = parseJson(await file(BUNDLE_FILES.manifest), BUNDLE_FILES.manifest) as { v?: unknown; origin?: unknown };
    const checkpoints = parseJson(await file(BUNDLE_FILES.checkpoints), BUNDLE_FILES.checkpoints) as { checkpoints?: unknown; consistency?: unknown };
    if (typeof checkpoints !== 'object' || checkpoints === null) throw new CliError(1, `${BUNDLE_FILES.checkpoints} is not an object`);
    const result = await verifyBundle(
      {
        v: manifest.v,
        origin: manifest.origin,
        entries: ndjson(await file(BUNDLE_FILES.events), BUNDLE_FILES.events),
        receipts: ndjson(await file(BUNDLE_FILES.receipts), BUNDLE_FILES.receipts),
        checkpoints: checkpoints.checkpoints,
        consistency: checkpoints.consistency,
      },
      { ...trust, verifier: nodeVerifier() },
    );
    if (!result.ok) {
      io.stdout(`invalid (${result.code}): ${result.message}\n`);
      return 1;
    }
    const { whole, redacted, checkpoints: n, latest } = result.value;
    io.stdout(
      `valid: ${whole + redacted} events anchored in ${trust.origin} (${whole} checked whole: signature, id and receipt; ` +
        `${redacted} by id and receipt, personal fields withheld), under ${n} checkpoints of one history up to size ${latest.size} (root ${toHex(latest.rootHash)})\n`,
    );
    return 0;
  },
};

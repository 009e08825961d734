import { z } from 'zod';
import { fromBase64, fromHex, toHex } from '../../../shared/bytes';
import { openCheckpoint, type Checkpoint } from '../../../shared/checkpoint';
import { acceptCheckpoint, type ReceiptTrust } from '../../../shared/ledger';
import { MerkleFrontier } from '../../../shared/merkle';
import type { Command } from '../command';
import { CliError, type CliIo } from '../io';
import { getJson, getText, ledgerIo, ledgerUrl, trustFrom, type LedgerIo } from '../ledger-io';
import { readJson } from '../input';

const stateSchema = z.strictObject({ v: z.literal(1), origin: z.string(), checkpoint: z.string() });
const PAGE = 1000;

interface Opened {
  readonly note: string;
  readonly checkpoint: Checkpoint;
}

function open(note: string, trust: ReceiptTrust, what: string): Opened {
  const c = openCheckpoint(note, trust.origin, trust.logKey);
  if (!c.ok) throw new CliError(1, `${what} does not verify under the log key (${c.code}): ${c.message}`);
  return { note, checkpoint: c.value };
}

async function readState(io: CliIo, path: string, trust: ReceiptTrust): Promise<Opened | undefined> {
  let value: unknown;
  try {
    value = await readJson(io, path);
  } catch (e) {
    if (e instanceof CliError && /ENOENT/.test(e.message)) return undefined;
    throw e;
  }
  const state = stateSchema.safeParse(value);
  if (!state.success || state.data.origin !== trust.origin) throw new CliError(2, `${path} is not an audit state file of ${trust.origin}`);
  return open(state.data.checkpoint, trust, `the checkpoint held in ${path}`);
}

async function consistencyProof(lio: LedgerIo, base: string, from: number, to: number): Promise<Uint8Array[]> {
  if (from === 0 || from === to) return [];
  const answer = await getJson<{ proof?: unknown }>(lio, base, `/proof/consistency?from=${from}&to=${to}`);
  const proof = z.array(z.string().regex(/^[0-9a-f]{64}$/)).max(128).safeParse(answer.proof);
  if (!proof.success) throw new CliError(1, `the ledger's consistency proof ${from}→${to} is not a list of hashes`);
  return proof.data.map(fromHex);
}

export const auditCommand: Command = {
  name: 'audit',
  summary: "check that a ledger never rewrote history: every checkpoint since the last audit, chained by consistency proofs",
  usage: 'aidtrail audit --ledger URL --log-key <name>+<id>+<key> [--origin ORIGIN] [--state FILE] [--leaves]',
  options: { ledger: { type: 'string' }, 'log-key': { type: 'string' }, origin: { type: 'string' }, state: { type: 'string' }, leaves: { type: 'boolean' } },
  required: ['ledger', 'log-key'],
  positionals: { min: 0, max: 0 },
  async run({ values }, io) {
    const trust = trustFrom(values);
    const base = ledgerUrl(values.ledger);
    const lio = ledgerIo(io);
    const statePath = values.state === undefined ? undefined : String(values.state);
    const held = statePath === undefined ? undefined : await readState(io, statePath, trust);
    const latest = open(await getText(lio, base, '/checkpoint'), trust, "the ledger's latest checkpoint");

    // Every checkpoint the ledger signed from the held size (included, so a
    // different note for that same size shows) up to the latest.
    let previous = held;
    let checked = 0;
    const step = async (next: Opened) => {
      const sizes = previous === undefined ? undefined : [previous.checkpoint.size, next.checkpoint.size].sort((a, b) => a - b);
      const proof = sizes === undefined ? [] : await consistencyProof(lio, base, sizes[0]!, sizes[1]!);
      const decision = acceptCheckpoint(previous?.checkpoint, next.checkpoint, proof);
      if (!decision.ok) {
        io.stderr(`FORK: ${decision.message}\n  held:   ${JSON.stringify(previous?.note)}\n  served: ${JSON.stringify(next.note)}\n`);
        throw new CliError(1, `the ledger at ${base} shows a history inconsistent with the checkpoint of size ${previous?.checkpoint.size}`);
      }
      checked++;
      if (decision.value.status !== 'same') previous = next;
    };
    let after = held === undefined ? 0 : Math.max(held.checkpoint.size - 1, 0);
    const pageSchema = z.array(z.strictObject({ size: z.number().int().nonnegative(), note: z.string() })).max(PAGE);
    pages: for (;;) {
      const answer = await getJson<{ checkpoints?: unknown }>(lio, base, `/checkpoints?after=${after}&limit=${PAGE}`);
      const page = pageSchema.safeParse(answer.checkpoints);
      if (!page.success) throw new CliError(1, "the ledger's list of checkpoints is malformed");
      for (const c of page.data) {
        if (c.size <= after) throw new CliError(1, 'the ledger listed checkpoints out of order');
        if (c.size > latest.checkpoint.size) break pages;
        await step(open(c.note, trust, `checkpoint ${c.size}`));
        after = c.size;
      }
      if (page.data.length < PAGE || after >= latest.checkpoint.size) break;
    }
    await step(latest);

    let rebuilt = '';
    if (values.leaves === true) {
      const frontier = MerkleFrontier.empty();
      const size = latest.checkpoint.size;
      for (let start = 0; start < size; start += PAGE) {
        const page = await getJson<{ leaves?: unknown }>(lio, base, `/leaves?start=${start}&end=${Math.min(size, start + PAGE)}`);
        const leaves = z.array(z.string().regex(/^[0-9a-f]{64}$/)).safeParse(page.leaves);
        if (!leaves.success) throw new CliError(1, `the ledger's leaves ${start}… are not hashes`);
        leaves.data.forEach((l) => frontier.append(fromHex(l)));
      }
      if (frontier.size !== size || toHex(frontier.root()) !== toHex(latest.checkpoint.rootHash)) {
        io.stderr(`FORK: the ${frontier.size} leaf hashes served give root ${toHex(frontier.root())}, the checkpoint signs ${toHex(latest.checkpoint.rootHash)}\n`);
        throw new CliError(1, 'the leaves do not give the signed root');
      }
      rebuilt = `; root rebuilt from all ${size} leaf hashes`;
    }
    if (statePath !== undefined) {
      await lio.writeFile(statePath, `${JSON.stringify({ v: 1, origin: trust.origin, checkpoint: latest.note }, null, 2)}\n`);
    }
    io.stdout(
      `consistent: ${trust.origin} ${held === undefined ? 'at' : `grew from size ${held.checkpoint.size} to`} size ${latest.checkpoint.size}, ` +
        `root ${toHex(fromBase64(latest.note.split('\n')[2]!))}; ${checked} checkpoints checked${rebuilt}\n`,
    );
    return 0;
  },
};


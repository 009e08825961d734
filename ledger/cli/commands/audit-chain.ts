/**
 * `aidtrail audit … --chain RPC --contract ADDR`: the audit (./audit.ts),
 * then every checkpoint the ledger anchored on the chain (the contract's
 * Anchored events for its origin) checked against the ledger as it is now:
 * the root the chain holds for a size must be the root of the ledger's first
 * that-many leaves, which the ledger proves with a consistency proof to its
 * latest signed checkpoint (and its signed checkpoint of that size, when it
 * lists one, must carry the same root). A ledger that rewrote, dropped or
 * forked its history after anchoring cannot give that proof; the chain
 * keeps what was anchored whatever the ledger does later. Without --chain
 * it is exactly ./audit.ts.
 */
import { z } from 'zod';
import { fromHex, toHex } from '../../../shared/bytes';
import { openCheckpoint, type Checkpoint } from '../../../shared/checkpoint';
import { verifyConsistency } from '../../../shared/merkle';
import { AnchorContract, chainClient, ChainRefusal, type AnchoredLog } from '../../chain/anchor-contract';
import { oneLine } from '../../chain/poster';
import type { Command } from '../command';
import { CliError, type CliIo } from '../io';
import { getJson, getText, ledgerIo, ledgerUrl, trustFrom, type LedgerIo } from '../ledger-io';
import { auditCommand } from './audit';

const HASHES = z.array(z.string().regex(/^[0-9a-f]{64}$/)).max(128);
const LISTED = z.array(z.strictObject({ size: z.number().int().nonnegative(), note: z.string() })).max(1);

interface Audited {
  readonly lio: LedgerIo;
  readonly base: string;
  readonly trust: ReturnType<typeof trustFrom>;
  readonly latest: Checkpoint;
}

function opened(note: string, audited: Pick<Audited, 'trust'>, what: string): Checkpoint {
  const c = openCheckpoint(note, audited.trust.origin, audited.trust.logKey);
  if (!c.ok) throw new CliError(1, `${what} does not verify under the log key (${c.code}): ${c.message}`);
  return c.value;
}

/** Why the ledger contradicts one anchored checkpoint, or undefined when it agrees. */
async function contradiction(a: AnchoredLog, audited: Audited): Promise<string | undefined> {
  const { lio, base, latest } = audited;
  const root = fromHex(a.root.slice(2));
  if (a.size > latest.size) return `the ledger's latest checkpoint has size ${latest.size}: it no longer has leaves it anchored`;
  const listed = LISTED.safeParse((await getJson<{ checkpoints?: unknown }>(lio, base, `/checkpoints?after=${a.size - 1}&limit=1`)).checkpoints);
  if (!listed.success) throw new CliError(1, "the ledger's list of checkpoints is malformed");
  const signed = listed.data[0]?.size === a.size ? opened(listed.data[0].note, audited, `checkpoint ${a.size}`) : undefined;
  if (signed !== undefined && toHex(signed.rootHash) !== toHex(root)) return `the ledger's signed checkpoint of that size has root ${toHex(signed.rootHash)}`;
  if (a.size === latest.size) return toHex(latest.rootHash) === toHex(root) ? undefined : `the ledger's latest checkpoint of that size has root ${toHex(latest.rootHash)}`;
  const answer = await getJson<{ proof?: unknown }>(lio, base, `/proof/consistency?from=${a.size}&to=${latest.size}`);
  const proof = HASHES.safeParse(answer.proof);
  if (!proof.success) return `the ledger's consistency proof ${a.size}→${latest.size} is not a list of hashes`;
  const check = verifyConsistency({ size1: a.size, size2: latest.size, root1: root, root2: latest.rootHash, proof: proof.data.map(fromHex) });
  return check.ok ? undefined : `no consistency from the anchored root to the ledger's latest checkpoint (size ${latest.size}): ${check.message}`;
}

function whole(value: unknown, name: string): number | undefined {
  if (value === undefined) return undefined;
  if (!/^(0|[1-9][0-9]{0,15})$/.test(String(value))) throw new CliError(2, `--${name} must be a whole number`);
  return Number(value);
}

/** The chain's anchors of `origin`, with every way of failing as one line. */
async function readAnchors(values: Record<string, unknown>, origin: string): Promise<{ contract: AnchorContract; anchors: AnchoredLog[] }> {
  const rpcUrl = String(values.chain);
  if (!/^https?:\/\//.test(rpcUrl) || !URL.canParse(rpcUrl)) throw new CliError(2, '--chain must be an http(s) JSON-RPC URL');
  const stated = whole(values['chain-id'], 'chain-id');
  const fromBlock = BigInt(whole(values['from-block'], 'from-block') ?? 0);
  try {
    // Without --chain-id the RPC's own is taken (and printed): the auditor then trusts the RPC to name its chain.
    const chainId = stated ?? (await chainClient({ rpcUrl, chainId: 0 }).getChainId());
    const contract = new AnchorContract({ rpcUrl, chainId, contract: String(values.contract) });
    await contract.verify();
    return { contract, anchors: await contract.anchors(origin, fromBlock) };
  } catch (e) {
    if (e instanceof ChainRefusal) throw new CliError(1, e.message);
    throw new CliError(1, `cannot read the chain at ${rpcUrl}: ${oneLine(e)}`);
  }
}

async function auditChain(values: Record<string, unknown>, io: CliIo): Promise<0> {
  const trust = trustFrom(values);
  const base = ledgerUrl(values.ledger);
  const lio = ledgerIo(io);
  const { contract, anchors } = await readAnchors(values, trust.origin);
  const where = `chain ${contract.endpoint.chainId}, contract ${contract.address}`;
  const latest = opened(await getText(lio, base, '/checkpoint'), { trust }, "the ledger's latest checkpoint");
  const audited: Audited = { lio, base, trust, latest };
  let mismatches = 0;
  for (const a of anchors) {
    const why = await contradiction(a, audited);
    if (why === undefined) continue;
    mismatches++;
    io.stderr(`MISMATCH: anchored size ${a.size} root ${a.root.slice(2)} (tx ${a.tx}, block ${a.block}, ${new Date(a.time * 1000).toISOString()}): ${why}\n`);
  }
  if (mismatches > 0) throw new CliError(1, `the ledger at ${base} contradicts ${mismatches} of the ${anchors.length} checkpoints anchored on ${where}`);
  const last = anchors.at(-1);
  io.stdout(
    last === undefined
      ? `anchored: nothing of ${trust.origin} is anchored on ${where}\n`
      : `anchored: all ${anchors.length} checkpoints of ${trust.origin} anchored on ${where} agree with the ledger; ` +
          `the last: size ${last.size} at ${new Date(last.time * 1000).toISOString()}, tx ${last.tx}\n`,
  );
  return 0;
}

const USAGE = `${auditCommand.usage} [--chain RPC-URL --contract ADDR [--chain-id N] [--from-block N]]`;

export const auditChainCommand: Command = {
  ...auditCommand,
  summary: `${auditCommand.summary}; with --chain, also against every checkpoint anchored on an EVM chain`,
  usage: USAGE,
  options: { ...auditCommand.options, chain: { type: 'string' }, contract: { type: 'string' }, 'chain-id': { type: 'string' }, 'from-block': { type: 'string' } },
  async run(args, io) {
    const { values } = args;
    const chainOnly = ['contract', 'chain-id', 'from-block'].filter((name) => values[name] !== undefined);
    if (values.chain === undefined) {
      if (chainOnly.length > 0) throw new CliError(2, `--${chainOnly[0]} needs --chain RPC-URL\nusage: ${USAGE}`);
      return auditCommand.run(args, io);
    }
    if (values.contract === undefined) throw new CliError(2, `--chain needs --contract ADDR\nusage: ${USAGE}`);
    // The ledger's own history first: a fork there fails before the chain is asked.
    await auditCommand.run(args, io);
    return auditChain(values, io);
  },
};

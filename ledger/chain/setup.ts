/**
 * `npx tsx ledger/chain/setup.ts --rpc URL --chain-id N --owner-key FILE
 * [--contract ADDR] --origin ORIGIN --poster ADDR`: what the
 * contract's owner does once: deploys CheckpointAnchor (unless --contract
 * names one already deployed) and names the poster of a log. Prints the
 * contract's address and deployment block, the values the ledger's
 * --chain-contract and --chain-from-block take.
 */
import { parseArgs } from 'node:util';
import { isAddress } from 'viem';
import { oneLine } from './poster';
import { readChainKey } from './chain-key';
import { deployAnchor, setPoster } from './deploy';

export async function setup(argv: readonly string[]): Promise<string> {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      rpc: { type: 'string' },
      'chain-id': { type: 'string' },
      'owner-key': { type: 'string' },
      contract: { type: 'string' },
      origin: { type: 'string' },
      poster: { type: 'string' },
    },
    strict: true,
  });
  const { rpc, 'owner-key': ownerKey, origin, poster } = values;
  if (rpc === undefined || values['chain-id'] === undefined || ownerKey === undefined || origin === undefined || poster === undefined) {
    throw new Error('needs --rpc URL --chain-id N --owner-key FILE --origin ORIGIN --poster ADDR [--contract ADDR]');
  }
  if (!/^[1-9][0-9]{0,15}$/.test(values['chain-id'])) throw new Error('--chain-id must be a whole number above 0');
  if (!isAddress(poster, { strict: false })) throw new Error('--poster must be an address (the one the ledger prints after "poster")');
  const endpoint = { rpcUrl: rpc, chainId: Number(values['chain-id']) };
  const owner = await readChainKey(ownerKey);
  const deployed = values.contract === undefined ? await deployAnchor(endpoint, owner) : undefined;
  const contract = deployed?.address ?? values.contract!;
  const tx = await setPoster({ ...endpoint, contract }, owner, origin, poster);
  return [
    ...(deployed === undefined ? [] : [`deployed CheckpointAnchor at ${deployed.address} in block ${deployed.block} (owner ${owner.address})`]),
    `${poster} now anchors ${origin} (tx ${tx})`,
    `ledger options: --chain-rpc ${rpc} --chain-id ${endpoint.chainId} --chain-contract ${contract}${deployed === undefined ? '' : ` --chain-from-block ${deployed.block}`} --chain-key POSTER-KEY-FILE`,
    '',
  ].join('\n');
}

if (process.argv[1] === import.meta.filename) {
  setup(process.argv.slice(2)).then(
    (text) => process.stdout.write(text),
    (e: unknown) => {
      process.stderr.write(`chain setup: ${oneLine(e)}\n`);
      process.exit(1);
    },
  );
}

/**
 * Deploying CheckpointAnchor and naming a log's poster: what the contract's
 * owner does once per chain and once per log (the tests' set-up, and
 * `aidtrail chain-setup` for an operator). The deployed code is the
 * committed artifact's, the one AnchorContract.verify accepts.
 */
import { createWalletClient, getAddress, type Address, type Hex } from 'viem';
import type { PrivateKeyAccount } from 'viem/accounts';
import { ANCHOR_ABI, AnchorContract, anchorTransport, chainClient, defineAnchorChain, type ChainEndpoint, type RpcEndpoint } from './anchor-contract';
import { CHECKPOINT_ANCHOR } from './checkpoint-anchor.artifact';

const wallet = (endpoint: RpcEndpoint, owner: PrivateKeyAccount) =>
  createWalletClient({ account: owner, chain: defineAnchorChain(endpoint), transport: anchorTransport(endpoint) });

/** Deploys a new contract owned by `owner`; resolves with its address and block once mined. */
export async function deployAnchor(endpoint: RpcEndpoint, owner: PrivateKeyAccount): Promise<{ address: Address; block: bigint }> {
  const tx = await wallet(endpoint, owner).deployContract({ abi: ANCHOR_ABI, bytecode: CHECKPOINT_ANCHOR.bytecode });
  const receipt = await chainClient(endpoint).waitForTransactionReceipt({ hash: tx });
  if (receipt.status !== 'success' || receipt.contractAddress == null) throw new Error(`the deployment ${tx} failed`);
  return { address: getAddress(receipt.contractAddress), block: receipt.blockNumber };
}

/** Names `poster` the one address that may anchor `origin`; only the owner may. Resolves with the mined transaction. */
export async function setPoster(endpoint: ChainEndpoint, owner: PrivateKeyAccount, origin: string, poster: string): Promise<Hex> {
  const contract = new AnchorContract(endpoint);
  await contract.verify();
  const { request } = await contract.client.simulateContract({ account: owner, address: contract.address, abi: ANCHOR_ABI, functionName: 'setPoster', args: [origin, getAddress(poster)] });
  const tx = await wallet(endpoint, owner).writeContract(request);
  const receipt = await contract.client.waitForTransactionReceipt({ hash: tx });
  if (receipt.status !== 'success') throw new Error(`setPoster ${tx} reverted`);
  return tx;
}

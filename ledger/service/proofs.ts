/**
 * Proofs over a LedgerStore. shared/merkle computes roots and proofs from a
 * synchronous MerkleNodeSource; the stores are asynchronous (PostgreSQL),
 * so a proof is computed twice: once against a source that only records
 * which nodes it asks for (the walk depends on sizes and indices only,
 * never on hash values), then, after one store read of exactly those nodes,
 * against a source backed by them. A proof costs O(log n) node reads, in one
 * query; a batch's 1000 receipts share most of their nodes and one query.
 */
import { makeReceipt, type Receipt } from '../../shared/ledger';
import { emptyRoot, inclusionProof, type MerkleNodeSource } from '../../shared/merkle';
import type { LedgerStore, NodeCoord, StoredBatch } from '../store/store';

const PLACEHOLDER = emptyRoot();
const keyOf = (level: number, index: number) => `${level}/${index}`;

export async function withStoredNodes<T>(store: LedgerStore, size: number, compute: (source: MerkleNodeSource) => T): Promise<T> {
  const wanted = new Map<string, NodeCoord>();
  compute({
    size,
    node(level, index) {
      wanted.set(keyOf(level, index), { level, index });
      return PLACEHOLDER;
    },
  });
  const coords = [...wanted.values()];
  const hashes = await store.nodes(coords);
  const found = new Map(coords.map((c, i) => [keyOf(c.level, c.index), hashes[i]!]));
  return compute({
    size,
    node(level, index) {
      const hash = found.get(keyOf(level, index));
      if (hash === undefined) throw new Error(`node ${keyOf(level, index)} was not asked for in the recording pass`);
      return hash;
    },
  });
}

export interface BatchReceipts {
  readonly batch: string;
  readonly treeSize: number;
  readonly receipts: readonly Receipt[];
}

/**
 * A stored batch's receipts: an inclusion proof per event at the batch's
 * tree size, with the checkpoint signed for that size. They depend only on
 * stored data and deterministic signatures, so a re-send gets byte-identical
 * receipts.
 */
export async function batchReceipts(store: LedgerStore, batch: StoredBatch): Promise<BatchReceipts> {
  const { firstLeaf, treeSize } = batch;
  const count = batch.header.count;
  const [ids, note] = await Promise.all([store.eventIds(firstLeaf, firstLeaf + count), store.checkpoint(treeSize)]);
  if (note === undefined || ids.length !== count) throw new Error(`batch ${batch.id} is incomplete in the store`);
  const proofs = await withStoredNodes(store, treeSize, (source) =>
    ids.map((_, i) => {
      const proof = inclusionProof(source, firstLeaf + i, treeSize);
      if (!proof.ok) throw new Error(proof.message);
      return proof.value;
    }),
  );
  return {
    batch: batch.id,
    treeSize,
    receipts: ids.map((id, i) => makeReceipt(id, firstLeaf + i, treeSize, proofs[i]!, note)),
  };
}

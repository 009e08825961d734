/**
 * Proofs over a LedgerStore. shared/merkle computes roots and proofs from a
 * synchronous MerkleNodeSource; the stores are asynchronous (PostgreSQL),
 * so a proof is computed twice: once against a source that only records
 * which nodes it asks for (the walk depends on sizes and indices only,
 * never on hash values), then, after one store read of exactly those nodes,
 * against a source backed by them. A proof costs O(log n) node reads, in one
 * query; a batch's 1000 receipts share most of their nodes and one query.
 */
import { emptyRoot, type MerkleNodeSource } from '../../shared/merkle';
import type { LedgerStore, NodeCoord } from '../store/store';

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

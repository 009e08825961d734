export { emptyRoot, hashLeaf, hashNode, HASH_SIZE, isHash } from './hash';
export { merkleTreeHash } from './tree-hash';
export { MerkleFrontier, type FrontierErrorCode, type FrontierJson } from './frontier';
export { rootAt, type MerkleNodeSource } from './node-source';
export { MemoryMerkleTree } from './memory-tree';
export {
  inclusionProof,
  verifyInclusion,
  type InclusionClaim,
  type InclusionProofErrorCode,
  type InclusionVerifyErrorCode,
} from './inclusion';
export {
  consistencyProof,
  verifyConsistency,
  type ConsistencyClaim,
  type ConsistencyProofErrorCode,
  type ConsistencyVerifyErrorCode,
} from './consistency';

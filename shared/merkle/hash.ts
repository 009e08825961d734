/**
 * RFC 9162 §2.1.1 hashing with SHA-256. The 0x00 / 0x01 prefixes separate
 * leaves from interior nodes, so a leaf can never be passed off as a node
 * (second-preimage protection, RFC 9162 §2.1.1). In Aidtrail the leaf data is
 * the 32 raw bytes of an event id (DESIGN.md "Wire formats").
 */
import { concatBytes } from '../bytes';
import { sha256 } from '../crypto/sha256';

/** Every hash in the tree, proof and checkpoint is one SHA-256 output. */
export const HASH_SIZE = 32;

const LEAF_PREFIX = Uint8Array.of(0x00);
const NODE_PREFIX = Uint8Array.of(0x01);

/** MTH({}) = SHA-256(""): the root of a tree with no leaves. */
export const emptyRoot = (): Uint8Array => sha256(new Uint8Array(0));

/** MTH({d}) = SHA-256(0x00 ‖ d). */
export const hashLeaf = (data: Uint8Array): Uint8Array => sha256(concatBytes(LEAF_PREFIX, data));

/** SHA-256(0x01 ‖ left ‖ right), the interior node of RFC 9162 §2.1.1. */
export const hashNode = (left: Uint8Array, right: Uint8Array): Uint8Array =>
  sha256(concatBytes(NODE_PREFIX, left, right));

/** True for a byte string of exactly one hash length. */
export const isHash = (value: unknown): value is Uint8Array =>
  value instanceof Uint8Array && value.length === HASH_SIZE;

/**
 * Why `value` is not a hash, phrased for an error message, or undefined when
 * it is one. Verifiers use it to refuse truncated or padded input with a
 * reason instead of hashing it.
 */
export function hashProblem(what: string, value: unknown): string | undefined {
  if (isHash(value)) return undefined;
  const got = value instanceof Uint8Array ? `${value.length} bytes` : 'not a byte string';
  return `${what} must be ${HASH_SIZE} bytes, got ${got}`;
}

/** hashProblem for every element of a proof, naming the first bad one. */
export function proofHashProblem(proof: readonly Uint8Array[]): string | undefined {
  const at = proof.findIndex((element) => !isHash(element));
  return at === -1 ? undefined : hashProblem(`proof[${at}]`, proof[at]);
}

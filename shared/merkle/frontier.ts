/**
 * The incremental frontier (a "compact range" over [0, size)): the roots of
 * the maximal complete subtrees that tile the leaves, largest first, one per
 * set bit of the size. That is all RFC 9162 §2.1.1 needs to extend the tree,
 * so appending costs O(1) amortised hashes, the root is O(log n) hashes away,
 * and the state is at most 53 hashes however long the log grows. HQ persists
 * it between appends; a device resumes a running batch root from it.
 */
import { fromHex, toHex } from '../bytes';
import { err, ok, type Result } from '../result';
import { emptyRoot, hashNode, isHash } from './hash';
import { isTreeSize, lsb, popcount, shiftRight } from './tree-size';

/** The persisted form: the leaf count and the frontier hashes, largest subtree first, lowercase hex. */
export interface FrontierJson {
  readonly size: number;
  readonly hashes: readonly string[];
}

export type FrontierErrorCode = 'not-an-object' | 'unexpected-field' | 'bad-size' | 'bad-hashes';

const HEX_HASH = /^[0-9a-f]{64}$/;

export class MerkleFrontier {
  #size: number;
  /** Roots of the complete subtrees, left to right; peaks.length === popcount(size). */
  readonly #peaks: Uint8Array[];

  private constructor(size: number, peaks: Uint8Array[]) {
    this.#size = size;
    this.#peaks = peaks;
  }

  static empty(): MerkleFrontier {
    return new MerkleFrontier(0, []);
  }

  /**
   * Rebuilds a frontier from its persisted form, refusing anything that is
   * not exactly a FrontierJson with one well-formed hash per set bit of the
   * size. The hashes themselves cannot be checked here: compare root() with a
   * trusted checkpoint before relying on a frontier read from storage.
   */
  static fromJSON(value: unknown): Result<MerkleFrontier, FrontierErrorCode> {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      return err('not-an-object', 'a frontier must be an object { size, hashes }');
    }
    const extra = Object.keys(value).find((key) => key !== 'size' && key !== 'hashes');
    if (extra !== undefined) return err('unexpected-field', `unexpected field "${extra}" in a frontier`);
    const { size, hashes } = value as Record<string, unknown>;
    if (!isTreeSize(size)) {
      return err('bad-size', `frontier size must be a non-negative safe integer, got ${JSON.stringify(size)}`);
    }
    if (!Array.isArray(hashes)) return err('bad-hashes', 'frontier hashes must be an array of hex strings');
    const expected = popcount(size);
    if (hashes.length !== expected) {
      return err('bad-hashes', `a frontier of size ${size} has ${expected} hashes, got ${hashes.length}`);
    }
    const bad = hashes.findIndex((h) => typeof h !== 'string' || !HEX_HASH.test(h));
    if (bad !== -1) return err('bad-hashes', `frontier hashes[${bad}] is not 64 lowercase hex digits`);
    return ok(new MerkleFrontier(size, (hashes as string[]).map(fromHex)));
  }

  /** Number of leaves appended so far. */
  get size(): number {
    return this.#size;
  }

  /**
   * Appends one leaf hash. Each trailing set bit of the old size is a
   * complete subtree of the same width as the new one, so the two merge into
   * a parent (RFC 9162 §2.1.1 node hash), like a carry in binary addition.
   * Throws RangeError on a non-32-byte hash, which is a bug in the caller.
   */
  append(leafHash: Uint8Array): void {
    if (!isHash(leafHash)) throw new RangeError('a leaf hash must be 32 bytes');
    let node: Uint8Array = leafHash.slice();
    for (let s = this.#size; lsb(s); s = shiftRight(s)) {
      // popcount(size) peaks exist and s has a set bit here, so pop() has one to give.
      node = hashNode(this.#peaks.pop()!, node);
    }
    this.#peaks.push(node);
    this.#size += 1;
  }

  /**
   * MTH over the leaves so far. RFC 9162 §2.1.1 splits n leaves at the
   * largest power of two below n, which is exactly the leftmost peak, and
   * recurses on the right; so the root folds the peaks from the right.
   */
  root(): Uint8Array {
    const last = this.#peaks.at(-1);
    if (last === undefined) return emptyRoot();
    return this.#peaks.slice(0, -1).reduceRight((acc, peak) => hashNode(peak, acc), last.slice());
  }

  toJSON(): FrontierJson {
    return { size: this.#size, hashes: this.#peaks.map(toHex) };
  }
}

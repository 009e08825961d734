/**
 * RFC 6962 / RFC 9162 Merkle conformance against transparency-dev/merkle's
 * published probes (test/vectors/README.md section 3). Each probe file is one
 * verifier call; `wantErr: true` means the call must fail.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fromBase64, fromHex, toHex, utf8 } from '../../shared/bytes';
import {
  emptyRoot,
  hashLeaf,
  hashNode,
  MemoryMerkleTree,
  MerkleFrontier,
  merkleTreeHash,
  verifyConsistency,
  verifyInclusion,
} from '../../shared/merkle';

const MERKLE = join(import.meta.dirname, '..', 'vectors', 'transparency-dev-merkle');
const TESTDATA = join(MERKLE, 'testdata');

/** Every .json file below `dir`. readdir, not a glob: names such as `modified-proof[0]-bit-@3.json` hold glob syntax. */
function jsonFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.json'))
    .map((entry) => join(entry.parentPath, entry.name))
    .sort();
}

const readJson = (path: string): unknown => JSON.parse(readFileSync(path, 'utf8'));
/** Standard base64 with padding; `""` is the empty byte string. */
const b64 = (text: string): Uint8Array => fromBase64(text);
/** `proof: null` is an empty proof. */
const proofOf = (proof: string[] | null): Uint8Array[] => (proof ?? []).map(b64);

interface InclusionProbe {
  leafIdx: number;
  treeSize: number;
  root: string;
  leafHash: string;
  proof: string[] | null;
  desc: string;
  wantErr: boolean;
}

interface ConsistencyProbe {
  size1: number;
  size2: number;
  root1: string;
  root2: string;
  proof: string[] | null;
  desc: string;
  wantErr: boolean;
}

interface TreeConstants {
  hasherVectors: {
    desc: string;
    operation: 'emptyRoot' | 'hashLeaf' | 'hashChildren';
    inputHex?: string;
    leftHex?: string;
    rightHex?: string;
    want: string;
  }[];
  leafInputs: string[];
  nodeHashes: string[][];
  rootHashes: { treeSize: number; root: string }[];
}

/**
 * Runs every probe of one kind through its verifier: a wrong verdict is
 * listed with the verifier's answer, and the count is printed.
 */
function expectVerdicts<P extends { wantErr: boolean }>(
  kind: 'inclusion' | 'consistency',
  verify: (probe: P) => { ok: true } | { ok: false; code: string },
): void {
  const files = jsonFiles(join(TESTDATA, kind));
  const failures: string[] = [];
  for (const file of files) {
    const probe = readJson(file) as P;
    const result = verify(probe);
    if (result.ok === probe.wantErr) failures.push(`${file}: ${result.ok ? 'accepted' : result.code}`);
  }
  const passed = files.length - failures.length;
  console.log(`merkle ${kind}: ${passed}/${files.length}`);
  expect(failures).toEqual([]);
  expect(passed).toBe(files.length);
  expect(files.length).toBe(98);
}

describe('RFC 9162 Merkle conformance (transparency-dev/merkle)', () => {
  it('gives the expected verdict on every inclusion probe', () => {
    expectVerdicts<InclusionProbe>('inclusion', (probe) =>
      verifyInclusion({
        index: probe.leafIdx,
        size: probe.treeSize,
        leafHash: b64(probe.leafHash),
        proof: proofOf(probe.proof),
        root: b64(probe.root),
      }),
    );
  });

  it('gives the expected verdict on every consistency probe', () => {
    expectVerdicts<ConsistencyProbe>('consistency', (probe) =>
      verifyConsistency({
        size1: probe.size1,
        size2: probe.size2,
        root1: b64(probe.root1),
        root2: b64(probe.root2),
        proof: proofOf(probe.proof),
      }),
    );
  });

  it('accepts the equal-size placeholder-root probe that a length-first verifier would reject', () => {
    const probe = readJson(
      join(TESTDATA, 'consistency', 'additional', 'sizes-are-equal-one-and-proof-is-empty.json'),
    ) as ConsistencyProbe;
    expect(b64(probe.root1)).toHaveLength(12);
    expect(probe.wantErr).toBe(false);
    expect(
      verifyConsistency({ size1: 1, size2: 1, root1: b64(probe.root1), root2: b64(probe.root2), proof: [] }).ok,
    ).toBe(true);
  });

  const constants = readJson(join(MERKLE, 'rfc6962-tree-constants.json')) as TreeConstants;
  const leafHashes = constants.leafInputs.map((input) => hashLeaf(fromHex(input)));

  it('reproduces the RFC 6962 hasher vectors', () => {
    for (const vector of constants.hasherVectors) {
      const got =
        vector.operation === 'emptyRoot'
          ? emptyRoot()
          : vector.operation === 'hashLeaf'
            ? hashLeaf(fromHex(vector.inputHex ?? ''))
            : hashNode(fromHex(vector.leftHex ?? ''), fromHex(vector.rightHex ?? ''));
      expect(toHex(got), vector.desc).toBe(vector.want);
    }
    expect(constants.hasherVectors).toHaveLength(4);
    // The leaf vector also holds as UTF-8 text, the way the Go test feeds it.
    expect(toHex(hashLeaf(utf8('L123456')))).toBe(constants.hasherVectors[2]?.want);
  });

  it('stores exactly the published node hashes', () => {
    const tree = new MemoryMerkleTree();
    for (const hash of leafHashes) tree.append(hash);
    constants.nodeHashes.forEach((row, level) => {
      row.forEach((want, index) => expect(toHex(tree.node(level, index)), `(${level}, ${index})`).toBe(want));
    });
    expect(constants.nodeHashes.flat()).toHaveLength(15);
  });

  it('builds rootHashes[n] from the first n leaves with MTH, the frontier and MemoryMerkleTree', () => {
    const frontier = MerkleFrontier.empty();
    const tree = new MemoryMerkleTree();
    let passed = 0;
    for (const { treeSize, root } of constants.rootHashes) {
      while (frontier.size < treeSize) {
        frontier.append(leafHashes[frontier.size]!);
        tree.append(leafHashes[tree.size]!);
      }
      const mth = toHex(merkleTreeHash(leafHashes.slice(0, treeSize)));
      expect(mth, `MTH of ${treeSize}`).toBe(root);
      expect(toHex(frontier.root()), `frontier of ${treeSize}`).toBe(root);
      expect(toHex(tree.root()), `tree of ${treeSize}`).toBe(root);
      if (mth === root && toHex(frontier.root()) === root && toHex(tree.root()) === root) passed++;
    }
    // Past roots come from the finished tree too.
    for (const { treeSize, root } of constants.rootHashes) {
      const past = tree.rootAt(treeSize);
      expect(past.ok && toHex(past.value), `rootAt(${treeSize})`).toBe(root);
    }
    console.log(`rfc6962 tree constants: ${passed}/${constants.rootHashes.length}`);
    expect(passed).toBe(constants.rootHashes.length);
    expect(constants.rootHashes.map((r) => r.treeSize)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8]);
  });

  it('generates the same proofs as the happy-path probes, from a tree of the 8 leafInputs', () => {
    const tree = new MemoryMerkleTree();
    for (const hash of leafHashes) tree.append(hash);
    const happy = (kind: string) =>
      jsonFiles(join(TESTDATA, kind)).filter((f) => f.endsWith('happy-path.json') && !f.includes('additional'));

    const inclusion = happy('inclusion');
    for (const file of inclusion) {
      const probe = readJson(file) as InclusionProbe;
      const proof = tree.inclusionProof(probe.leafIdx, probe.treeSize);
      expect(proof.ok && proof.value.map(toHex), file).toEqual(proofOf(probe.proof).map(toHex));
      const root = tree.rootAt(probe.treeSize);
      expect(root.ok && toHex(root.value), file).toBe(toHex(b64(probe.root)));
    }
    const consistency = happy('consistency');
    for (const file of consistency) {
      const probe = readJson(file) as ConsistencyProbe;
      const proof = tree.consistencyProof(probe.size1, probe.size2);
      expect(proof.ok && proof.value.map(toHex), file).toEqual(proofOf(probe.proof).map(toHex));
    }
    expect([inclusion.length, consistency.length]).toEqual([5, 5]);
  });
});

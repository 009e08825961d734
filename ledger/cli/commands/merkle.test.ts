import { describe, expect, it } from 'vitest';
import { fromHex, toHex } from '../../../shared/bytes';
import { hashLeaf, MemoryMerkleTree } from '../../../shared/merkle';
import { sha256 } from '../../../shared/crypto/sha256';
import { main } from '../main';
import { memoryIo } from '../memory-io';

// RFC 6962 test tree (transparency-dev/merkle testonly/constants.go), as in test/vectors.
const LEAF_INPUTS = ['', '00', '10', '2021', '3031', '40414243', '5051525354555657', '606162636465666768696a6b6c6d6e6f'];
const ROOT_8 = '5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328';

async function run(args: string[], files: Record<string, string> = {}) {
  const io = memoryIo(files);
  const code = await main(args, io);
  return { code, out: io.out, err: io.err };
}

const leafHashes = LEAF_INPUTS.map((h) => hashLeaf(fromHex(h)));

describe('aidtrail merkle-root', () => {
  it('gives the RFC 6962 root of the test tree', async () => {
    const r = await run(['merkle-root', 'leaves.txt'], { 'leaves.txt': leafHashes.map(toHex).join('\n') + '\n' });
    expect(r).toMatchObject({ code: 0, out: `${ROOT_8}\n` });
  });

  it('hashes event ids as leaves with --ids', async () => {
    const ids = [sha256(new Uint8Array([1])), sha256(new Uint8Array([2]))];
    const tree = new MemoryMerkleTree();
    ids.forEach((id) => tree.append(hashLeaf(id)));
    const r = await run(['merkle-root', '--ids', 'ids.txt'], { 'ids.txt': ids.map(toHex).join('\n') });
    expect(r.out).toBe(`${toHex(tree.root())}\n`);
  });

  it('gives the empty-tree root for an empty file', async () => {
    const r = await run(['merkle-root', 'empty.txt'], { 'empty.txt': '' });
    expect(r.out).toBe(`${toHex(sha256(new Uint8Array()))}\n`);
  });

  it('names the line that is not a hash', async () => {
    const text = `${toHex(leafHashes[0]!)}\n\n${toHex(leafHashes[1]!)}\n`;
    const r = await run(['merkle-root', 'l.txt'], { 'l.txt': text });
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/line 2 must be 64 lowercase hex/);
    expect((await run(['merkle-root', 'l.txt'], { 'l.txt': 'ABCD'.repeat(16) })).code).toBe(1);
  });
});

describe('aidtrail verify-inclusion', () => {
  const tree = new MemoryMerkleTree();
  leafHashes.forEach((h) => tree.append(h));
  const proofOf = (i: number) => {
    const p = tree.inclusionProof(i);
    if (!p.ok) throw new Error(p.message);
    return p.value.map(toHex).join(',');
  };
  const args = (i: number, proof = proofOf(i), size = '8', root = ROOT_8) => [
    'verify-inclusion', '--leaf', toHex(leafHashes[i]!), '--index', String(i), '--size', size, '--root', root, '--proof', proof,
  ];

  it('accepts a proof for every leaf of the test tree', async () => {
    for (let i = 0; i < 8; i++) expect((await run(args(i))).code, `leaf ${i}`).toBe(0);
  });

  it('rejects a proof for another index, size or root, or with an element changed', async () => {
    const flipped = proofOf(3).replace(/^./, (c) => (c === '0' ? '1' : '0'));
    expect((await run(args(3, proofOf(4)))).code).toBe(1);
    expect((await run(args(3, flipped))).code).toBe(1);
    // Size 7 would pass: an inclusion proof alone does not pin the size (RFC 9162
    // §2.1.3.2); the signed checkpoint does.
    expect((await run(args(3, proofOf(3), '4'))).code).toBe(1);
    expect((await run(args(3, proofOf(3), '8', toHex(leafHashes[0]!)))).code).toBe(1);
    const r = await run([...args(3, ''), '--json']);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.out)).toMatchObject({ ok: false, code: 'wrong-proof-size' });
  });

  it('treats malformed arguments as usage errors', async () => {
    expect((await run(args(3, 'zz'))).code).toBe(2);
    expect((await run(args(3, proofOf(3), '-1'))).code).toBe(2);
    expect((await run(args(3, proofOf(3), '99999999999999999999'))).code).toBe(2);
    expect((await run(['verify-inclusion', '--leaf', toHex(leafHashes[0]!)])).code).toBe(2);
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ed25519Signer, signCheckpoint, type Checkpoint } from '../checkpoint';
import { sha256 } from '../crypto/sha256';
import { hashLeaf, MemoryMerkleTree } from '../merkle';
import { acceptCheckpoint, acceptCheckpointNote } from './checkpoints';

const ORIGIN = 'aidtrail.example-agency.org/hq-log';
const key = ed25519Signer(ORIGIN, new Uint8Array(32).fill(3));
if (!key.ok) throw new Error(key.message);
const hq = key.value;
const trust = { logKey: hq, origin: ORIGIN };

const leaf = (tag: number, i: number) => hashLeaf(sha256(Uint8Array.of(tag, i & 255, i >> 8)));

/** A log whose first `shared` leaves are common to every branch `tag`. */
function history(tag: number, n: number, shared = 0) {
  const tree = new MemoryMerkleTree();
  for (let i = 0; i < n; i++) tree.append(leaf(i < shared ? 0 : tag, i));
  return tree;
}

const head = (tree: MemoryMerkleTree, size = tree.size): Checkpoint => {
  const root = tree.rootAt(size);
  if (!root.ok) throw new Error(root.message);
  return { origin: ORIGIN, size, rootHash: root.value, extensions: [] };
};
const proof = (tree: MemoryMerkleTree, from: number, to = tree.size) => {
  const p = tree.consistencyProof(from, to);
  if (!p.ok) throw new Error(p.message);
  return p.value;
};
const note = (c: Checkpoint) => {
  const n = signCheckpoint(c, [hq]);
  if (!n.ok) throw new Error(n.message);
  return n.value;
};

describe('acceptCheckpoint', () => {
  const honest = history(1, 40);

  it('keeps the first checkpoint it sees, and the same one again', () => {
    expect(acceptCheckpoint(undefined, head(honest, 10), [])).toMatchObject({ ok: true, value: { status: 'first' } });
    expect(acceptCheckpoint(head(honest, 10), head(honest, 10), [])).toMatchObject({ ok: true, value: { status: 'same' } });
  });

  it('moves on to a larger tree that provably extends the held one, at every pair of sizes', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 40 }), fc.integer({ min: 1, max: 40 }), (a, b) => {
        const [small, large] = a <= b ? [a, b] : [b, a];
        const r = acceptCheckpoint(head(honest, small), head(honest, large), small === large ? [] : proof(honest, small, large));
        expect(r.ok ? r.value.status : r.code).toBe(small === large ? 'same' : 'extends');
      }),
    );
  });

  it('accepts any tree after the empty one without a proof', () => {
    expect(acceptCheckpoint(head(honest, 0), head(honest, 5), [])).toMatchObject({ ok: true, value: { status: 'extends' } });
  });

  it('keeps the held checkpoint when shown an older, consistent one', () => {
    const r = acceptCheckpoint(head(honest, 30), head(honest, 12), proof(honest, 12, 30));
    expect(r.ok ? 'ok' : r.code).toBe('older');
  });

  it('detects a fork: a ledger that shows another history to this device', () => {
    // HQ told this device about 20 leaves, then rewrote leaf 15 and grew to 30.
    const rewritten = history(2, 30, 15);
    const held = head(honest, 20);
    // Same size, other root: the two signed notes are themselves the evidence.
    expect(acceptCheckpoint(held, head(rewritten, 20), [])).toMatchObject({ ok: false, code: 'fork' });
    // Larger, with the rewritten log's own (honestly computed) proof: it cannot lead to the held root.
    expect(acceptCheckpoint(held, head(rewritten, 30), proof(rewritten, 20, 30))).toMatchObject({ ok: false, code: 'fork' });
    // Or with the honest log's proof: it cannot lead to the rewritten root.
    expect(acceptCheckpoint(held, head(rewritten, 30), proof(honest, 20, 30))).toMatchObject({ ok: false, code: 'fork' });
    // An older checkpoint of the other history is caught too.
    expect(acceptCheckpoint(held, head(rewritten, 17), proof(rewritten, 17, 20))).toMatchObject({ ok: false, code: 'fork' });
    // A rewrite anywhere in the shared prefix, at any pair of sizes.
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 39 }), fc.integer({ min: 1, max: 40 }), fc.integer({ min: 1, max: 40 }), (at, a, b) => {
        const other = history(3, 40, at - 1);
        fc.pre(a >= at && b >= at);
        const r = acceptCheckpoint(head(honest, a), head(other, b), a === b ? [] : a < b ? proof(other, a, b) : proof(other, b, a));
        expect(r.ok ? r.value.status : r.code).toBe('fork');
      }),
    );
  });

  it('refuses a checkpoint of another log', () => {
    expect(acceptCheckpoint(head(honest, 3), { ...head(honest, 5), origin: 'elsewhere/log' }, proof(honest, 3, 5))).toMatchObject({
      ok: false,
      code: 'origin-mismatch',
    });
  });
});

describe('acceptCheckpointNote', () => {
  const tree = history(1, 9);

  it('opens both notes with the log key, then decides, and names the note to keep', () => {
    const [n4, n9] = [note(head(tree, 4)), note(head(tree, 9))];
    const r = acceptCheckpointNote(n4, n9, proof(tree, 4, 9), trust);
    expect(r).toMatchObject({ ok: true, value: { status: 'extends', note: n9 } });
    expect(acceptCheckpointNote(undefined, n4, [], trust)).toMatchObject({ ok: true, value: { status: 'first', note: n4 } });
    expect(acceptCheckpointNote(n9, n9, [], trust)).toMatchObject({ ok: true, value: { status: 'same', note: n9 } });
  });

  it('refuses a note not signed by the log key, new or held', () => {
    const other = ed25519Signer(ORIGIN, new Uint8Array(32).fill(4));
    if (!other.ok) throw new Error(other.message);
    const forged = signCheckpoint(head(tree, 9), [other.value]);
    if (!forged.ok) throw new Error(forged.message);
    expect(acceptCheckpointNote(note(head(tree, 4)), forged.value, proof(tree, 4, 9), trust)).toMatchObject({ ok: false, code: 'unknown-key' });
    expect(acceptCheckpointNote(forged.value, note(head(tree, 4)), [], trust)).toMatchObject({ ok: false, code: 'unknown-key' });
  });
});

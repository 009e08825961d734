import fc from 'fast-check';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { fromHex, toHex } from '../bytes';
import { ed25519Signer, signCheckpoint, type NoteSigner } from '../checkpoint';
import { sha256 } from '../crypto/sha256';
import { hashLeaf, MemoryMerkleTree } from '../merkle';
import { makeReceipt, receiptSchema, verifyReceipt, verifyReceipts, type Receipt } from './receipt';

const ORIGIN = 'aidtrail.example-agency.org/hq-log';

function signerOf(fill: number, name = ORIGIN): NoteSigner {
  const s = ed25519Signer(name, new Uint8Array(32).fill(fill));
  if (!s.ok) throw new Error(s.message);
  return s.value;
}
const hq = signerOf(7);
const trust = { logKey: hq, origin: ORIGIN };

function log(n: number, signer = hq, origin = ORIGIN) {
  const ids = Array.from({ length: n }, (_, i) => toHex(sha256(Uint8Array.of(i, i >> 8))));
  const tree = new MemoryMerkleTree();
  for (const id of ids) tree.append(hashLeaf(fromHex(id)));
  const note = signCheckpoint({ origin, size: n, rootHash: tree.root(), extensions: [] }, [signer]);
  if (!note.ok) throw new Error(note.message);
  const receipt = (i: number): Receipt => {
    const proof = tree.inclusionProof(i);
    if (!proof.ok) throw new Error(proof.message);
    return makeReceipt(ids[i]!, i, n, proof.value, note.value);
  };
  return { ids, tree, note: note.value, receipt };
}

const codeOf = (input: unknown, t = trust) => {
  const r = verifyReceipt(input, t);
  return r.ok ? 'ok' : r.code;
};

describe('verifyReceipt', () => {
  it('verifies every receipt of logs of many sizes alone, given only the log key and origin', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 70 }), fc.nat(), (n, pick) => {
        const l = log(n);
        const r = verifyReceipt(l.receipt(pick % n), trust);
        expect(r.ok).toBe(true);
        if (r.ok) expect(r.value.checkpoint.size).toBe(n);
      }),
      { numRuns: 60 },
    );
  });

  it('refuses a receipt with any claim changed', () => {
    const l = log(13);
    const good = l.receipt(6);
    const otherNote = log(14).note;
    const otherKeyNote = log(13, signerOf(8)).note;
    const foreignOrigin = log(13, signerOf(7, 'other.example/log'), 'other.example/log').note;
    const cases: [string, unknown, string][] = [
      ['event', { ...good, event: l.ids[7] }, 'root-mismatch'],
      ['leafIndex', { ...good, leafIndex: 7 }, 'root-mismatch'],
      ['leafIndex beyond', { ...good, leafIndex: 13 }, 'index-out-of-range'],
      ['treeSize', { ...good, treeSize: 12 }, 'size-mismatch'],
      ['proof element', { ...good, inclusion: [l.ids[0], ...good.inclusion.slice(1)] }, 'root-mismatch'],
      ['proof shortened', { ...good, inclusion: good.inclusion.slice(1) }, 'wrong-proof-size'],
      ['checkpoint of a larger tree', { ...good, checkpoint: otherNote }, 'size-mismatch'],
      ['checkpoint by another key', { ...good, checkpoint: otherKeyNote }, 'unknown-key'],
      ['checkpoint text edited', { ...good, checkpoint: good.checkpoint.replace('\n13\n', '\n12\n') }, 'bad-signature'],
      ['another log', { ...good, checkpoint: foreignOrigin }, 'unknown-key'],
    ];
    for (const [name, input, code] of cases) expect(codeOf(input), name).toBe(code);
    // Same key, other origin: refused by the origin line even when the key name is the one trusted.
    expect(codeOf(good, { logKey: hq, origin: 'aidtrail.example-agency.org/other' })).toBe('origin-mismatch');
  });

  it('answers malformed input with a verdict, never an exception', () => {
    const good = log(3).receipt(1);
    const bad: unknown[] = [null, 'r', [], {}, { ...good, extra: 1 }, { ...good, event: 'AB' }, { ...good, leafIndex: -1 },
      { ...good, treeSize: 0 }, { ...good, inclusion: ['zz'] }, { ...good, inclusion: Array(54).fill(l0()) }, { ...good, checkpoint: '' }];
    for (const input of bad) expect(codeOf(input), JSON.stringify(input)?.slice(0, 60)).toBe('malformed');
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        expect(verifyReceipt(v, trust).ok).toBe(false);
      }),
    );
  });

  it('gives the same verdicts in bulk, opening each checkpoint once', () => {
    const l = log(9);
    const inputs = [l.receipt(0), l.receipt(8), { ...l.receipt(3), leafIndex: 4 }, null];
    expect(verifyReceipts(inputs, trust).map((r) => (r.ok ? 'ok' : r.code))).toEqual(inputs.map((i) => codeOf(i)));
  });
});

describe('Receipt', () => {
  it('is the type the schema parses, read-only in type but not frozen', () => {
    expectTypeOf<Receipt>().toEqualTypeOf<{
      readonly event: string;
      readonly leafIndex: number;
      readonly treeSize: number;
      readonly inclusion: readonly string[];
      readonly checkpoint: string;
    }>();
    const parsed = receiptSchema.parse(log(3).receipt(1));
    expectTypeOf(parsed).toExtend<Receipt>();
    expect([Object.isFrozen(parsed), Object.isFrozen(parsed.inclusion)]).toEqual([false, false]);
  });
});

function l0() {
  return '0'.repeat(64);
}

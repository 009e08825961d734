/** The proof answers' schemas: well-formed answers parse; nonsense is refused, naming what is wrong. */
import { describe, expect, it } from 'vitest';
import { consistencyAnswerSchema, inclusionAnswerSchema } from './proof-answers';
import { MAX_CHECKPOINT_NOTE_CHARS } from './receipt';
import { firstRefusal } from './test-support';

const HASH = 'ab'.repeat(32);
const inclusion = { leafIndex: 5, treeSize: 40, leafHash: HASH, inclusion: [HASH, HASH], checkpoint: 'aidtrail.example-agency.org/hq-log\n40\nq2…=\n\n— sig\n' };
const consistency = { from: 30, to: 40, proof: [HASH] };

describe('proof answers', () => {
  it('parse what the ledger answers, and ignore a field it adds later', () => {
    expect(inclusionAnswerSchema.parse(inclusion)).toEqual(inclusion);
    expect(inclusionAnswerSchema.parse({ ...inclusion, checkpoint: null, later: 1 })).toEqual({ ...inclusion, checkpoint: null });
    expect(consistencyAnswerSchema.parse(consistency)).toEqual(consistency);
    expect(consistencyAnswerSchema.parse({ from: 0, to: 0, proof: [] })).toEqual({ from: 0, to: 0, proof: [] });
  });

  it('refuse hashes that are not 64 lowercase hex', () => {
    expect(firstRefusal(inclusionAnswerSchema, { ...inclusion, leafHash: HASH.slice(1) })).toBe('leafHash: must be 64 lowercase hex characters');
    expect(firstRefusal(inclusionAnswerSchema, { ...inclusion, inclusion: [HASH, HASH.toUpperCase()] })).toBe('inclusion.1: must be 64 lowercase hex characters');
    expect(firstRefusal(consistencyAnswerSchema, { ...consistency, proof: [`${HASH}00`] })).toBe('proof.0: must be 64 lowercase hex characters');
  });

  it('refuse sizes that are not safe counts, and missing fields', () => {
    expect(firstRefusal(inclusionAnswerSchema, { ...inclusion, leafIndex: -1 })).toBe('leafIndex: Too small: expected number to be >=0');
    expect(firstRefusal(inclusionAnswerSchema, { ...inclusion, treeSize: 2 ** 53 })).toBe(`treeSize: Too big: expected int to be <=${Number.MAX_SAFE_INTEGER}`);
    expect(firstRefusal(consistencyAnswerSchema, { ...consistency, to: 1.5 })).toBe('to: Invalid input: expected int, received number');
    expect(firstRefusal(consistencyAnswerSchema, { ...consistency, from: '30' })).toBe('from: Invalid input: expected number, received string');
    const { checkpoint: _, ...noCheckpoint } = inclusion;
    expect(firstRefusal(inclusionAnswerSchema, noCheckpoint)).toBe('checkpoint: Invalid input: expected string, received undefined');
    expect(firstRefusal(consistencyAnswerSchema, { from: 30, to: 40 })).toBe('proof: Invalid input: expected array, received undefined');
    expect(firstRefusal(inclusionAnswerSchema, 'nonsense')).toBe(': Invalid input: expected object, received string');
  });

  it('refuse proofs longer than any tree needs and checkpoints longer than any note', () => {
    expect(consistencyAnswerSchema.safeParse({ ...consistency, proof: Array(64).fill(HASH) }).success).toBe(true);
    expect(firstRefusal(consistencyAnswerSchema, { ...consistency, proof: Array(65).fill(HASH) })).toBe('proof: Too big: expected array to have <=64 items');
    expect(firstRefusal(inclusionAnswerSchema, { ...inclusion, inclusion: Array(65).fill(HASH) })).toBe('inclusion: Too big: expected array to have <=64 items');
    expect(firstRefusal(inclusionAnswerSchema, { ...inclusion, checkpoint: 'x'.repeat(MAX_CHECKPOINT_NOTE_CHARS + 1) })).toBe(
      `checkpoint: Too big: expected string to have <=${MAX_CHECKPOINT_NOTE_CHARS} characters`,
    );
    expect(firstRefusal(inclusionAnswerSchema, { ...inclusion, checkpoint: '' })).toBe('checkpoint: Too small: expected string to have >=1 characters');
  });
});

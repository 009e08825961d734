import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ed25519Signer, signCheckpoint, type NoteSigner } from '../checkpoint';
import { generateKeyPair } from '../crypto/ed25519';
import { consistencyProof, hashLeaf, MemoryMerkleTree, rootAt } from '../merkle';
import { verifyCosignatures } from './cosignature';
import { addCheckpoint, formatAddCheckpoint, parseAddCheckpoint, type WitnessedLog, type WitnessedTree } from './witness';

const ORIGIN = 'hq.example-agency.org/aidtrail-log';
const NOW = 1_800_000_000;

function signer(name: string): NoteSigner {
  const made = ed25519Signer(name, generateKeyPair().seed);
  if (!made.ok) throw new Error(made.message);
  return made.value;
}

/** A log: its tree and key, and the checkpoint of any size it reached. */
function log(leaves: number, key = signer(ORIGIN), salt = 0) {
  const tree = new MemoryMerkleTree();
  for (let i = 0; i < leaves; i++) tree.append(hashLeaf(Uint8Array.of(salt, i >> 8, i & 0xff)));
  const checkpoint = (size: number) => {
    const note = signCheckpoint({ origin: ORIGIN, size, rootHash: (rootAt(tree, size) as { value: Uint8Array }).value, extensions: [] }, [key]);
    if (!note.ok) throw new Error(note.message);
    return note.value;
  };
  const proof = (from: number, to: number) => (from === 0 ? [] : (consistencyProof(tree, from, to) as { value: Uint8Array[] }).value);
  return { tree, key, checkpoint, proof };
}

/** A witness following ORIGIN, with its own state, answering like the service does. */
function witness(name: string, logKey: NoteSigner) {
  const key = signer(name);
  const logs = new Map<string, WitnessedLog>([[ORIGIN, { origin: ORIGIN, key: logKey }]]);
  let last: WitnessedTree | undefined;
  return {
    key,
    submit(body: string) {
      const request = parseAddCheckpoint(body);
      if (!request.ok) return { status: 400 as const, body: request.message };
      const answer = addCheckpoint(request.value, logs, last, { signer: key, now: NOW });
      if (answer.status === 200) last = answer.next;
      return answer;
    },
  };
}

const request = (oldSize: number, proof: readonly Uint8Array[], checkpoint: string) => formatAddCheckpoint({ oldSize, proof, checkpoint });

describe('tlog-witness add-checkpoint', () => {
  it('reads back the request bodies it writes, and refuses what is not one', () => {
    const { checkpoint, proof } = log(20);
    const body = request(5, proof(5, 20), checkpoint(20));
    expect(parseAddCheckpoint(body)).toEqual({ ok: true, value: { oldSize: 5, proof: proof(5, 20), checkpoint: checkpoint(20) } });
    for (const bad of ['old -1\n\n', 'old 01\n\n', 'new 1\n\n', `old 1\nnot-base64\n\n${checkpoint(20)}`, 'old 1', `old 1\n${'AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n'.repeat(64)}\n`]) {
      expect(parseAddCheckpoint(bad)).toMatchObject({ ok: false, code: 'bad-request' });
    }
  });

  it('cosigns a log that grows consistently, and the cosignature verifies for a client', () => {
    const l = log(300);
    const w = witness('witness.example/w1', l.key);
    let size = 0;
    for (const next of [1, 2, 7, 64, 65, 300]) {
      const answer = w.submit(request(size, l.proof(size, next), l.checkpoint(next)));
      expect(answer.status).toBe(200);
      const cosigned = l.checkpoint(next) + answer.body;
      expect(verifyCosignatures(cosigned, [w.key], { quorum: 1, now: NOW })).toMatchObject({ ok: true });
      size = next;
    }
  });

  it('answers each refusal with the spec status', () => {
    const l = log(50);
    const w = witness('witness.example/w1', l.key);
    expect(w.submit(request(0, [], l.checkpoint(10))).status).toBe(200);
    // 409 with the size it knows, so the log can retry from there.
    expect(w.submit(request(0, [], l.checkpoint(20)))).toEqual({ status: 409, body: '10\n', contentType: 'text/x.tlog.size' });
    expect(w.submit(request(30, [], l.checkpoint(20))).status).toBe(400);
    expect(w.submit(request(10, l.proof(10, 20).slice(1), l.checkpoint(20))).status).toBe(422);
    // Signed by another key: 403. Another origin: 404.
    expect(w.submit(request(10, l.proof(10, 20), log(50, signer(ORIGIN)).checkpoint(20))).status).toBe(403);
    const elsewhere = signCheckpoint({ origin: 'other.example/log', size: 1, rootHash: new Uint8Array(32), extensions: [] }, [signer('other.example/log')]);
    expect(w.submit(request(10, [], (elsewhere as { value: string }).value)).status).toBe(404);
    expect(w.submit(request(10, l.proof(10, 20), l.checkpoint(20))).status).toBe(200);
  });

  it('refuses a fork or a rollback of what it cosigned, whatever proof comes with it', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 60 }), fc.integer({ min: 2, max: 60 }), (seen, forkAt) => {
        const honest = log(60);
        // The same key signs a history that differs from the first leaf on.
        const forked = log(60, honest.key, 1);
        const w = witness('witness.example/w1', honest.key);
        expect(w.submit(request(0, [], honest.checkpoint(seen))).status).toBe(200);
        const size = Math.max(seen, forkAt);
        const answer = w.submit(request(seen, forked.proof(seen, size), forked.checkpoint(size)));
        expect(answer.status).toBe(422);
        // A rollback is refused too.
        expect(w.submit(request(seen, [], honest.checkpoint(seen - 1))).status).toBe(400);
      }),
      { numRuns: 50 },
    );
  });

  it('leaves a client requiring 2 of 2 witnesses without a checkpoint when the log forks: both refuse', () => {
    const honest = log(40);
    const forked = log(40, honest.key, 7);
    const [w1, w2] = [witness('witness.example/w1', honest.key), witness('witness.example/w2', honest.key)];
    let cosigned = honest.checkpoint(20);
    for (const w of [w1, w2]) cosigned += (w.submit(request(0, [], honest.checkpoint(20))) as { body: string }).body;
    expect(verifyCosignatures(cosigned, [w1.key, w2.key], { quorum: 2, now: NOW })).toMatchObject({ ok: true });

    let fork = forked.checkpoint(30);
    for (const w of [w1, w2]) {
      const answer = w.submit(request(20, forked.proof(20, 30), forked.checkpoint(30)));
      expect(answer.status).toBe(422);
      if (answer.status === 200) fork += answer.body;
    }
    expect(verifyCosignatures(fork, [w1.key, w2.key], { quorum: 2, now: NOW })).toMatchObject({ ok: false, code: 'quorum-not-met' });
  });
});

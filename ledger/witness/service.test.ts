/**
 * The witness service under attack (issue 17): what it refuses and with
 * which status, that a refusal stores nothing, and that two concurrent
 * requests for one size cannot both be cosigned.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ed25519Signer, signCheckpoint, type NoteSigner } from '../../shared/checkpoint';
import { consistencyProof, hashLeaf, MemoryMerkleTree, rootAt } from '../../shared/merkle';
import { formatAddCheckpoint, verifyCosignatures, type WitnessedLog } from '../../shared/tlog';
import { buildWitnessApp, MAX_BODY_BYTES } from './service';
import { WitnessStore } from './store';

const ORIGIN = 'hq.example-agency.org/aidtrail-log';
const signer = (name: string, fill: number): NoteSigner => (ed25519Signer(name, new Uint8Array(32).fill(fill)) as { value: NoteSigner }).value;
const LOG = signer(ORIGIN, 1);
const WITNESS = signer('witness.example/w1', 2);
const NOW = 1_800_000_000;

/** A history of `leaves` leaves; `salt` makes another one under the same key. */
function history(leaves: number, salt = 0) {
  const tree = new MemoryMerkleTree();
  for (let i = 0; i < leaves; i++) tree.append(hashLeaf(Uint8Array.of(salt, i)));
  const checkpoint = (size: number, key = LOG, origin = ORIGIN) =>
    (signCheckpoint({ origin, size, rootHash: (rootAt(tree, size) as { value: Uint8Array }).value, extensions: [] }, [key]) as { value: string }).value;
  const proof = (from: number, to: number) => (consistencyProof(tree, from, to) as { value: Uint8Array[] }).value;
  return { checkpoint, proof };
}

const open: { close(): Promise<void> | void }[] = [];
afterEach(async () => {
  for (const o of open.splice(0)) await o.close();
});

function witness(path = ':memory:', perAddress = 1000) {
  const store = new WitnessStore(path);
  const app = buildWitnessApp({ store, signer: WITNESS, logs: new Map<string, WitnessedLog>([[ORIGIN, { origin: ORIGIN, key: LOG }]]), perAddress, now: () => NOW });
  open.push(app, store);
  const post = async (payload: string | Buffer, headers: Record<string, string> = { 'content-type': 'text/plain' }) => {
    const r = await app.inject({ method: 'POST', url: '/add-checkpoint', payload, headers });
    return { status: r.statusCode, body: r.body, type: r.headers['content-type'] };
  };
  return { store, app, post };
}

const body = (oldSize: number, proof: readonly Uint8Array[], checkpoint: string) => formatAddCheckpoint({ oldSize, proof, checkpoint });

describe('the witness service', () => {
  it('cosigns a growing log and remembers its size and root', async () => {
    const w = witness();
    const h = history(40);
    const first = await w.post(body(0, [], h.checkpoint(10)));
    expect(first.status).toBe(200);
    expect(verifyCosignatures(h.checkpoint(10) + first.body, [WITNESS], { quorum: 1, now: NOW })).toMatchObject({ ok: true });
    expect((await w.post(body(10, h.proof(10, 40), h.checkpoint(40)))).status).toBe(200);
    expect(w.store.last(ORIGIN)?.size).toBe(40);
  });

  it('refuses a huge body, garbage, 64 proof lines and an unknown origin, storing nothing', async () => {
    const w = witness();
    const h = history(8);
    expect((await w.post('x'.repeat(MAX_BODY_BYTES + 1))).status).toBe(413);
    expect((await w.post(Buffer.from([0x6f, 0x6c, 0x64, 0xff, 0xfe])))).toMatchObject({ status: 400 });
    expect((await w.post('hello'))).toMatchObject({ status: 400 });
    expect((await w.post('old 0\n\nnot a checkpoint\n'))).toMatchObject({ status: 404 });
    const hash = 'AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n';
    expect((await w.post(`old 4\n${hash.repeat(64)}\n${h.checkpoint(8)}`)).status).toBe(400);
    expect((await w.post(body(0, [], history(8).checkpoint(8, signer('elsewhere.example/log', 3), 'elsewhere.example/log')))).status).toBe(404);
    // The right origin, another key: 403.
    expect((await w.post(body(0, [], h.checkpoint(8, signer(ORIGIN, 4))))).status).toBe(403);
    // Any content type is read (the spec names none).
    expect((await w.post(body(0, [], h.checkpoint(8)), { 'content-type': 'application/octet-stream' })).status).toBe(200);
    expect(w.store.last(ORIGIN)?.size).toBe(8);
  });

  it('answers a replay of an old checkpoint 409 with the size it holds, as text/x.tlog.size', async () => {
    const w = witness();
    const h = history(30);
    expect((await w.post(body(0, [], h.checkpoint(10)))).status).toBe(200);
    expect((await w.post(body(10, h.proof(10, 30), h.checkpoint(30)))).status).toBe(200);
    for (const replay of [body(0, [], h.checkpoint(10)), body(10, h.proof(10, 30), h.checkpoint(30))]) {
      const answer = await w.post(replay);
      expect(answer).toMatchObject({ status: 409, body: '30\n' });
      expect(answer.type).toMatch(/^text\/x\.tlog\.size/);
    }
  });

  it('refuses a fork with 422 and keeps the tree it cosigned', async () => {
    const w = witness();
    const honest = history(30);
    const forked = history(30, 9);
    expect((await w.post(body(0, [], honest.checkpoint(10)))).status).toBe(200);
    const before = w.store.last(ORIGIN);
    expect((await w.post(body(10, forked.proof(10, 30), forked.checkpoint(30)))).status).toBe(422);
    expect((await w.post(body(10, [], forked.checkpoint(10)))).status).toBe(422);
    expect(w.store.last(ORIGIN)).toEqual(before);
  });

  it('cosigns one of two concurrent checkpoints of one size, never both, even across two processes on one file', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'aidtrail-witness-')), 'witness.sqlite');
    const [a, b] = [witness(path), witness(path)];
    const [honest, forked] = [history(12), history(12, 5)];
    const answers = await Promise.all([a.post(body(0, [], honest.checkpoint(12))), b.post(body(0, [], forked.checkpoint(12)))]);
    expect(answers.map((r) => r.status).sort()).toEqual([200, 409]);
  });

  it('limits the requests of one address', async () => {
    const w = witness(':memory:', 2);
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await w.post('garbage')).status);
    expect(statuses).toEqual([400, 400, 429]);
  });
});

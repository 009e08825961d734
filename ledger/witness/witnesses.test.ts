/**
 * Issue 17 point 2, the must-show: two witnesses (real HTTP servers on
 * 127.0.0.1, ports chosen at run time) follow an honest ledger and cosign
 * its checkpoints; a forked ledger (the same HQ key, another history) then
 * asks them: both refuse with 422, it gets no cosignature, their state stays
 * the honest tree, and a client requiring 2 of 2 (verifyCosignatures, what
 * the kit and the donor page apply) refuses the fork's checkpoint.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ed25519Signer, encodeVerifierKey, openCheckpoint, parseVerifierKey, type NoteSigner } from '../../shared/checkpoint';
import { certBody, testDevice } from '../../shared/ledger/test-support';
import { formatAddCheckpoint, verifyCosignatures, type WitnessedLog } from '../../shared/tlog';
import { encodeWitnessKey } from '../../shared/tlog/witness-key';
import { ADMIN_TOKEN, HQ_SEED } from '../testing/fixtures';
import { buildApp } from '../service/http';
import { DEFAULT_ORIGIN, Ledger } from '../service/ledger';
import { SqliteStore } from '../store/sqlite-store';
import type { WitnessCosigning } from './client';
import { witnessRoutes } from './client-routes';
import { startCosigning, witnessConfig } from './options';
import { buildWitnessApp } from './service';
import { WitnessStore } from './store';

const logKey = parseVerifierKey(encodeVerifierKey((ed25519Signer(DEFAULT_ORIGIN, HQ_SEED) as { value: NoteSigner }).value));
if (!logKey.ok) throw new Error(logKey.message);
const logs = new Map<string, WitnessedLog>([[DEFAULT_ORIGIN, { origin: DEFAULT_ORIGIN, key: logKey.value }]]);

function witnessSigner(name: string, fill: number): NoteSigner {
  const made = ed25519Signer(name, new Uint8Array(32).fill(fill));
  if (!made.ok) throw new Error(made.message);
  return made.value;
}

const witnesses = [witnessSigner('witness.example/w1', 7), witnessSigner('witness.example/w2', 8)].map((signer) => {
  const store = new WitnessStore(':memory:');
  return { signer, store, app: buildWitnessApp({ store, signer, logs, perAddress: 1000 }), url: '' };
});
const cosigners = witnesses.map((w) => ({ name: w.signer.name, publicKey: w.signer.publicKey }));
const vkeys = witnesses.map((w) => encodeWitnessKey({ name: w.signer.name, publicKey: w.signer.publicKey }));

/** A ledger with HQ's key that asks both witnesses; `devices` certificates make its history. */
async function ledgerAskingWitnesses(devices: number, salt: number) {
  const config = witnessConfig({ witness: witnesses.map((w, i) => `${w.url}=${vkeys[i]}`) });
  if (!config.ok) throw new Error(config.message);
  const cosigning: WitnessCosigning = config.value;
  const ledger = await Ledger.open({ store: new SqliteStore(':memory:'), hqSeed: HQ_SEED, witnesses: cosigning });
  startCosigning(cosigning, ledger);
  for (let i = 0; i < devices; i++) {
    const issued = await ledger.issue('device-cert', certBody(testDevice({ seed: new Uint8Array(32).fill(salt + i) }).did));
    if (!issued.ok) throw new Error(issued.message);
  }
  await cosigning.settled();
  const app = buildApp(ledger, { adminToken: ADMIN_TOKEN });
  void app.register(witnessRoutes(cosigning));
  const get = async (path: string) => (await app.inject({ method: 'GET', url: path })).body;
  return { ledger, cosigning, get, close: async () => { cosigning.stop(); await app.close(); await ledger.close(); } };
}

const NOW = () => Math.floor(Date.now() / 1000);

beforeAll(async () => {
  for (const w of witnesses) w.url = await w.app.listen({ port: 0, host: '127.0.0.1' });
});
afterAll(async () => {
  for (const w of witnesses) {
    await w.app.close();
    w.store.close();
  }
});

describe('two witnesses and a forked ledger (issue 17)', () => {
  it('cosign the honest ledger; both refuse the fork (422), which gets no cosignature, and 2 of 2 refuses it', async () => {
    const honest = await ledgerAskingWitnesses(3, 1);
    const cosigned = await honest.get('/checkpoint');
    const honestTree = openCheckpoint(cosigned, DEFAULT_ORIGIN, logKey.value);
    expect(honestTree).toMatchObject({ ok: true, value: { size: 3 } });
    expect(verifyCosignatures(cosigned, cosigners, { quorum: 2, now: NOW() })).toMatchObject({ ok: true });
    expect(JSON.parse(await honest.get('/witnesses'))).toMatchObject({
      witnesses: [
        { name: 'witness.example/w1', cosignedSize: 3, key: vkeys[0] },
        { name: 'witness.example/w2', cosignedSize: 3, key: vkeys[1] },
      ],
    });
    // More appends: each witness is asked again with a proof from the size it cosigned.
    await honest.ledger.issue('device-cert', certBody(testDevice({ seed: new Uint8Array(32).fill(99) }).did));
    await honest.cosigning.settled();
    const grown = await honest.get('/checkpoint');
    expect(verifyCosignatures(grown, cosigners, { quorum: 2, now: NOW() })).toMatchObject({ ok: true });
    expect(witnesses.map((w) => w.store.last(DEFAULT_ORIGIN)?.size)).toEqual([4, 4]);

    // Same HQ key, another history: the witnesses answer 409 (they hold 4), then 422 to the proof from 4.
    const forked = await ledgerAskingWitnesses(6, 50);
    const fork = await forked.get('/checkpoint');
    expect(openCheckpoint(fork, DEFAULT_ORIGIN, logKey.value)).toMatchObject({ ok: true, value: { size: 6 } });
    const status = JSON.parse(await forked.get('/witnesses')) as { witnesses: { cosignedSize: number | null; lastError?: { message: string } }[] };
    expect(status.witnesses).toHaveLength(2);
    for (const w of status.witnesses) {
      expect(w.cosignedSize).toBeNull();
      expect(w.lastError?.message).toMatch(/^422: not consistent with the tree of 4/);
    }
    // No cosignature line on the fork's checkpoint, so a client requiring 2 of 2 refuses it; the honest one still passes.
    expect(fork.trimEnd().split('\n').filter((l) => l.startsWith('\u2014 '))).toHaveLength(1);
    expect(verifyCosignatures(fork, cosigners, { quorum: 2, now: NOW() })).toMatchObject({ ok: false, code: 'quorum-not-met' });
    // Nothing stored: both still hold the honest tree of 4.
    const honestRoot = (openCheckpoint(grown, DEFAULT_ORIGIN, logKey.value) as { value: { rootHash: Uint8Array } }).value.rootHash;
    for (const w of witnesses) expect(w.store.last(DEFAULT_ORIGIN)).toEqual({ size: 4, root: honestRoot });

    // A fork of the very size cosigned is refused too (same size, another root).
    const sameSize = await ledgerAskingWitnesses(4, 70);
    for (const w of witnesses) {
      const answer = await fetch(`${w.url}/add-checkpoint`, { method: 'POST', body: formatAddCheckpoint({ oldSize: 4, proof: [], checkpoint: await sameSize.get('/checkpoint') }) });
      expect(answer.status).toBe(422);
    }
    for (const l of [honest, forked, sameSize]) await l.close();
  });
});

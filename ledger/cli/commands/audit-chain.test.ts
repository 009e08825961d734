/**
 * `aidtrail audit --chain` against ledgers served on 127.0.0.1 and a local
 * anvil chain holding what the honest ledger anchored: the honest ledger
 * passes; the same key signing a rewritten history, or a shortened one,
 * after anchoring fails with the anchored checkpoints it contradicts.
 */
import type { FastifyInstance } from 'fastify';
import { privateKeyToAccount } from 'viem/accounts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fromHex } from '../../../shared/bytes';
import { certBody } from '../../../shared/ledger/test-support';
import { deployAnchor, setPoster } from '../../chain/deploy';
import { AnchorPoster } from '../../chain/poster';
import { ANVIL_CHAIN_ID, ANVIL_KEYS, startAnvil, type RunningAnvil } from '../../chain/testing/anvil';
import { buildApp } from '../../service/http';
import { DEFAULT_ORIGIN, Ledger } from '../../service/ledger';
import { SqliteStore } from '../../store/sqlite-store';
import { ADMIN_TOKEN, fastDevice, HQ_SEED, uploadOf } from '../../testing/fixtures';
import { processIo, type CliIo } from '../io';
import { main } from '../main';

const owner = privateKeyToAccount(ANVIL_KEYS[0]);
const posterKey = privateKeyToAccount(ANVIL_KEYS[1]);
let anvil: RunningAnvil;
let contract: string;
let logKey: string;
const served: { ledger: Ledger; app: FastifyInstance; url: string }[] = [];

/** A ledger under HQ's key with `leaves` handouts from a fresh device, served over HTTP. */
async function serve(leaves: number) {
  const ledger = await Ledger.open({ store: new SqliteStore(':memory:'), hqSeed: HQ_SEED });
  const device = fastDevice();
  const cert = await ledger.issue('device-cert', certBody(device.did));
  if (!cert.ok) throw new Error(cert.message);
  const append = async (n: number) => {
    const r = await ledger.submit(await uploadOf(device, device.handouts(n)));
    if (!r.ok) throw new Error(r.message);
  };
  if (leaves > 0) await append(leaves);
  const app = buildApp(ledger, { adminToken: ADMIN_TOKEN });
  const url = (await app.listen({ port: 0, host: '127.0.0.1' })).replace(/\/$/, '');
  served.push({ ledger, app, url });
  logKey = ledger.logKey;
  return { ledger, url, append };
}

async function anchorLatest(ledger: Ledger, poster: AnchorPoster) {
  const { note } = await ledger.checkpoint();
  const [, size, root] = note.split('\n');
  const status = await poster.post({ size: Number(size), rootHash: fromHex(Buffer.from(root!, 'base64').toString('hex')) });
  if (status.state !== 'ok') throw new Error(status.error ?? status.state);
}

async function run(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: CliIo = { ...processIo, stdout: (t) => void (out += t), stderr: (t) => void (err += t) };
  const code = await main(args, io);
  return { code, out, err };
}

const audit = (url: string, ...more: string[]) =>
  run(['audit', '--ledger', url, '--log-key', logKey, '--chain', anvil.url, '--contract', contract, '--chain-id', String(ANVIL_CHAIN_ID), ...more]);

let honest: string;

beforeAll(async () => {
  anvil = await startAnvil();
  const rpc = { rpcUrl: anvil.url, chainId: ANVIL_CHAIN_ID, pollingMs: 50 };
  contract = (await deployAnchor(rpc, owner)).address;
  await setPoster({ ...rpc, contract }, owner, DEFAULT_ORIGIN, posterKey.address);
  const poster = new AnchorPoster({ endpoint: { ...rpc, contract }, account: posterKey, origin: DEFAULT_ORIGIN, maxFeePerGas: 10n ** 11n, maxPriorityFeePerGas: 10n ** 9n });
  const { ledger, url, append } = await serve(30);
  await anchorLatest(ledger, poster);
  await append(20);
  await anchorLatest(ledger, poster);
  await append(5); // a tail not anchored yet
  honest = url;
});
afterAll(async () => {
  for (const s of served) await s.app.close().then(() => s.ledger.close());
  await anvil?.stop();
});

describe('aidtrail audit --chain', () => {
  it('passes a ledger that agrees with every anchored checkpoint', async () => {
    const r = await audit(honest);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^consistent: /m);
    expect(r.out).toMatch(new RegExp(`^anchored: all 2 checkpoints of ${DEFAULT_ORIGIN} anchored on chain 31337, contract ${contract} agree with the ledger; the last: size 51 at \\S+, tx 0x[0-9a-f]{64}$`, 'm'));
    // Without --chain-id the RPC's is taken.
    expect((await run(['audit', '--ledger', honest, '--log-key', logKey, '--chain', anvil.url, '--contract', contract])).code).toBe(0);
    // Without --chain it is the plain audit.
    const plain = await run(['audit', '--ledger', honest, '--log-key', logKey]);
    expect(plain.code).toBe(0);
    expect(plain.out).not.toMatch(/anchored/);
  });

  it('catches a ledger that rewrote its history after anchoring, though it is consistent with itself', async () => {
    // Same key, same sizes signed (31 and 51), other leaves.
    const rewritten = await serve(30);
    await rewritten.append(20);
    await rewritten.append(30);
    const r = await audit(rewritten.url);
    expect(r.out).toMatch(/^consistent: /m); // the plain audit cannot see it
    expect(r.code).toBe(1);
    expect(r.err.match(/^MISMATCH: anchored size \d+ root [0-9a-f]{64} \(tx 0x[0-9a-f]{64}, block \d+, \S+\): the ledger's signed checkpoint of that size has root [0-9a-f]{64}$/gm)).toHaveLength(2);
    expect(r.err).toMatch(/contradicts 2 of the 2 checkpoints anchored on chain 31337/);
  });

  it('catches a ledger that lost anchored leaves, and one without a signed checkpoint at an anchored size', async () => {
    const shorter = await serve(40);
    const r = await audit(shorter.url);
    expect(r.code).toBe(1);
    // Size 31: no checkpoint of that size listed (one batch of 40), and no proof from the anchored root.
    expect(r.err).toMatch(/^MISMATCH: anchored size 31 .*: no consistency from the anchored root to the ledger's latest checkpoint \(size 41\): /m);
    expect(r.err).toMatch(/^MISMATCH: anchored size 51 .*: the ledger's latest checkpoint has size 41: it no longer has leaves it anchored$/m);
    expect(r.err).toMatch(/contradicts 2 of the 2/);
  });

  it('refuses a contract that is not ours, another chain, an unreachable chain, and half the options', async () => {
    const notOurs = await run(['audit', '--ledger', honest, '--log-key', logKey, '--chain', anvil.url, '--contract', owner.address]);
    expect(notOurs).toMatchObject({ code: 1, err: expect.stringMatching(/there is no contract at 0x/) });
    expect((await audit(honest, '--chain-id', '1')).err).toMatch(/the RPC serves chain id 31337, not the configured 1/);
    const down = await run(['audit', '--ledger', honest, '--log-key', logKey, '--chain', 'http://127.0.0.1:1', '--contract', contract, '--chain-id', '5']);
    expect(down).toMatchObject({ code: 1, err: expect.stringMatching(/cannot read the chain at http:\/\/127\.0\.0\.1:1: /) });
    expect((await run(['audit', '--ledger', honest, '--log-key', logKey, '--chain', anvil.url])).code).toBe(2);
    expect((await run(['audit', '--ledger', honest, '--log-key', logKey, '--contract', contract])).code).toBe(2);
    expect((await run(['audit', '--ledger', honest, '--log-key', logKey, '--chain', 'ftp://x', '--contract', contract])).code).toBe(2);
  });
});

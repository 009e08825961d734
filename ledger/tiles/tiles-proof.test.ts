/**
 * `aidtrail tiles-proof` against a directory the tile writer wrote, served
 * by a plain static server on 127.0.0.1 with no ledger behind it.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ed25519Signer, encodeVerifierKey } from '../../shared/checkpoint';
import { parseTilePath } from '../../shared/tlog';
import { processIo, type CliIo } from '../cli/io';
import { main } from '../cli/main';
import type { Ledger } from '../service/ledger';
import { SqliteStore } from '../store/sqlite-store';
import { fastDevice, openLedger, uploadOf } from '../testing/fixtures';
import { directoryTarget } from './target';
import { TileWriter } from './writer';

const dir = mkdtempSync(join(tmpdir(), 'aidtrail-tiles-cli-'));
let ledger: Ledger;
let server: Server;
let url: string;
let ids: string[];

/** Serves `checkpoint` and tile paths from `dir`, as any web server in front of it would; anything else is 404. */
function serve(root: string): Promise<Server> {
  const s = createServer((request, response) => {
    const path = (request.url ?? '').replace(/^\/log\//, '');
    let body: Buffer | undefined;
    if (path === 'checkpoint' || parseTilePath(path).ok) {
      try {
        body = readFileSync(join(root, path));
      } catch {
        body = undefined;
      }
    }
    response.writeHead(body === undefined ? 404 : 200).end(body);
  });
  return new Promise((resolve) => s.listen(0, '127.0.0.1', () => resolve(s)));
}

async function run(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: CliIo = { ...processIo, stdout: (t) => void (out += t), stderr: (t) => void (err += t) };
  const code = await main(['tiles-proof', ...args], io);
  return { code, out, err };
}

beforeAll(async () => {
  const device = fastDevice();
  ledger = await openLedger(new SqliteStore(':memory:'), [device]);
  const r = await ledger.submit(await uploadOf(device, device.handouts(300)));
  if (!r.ok) throw new Error(r.message);
  await new TileWriter(ledger, directoryTarget(dir), { pollMs: 60_000 }).sync();
  ids = await ledger.store.eventIds(0, 301);
  server = await serve(dir);
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/log/`;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  await ledger.close();
});

describe('aidtrail tiles-proof', () => {
  it('proves a real event from the served tiles alone, found by its id or at its index', async () => {
    const found = await run(['--tiles', url, '--log-key', ledger.logKey, '--id', ids[280]!]);
    expect(found).toMatchObject({ code: 0, out: expect.stringMatching(/^valid: event [0-9a-f]{64} is leaf 280 of the tree of 301 leaves/) });
    const json = await run(['--tiles', url, '--log-key', ledger.logKey, '--id', ids[7]!, '--index', '7', '--json']);
    expect(json.code).toBe(0);
    const answer = JSON.parse(json.out) as { index: number; size: number; proof: string[] };
    const theirs = await ledger.inclusion({ id: ids[7]! });
    expect(answer).toMatchObject({ ok: true, index: 7, size: 301, proof: theirs.ok ? theirs.value.inclusion : [] });
    // The directory itself, as the ledger wrote it.
    expect(await run(['--tiles', dir, '--log-key', ledger.logKey, '--id', ids[0]!])).toMatchObject({ code: 0 });
  });

  it('fails (exit 1) for an event not in the log, an index that holds another event, and a checkpoint under another key', async () => {
    expect(await run(['--tiles', url, '--log-key', ledger.logKey, '--id', 'ab'.repeat(32)])).toMatchObject({ code: 1, err: expect.stringMatching(/not among the log's 301 entries/) });
    expect(await run(['--tiles', url, '--log-key', ledger.logKey, '--id', ids[3]!, '--index', '4'])).toMatchObject({ code: 1, err: expect.stringMatching(/entry-mismatch/) });
    const signer = ed25519Signer(ledger.origin, new Uint8Array(32).fill(9));
    if (!signer.ok) throw new Error(signer.message);
    const otherKey = encodeVerifierKey(signer.value);
    expect(await run(['--tiles', url, '--log-key', otherKey, '--id', ids[3]!])).toMatchObject({ code: 1, err: expect.stringMatching(/does not verify under the log key/) });
  });

  it('fails (exit 1) for a tampered tile, and says which tile is missing', async () => {
    const tile = join(dir, 'tile/0/000');
    const bytes = readFileSync(tile);
    const changed = Buffer.from(bytes);
    changed[100 * 32] = changed[100 * 32]! ^ 0x80;
    writeFileSync(tile, changed);
    try {
      expect(await run(['--tiles', url, '--log-key', ledger.logKey, '--id', ids[2]!, '--index', '2'])).toMatchObject({ code: 1, err: expect.stringMatching(/do not match the signed checkpoint/) });
      writeFileSync(tile, new Uint8Array(0));
      expect(await run(['--tiles', url, '--log-key', ledger.logKey, '--id', ids[2]!, '--index', '2'])).toMatchObject({ code: 1, err: expect.stringMatching(/tile\/0\/000: a tile of 256 hashes/) });
    } finally {
      writeFileSync(tile, bytes);
    }
    expect(await run(['--tiles', `${url}nowhere/`, '--log-key', ledger.logKey, '--id', ids[2]!])).toMatchObject({ code: 1, err: expect.stringMatching(/checkpoint could not be fetched/) });
  });

  it('is a usage error (exit 2) without an id of 64 hex characters or a log key', async () => {
    expect(await run(['--tiles', url, '--log-key', ledger.logKey, '--id', 'xyz'])).toMatchObject({ code: 2 });
    expect(await run(['--tiles', url, '--id', ids[0]!])).toMatchObject({ code: 2 });
  });
});

/**
 * The tile writer against a real ledger (SQLite in memory): what it writes
 * to a directory, read back with nothing but the directory, gives the
 * ledger's own proofs as the log grows in random steps.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fromHex, toHex } from '../../shared/bytes';
import { parseVerifierKey, type Checkpoint } from '../../shared/checkpoint';
import { consistencyProof, hashLeaf, inclusionProof } from '../../shared/merkle';
import { entriesPath, parseEntryBundle, proveConsistency, proveInclusion, readCheckpoint, tileHashes, tilePath, tilesBetween, TILE_WIDTH, withTiles, type TileGetter } from '../../shared/tlog';
import type { Ledger } from '../service/ledger';
import { SqliteStore } from '../store/sqlite-store';
import { fastDevice, openLedger, uploadOf } from '../testing/fixtures';
import { directoryTarget, type TileTarget } from './target';
import { TileWriter } from './writer';

const tempDir = () => mkdtempSync(join(tmpdir(), 'aidtrail-tiles-'));

/** A reader of the directory alone, as a web server in front of it would be. */
const fromDirectory =
  (dir: string): TileGetter =>
  async (path) => {
    try {
      return new Uint8Array(readFileSync(join(dir, path)));
    } catch {
      return undefined;
    }
  };

async function grownLedger(): Promise<{ ledger: Ledger; grow: (n: number) => Promise<void> }> {
  const device = fastDevice();
  const ledger = await openLedger(new SqliteStore(':memory:'), [device]);
  const grow = async (n: number) => {
    const r = await ledger.submit(await uploadOf(device, device.handouts(n)));
    if (!r.ok) throw new Error(r.message);
  };
  return { ledger, grow };
}

async function servedCheckpoint(ledger: Ledger, get: TileGetter): Promise<Checkpoint> {
  const key = parseVerifierKey(ledger.logKey);
  if (!key.ok) throw new Error(key.message);
  const served = await readCheckpoint(get, ledger.origin, key.value);
  if (!served.ok) throw new Error(served.message);
  expect(served.value.note).toBe((await ledger.checkpoint()).note);
  return served.value.checkpoint;
}

/** A directory target that records the paths it writes. */
function recording(dir: string): { target: TileTarget; written: string[] } {
  const inner = directoryTarget(dir);
  const written: string[] = [];
  return { written, target: { ...inner, write: async (path, bytes) => void (written.push(path), await inner.write(path, bytes)) } };
}

describe('the tile writer', () => {
  it("writes tiles that give the ledger's own inclusion and consistency proofs, at random sizes, as the log grows in random steps", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.integer({ min: 1, max: 300 }), { minLength: 1, maxLength: 4 }),
        fc.array(fc.tuple(fc.nat(), fc.nat()), { minLength: 2, maxLength: 2 }),
        async (steps, picks) => {
          const { ledger, grow } = await grownLedger();
          const dir = tempDir();
          const writer = new TileWriter(ledger, directoryTarget(dir), { pollMs: 60_000 });
          const get = fromDirectory(dir);
          const served: Checkpoint[] = [await servedAfter(writer, ledger, get)];
          for (const n of steps) {
            await grow(n);
            const checkpoint = await servedAfter(writer, ledger, get);
            const { size } = checkpoint;
            for (const [i, j] of picks) {
              const index = i % size;
              const older = 1 + (j % size);
              const ours = await withTiles(size, (t) => get(tilePath(t)), (s) => inclusionProof(s, index, size));
              const theirs = await ledger.inclusion({ leaf: index, size });
              expect(ours.ok && ours.value.ok && ours.value.value.map(toHex)).toEqual(theirs.ok && theirs.value.inclusion);
              const ourConsistency = await withTiles(size, (t) => get(tilePath(t)), (s) => consistencyProof(s, older, size));
              const theirConsistency = await ledger.consistency(older, size);
              expect(ourConsistency.ok && ourConsistency.value.ok && ourConsistency.value.value.map(toHex)).toEqual(theirConsistency.ok && theirConsistency.value.proof);
              // The reader's checked proofs: the event id at the index, and an earlier served checkpoint.
              const [id] = await ledger.store.eventIds(index, index + 1);
              expect(await proveInclusion(get, checkpoint, fromHex(id!), index)).toMatchObject({ ok: true, value: { index, size } });
              expect(await proveConsistency(get, served[j % served.length]!, checkpoint)).toMatchObject({ ok: true });
            }
            served.push(checkpoint);
          }
          await ledger.close();
          rmSync(dir, { recursive: true });
        },
      ),
      { numRuns: 4 },
    );
  });

  it("writes entry bundles that parse back to the log's event ids, each hashing to its level-0 tile's leaf hash", async () => {
    const { ledger, grow } = await grownLedger();
    await grow(600);
    const dir = tempDir();
    const size = await new TileWriter(ledger, directoryTarget(dir), { pollMs: 60_000 }).sync();
    const get = fromDirectory(dir);
    const ids: string[] = [];
    for (let n = 0; n * TILE_WIDTH < size; n++) {
      const width = Math.min(TILE_WIDTH, size - n * TILE_WIDTH);
      const entries = parseEntryBundle((await get(entriesPath(n, width)))!, width);
      const leaves = tileHashes((await get(tilePath({ level: 0, index: n, width })))!, width);
      if (!entries.ok || !leaves.ok) throw new Error('a bundle or tile does not parse');
      expect(entries.value.map(hashLeaf)).toEqual(leaves.value);
      ids.push(...entries.value.map(toHex));
    }
    expect(ids).toEqual(await ledger.store.eventIds(0, size));
    await ledger.close();
  });

  it('resumes from the checkpoint the directory holds, writing only what the growth needs, the checkpoint last', async () => {
    const { ledger, grow } = await grownLedger();
    const dir = tempDir();
    await grow(300);
    const first = await new TileWriter(ledger, directoryTarget(dir), { pollMs: 60_000 }).sync();
    await grow(250);
    const { target, written } = recording(dir);
    const second = await new TileWriter(ledger, target, { pollMs: 60_000 }).sync();
    const expected = tilesBetween(first, second).flatMap((t) => [tilePath(t), ...(t.level === 0 ? [entriesPath(t.index, t.width)] : [])]);
    expect(written.slice(0, -1).sort()).toEqual(expected.sort());
    expect(written.at(-1)).toBe('checkpoint');
    // Nothing new: nothing written.
    written.length = 0;
    await new TileWriter(ledger, target, { pollMs: 60_000 }).sync();
    expect(written).toEqual([]);
    await ledger.close();
  });

  it('runs in the background once started, reports a failure once, recovers, and stops after its pass in flight', async () => {
    const { ledger, grow } = await grownLedger();
    const dir = tempDir();
    writeFileSync(join(dir, 'checkpoint'), 'not a checkpoint\n');
    const errors: string[] = [];
    const writer = new TileWriter(ledger, directoryTarget(dir), { pollMs: 10, onError: (m) => errors.push(m) });
    writer.start();
    await expect.poll(() => errors.length).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(errors).toEqual([expect.stringMatching(/not this log's/)]);
    rmSync(join(dir, 'checkpoint'));
    await grow(7);
    await expect.poll(async () => (await readCheckpointSize(dir)) ?? -1).toBe((await ledger.checkpoint()).size);
    await writer.stop();
    await ledger.close();
  });

  it("refuses to write over a directory holding another log's checkpoint, or a tree larger than the log's", async () => {
    const { ledger, grow } = await grownLedger();
    const other = await grownLedger();
    await other.grow(20);
    const dir = tempDir();
    await new TileWriter(other.ledger, directoryTarget(dir), { pollMs: 60_000 }).sync();
    // The same key and origin (the fixtures' HQ), another history: found by its root.
    await grow(3);
    await expect(new TileWriter(ledger, directoryTarget(dir), { pollMs: 60_000 }).sync()).rejects.toThrow(/beyond the log's|root is not the log's/);
    await grow(30);
    await expect(new TileWriter(ledger, directoryTarget(dir), { pollMs: 60_000 }).sync()).rejects.toThrow(/root is not the log's/);
    writeFileSync(join(dir, 'checkpoint'), 'not a checkpoint\n');
    await expect(new TileWriter(ledger, directoryTarget(dir), { pollMs: 60_000 }).sync()).rejects.toThrow(/not this log's/);
    await ledger.close();
    await other.ledger.close();
  });

  it('gives a clear error for a missing tile or bundle, and a refused proof for a changed one, never a wrong proof', async () => {
    const { ledger, grow } = await grownLedger();
    await grow(400);
    const dir = tempDir();
    await new TileWriter(ledger, directoryTarget(dir), { pollMs: 60_000 }).sync();
    const checkpoint = await servedCheckpoint(ledger, fromDirectory(dir));
    const [id] = await ledger.store.eventIds(5, 6);
    const prove = () => proveInclusion(fromDirectory(dir), checkpoint, fromHex(id!), 5);
    expect(await prove()).toMatchObject({ ok: true });

    const tile = join(dir, 'tile/0/000');
    const bytes = readFileSync(tile);
    rmSync(tile);
    expect(await prove()).toMatchObject({ ok: false, code: 'tile-unavailable', message: expect.stringContaining('tile/0/000') });
    // Leaf 200's hash is inside the sibling subtree of leaf 5 at tree level 7.
    const changed = Buffer.from(bytes);
    changed[200 * 32] = changed[200 * 32]! ^ 1;
    writeFileSync(tile, changed);
    expect(await prove()).toMatchObject({ ok: false, code: 'proof-mismatch' });
    writeFileSync(tile, bytes);

    rmSync(join(dir, 'tile/entries/000'));
    expect(await prove()).toMatchObject({ ok: false, code: 'tile-unavailable', message: expect.stringContaining('tile/entries/000') });
    await ledger.close();
  });
});

/** Runs one writer pass and returns the checkpoint the directory now serves, which must be the ledger's latest. */
async function servedAfter(writer: TileWriter, ledger: Ledger, get: TileGetter): Promise<Checkpoint> {
  expect(await writer.sync()).toBe((await ledger.checkpoint()).size);
  return servedCheckpoint(ledger, get);
}

async function readCheckpointSize(dir: string): Promise<number | undefined> {
  const bytes = await fromDirectory(dir)('checkpoint');
  return bytes === undefined ? undefined : Number(new TextDecoder().decode(bytes).split('\n')[1]);
}

import { describe, expect, it } from 'vitest';
import { utf8 } from '../bytes';
import { ed25519Signer, signCheckpoint, type NoteSigner } from '../checkpoint';
import { hashLeaf, MemoryMerkleTree, rootAt } from '../merkle';
import { entriesPath, tilePath } from './tile-path';
import { fetchTiles, findEntry, proveConsistency, proveInclusion, readCheckpoint, type FetchLike } from './tile-reader';
import { entryBundle, tileBytes, tilesOf } from './tiles';

const ORIGIN = 'log.example/tiles';
function logSigner(): NoteSigner {
  const made = ed25519Signer(ORIGIN, new Uint8Array(32).fill(3));
  if (!made.ok) throw new Error(made.message);
  return made.value;
}
const signer = logSigner();
const entry = (i: number) => Uint8Array.of(1, i >> 8, i & 0xff);

/** A served log of `size` entries: its resources by path, as a static server holds them. */
function servedLog(size: number): Map<string, Uint8Array> {
  const tree = new MemoryMerkleTree();
  for (let i = 0; i < size; i++) tree.append(hashLeaf(entry(i)));
  const root = rootAt(tree, size);
  const note = root.ok ? signCheckpoint({ origin: ORIGIN, size, rootHash: root.value, extensions: [] }, [signer]) : undefined;
  const files = new Map<string, Uint8Array>([['checkpoint', utf8(note?.ok ? note.value : '')]]);
  for (const tile of tilesOf(size)) {
    files.set(tilePath(tile), tileBytes(tree, tile));
    if (tile.level === 0) files.set(entriesPath(tile.index, tile.width), entryBundle(Array.from({ length: tile.width }, (_, i) => entry(tile.index * 256 + i))));
  }
  return files;
}

/** A fetch over `files` under https://cdn.example/log/, answering 404 for the rest and failing for another host. */
const fetchOver =
  (files: ReadonlyMap<string, Uint8Array>): FetchLike =>
  async (url) => {
    if (!url.startsWith('https://cdn.example/')) throw new TypeError('fetch failed');
    const bytes = files.get(url.replace('https://cdn.example/log/', ''));
    return { status: bytes === undefined ? 404 : 200, arrayBuffer: async () => (bytes ?? new Uint8Array(0)).slice().buffer };
  };

describe('reading a tiled log over fetch', () => {
  it('verifies the checkpoint, finds an entry and proves it and the growth from an older checkpoint', async () => {
    const big = fetchTiles('https://cdn.example/log/', fetchOver(servedLog(700)));
    const newer = await readCheckpoint(big, ORIGIN, signer);
    if (!newer.ok) throw new Error(newer.message);
    expect(await findEntry(big, 700, entry(600))).toEqual({ ok: true, value: 600 });
    expect(await findEntry(big, 700, entry(701))).toMatchObject({ ok: false, code: 'not-found' });
    expect(await proveInclusion(big, newer.value.checkpoint, entry(600), 600)).toMatchObject({ ok: true, value: { index: 600, size: 700 } });
    expect(await proveInclusion(big, newer.value.checkpoint, entry(600), 700)).toMatchObject({ ok: false, code: 'index-out-of-range' });
    const older = await readCheckpoint(fetchTiles('https://cdn.example/log', fetchOver(servedLog(300))), ORIGIN, signer);
    if (!older.ok) throw new Error(older.message);
    expect(await proveConsistency(big, older.value.checkpoint, newer.value.checkpoint)).toMatchObject({ ok: true });
    expect(await proveConsistency(big, newer.value.checkpoint, older.value.checkpoint)).toMatchObject({ ok: false, code: 'index-out-of-range' });
    expect(await proveConsistency(big, { ...older.value.checkpoint, size: 0 }, newer.value.checkpoint)).toEqual({ ok: true, value: [] });
  });

  it('takes a failed request or another status for an absent resource', async () => {
    expect(await readCheckpoint(fetchTiles('https://elsewhere.example/log', fetchOver(servedLog(5))), ORIGIN, signer)).toMatchObject({ ok: false, code: 'checkpoint-unavailable' });
    expect(await readCheckpoint(fetchTiles('https://cdn.example/nolog', fetchOver(servedLog(5))), ORIGIN, signer)).toMatchObject({ ok: false, code: 'checkpoint-unavailable' });
    expect(await readCheckpoint(fetchTiles('https://cdn.example/log', fetchOver(servedLog(5))), 'another.example/log', signer)).toMatchObject({ ok: false, code: 'bad-checkpoint' });
  });
});

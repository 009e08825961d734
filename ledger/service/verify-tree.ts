/**
 * The stored tree's self-check (GET /admin/verify-tree, and after a crash
 * and restart): the root rebuilt from the stored leaf hashes alone must equal
 * the root from the stored nodes and the root of the latest signed
 * checkpoint, and leaf 0 must be the hash of event 0.
 */
import { fromHex, toHex } from '../../shared/bytes';
import { openCheckpoint, type NoteVerifier } from '../../shared/checkpoint';
import { hashLeaf, MerkleFrontier, rootAt } from '../../shared/merkle';
import { err, ok, type Result } from '../../shared/result';
import { peakCoords, rootOfPeaks } from '../store/append';
import type { LedgerStore } from '../store/store';
import { withStoredNodes } from './proofs';

/** Leaf hashes read at a time while rebuilding. */
const LEAF_CHUNK = 10_000;

export async function verifyStoredTree(
  store: LedgerStore,
  origin: string,
  logKey: NoteVerifier,
): Promise<Result<{ size: number; root: string }, 'corrupt'>> {
  const latest = await store.latestCheckpoint();
  const size = await store.size();
  const frontier = MerkleFrontier.empty();
  for (let start = 0; start < size; start += LEAF_CHUNK) {
    for (const leaf of await store.leaves(start, Math.min(size, start + LEAF_CHUNK))) frontier.append(leaf);
  }
  if (frontier.size !== size) return err('corrupt', `${frontier.size} leaf hashes stored for a log of ${size}`);
  const rebuilt = toHex(frontier.root());
  const fromNodes = toHex(rootOfPeaks(await store.nodes(peakCoords(size))));
  const viaSource = await withStoredNodes(store, size, (source) => rootAt(source, size));
  const signed = openCheckpoint(latest.note, origin, logKey);
  if (!signed.ok) return err('corrupt', `the latest checkpoint does not verify: ${signed.message}`);
  if (!viaSource.ok || toHex(viaSource.value) !== rebuilt || fromNodes !== rebuilt) {
    return err('corrupt', `the stored nodes give root ${fromNodes}, the leaves ${rebuilt}`);
  }
  if (signed.value.size !== size || toHex(signed.value.rootHash) !== rebuilt) {
    return err('corrupt', `the latest checkpoint signs size ${signed.value.size}, the log has ${size} leaves with root ${rebuilt}`);
  }
  const leafIds = await store.eventIds(0, Math.min(size, 1));
  if (size > 0 && toHex(hashLeaf(fromHex(leafIds[0]!))) !== toHex((await store.leaves(0, 1))[0]!)) {
    return err('corrupt', 'leaf 0 is not the hash of event 0');
  }
  return ok({ size, root: rebuilt });
}

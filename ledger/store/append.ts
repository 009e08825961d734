/**
 * The decision of an append, pure, so SQLite and PostgreSQL write exactly the
 * same rows: given the log state read under the store's lock, either the
 * batch is already there (idempotent re-send), or it does not continue the
 * device's anchored chain (someone else appended first: replay, gap, fork),
 * or these are the rows to write.
 *
 * New nodes come from the peaks (the complete subtrees tiling the current
 * leaves, one per set bit of the size, RFC 9162 §2.1.1 split points): each
 * appended leaf merges with the peaks of its own width like a carry in
 * binary addition, and every merge is a newly complete node, written once.
 */
import { canonicalize } from '../../shared/canonical';
import type { ChainLink } from '../../shared/events/verify';
import { checkHead, siteOf, type BatchRejection, type VerifiedBatch } from '../../shared/ledger';
import { emptyRoot, hashLeaf, hashNode } from '../../shared/merkle';
import { fromHex } from '../../shared/bytes';
import type { NodeCoord, StoredBatch } from './store';

export interface AppendRequest {
  readonly batch: VerifiedBatch;
  /** The device's certified site when the batch came in; null for HQ's own batches. */
  readonly site: string | null;
  readonly receivedAt: string;
}

export interface LogState {
  readonly size: number;
  /** The hashes at peakCoords(size), left to right. */
  readonly peaks: readonly Uint8Array[];
  /** The device's anchored head. */
  readonly head: ChainLink | null;
  /** The batch with this id, if already stored. */
  readonly existing: StoredBatch | undefined;
}

export interface EventRow {
  readonly leaf: number;
  readonly id: string;
  readonly device: string;
  readonly seq: number;
  readonly type: string;
  readonly round: string | null;
  readonly site: string | null;
  readonly at: string;
  readonly batch: string;
  readonly json: string;
}

export interface NodeRow extends NodeCoord {
  readonly hash: Uint8Array;
}

export type AppendPlan =
  | { readonly kind: 'duplicate'; readonly batch: StoredBatch }
  | { readonly kind: 'rejected'; readonly rejection: BatchRejection }
  | {
      readonly kind: 'append';
      readonly batch: StoredBatch;
      readonly events: readonly EventRow[];
      readonly nodes: readonly NodeRow[];
      readonly head: ChainLink;
      readonly size: number;
      readonly root: Uint8Array;
    };

/** The complete subtrees tiling [0, size), largest (leftmost) first. */
export function peakCoords(size: number): NodeCoord[] {
  const coords: NodeCoord[] = [];
  let start = 0;
  let width = 1;
  let level = 0;
  while (width * 2 <= size) {
    width *= 2;
    level++;
  }
  for (; width >= 1; width /= 2, level--) {
    if (start + width <= size) {
      coords.push({ level, index: start / width });
      start += width;
    }
  }
  return coords;
}

/** MTH from the peaks: fold from the right (the leftmost peak is the split of RFC 9162 §2.1.1). */
export function rootOfPeaks(peaks: readonly Uint8Array[]): Uint8Array {
  const last = peaks.at(-1);
  if (last === undefined) return emptyRoot();
  return peaks.slice(0, -1).reduceRight((acc, peak) => hashNode(peak, acc), last);
}

/** Appends leaf hashes to a log of `size` leaves with these peaks: every new node, the new peaks. */
export function extendTree(
  size: number,
  peaks: readonly Uint8Array[],
  leafHashes: readonly Uint8Array[],
): { nodes: NodeRow[]; peaks: Uint8Array[] } {
  const stack = peakCoords(size).map((c, i) => ({ ...c, hash: peaks[i]! }));
  if (stack.length !== peaks.length) throw new Error(`a ${size}-leaf log has ${stack.length} peaks, got ${peaks.length}`);
  const nodes: NodeRow[] = [];
  for (const [i, leafHash] of leafHashes.entries()) {
    let node: NodeRow = { level: 0, index: size + i, hash: leafHash };
    nodes.push(node);
    while (stack.length > 0 && stack[stack.length - 1]!.level === node.level) {
      const left = stack.pop()!;
      node = { level: node.level + 1, index: left.index / 2, hash: hashNode(left.hash, node.hash) };
      nodes.push(node);
    }
    stack.push(node);
  }
  return { nodes, peaks: stack.map((n) => n.hash) };
}

export function planAppend(state: LogState, request: AppendRequest): AppendPlan {
  const { batch } = request;
  if (state.existing !== undefined) return { kind: 'duplicate', batch: state.existing };
  const linked = checkHead(batch.header, batch.events[0]!, state.head);
  if (!linked.ok) return { kind: 'rejected', rejection: linked };

  const firstLeaf = state.size;
  const events: EventRow[] = batch.events.map(({ id, event }, i) => ({
    leaf: firstLeaf + i,
    id,
    device: event.device,
    seq: event.seq,
    type: event.type,
    round: event.round ?? null,
    site: siteOf(event) ?? request.site,
    at: event.at,
    batch: batch.id,
    json: canonicalize(event),
  }));
  const grown = extendTree(state.size, state.peaks, batch.events.map((e) => hashLeaf(fromHex(e.id))));
  const size = firstLeaf + events.length;
  const last = batch.events.at(-1)!;
  return {
    kind: 'append',
    batch: {
      id: batch.id,
      header: batch.header,
      sig: batch.sig,
      firstLeaf,
      treeSize: size,
      site: request.site,
      receivedAt: request.receivedAt,
    },
    events,
    nodes: grown.nodes,
    head: { id: last.id, seq: last.event.seq },
    size,
    root: rootOfPeaks(grown.peaks),
  };
}

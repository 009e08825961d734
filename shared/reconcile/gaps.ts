/**
 * Gaps and forks in the devices' hash chains (DESIGN.md principle 1: every
 * event carries its device, a per-device sequence number and the id of the
 * device's previous event).
 *
 * - A gap is a run of a device's sequence numbers not seen yet, between 1 and
 *   the highest seen (or announced by the device, e.g. over awareness): "device
 *   X: events 120–130 not seen yet". A gap closes as the events sync in.
 * - A fork is two histories from one device key, which an honest device never
 *   writes: a cloned laptop, or a stolen key. Forks are listed apart because
 *   they are serious and do not close by themselves:
 *   - `same-seq`: two or more different events with the same device and seq;
 *   - `broken-chain`: an event whose `prev` is not the id of any stored event
 *     of the same device at seq − 1 (checked only when one is stored).
 *
 * Per-event chain rules (seq 1 exactly when prev is null) are `verifyEvent`'s;
 * events here are already verified. Work is O(n log n) in the events held,
 * never in the sequence numbers, so a device claiming seq 2^53 − 1 costs
 * nothing. Gaps are only meaningful over all of a device's events: a sync
 * scope (one round's document) holds only part of each device's chain.
 */
import type { VerifiedEvent } from '../events/verify';
import { uniqueEvents } from '../distribution/amendments';
import { compareText } from './order';

export interface SeqRange {
  readonly from: number;
  /** Inclusive. */
  readonly to: number;
}

export interface DeviceSequence {
  readonly device: string;
  /** Distinct sequence numbers held. */
  readonly held: number;
  /** Highest sequence number seen or announced; 0 for none. */
  readonly last: number;
  /** Sequence numbers from 1 to `last` not seen yet, as ascending ranges. */
  readonly missing: readonly SeqRange[];
  /** How many sequence numbers `missing` covers. */
  readonly missingCount: number;
}

export type Fork =
  | {
      readonly kind: 'same-seq';
      readonly device: string;
      readonly seq: number;
      /** Two or more event ids, sorted. */
      readonly events: readonly string[];
    }
  | {
      readonly kind: 'broken-chain';
      readonly device: string;
      readonly seq: number;
      readonly event: string;
      /** What the event names as its predecessor. */
      readonly prev: string;
      /** The ids stored at seq − 1 of the device (more than one when that seq forked too), sorted. */
      readonly expected: readonly string[];
    };

export interface Gaps {
  /** Every device seen or announced, sorted by device. */
  readonly devices: readonly DeviceSequence[];
  /** Sorted by device, seq, kind, then event ids. */
  readonly forks: readonly Fork[];
}

export interface GapOptions {
  /**
   * The highest sequence number each device says it has written (awareness,
   * a sync handshake), so the events after the last one held count as missing
   * too. Values that are not positive safe integers are ignored.
   */
  readonly announced?: ReadonlyMap<string, number>;
}

const forkOrder = (f: Fork): string => (f.kind === 'same-seq' ? f.events[0] ?? '' : f.event);

export function gaps(events: readonly VerifiedEvent[], options: GapOptions = {}): Gaps {
  const byDevice = new Map<string, Map<number, VerifiedEvent[]>>();
  for (const e of uniqueEvents(events)) {
    const seqs = byDevice.get(e.event.device) ?? new Map<number, VerifiedEvent[]>();
    const list = seqs.get(e.event.seq) ?? [];
    list.push(e);
    seqs.set(e.event.seq, list);
    byDevice.set(e.event.device, seqs);
  }
  for (const [device, last] of options.announced ?? []) {
    if (Number.isSafeInteger(last) && last > 0 && !byDevice.has(device)) byDevice.set(device, new Map());
  }

  const devices: DeviceSequence[] = [];
  const forks: Fork[] = [];
  for (const [device, seqs] of byDevice) {
    const held = [...seqs.keys()].sort((a, b) => a - b);
    const announced = options.announced?.get(device);
    const seen = held.at(-1) ?? 0;
    const last = announced !== undefined && Number.isSafeInteger(announced) && announced > seen ? announced : seen;
    const missing: SeqRange[] = [];
    let next = 1;
    for (const seq of [...held, last + 1]) {
      if (seq > next) missing.push({ from: next, to: seq - 1 });
      next = seq + 1;
    }
    devices.push({ device, held: held.length, last, missing, missingCount: missing.reduce((n, r) => n + r.to - r.from + 1, 0) });

    for (const seq of held) {
      const here = seqs.get(seq)!;
      if (here.length > 1) forks.push({ kind: 'same-seq', device, seq, events: here.map((e) => e.id).sort(compareText) });
      const before = seqs.get(seq - 1);
      if (before === undefined) continue;
      const expected = before.map((e) => e.id).sort(compareText);
      const ids = new Set(expected);
      for (const e of here) {
        const prev = e.event.prev;
        if (prev !== null && !ids.has(prev)) forks.push({ kind: 'broken-chain', device, seq, event: e.id, prev, expected });
      }
    }
  }
  devices.sort((a, b) => compareText(a.device, b.device));
  forks.sort(
    (a, b) => compareText(a.device, b.device) || a.seq - b.seq || compareText(a.kind, b.kind) || compareText(forkOrder(a), forkOrder(b)),
  );
  return { devices, forks };
}

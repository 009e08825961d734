/**
 * Devices waiting for admission: their events arrived (from a peer or a sync
 * file) but the device holds no certificate from the team lead yet, so the
 * kit keeps them in quarantine as `unknown-device` until the lead certifies
 * it (kit.certifyDevice releases them).
 */
import type { QuarantineEntry } from '../../kit/api';

export interface WaitingDevice {
  readonly device: string;
  /** Events held back. */
  readonly count: number;
  /** Where they came from (peers, file names), sorted. */
  readonly sources: readonly string[];
  readonly firstReceived: string;
  readonly lastReceived: string;
}

export function waitingDevices(quarantine: readonly QuarantineEntry[]): WaitingDevice[] {
  const byDevice = new Map<string, { count: number; sources: Set<string>; first: string; last: string }>();
  for (const entry of quarantine) {
    if (entry.reason !== 'unknown-device' || entry.device === '') continue;
    const found = byDevice.get(entry.device);
    if (found === undefined) {
      byDevice.set(entry.device, { count: 1, sources: new Set([entry.source]), first: entry.receivedAt, last: entry.receivedAt });
      continue;
    }
    found.count += 1;
    found.sources.add(entry.source);
    if (entry.receivedAt < found.first) found.first = entry.receivedAt;
    if (entry.receivedAt > found.last) found.last = entry.receivedAt;
  }
  return [...byDevice]
    .map(([device, d]) => ({ device, count: d.count, sources: [...d.sources].sort(), firstReceived: d.first, lastReceived: d.last }))
    .sort((a, b) => (a.lastReceived === b.lastReceived ? (a.device < b.device ? -1 : 1) : a.lastReceived < b.lastReceived ? 1 : -1));
}

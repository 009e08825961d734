/**
 * HQ's admin views, independent of HTTP: every device with its certificates,
 * revocation, what it anchored and the earliest event HQ has seen in its
 * refused uploads (what `validFrom: "first-event"` would start a certificate
 * at), and the devices HQ refused for want of any certificate; sites; anchored events per round; batches;
 * refused uploads; events whole (HQ only, personal data sealed but present)
 * or redacted for a donor's bundle. Every list is a page of at most MAX_PAGE.
 * What the console reads of them has the shapes of shared/ledger/admin-answers.ts.
 */
import type { DidKey } from '../../shared/crypto/did-key';
import type { SignedEvent } from '../../shared/events/envelope';
import { redactEvent, type BundleEntry, type DeviceRegistry } from '../../shared/ledger';
import type { BatchRow, DeviceRow, RefusedDeviceRow, RejectionRow, RoundRow, SiteRow } from '../../shared/ledger/admin-answers';
import type {
  BatchQuery,
  DeviceSummary,
  EventQuery,
  LedgerStore,
  RefusedDevice,
  RoundTotal,
  SiteSummary,
  StoredEvent,
} from '../store/store';
import { MAX_PAGE, pageSize } from './page';

/** An anchored event as HQ sees it: whole. */
export interface HqEvent {
  readonly leafIndex: number;
  readonly id: string;
  readonly batch: string;
  readonly event: SignedEvent;
}

/** An anchored event for a donor's bundle: personal fields removed (shared/ledger/bundle.ts). */
export type ExportEntry = BundleEntry & { readonly leafIndex: number; readonly batch: string };

/** Which anchored events a page holds; `afterLeaf` is exclusive, -1 for all. */
export type EventFilter = Pick<EventQuery, 'afterLeaf' | 'limit' | 'round' | 'site' | 'device'>;

export interface AdminViewsOptions {
  readonly store: LedgerStore;
  readonly hq: DidKey;
  /** HQ's current device registry (the ledger caches it). */
  readonly registry: () => Promise<DeviceRegistry>;
}

/**
 * Every device HQ knows of, certified or anchoring (HQ itself left out), by
 * did: its certificates and revocation from the registry, its batches and
 * refused uploads from the store.
 */
export function deviceViews(
  hq: DidKey,
  registry: DeviceRegistry,
  anchored: readonly DeviceSummary[],
  refused: readonly RefusedDevice[] = [],
): DeviceRow[] {
  const byDevice = new Map(anchored.map((d) => [d.device, d]));
  const firstRefused = new Map(refused.map((d) => [d.device, d.firstEventAt]));
  const dids = new Set<string>([...registry.certificates.keys(), ...byDevice.keys()]);
  dids.delete(hq);
  return [...dids].sort().map((did) => {
    const summary = byDevice.get(did);
    const certificates = registry.certificates.get(did as DidKey);
    const firstRefusedEventAt = firstRefused.get(did);
    return {
      device: did,
      certificates: certificates ?? [],
      revoked: registry.revocations.get(did as DidKey) ?? null,
      site: summary?.site ?? certificates?.at(-1)?.site ?? null,
      batches: summary?.batches ?? 0,
      events: summary?.events ?? 0,
      head: summary?.head ?? null,
      lastBatchAt: summary?.lastBatchAt ?? null,
      ...(firstRefusedEventAt !== undefined && { firstRefusedEventAt }),
    };
  });
}

/**
 * Devices whose verified uploads HQ refused and that hold no certificate and
 * no revocation (HQ left out): the laptops waiting to be registered, latest
 * refused first, at most a page.
 */
export function unregisteredDevices(hq: DidKey, registry: DeviceRegistry, refused: readonly RefusedDevice[]): RefusedDeviceRow[] {
  const waiting = (did: DidKey) => did !== hq && !registry.certificates.has(did) && !registry.revocations.has(did);
  return refused.filter((d) => waiting(d.device as DidKey)).slice(0, MAX_PAGE);
}

/** The store's totals per (round, site, type) folded into one entry per round, in the store's order. */
export function roundViews(totals: readonly RoundTotal[]): RoundRow[] {
  const byRound = new Map<string, { round: string | null; events: number; bySite: Record<string, number>; byType: Record<string, number> }>();
  for (const t of totals) {
    const key = t.round ?? '';
    const entry = byRound.get(key) ?? { round: t.round, events: 0, bySite: {}, byType: {} };
    entry.events += t.events;
    entry.bySite[t.site ?? '-'] = (entry.bySite[t.site ?? '-'] ?? 0) + t.events;
    entry.byType[t.type] = (entry.byType[t.type] ?? 0) + t.events;
    byRound.set(key, entry);
  }
  return [...byRound.values()];
}

export class AdminViews {
  readonly #store: LedgerStore;
  readonly #hq: DidKey;
  readonly #registry: () => Promise<DeviceRegistry>;

  constructor(options: AdminViewsOptions) {
    this.#store = options.store;
    this.#hq = options.hq;
    this.#registry = options.registry;
  }

  async devices(): Promise<DeviceRow[]> {
    const [anchored, refused, registry] = await Promise.all([this.#store.devices(), this.#store.refusedDevices(), this.#registry()]);
    return deviceViews(this.#hq, registry, anchored, refused);
  }

  async unregistered(): Promise<RefusedDeviceRow[]> {
    const [refused, registry] = await Promise.all([this.#store.refusedDevices(), this.#registry()]);
    return unregisteredDevices(this.#hq, registry, refused);
  }

  /** Batches and events per site; HQ's own batches, which have no site, are left out. */
  async sites(): Promise<SiteRow[]> {
    return (await this.#store.sites()).filter((s): s is SiteSummary & { site: string } => s.site !== null);
  }

  async rounds(): Promise<RoundRow[]> {
    return roundViews(await this.#store.rounds());
  }

  /** The latest batches first. */
  async batches(query: BatchQuery): Promise<BatchRow[]> {
    return this.#store.batches({ ...query, limit: pageSize(query.limit) });
  }

  /** The latest refusals first. */
  async rejections(limit: number): Promise<RejectionRow[]> {
    return this.#store.rejections(pageSize(limit));
  }

  /** Anchored events as stored (JCS text), in leaf order. */
  async storedEvents(filter: EventFilter): Promise<StoredEvent[]> {
    return this.#store.events({ ...filter, limit: pageSize(filter.limit) });
  }

  async events(filter: EventFilter): Promise<HqEvent[]> {
    const rows = await this.storedEvents(filter);
    return rows.map((r) => ({ leafIndex: r.leaf, id: r.id, batch: r.batch, event: JSON.parse(r.json) as SignedEvent }));
  }

  async exportEvents(filter: Omit<EventFilter, 'device'>): Promise<ExportEntry[]> {
    const rows = await this.storedEvents(filter);
    return rows.map((row) => ({ ...redactEvent(row.id, JSON.parse(row.json) as SignedEvent), leafIndex: row.leaf, batch: row.batch }));
  }
}

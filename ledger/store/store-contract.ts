/**
 * One contract for every LedgerStore: run by sqlite-store.test.ts and
 * postgres-store.test.ts against the real databases.
 */
import { describe, expect, it } from 'vitest';
import { fromHex, toHex } from '../../shared/bytes';
import { nobleVerifier } from '../../shared/crypto/verifier';
import { eventId } from '../../shared/events/sign';
import { verifyBatch, type VerifiedBatch } from '../../shared/ledger';
import { certBody } from '../../shared/ledger/test-support';
import { consistencyProof, hashLeaf, inclusionProof, MemoryMerkleTree, rootAt } from '../../shared/merkle';
import { withStoredNodes } from '../service/proofs';
import { fastDevice, openLedger, uploadOf } from '../testing/fixtures';
import { StoreIdentityError } from './identity';
import { MAX_REJECTION_EVENTS, MAX_REJECTION_MESSAGE, type LedgerStore, type Rejection, type StoreOptions } from './store';

export interface StoreFactory {
  /** A store over a new, empty database; `sql` runs statements on that database behind the store's back. */
  fresh(options?: StoreOptions): Promise<{ store: LedgerStore; reopen(): Promise<LedgerStore>; sql(text: string): Promise<void> }>;
}

const refusal = (n: number, device: string | null, firstAt: string | null): Rejection => ({
  at: `2026-11-25T10:00:${String(n % 60).padStart(2, '0')}.000Z`,
  device,
  batch: null,
  code: firstAt === null ? 'bad-signature' : 'device-not-certified',
  message: `refusal ${n}`,
  events: [],
  firstAt,
});

async function verified(upload: unknown): Promise<VerifiedBatch> {
  const v = await verifyBatch(upload, { verifier: nobleVerifier });
  if (!v.ok) throw new Error(v.message);
  return v.value;
}

export function storeContract(name: string, factory: StoreFactory): void {
  describe(`${name} LedgerStore`, () => {
    it('binds the database to one log: another origin or log key is refused', async () => {
      const { store, reopen } = await factory.fresh();
      await store.init({ origin: 'a.example/log', logKey: 'key-1' });
      await store.close();
      const again = await reopen();
      await again.init({ origin: 'a.example/log', logKey: 'key-1' });
      await again.close();
      const other = await reopen();
      await expect(other.init({ origin: 'b.example/log', logKey: 'key-1' })).rejects.toThrow(StoreIdentityError);
      await expect(other.init({ origin: 'a.example/log', logKey: 'key-2' })).rejects.toThrow(/another log/);
      await other.close();
    });

    it('stores exactly the tree of the appended leaves: roots and proofs at every size agree with an in-memory tree', async () => {
      const { store } = await factory.fresh();
      const devices = [fastDevice(), fastDevice()];
      const ledger = await openLedger(store, devices);
      const memory = new MemoryMerkleTree();
      for (const leaf of await store.leaves(0, await store.size())) memory.append(leaf);
      for (const n of [1, 2, 3, 7, 16, 1, 30]) {
        const d = devices[n % 2]!;
        const events = d.handouts(n);
        const r = await ledger.submit(await uploadOf(d, events));
        expect(r.ok, r.ok ? '' : r.message).toBe(true);
        for (const e of events) memory.append(hashLeaf(fromHex(eventId(e))));
      }
      const size = await store.size();
      expect(size).toBe(memory.size);
      for (let s = 0; s <= size; s++) {
        const root = await withStoredNodes(store, s, (src) => rootAt(src, s));
        expect(root.ok && toHex(root.value), `root at ${s}`).toBe(toHex(memory.rootAt(s).ok ? (memory.rootAt(s) as { value: Uint8Array }).value : new Uint8Array()));
      }
      for (const [index, s] of [[0, 1], [5, 9], [12, size], [size - 1, size]] as const) {
        const proof = await withStoredNodes(store, s, (src) => inclusionProof(src, index, s));
        expect(proof).toEqual(memory.inclusionProof(index, s));
      }
      for (const [a, b] of [[1, size], [7, 13], [16, 32], [size - 1, size]] as const) {
        const proof = await withStoredNodes(store, b, (src) => consistencyProof(src, a, b));
        expect(proof).toEqual(memory.consistencyProof(a, b));
      }
      const stored = await ledger.verifyStoredTree();
      expect(stored).toEqual({ ok: true, value: { size, root: toHex(memory.root()) } });
      await ledger.close();
    });

    it('after a restart the root equals a rebuild from the stored leaves, and appends go on', async () => {
      const { store, reopen } = await factory.fresh();
      const d = fastDevice();
      const ledger = await openLedger(store, [d]);
      expect((await ledger.submit(await uploadOf(d, d.handouts(11)))).ok).toBe(true);
      const before = await ledger.checkpoint();
      await ledger.close();

      const again = await openLedger(await reopen());
      expect(await again.checkpoint()).toEqual(before);
      expect((await again.verifyStoredTree()).ok).toBe(true);
      const r = await again.submit(await uploadOf(d, d.handouts(6)));
      expect(r.ok).toBe(true);
      expect((await again.verifyStoredTree()).ok).toBe(true);
      expect(await store.kind).toBe(again.store.kind);
      await again.close();
    });

    it('appends a batch at most once, and only after the anchored chain, under its lock', async () => {
      const { store } = await factory.fresh();
      const d = fastDevice();
      const ledger = await openLedger(store, [d]);
      const first = await verified(await uploadOf(d, d.handouts(3)));
      const second = await verified(await uploadOf(d, d.handouts(2)));
      const sign = () => 'note\n';
      const size = await store.size();
      expect((await store.append({ batch: second, site: 'camp-a', receivedAt: 'now' }, sign)).kind).toBe('rejected');
      const a = await store.append({ batch: first, site: 'camp-a', receivedAt: '2026-11-24T00:00:00.000Z' }, sign);
      expect(a.kind).toBe('appended');
      const again = await store.append({ batch: first, site: 'camp-a', receivedAt: 'later' }, sign);
      expect(again).toEqual({ kind: 'duplicate', batch: a.kind === 'appended' ? a.batch : undefined });
      expect(await store.size()).toBe(size + 3);
      expect(await store.deviceHead(d.did)).toEqual({ seq: 3, id: first.events[2]!.id });
      await ledger.close();
    });

    it('writes nothing of an append that fails before COMMIT', async () => {
      const { store } = await factory.fresh();
      const d = fastDevice();
      const ledger = await openLedger(store, [d]);
      const before = { size: await store.size(), checkpoint: await store.latestCheckpoint() };
      const batch = await verified(await uploadOf(d, d.handouts(5)));
      await expect(
        store.append({ batch, site: 'camp-a', receivedAt: 'now' }, () => {
          throw new Error('the signer failed');
        }),
      ).rejects.toThrow('the signer failed');
      expect(await store.size()).toBe(before.size);
      expect(await store.latestCheckpoint()).toEqual(before.checkpoint);
      expect(await store.deviceHead(d.did)).toBeNull();
      expect(await store.batch(batch.id)).toBeUndefined();
      expect(await store.leafOf(batch.events[0]!.id)).toBeUndefined();
      expect(await store.leaves(0, before.size + 5)).toHaveLength(before.size);
      // And the same batch goes in cleanly afterwards.
      expect((await ledger.submit(await uploadOf(d, batch.events.map((e) => e.event)))).ok).toBe(true);
      expect((await ledger.verifyStoredTree()).ok).toBe(true);
      await ledger.close();
    });

    it('answers the HQ views: per device, per site, per round, rejections', async () => {
      const { store } = await factory.fresh();
      const [a, b] = [fastDevice(), fastDevice()];
      const ledger = await openLedger(store, [a]);
      const issued = await ledger.issue('device-cert', certBody(b.did, 'camp-b'));
      expect(issued.ok).toBe(true);
      await ledger.submit(await uploadOf(a, a.handouts(4)));
      await ledger.submit(await uploadOf(a, a.handouts(2, { round: 'R2026-12' })));
      await ledger.submit(await uploadOf(b, b.handouts(3)));
      await ledger.submit({ nonsense: true });
      const devices = await store.devices();
      expect(devices.find((x) => x.device === a.did)).toMatchObject({ site: 'camp-a', batches: 2, events: 6, head: { seq: 6 } });
      expect(devices.find((x) => x.device === b.did)).toMatchObject({ site: 'camp-b', batches: 1, events: 3 });
      const sites = await store.sites();
      expect(sites.find((s) => s.site === 'camp-a')).toEqual({ site: 'camp-a', devices: 1, batches: 2, events: 6 });
      const rounds = await store.rounds();
      expect(rounds).toContainEqual({ round: 'R2026-11', site: 'camp-a', type: 'handout', events: 4 });
      expect(rounds).toContainEqual({ round: 'R2026-12', site: 'camp-a', type: 'handout', events: 2 });
      expect(rounds).toContainEqual({ round: 'R2026-11', site: 'camp-b', type: 'handout', events: 3 });
      expect(await store.batches({ device: a.did, limit: 10 })).toHaveLength(2);
      expect(await store.batches({ site: 'camp-b', limit: 10 })).toHaveLength(1);
      expect(await store.rejections(10)).toMatchObject([{ code: 'malformed', device: null }]);
      const trust = await store.events({ afterLeaf: -1, limit: 10, device: ledger.hq, types: ['device-cert'] });
      expect(trust).toHaveLength(2);
      await ledger.close();
    });

    it('keeps the earliest event time of verified refused uploads per device, never of unverified ones', async () => {
      const { store } = await factory.fresh();
      await store.init({ origin: 'a.example/log', logKey: 'key-1' });
      const [a, b] = [fastDevice().did, fastDevice().did];
      await store.recordRejection(refusal(1, a, '2026-11-12T08:00:00.000Z'));
      await store.recordRejection(refusal(2, a, '2026-11-10T08:00:00.000Z'));
      await store.recordRejection(refusal(3, a, null));
      await store.recordRejection(refusal(4, b, '2026-11-20T08:00:00.000Z'));
      await store.recordRejection(refusal(5, null, null));
      expect(await store.firstRefusedEventAt(a)).toBe('2026-11-10T08:00:00.000Z');
      expect(await store.firstRefusedEventAt(fastDevice().did)).toBeUndefined();
      expect(await store.refusedDevices()).toEqual([
        { device: b, firstEventAt: '2026-11-20T08:00:00.000Z', lastRefusedAt: refusal(4, b, null).at, refusals: 1 },
        { device: a, firstEventAt: '2026-11-10T08:00:00.000Z', lastRefusedAt: refusal(2, a, null).at, refusals: 2 },
      ]);
      expect((await store.rejections(2)).map((r) => r.firstAt)).toEqual([null, '2026-11-20T08:00:00.000Z']);
      await store.close();
    });

    it('holds at most its limit of refusals, each of bounded size, however many come', async () => {
      const { store } = await factory.fresh({ keepRejections: 10 });
      await store.init({ origin: 'a.example/log', logKey: 'key-1' });
      const first = fastDevice().did;
      await store.recordRejection(refusal(0, first, '2026-11-01T00:00:00.000Z'));
      const huge = { ...refusal(1, 'did:key:' + 'z'.repeat(190), null), message: 'x'.repeat(100_000), events: Array.from({ length: 5000 }, (_, index) => ({ index, code: 'bad-signature', message: 'no' })) };
      for (let n = 1; n <= 50; n++) await store.recordRejection(n === 50 ? huge : refusal(n, fastDevice().did, '2026-11-02T00:00:00.000Z'));
      const kept = await store.rejections(1000);
      expect(kept).toHaveLength(10);
      expect(kept[0]!.message).toHaveLength(MAX_REJECTION_MESSAGE);
      expect(kept[0]!.events).toHaveLength(MAX_REJECTION_EVENTS);
      expect(await store.refusedDevices()).toHaveLength(9);
      expect(await store.firstRefusedEventAt(first)).toBeUndefined();
      await store.close();
    });

    it("drops only a device's own older refusals of one kind beyond its allowance, never another device's (issue 12)", async () => {
      const { store } = await factory.fresh({ keepRejections: 20, keepRejectionsPerDevice: 3 });
      await store.init({ origin: 'a.example/log', logKey: 'key-1' });
      const [laptop, flooder] = [fastDevice().did, fastDevice().did];
      await store.recordRejection(refusal(0, laptop, '2026-11-10T08:00:00.000Z'));
      // Signed refusals of one device, unsigned ones in the laptop's name, refusals naming no device.
      for (let n = 1; n <= 30; n++) await store.recordRejection(refusal(n, flooder, '2026-11-02T00:00:00.000Z'));
      for (let n = 31; n <= 60; n++) await store.recordRejection(refusal(n, laptop, null));
      for (let n = 61; n <= 90; n++) await store.recordRejection(refusal(n, null, null));
      const kept = await store.rejections(1000);
      expect(kept.map((r) => r.message).sort()).toEqual(['refusal 0', 'refusal 28', 'refusal 29', 'refusal 30', 'refusal 58', 'refusal 59', 'refusal 60', 'refusal 88', 'refusal 89', 'refusal 90']);
      expect(await store.firstRefusedEventAt(laptop)).toBe('2026-11-10T08:00:00.000Z');
      // Many devices at once still meet the bound on the whole, the oldest dropped first.
      for (let n = 91; n <= 120; n++) await store.recordRejection(refusal(n, fastDevice().did, '2026-11-03T00:00:00.000Z'));
      const after = await store.rejections(1000);
      expect(after).toHaveLength(20);
      expect(after.at(-1)!.message).toBe('refusal 101');
      await store.close();
    });

    it('opens a database made before refusals kept their first event time, and keeps them from then on', async () => {
      const { store, reopen, sql } = await factory.fresh();
      await store.init({ origin: 'a.example/log', logKey: 'key-1' });
      await store.close();
      await sql('DROP INDEX rejections_device');
      await sql('ALTER TABLE rejections DROP COLUMN first_at');
      await sql(`INSERT INTO rejections (at, device, batch, code, message, events) VALUES ('2026-11-01T00:00:00.000Z', NULL, NULL, 'malformed', 'old', '[]')`);
      const again = await reopen();
      await again.init({ origin: 'a.example/log', logKey: 'key-1' });
      const d = fastDevice().did;
      await again.recordRejection(refusal(1, d, '2026-11-03T00:00:00.000Z'));
      expect((await again.rejections(10)).map((r) => [r.message, r.firstAt])).toEqual([['refusal 1', '2026-11-03T00:00:00.000Z'], ['old', null]]);
      expect(await again.firstRefusedEventAt(d)).toBe('2026-11-03T00:00:00.000Z');
      await again.close();
    });
  });
}

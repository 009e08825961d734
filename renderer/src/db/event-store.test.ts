import 'fake-indexeddb/auto';
import { getRxStorageDexie } from 'rxdb/plugins/storage-dexie';
import { afterEach, describe, expect, it } from 'vitest';
import { rawEventVerifier, verifyEvent, type ChainLink, type SignedEvent, type VerifiedEvent } from '../../../shared/events';
import type { HostApi } from '../../../shared/ipc';
import { MAX_SIGN_EVENTS } from '../../../shared/vault';
import { leadFixture, stockEntries, value } from '../../../shared/vault/test-support';
import { openKitDatabase, type KitDatabase } from './database';
import { webCryptoVerifier } from '../host/webcrypto-verifier';
import { hostFromVault } from '../host/vault-host';
import { EventStore, type NewEvent } from './event-store';
import { EventWriter } from './event-writer';

const opened: KitDatabase[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((db) => db.close()));
});

const NOW = () => new Date('2026-11-24T09:00:00.000Z');

/** A writer whose next write fails: the page closed after the vault signed, before the log had the events. */
class FlakyWriter extends EventWriter {
  failNext = false;
  override async write(events: readonly VerifiedEvent[]) {
    if (this.failNext) {
      this.failNext = false;
      throw new Error('the window was closed');
    }
    return super.write(events);
  }
}

/** The vault's calls as the kit makes them, counted, with the answers of signEvents. */
function watched(host: HostApi) {
  const calls = { signEvents: [] as string[], signedBatch: 0, vaultStatus: 0 };
  const signer = {
    vaultStatus: () => ((calls.vaultStatus += 1), host.vaultStatus()),
    signEvents: async (...args: Parameters<HostApi['signEvents']>) => {
      const answer = await host.signEvents(...args);
      calls.signEvents.push(answer.ok ? `ok ${answer.value.length}` : answer.code);
      return answer;
    },
    signedBatch: (...args: Parameters<HostApi['signedBatch']>) => ((calls.signedBatch += 1), host.signedBatch(...args)),
  };
  return { signer, calls };
}

/** A kit database and the vault (through the same argument checks as the app's), a lead signed in. */
async function laptop() {
  const db = await openKitDatabase(`events-${crypto.randomUUID()}`, getRxStorageDexie());
  opened.push(db);
  const fixture = await leadFixture();
  const host = hostFromVault(fixture.vault, { appInfo: { name: 'aidtrail', version: 'test', platform: 'test' } });
  const writer = new FlakyWriter(db);
  const page = (signer: Pick<HostApi, 'vaultStatus' | 'signEvents' | 'signedBatch'> = host) =>
    new EventStore(db, writer, fixture.device, signer, NOW, rawEventVerifier(webCryptoVerifier()));
  return { db, host, writer, device: fixture.device, events: page(), page };
}

const stockBody = { direction: 'received' as const, items: [{ code: 'maize', qty: 100, unit: 'kg' }] };
const stock = (count: number): NewEvent[] => Array.from({ length: count }, (_, i) => ({ type: 'stock', body: { ...stockBody, items: [{ ...stockBody.items[0]!, qty: i + 1 }] } }));

/** The device's log, in chain order; checks it is one unbroken chain #1…#n that verifies. */
async function chain(db: KitDatabase): Promise<SignedEvent[]> {
  const docs = (await db.events.find({ sort: [{ device: 'asc' }, { seq: 'asc' }] }).exec()).map((d) => d.toMutableJSON());
  let previous: ChainLink | null = null;
  for (const [i, doc] of docs.entries()) {
    expect(doc.seq).toBe(i + 1);
    expect(verifyEvent(doc.event, { previous }).ok).toBe(true);
    previous = { id: doc.id, seq: doc.seq };
  }
  return docs.map((d) => d.event);
}

describe('EventStore', () => {
  it('chains the device events: seq 1 with no prev, then each to the one before', async () => {
    const { events } = await laptop();
    const a = await events.append('stock', stockBody);
    const b = await events.append('stock', stockBody);
    expect(a.event).toMatchObject({ seq: 1, prev: null });
    expect(b.event).toMatchObject({ seq: 2, prev: a.id });
    expect(verifyEvent(b.event, { previous: { id: a.id, seq: 1 } }).ok).toBe(true);
  });

  it('keeps the chain unbroken when many appends are started at once', async () => {
    const { events, db } = await laptop();
    const all = await Promise.all(Array.from({ length: 25 }, () => events.append('stock', stockBody)));
    expect(all.map((e) => e.event.seq).sort((x, y) => x - y)).toEqual(Array.from({ length: 25 }, (_, i) => i + 1));
    await chain(db);
  });

  it('signs a segment in one vault call and stores it in one write', async () => {
    const { db, host, page } = await laptop();
    const { signer, calls } = watched(host);
    const out = await page(signer).appendMany(stock(300));
    expect(out.map((e) => e.event.seq)).toEqual(Array.from({ length: 300 }, (_, i) => i + 1));
    expect(calls.signEvents).toEqual(['ok 300']);
    expect(await chain(db)).toHaveLength(300);
  });

  it(`signs and stores a segment of more than ${MAX_SIGN_EVENTS} events in pieces of at most that many`, async () => {
    const { db, host, page } = await laptop();
    const { signer, calls } = watched(host);
    await page(signer).appendMany(stock(MAX_SIGN_EVENTS + 5));
    expect(calls.signEvents).toEqual([`ok ${MAX_SIGN_EVENTS}`, 'ok 5']);
    expect(await chain(db)).toHaveLength(MAX_SIGN_EVENTS + 5);
  });

  it('refuses to store a body that does not pass the schema, and the chain goes on', async () => {
    const { events } = await laptop();
    await expect(events.append('stock', { direction: 'received', items: [] })).rejects.toThrow(/invalid-args/);
    const next = await events.append('stock', stockBody);
    expect(next.event.seq).toBe(1);
  });

  it('indexes handouts by household and round', async () => {
    const { events, db } = await laptop();
    const body = { household: 'HH-0001', items: [{ code: 'maize', qty: 5, unit: 'kg' }], collector: 'head' as const };
    await events.append('handout', body, { round: 'R1', operator: 'op-1' });
    await events.append('handout', body, { round: 'R2', operator: 'op-1' });
    expect(await db.events.count({ selector: { household: 'HH-0001', round: 'R1', type: 'handout' } }).exec()).toBe(1);
    expect(await db.events.count({ selector: { household: 'HH-0002', round: 'R1', type: 'handout' } }).exec()).toBe(0);
  });
});

describe('EventStore after a crash between the vault and the log', () => {
  it('stores what the vault signed but the page never stored, then goes on: nothing lost, nothing twice', async () => {
    const { db, host, writer, events, page } = await laptop();
    await events.appendMany(stock(3));
    // A caseload import: the vault signs #4–#503, the window closes before the bulk write.
    writer.failNext = true;
    await expect(events.appendMany(stock(500))).rejects.toThrow(/window was closed/);
    expect(await chain(db)).toHaveLength(3);
    expect(value(await host.vaultStatus()).head?.seq).toBe(503);
    const signed = value(await host.signedBatch({ after: 3 }));

    // The app starts again: a new page's EventStore over the same log and vault.
    const { signer, calls } = watched(host);
    const next = await page(signer).append('stock', stockBody);
    expect(next.event.seq).toBe(504);
    const log = await chain(db);
    expect(log).toHaveLength(504);
    expect(log.slice(3, 503)).toEqual(signed);
    expect(new Set(log.map((e) => e.seq)).size).toBe(504);
    // It caught up before signing anything: no call was refused.
    expect(calls).toEqual({ vaultStatus: 1, signedBatch: 1, signEvents: ['ok 1'] });
  });

  it('catches up in the same page too, when the vault answers out-of-order', async () => {
    const { db, host, writer, page } = await laptop();
    const { signer, calls } = watched(host);
    const events = page(signer);
    await events.append('stock', stockBody);
    writer.failNext = true;
    await expect(events.appendMany(stock(10))).rejects.toThrow(/window was closed/);
    const after = await events.appendMany(stock(2));
    expect(after.map((e) => e.event.seq)).toEqual([12, 13]);
    expect(calls.signEvents).toEqual(['ok 1', 'ok 10', 'out-of-order', 'ok 2']);
    expect(await chain(db)).toHaveLength(13);
  });

  it('says so when the vault is ahead by more than its last two calls, and stores nothing', async () => {
    const { db, host, events } = await laptop();
    await events.appendMany(stock(2));
    // Three calls whose events never reached the log: only the last two are still in the vault.
    value(await host.signEvents(stockEntries(3, 4)));
    value(await host.signEvents(stockEntries(7, 2)));
    value(await host.signEvents(stockEntries(9, 1)));
    await expect(events.append('stock', stockBody)).rejects.toThrow(/signed events up to #9 .* #2 .* only #7–#9: events #3–#9 were lost/);
    expect(await chain(db)).toHaveLength(2);
  });

  it('stores no batch that does not verify as its own events would', async () => {
    const { db, host, writer, page } = await laptop();
    const first = page();
    await first.append('stock', stockBody);
    writer.failNext = true;
    await expect(first.appendMany(stock(2))).rejects.toThrow(/window was closed/);
    const tampered = {
      vaultStatus: () => host.vaultStatus(),
      signEvents: host.signEvents,
      signedBatch: async (request: { after: number }) => {
        const answer = await host.signedBatch(request);
        return answer.ok ? { ...answer, value: answer.value.map((e, i) => (i === 1 ? { ...e, at: '2026-11-24T10:00:00.000Z' } : e)) } : answer;
      },
    };
    await expect(page(tampered).append('stock', stockBody)).rejects.toThrow(/invalid own event: bad-signature/);
    expect(await chain(db)).toHaveLength(1);
  });

  it('refuses a vault whose head is another event at the log head\'s seq: two chains of one device', async () => {
    // Two vaults with one device key (a copied profile): each signs its own #1; the log holds the other's.
    const seeds = { device: crypto.getRandomValues(new Uint8Array(32)), issuer: crypto.getRandomValues(new Uint8Array(32)) };
    const [mine, copy] = [await leadFixture({ seeds }), await leadFixture({ seeds })];
    const db = await openKitDatabase(`events-${crypto.randomUUID()}`, getRxStorageDexie());
    opened.push(db);
    await new EventStore(db, new EventWriter(db), copy.device, copy.vault, NOW, rawEventVerifier(webCryptoVerifier())).append('stock', stockBody);
    const [own] = value(await mine.vault.signEvents(stockEntries(5, 1)));
    const events = new EventStore(db, new EventWriter(db), mine.device, mine.vault, NOW, rawEventVerifier(webCryptoVerifier()));
    await expect(events.append('stock', stockBody)).rejects.toThrow(/the vault's chain head is #1 \(.*\) but this device's log has #1 \(.*\): they are not the same chain/);
    const log = await chain(db);
    expect(log).toHaveLength(1);
    expect(log[0]).not.toEqual(own);
  });
});

describe('EventStore.appendSegments', () => {
  /** Segments handed out one at a time, recording when each was asked for against what the log held. */
  async function* counted(db: KitDatabase, sizes: readonly number[], asked: number[]): AsyncIterable<NewEvent[]> {
    for (const size of sizes) {
      asked.push(await db.events.count().exec());
      yield stock(size);
    }
  }

  it('stores the segments in chain order, each heard once stored, while the next is signed', async () => {
    const { db, events } = await laptop();
    const asked: number[] = [];
    const heard: number[][] = [];
    await events.appendSegments(counted(db, [3, 4, 5], asked), (stored) => void heard.push(stored.map((e) => e.event.seq)));
    expect(heard).toEqual([[1, 2, 3], [4, 5, 6, 7], [8, 9, 10, 11, 12]]);
    expect(await chain(db)).toHaveLength(12);
    // The third segment was asked for before the second was in the log: never more than one behind.
    expect(asked[0]).toBe(0);
    expect(asked[2]).toBeGreaterThanOrEqual(3);
  });

  it('refuses an empty or oversized segment, keeping the segments before it', async () => {
    const { db, events } = await laptop();
    await expect(events.appendSegments([stock(2), []], () => undefined)).rejects.toThrow(/1 to 1000 events, not 0/);
    await expect(events.appendSegments([stock(1), stock(MAX_SIGN_EVENTS + 1)], () => undefined)).rejects.toThrow(/not 1001/);
    expect(await chain(db)).toHaveLength(3);
  });

  it('a store that fails while the next segment is signed loses neither: the next append stores both from the vault', async () => {
    const { db, host, writer, page } = await laptop();
    const { signer, calls } = watched(host);
    const events = page(signer);
    await events.append('stock', stockBody);
    writer.failNext = true;
    await expect(events.appendSegments([stock(3), stock(4), stock(5)], () => undefined)).rejects.toThrow(/window was closed/);
    // The first segment's write failed after the second was signed: the vault is two calls ahead of the log.
    expect(await chain(db)).toHaveLength(1);
    const after = await events.appendMany(stock(2));
    expect(after.map((e) => e.event.seq)).toEqual([9, 10]);
    expect(await chain(db)).toHaveLength(10);
    expect(calls.signEvents).toEqual(['ok 1', 'ok 3', 'ok 4', 'out-of-order', 'ok 2']);
  });

  it('a failing source stops the append after the segment being stored is in', async () => {
    const { db, events } = await laptop();
    async function* failing(): AsyncIterable<NewEvent[]> {
      yield stock(2);
      yield stock(3);
      throw new Error('the CSV could not be sealed');
    }
    const heard: number[] = [];
    await expect(events.appendSegments(failing(), (stored) => void heard.push(stored.length))).rejects.toThrow(/could not be sealed/);
    expect(heard).toEqual([2, 3]);
    expect(await chain(db)).toHaveLength(5);
  });
});

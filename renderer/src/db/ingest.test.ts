import 'fake-indexeddb/auto';
import { getRxStorageDexie } from 'rxdb/plugins/storage-dexie';
import { afterEach, describe, expect, it } from 'vitest';
import { publicKeyToDid, type DidKey } from '../../../shared/crypto/did-key';
import { generateKeyPair } from '../../../shared/crypto/ed25519';
import { nobleVerifier } from '../../../shared/crypto/verifier';
import { eventId, signEvent, type EventBody, type EventType, type SignedEvent } from '../../../shared/events';
import { openKitDatabase, type KitDatabase } from './database';
import { eventText } from './event-doc';
import { EventWriter } from './event-writer';
import { EventIngest, IngestShared } from './ingest';

const opened: KitDatabase[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((db) => db.close()));
});

function device() {
  const { seed, publicKey } = generateKeyPair();
  const did = publicKeyToDid(publicKey);
  let seq = 0;
  let prev: string | null = null;
  const at = (n: number) => new Date(Date.UTC(2026, 10, 24, 9, 0, n)).toISOString();
  return {
    did,
    seed,
    next<T extends EventType>(type: T, body: EventBody<T>, extra: { round?: string; at?: string } = {}): SignedEvent {
      seq++;
      const e = signEvent({ v: 2, type, device: did, seq, prev, at: extra.at ?? at(seq), ...(extra.round && { round: extra.round }), body } as never, seed);
      prev = eventId(e);
      return e;
    },
  };
}

const lead = device();
const stock = { direction: 'received' as const, items: [{ code: 'maize', qty: 10, unit: 'kg' }] };
const cert = (subject: DidKey, role: 'field-officer' | 'team-lead' = 'field-officer') => ({ subject, site: 'camp-north', role, validFrom: '2026-01-01T00:00:00.000Z', validUntil: '2027-01-01T00:00:00.000Z' });

/** An ingester as a kit makes one: its own writer and shared state unless given (another kit, or tab, over the same database). */
const ingesterOver = (db: KitDatabase, shared = new IngestShared(db), writer = new EventWriter(db)) =>
  new EventIngest({ db, writer, verifier: nobleVerifier, roots: async () => new Map([[lead.did, 'team-lead' as const]]), now: () => new Date('2026-11-24T10:00:00.000Z'), shared });

async function setup() {
  const db = await openKitDatabase(`ingest-${crypto.randomUUID()}`, getRxStorageDexie());
  opened.push(db);
  return { db, ingest: ingesterOver(db) };
}

const texts = (...events: SignedEvent[]) => events.map(eventText);

describe('EventIngest', () => {
  it('stores the events of a root device and of a device it certified, in any order', async () => {
    const { db, ingest } = await setup();
    const field = device();
    const c = lead.next('device-cert', cert(field.did));
    const a = field.next('stock', stock);
    const b = field.next('stock', stock);
    const r = await ingest.ingest(texts(b, a, c), 'peer-1');
    expect(r).toEqual({ stored: 3, duplicates: 0, quarantined: 0 });
    expect(await db.events.count().exec()).toBe(3);
    expect(await ingest.ingest(texts(a, b, c), 'peer-2')).toEqual({ stored: 0, duplicates: 3, quarantined: 0 });
  });

  it('quarantines the events of an unknown device and releases them when its certificate arrives', async () => {
    const { db, ingest } = await setup();
    const field = device();
    const a = field.next('stock', stock);
    expect(await ingest.ingest(texts(a), 'peer-1')).toMatchObject({ stored: 0, quarantined: 1 });
    const waiting = await db.quarantine.find().exec();
    expect(waiting.map((d) => [d.reason, d.source, d.device])).toEqual([['unknown-device', 'peer-1', field.did]]);
    const r = await ingest.ingest(texts(lead.next('device-cert', cert(field.did))), 'peer-2');
    expect(r.stored).toBe(2);
    expect(await db.quarantine.count().exec()).toBe(0);
  });

  it('quarantines forged, malformed and garbage input with the reason and the peer it came from', async () => {
    const { db, ingest } = await setup();
    const good = lead.next('stock', stock);
    const forged = { ...good, body: { ...stock, items: [{ code: 'maize', qty: 9999, unit: 'kg' }] } };
    const r = await ingest.ingest([JSON.stringify(forged), '{"v":1,"type":"handout"}', 'garbage', `"${'x'.repeat(300_000)}"`], 'mallory');
    expect(r).toEqual({ stored: 0, duplicates: 0, quarantined: 4 });
    const reasons = (await db.quarantine.find().exec()).map((d) => d.reason).sort();
    expect(reasons).toEqual(['bad-signature', 'malformed', 'not-json', 'oversized']);
    expect((await db.quarantine.find().exec()).every((d) => d.source === 'mallory')).toBe(true);
    expect(await db.events.count().exec()).toBe(0);
  });

  it('refuses a certificate signed by a key that may not certify, and the events it would admit', async () => {
    const { db, ingest } = await setup();
    const rogue = device();
    const field = device();
    const r = await ingest.ingest(texts(rogue.next('device-cert', cert(field.did)), field.next('stock', stock)), 'peer');
    expect(r).toMatchObject({ stored: 0, quarantined: 2 });
    expect((await db.quarantine.find().exec()).map((d) => d.reason).sort()).toEqual(['unknown-device', 'untrusted-certificate']);
  });

  it('quarantines events a revoked device signed after its revocation, and keeps the ones before', async () => {
    const { ingest } = await setup();
    const field = device();
    const before = field.next('stock', stock, { at: '2026-11-24T08:00:00.000Z' });
    const after = field.next('stock', stock, { at: '2026-11-24T12:00:00.000Z' });
    const r = await ingest.ingest(
      texts(lead.next('device-cert', cert(field.did)), lead.next('device-revoked', { subject: field.did, from: '2026-11-24T10:00:00.000Z', reason: 'stolen' }), before, after),
      'peer',
    );
    expect(r).toEqual({ stored: 3, duplicates: 0, quarantined: 1 });
  });

  it('detects a fork: two different events with one device and seq', async () => {
    const { db, ingest } = await setup();
    const first = lead.next('stock', stock);
    const { sig: _sig, ...draft } = first;
    const clone = signEvent({ ...draft, body: { direction: 'returned', items: stock.items } } as never, lead.seed);
    await ingest.ingest(texts(first), 'peer-1');
    const r = await ingest.ingest(texts(clone), 'peer-2');
    expect(r.quarantined).toBe(1);
    expect((await db.quarantine.find().exec())[0]!.reason).toBe('fork');
  });

  it('checks a batch against the stored chain read once per device: a gap waits, a fork beside stored events is caught', async () => {
    const { db, ingest } = await setup();
    const field = device();
    const events = Array.from({ length: 12 }, () => field.next('stock', stock));
    await ingest.ingest(texts(lead.next('device-cert', cert(field.did)), ...events.slice(0, 4)), 'peer-1');
    // #5..#12 in one batch, after the stored #1..#4: one range read covers #4..#13.
    expect(await ingest.ingest(texts(...events.slice(4)), 'peer-1')).toMatchObject({ stored: 8, quarantined: 0 });
    // A rewritten #6 whose prev is the stored #5: a fork with the stored #6 and with the stored #7 that follows it.
    const { sig: _sig, ...sixth } = events[5]!;
    const forged = signEvent({ ...sixth, body: { direction: 'returned', items: stock.items } } as never, field.seed);
    expect(await ingest.ingest(texts(forged), 'peer-2')).toMatchObject({ stored: 0, quarantined: 1 });
    expect((await db.quarantine.find({ selector: { source: 'peer-2' } }).exec())[0]!.reason).toBe('fork');
  });

  it('looks seqs far apart up one by one: a hostile batch of #1 and #1,000,000 reads no whole log', async () => {
    const { db, ingest } = await setup();
    const field = device();
    const first = field.next('stock', stock);
    const far = signEvent({ v: 2, type: 'stock', device: field.did, seq: 1_000_000, prev: 'a'.repeat(64), at: first.at, body: stock } as never, field.seed);
    const r = await ingest.ingest(texts(lead.next('device-cert', cert(field.did)), first, far), 'peer-1');
    // #1 is stored; #1,000,000 follows nothing stored and waits for nothing: it is stored as the chain's later part, unchecked until its neighbours come.
    expect(r.quarantined).toBe(0);
    expect(await db.events.count({ selector: { device: field.did } }).exec()).toBe(2);
    // Its neighbour #999,999 arriving later with another successor is a fork.
    const before = signEvent({ v: 2, type: 'stock', device: field.did, seq: 999_999, prev: 'b'.repeat(64), at: first.at, body: stock } as never, field.seed);
    expect(await ingest.ingest(texts(before), 'peer-2')).toMatchObject({ quarantined: 1 });
  });

  describe('authority from certificates (issue 10)', () => {
    const handout = { household: 'HH-TEST-1', items: stock.items, collector: 'head' as const, check: 'c'.repeat(64) };

    it('quarantines a field laptop’s void of the lead’s handout as not-authorised, and counts the lead’s own', async () => {
      const { db, ingest } = await setup();
      const field = device();
      const given = lead.next('handout', handout);
      const forgedVoid = field.next('void', { target: eventId(given), reason: 'data-entry-error', approval: { by: 'op-x-1' } });
      const r = await ingest.ingest(texts(lead.next('device-cert', cert(field.did)), given, forgedVoid), 'field laptop');
      expect(r).toMatchObject({ stored: 2, quarantined: 1 });
      const [q] = await db.quarantine.find().exec();
      expect([q!.reason, q!.device, q!.source]).toEqual(['not-authorised', field.did, 'field laptop']);
      expect(await ingest.ingest(texts(lead.next('void', { target: eventId(given), reason: 'data-entry-error', approval: { by: 'op-x-1' } })), 'lead')).toMatchObject({ stored: 1 });
    });

    it('lets a laptop the lead admitted as a lead laptop decide and admit, and no field laptop', async () => {
      const { db, ingest } = await setup();
      const second = device();
      const field = device();
      const other = device();
      const r = await ingest.ingest(
        texts(
          lead.next('device-cert', cert(second.did, 'team-lead'), { at: '2026-11-24T08:00:00.000Z' }),
          second.next('device-cert', cert(field.did), { at: '2026-11-24T08:30:00.000Z' }),
          field.next('device-cert', cert(other.did, 'team-lead'), { at: '2026-11-24T08:40:00.000Z' }),
          field.next('stock', stock, { at: '2026-11-24T09:00:00.000Z' }),
        ),
        'peer',
      );
      expect(r).toMatchObject({ stored: 3, quarantined: 1 });
      expect((await db.quarantine.find().exec()).map((d) => [d.reason, d.device])).toEqual([['untrusted-certificate', field.did]]);
    });

    it('ends a lead laptop’s authority when a root revokes it mid-day', async () => {
      const { db, ingest } = await setup();
      const second = device();
      const given = lead.next('handout', handout, { at: '2026-11-24T07:00:00.000Z' });
      const r = await ingest.ingest(
        texts(
          lead.next('device-cert', cert(second.did, 'team-lead'), { at: '2026-11-24T08:00:00.000Z' }),
          given,
          lead.next('device-revoked', { subject: second.did, from: '2026-11-24T10:00:00.000Z', reason: 'stolen' }, { at: '2026-11-24T10:05:00.000Z' }),
          second.next('void', { target: eventId(given), reason: 'data-entry-error', approval: { by: 'op-x-1' } }, { at: '2026-11-24T11:00:00.000Z' }),
        ),
        'peer',
      );
      expect(r).toMatchObject({ stored: 3, quarantined: 1 });
      expect((await db.quarantine.find().exec()).map((d) => d.reason)).toEqual(['revoked-device']);
    });

    it('refuses a revoked laptop’s events past the last trusted sequence number, even back-dated', async () => {
      const { db, ingest } = await setup();
      const field = device();
      const kept = field.next('stock', stock, { at: '2026-11-24T08:00:00.000Z' });
      const backdated = field.next('stock', stock, { at: '2026-11-24T07:00:00.000Z' });
      const r = await ingest.ingest(
        texts(lead.next('device-cert', cert(field.did)), lead.next('device-revoked', { subject: field.did, from: '2026-11-24T10:00:00.000Z', reason: 'stolen', lastSeq: 1 }), kept, backdated),
        'peer',
      );
      expect(r).toMatchObject({ stored: 3, quarantined: 1 });
      expect((await db.quarantine.find().exec()).map((d) => [d.reason, d.device])).toEqual([['revoked-device', field.did]]);
    });

    it('refuses a revocation from anyone but a root', async () => {
      const { db, ingest } = await setup();
      const second = device();
      const field = device();
      await ingest.ingest(texts(lead.next('device-cert', cert(second.did, 'team-lead')), lead.next('device-cert', cert(field.did))), 'lead');
      const r = await ingest.ingest(texts(second.next('device-revoked', { subject: field.did, from: '2026-11-24T10:00:00.000Z', reason: 'stolen' })), 'second');
      expect(r).toMatchObject({ stored: 0, quarantined: 1 });
      expect((await db.quarantine.find().exec())[0]!.reason).toBe('untrusted-certificate');
    });
  });

  it('builds the households view from enrolments it stores', async () => {
    const { db, ingest } = await setup();
    const pii = { alg: 'A256GCM' as const, kid: 'dk-0011223344556677', iv: 'AAAAAAAAAAAAAAAA', ct: 'A'.repeat(40) };
    await ingest.ingest(texts(lead.next('enrolment', { household: 'HH-TEST-1', site: 'camp-north', size: 3, pii })), 'peer');
    expect((await db.households.findOne('HH-TEST-1').exec())?.size).toBe(3);
  });

  describe('what ingesters keep between batches (issue 14) accepts nothing a fresh read would refuse', () => {
    const forgedAt = (d: ReturnType<typeof device>, original: SignedEvent) => {
      const { sig: _sig, ...draft } = original;
      return signEvent({ ...draft, body: { direction: 'returned', items: stock.items } } as never, d.seed);
    };

    it('catches a fork across two batches of one ingester', async () => {
      const { db, ingest } = await setup();
      const field = device();
      const [first, second, third] = [field.next('stock', stock), field.next('stock', stock), field.next('stock', stock)];
      expect(await ingest.ingest(texts(lead.next('device-cert', cert(field.did)), first, second), 'peer-1')).toMatchObject({ stored: 3 });
      expect(await ingest.ingest(texts(third), 'peer-1')).toMatchObject({ stored: 1 });
      expect(await ingest.ingest(texts(forgedAt(field, second), third), 'peer-2')).toEqual({ stored: 0, duplicates: 1, quarantined: 1 });
      expect((await db.quarantine.find().exec()).map((d) => d.reason)).toEqual(['fork']);
    });

    it('refuses a device revoked in a later batch, the certificates having been read before', async () => {
      const { db, ingest } = await setup();
      const field = device();
      const kept = field.next('stock', stock, { at: '2026-11-24T08:00:00.000Z' });
      expect(await ingest.ingest(texts(lead.next('device-cert', cert(field.did)), kept), 'peer')).toMatchObject({ stored: 2 });
      await ingest.ingest(texts(lead.next('device-revoked', { subject: field.did, from: '2026-11-24T10:00:00.000Z', reason: 'stolen' })), 'lead');
      expect(await ingest.ingest(texts(field.next('stock', stock, { at: '2026-11-24T11:00:00.000Z' })), 'peer')).toMatchObject({ stored: 0, quarantined: 1 });
      expect((await db.quarantine.find().exec()).map((d) => d.reason)).toEqual(['revoked-device']);
    });

    it('releases the events waiting for a certificate that a later batch brings', async () => {
      const { db, ingest } = await setup();
      const field = device();
      await ingest.ingest(texts(lead.next('stock', stock)), 'lead');
      expect(await ingest.ingest(texts(field.next('stock', stock), field.next('stock', stock)), 'peer')).toMatchObject({ stored: 0, quarantined: 2 });
      expect(await ingest.ingest(texts(lead.next('device-cert', cert(field.did))), 'lead')).toMatchObject({ stored: 3, quarantined: 0 });
      expect(await db.quarantine.count().exec()).toBe(0);
      expect(await ingest.ingest(texts(field.next('stock', stock)), 'peer')).toMatchObject({ stored: 1 });
    });

    it('sees what another kit (or tab) over the same database stored: a revocation, and a fork of its events', async () => {
      const { db, ingest } = await setup();
      const other = ingesterOver(db);
      const field = device();
      const [first, second] = [field.next('stock', stock, { at: '2026-11-24T08:00:00.000Z' }), field.next('stock', stock, { at: '2026-11-24T08:30:00.000Z' })];
      expect(await ingest.ingest(texts(lead.next('device-cert', cert(field.did)), first), 'peer')).toMatchObject({ stored: 2 });
      expect(await other.ingest(texts(second), 'peer')).toMatchObject({ stored: 1 });
      expect(await ingest.ingest(texts(forgedAt(field, second)), 'peer-2')).toMatchObject({ stored: 0, quarantined: 1 });
      await other.ingest(texts(lead.next('device-revoked', { subject: field.did, from: '2026-11-24T10:00:00.000Z', reason: 'stolen' })), 'lead');
      expect(await ingest.ingest(texts(field.next('stock', stock, { at: '2026-11-24T11:00:00.000Z' })), 'peer')).toMatchObject({ stored: 0, quarantined: 1 });
      expect((await db.quarantine.find().exec()).map((d) => d.reason).sort()).toEqual(['fork', 'revoked-device']);
    });

    it('stores batches that arrive at once one at a time: of two sides of a fork, one is stored and the other caught', async () => {
      const { db } = await setup();
      const shared = new IngestShared(db);
      const writer = new EventWriter(db);
      const [a, b] = [ingesterOver(db, shared, writer), ingesterOver(db, shared, writer)];
      const field = device();
      await a.ingest(texts(lead.next('device-cert', cert(field.did))), 'lead');
      const first = field.next('stock', stock);
      const results = await Promise.all([a.ingest(texts(first), 'peer-1'), b.ingest(texts(forgedAt(field, first)), 'peer-2')]);
      expect(results.map((r) => r.stored).sort()).toEqual([0, 1]);
      expect(await db.events.count({ selector: { device: field.did } }).exec()).toBe(1);
      expect((await db.quarantine.find().exec()).map((d) => d.reason)).toEqual(['fork']);
    });
  });
});

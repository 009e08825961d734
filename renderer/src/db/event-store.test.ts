import 'fake-indexeddb/auto';
import { getRxStorageDexie } from 'rxdb/plugins/storage-dexie';
import { afterEach, describe, expect, it } from 'vitest';
import { publicKeyToDid } from '../../../shared/crypto/did-key';
import { generateKeyPair } from '../../../shared/crypto/ed25519';
import { signEvent } from '../../../shared/events/sign';
import { verifyEvent } from '../../../shared/events';
import { openKitDatabase, type KitDatabase } from './database';
import { webCryptoVerifier } from '../host/webcrypto-verifier';
import { EventStore } from './event-store';
import { EventWriter } from './event-writer';

const opened: KitDatabase[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((db) => db.close()));
});

async function store() {
  const db = await openKitDatabase(`events-${crypto.randomUUID()}`, getRxStorageDexie());
  opened.push(db);
  const key = generateKeyPair();
  const did = publicKeyToDid(key.publicKey);
  return { db, events: new EventStore(db, new EventWriter(db), did, async (draft) => signEvent(draft, key.seed), () => new Date('2026-11-24T09:00:00.000Z'), webCryptoVerifier()) };
}

const stockBody = { direction: 'received' as const, items: [{ code: 'maize', qty: 100, unit: 'kg' }] };

describe('EventStore', () => {
  it('chains the device events: seq 1 with no prev, then each to the one before', async () => {
    const { events } = await store();
    const a = await events.append('stock', stockBody);
    const b = await events.append('stock', stockBody);
    expect(a.event).toMatchObject({ seq: 1, prev: null });
    expect(b.event).toMatchObject({ seq: 2, prev: a.id });
    expect(verifyEvent(b.event, { previous: { id: a.id, seq: 1 } }).ok).toBe(true);
  });

  it('keeps the chain unbroken when many appends are started at once', async () => {
    const { events, db } = await store();
    const all = await Promise.all(Array.from({ length: 25 }, () => events.append('stock', stockBody)));
    expect(all.map((e) => e.event.seq).sort((x, y) => x - y)).toEqual(Array.from({ length: 25 }, (_, i) => i + 1));
    const docs = (await db.events.find({ sort: [{ device: 'asc' }, { seq: 'asc' }] }).exec()).map((d) => d.toMutableJSON());
    docs.forEach((doc, i) => expect(doc.event.prev).toBe(i === 0 ? null : docs[i - 1]!.id));
  });

  it('refuses to store a body that does not pass the schema, and the chain goes on', async () => {
    const { events } = await store();
    await expect(events.append('stock', { direction: 'received', items: [] })).rejects.toThrow(/malformed/);
    const next = await events.append('stock', stockBody);
    expect(next.event.seq).toBe(1);
  });

  it('indexes handouts by household and round', async () => {
    const { events, db } = await store();
    const body = { household: 'HH-0001', items: [{ code: 'maize', qty: 5, unit: 'kg' }], collector: 'head' as const };
    await events.append('handout', body, { round: 'R1', operator: 'op-1' });
    await events.append('handout', body, { round: 'R2', operator: 'op-1' });
    expect(await db.events.count({ selector: { household: 'HH-0001', round: 'R1', type: 'handout' } }).exec()).toBe(1);
    expect(await db.events.count({ selector: { household: 'HH-0002', round: 'R1', type: 'handout' } }).exec()).toBe(0);
  });
});

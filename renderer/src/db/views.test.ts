import 'fake-indexeddb/auto';
import { getRxStorageDexie } from 'rxdb/plugins/storage-dexie';
import { describe, expect, it } from 'vitest';
import { nobleVerifier } from '../../../shared/crypto/verifier';
import { rawEventVerifier } from '../../../shared/events';
import { leadFixture } from '../../../shared/vault/test-support';
import { openKitDatabase } from './database';
import { EventStore } from './event-store';
import { EventWriter } from './event-writer';
import { repairViews } from './views';

describe('repairViews', () => {
  it('rebuilds the households whose enrolment was stored before a crash cut off the view write', async () => {
    const db = await openKitDatabase(`views-${crypto.randomUUID()}`, getRxStorageDexie());
    const { vault, device } = await leadFixture();
    const store = new EventStore(db, new EventWriter(db), device, vault, () => new Date('2026-11-24T09:00:00.000Z'), rawEventVerifier(nobleVerifier));
    const pii = { alg: 'A256GCM' as const, kid: 'dk-0011223344556677', iv: 'AAAAAAAAAAAAAAAA', ct: 'A'.repeat(40) };
    await store.appendMany(['HH-AAAA-1', 'HH-BBBB-2', 'HH-CCCC-3'].map((household) => ({ type: 'enrolment' as const, body: { household, site: 'camp-north', size: 2, pii } })));
    // The crash: the events are stored, their household rows are not.
    await db.households.bulkRemove(['HH-AAAA-1', 'HH-BBBB-2', 'HH-CCCC-3']);
    expect(await db.households.count().exec()).toBe(0);
    expect(await repairViews(db)).toBe(3);
    expect((await db.households.findOne('HH-BBBB-2').exec())?.size).toBe(2);
    expect(await repairViews(db)).toBe(0);
    await db.close();
  });
});

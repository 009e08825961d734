import 'fake-indexeddb/auto';
import { createRxDatabase } from 'rxdb';
import { getRxStorageDexie } from 'rxdb/plugins/storage-dexie';
import { describe, expect, it } from 'vitest';
import { openKitDatabase, type HouseholdDoc } from './database';

const household: HouseholdDoc = {
  id: 'HH-AAAA-1',
  site: 'camp-north',
  size: 4,
  enrolledAt: '2026-11-24T09:00:00.000Z',
  enrolment: 'a'.repeat(64),
  pii: { alg: 'A256GCM', kid: 'dk-0011223344556677', iv: 'AAAAAAAAAAAAAAAA', ct: 'A'.repeat(40) },
  card: '',
  cardValidUntil: '',
  cardStatusIndex: -1,
};

describe('the kit database', () => {
  it('keeps the households of a profile written with the version-0 schema (an enrolledAt index) when it opens with version 1', async () => {
    const name = `migrate-${crypto.randomUUID()}`;
    // The households collection as an earlier kit created it.
    const old = await createRxDatabase({ name, storage: getRxStorageDexie(), multiInstance: false });
    await old.addCollections({
      households: {
        schema: {
          version: 0,
          primaryKey: 'id',
          type: 'object',
          properties: {
            id: { type: 'string', maxLength: 32 },
            site: { type: 'string', maxLength: 64 },
            size: { type: 'integer', minimum: 1, maximum: 100, multipleOf: 1 },
            enrolledAt: { type: 'string', maxLength: 24 },
            enrolment: { type: 'string', maxLength: 64 },
            pii: { type: 'object' },
            card: { type: 'string', maxLength: 64 },
            cardValidUntil: { type: 'string', maxLength: 32 },
            cardStatusIndex: { type: 'integer', minimum: -1, maximum: 1e9, multipleOf: 1 },
          },
          required: ['id', 'site', 'size', 'enrolledAt', 'enrolment', 'pii', 'card', 'cardValidUntil', 'cardStatusIndex'],
          indexes: ['enrolledAt', 'cardStatusIndex'],
        },
      },
    });
    await old.households!.insert(household);
    await old.close();

    const db = await openKitDatabase(name, getRxStorageDexie());
    expect(db.households.schema.version).toBe(1);
    expect((await db.households.findOne(household.id).exec())?.toJSON()).toEqual(household);
    expect(await db.households.count({ selector: { cardStatusIndex: { $gte: 0 } } }).exec()).toBe(0);
    await db.close();
  });
});

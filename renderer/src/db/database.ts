/**
 * The kit's RxDB database: the signed events (the truth), the views and
 * maintained aggregates the screens read, and the quarantine and HQ's
 * receipts. Kept to six collections (the free RxDB allows 13, see
 * PLATFORM.md). Fields that are indexed are required and bounded, as RxDB
 * needs; "absent" is the empty string.
 */
import { addRxPlugin, createRxDatabase, type RxCollection, type RxDatabase, type RxJsonSchema, type RxStorage } from 'rxdb';
import { RxDBMigrationSchemaPlugin } from 'rxdb/plugins/migration-schema';
import type { SignedEvent } from '../../../shared/events';

export interface EventDoc {
  /** Event id: SHA-256 of the signed canonical form (DESIGN.md "Wire formats"). */
  id: string;
  type: string;
  device: string;
  seq: number;
  at: string;
  /** UTC date of `at`: the tally's unit. */
  day: string;
  round: string;
  household: string;
  operator: string;
  /** For void / correction: the event they act on. */
  target: string;
  event: SignedEvent;
}

export interface HouseholdDoc {
  id: string;
  site: string;
  size: number;
  enrolledAt: string;
  enrolment: string;
  pii: { alg: string; kid: string; iv: string; ct: string };
  /** Hash of the latest ration card issued, '' if none. */
  card: string;
  cardValidUntil: string;
  cardStatusIndex: number;
}

/**
 * An event that arrived from a peer or a file and failed verification: kept,
 * with its reason and where it came from, for the team lead to see; it never
 * counts (DESIGN.md principle 4).
 */
export interface QuarantineDoc {
  /** The event id when the input parsed as an event, else the SHA-256 of the raw text. */
  id: string;
  reason: string;
  message: string;
  /** Peer (device did or label) or file it came from. */
  source: string;
  /** The claimed signing device, '' when unknown. */
  device: string;
  receivedAt: string;
  /** The input as received, cut at MAX_EVENT_BYTES. */
  raw: string;
}

/** HQ's receipt for one of this device's events, verified when it arrived (DESIGN.md "Ledger protocol"). */
export interface ReceiptDoc {
  event: string;
  device: string;
  seq: number;
  leafIndex: number;
  treeSize: number;
  receipt: { event: string; leafIndex: number; treeSize: number; inclusion: string[]; checkpoint: string };
}

/**
 * A maintained aggregate of the log (shared/aggregates: day and household
 * totals, amendment states, device chains, the double-handout index) or the
 * write path's journal of a batch not yet aggregated. Written only through
 * db/aggregate-store.ts, one transaction per batch.
 */
export interface AggregateRow {
  key: string;
  value: unknown;
}

/** Small documents of this device's own: site profile, operators, status list, plan. */
export interface SettingDoc {
  key: string;
  value: unknown;
}

const DID_MAX = 80;
const HEX_ID = 64;

const eventSchema: RxJsonSchema<EventDoc> = {
  version: 0,
  primaryKey: 'id',
  type: 'object',
  properties: {
    id: { type: 'string', maxLength: HEX_ID },
    type: { type: 'string', maxLength: 32 },
    device: { type: 'string', maxLength: DID_MAX },
    seq: { type: 'integer', minimum: 1, maximum: 1e15, multipleOf: 1 },
    at: { type: 'string', maxLength: 24 },
    day: { type: 'string', maxLength: 10 },
    round: { type: 'string', maxLength: 64 },
    household: { type: 'string', maxLength: 32 },
    operator: { type: 'string', maxLength: 64 },
    target: { type: 'string', maxLength: HEX_ID },
    event: { type: 'object' },
  },
  required: ['id', 'type', 'device', 'seq', 'at', 'day', 'round', 'household', 'operator', 'target', 'event'],
  // Each index serves these queries (issue 14: no more indexes than queries need):
  // - device, seq: a device's chain — its head, the neighbours an ingest checks, events
  //   not yet anchored, sync entries and rebuilds in chain order (event-store, chain-links,
  //   anchoring, event-log, log-pages);
  // - household, round, type: a household's handouts in a round (the double-handout block,
  //   the conflict groups), its history, its corrections and cards (distribution, history,
  //   evidence, views, cards);
  // - day, type: the day's handouts on the tally, the day's events a day close covers
  //   (tally, evidence);
  // - type, at: events of one type — certificates, keys, directory, status lists, day
  //   closes, amendments and resolutions (certificates, team, card-trust, reconcile, evidence);
  // - target: the void of an event, the amendments of a household's handouts
  //   (distribution, history).
  indexes: [['device', 'seq'], ['household', 'round', 'type'], ['day', 'type'], ['type', 'at'], 'target'],
};

const householdSchema: RxJsonSchema<HouseholdDoc> = {
  // Version 1 dropped the `enrolledAt` index: no query of the kit used it (issue 14).
  version: 1,
  primaryKey: 'id',
  type: 'object',
  properties: {
    id: { type: 'string', maxLength: 32 },
    site: { type: 'string', maxLength: 64 },
    size: { type: 'integer', minimum: 1, maximum: 100, multipleOf: 1 },
    enrolledAt: { type: 'string', maxLength: 24 },
    enrolment: { type: 'string', maxLength: HEX_ID },
    pii: { type: 'object' },
    card: { type: 'string', maxLength: HEX_ID },
    cardValidUntil: { type: 'string', maxLength: 32 },
    cardStatusIndex: { type: 'integer', minimum: -1, maximum: 1e9, multipleOf: 1 },
  },
  required: ['id', 'site', 'size', 'enrolledAt', 'enrolment', 'pii', 'card', 'cardValidUntil', 'cardStatusIndex'],
  // cardStatusIndex ≥ 0: every card on the status list, to publish it (kit/cards/cards.ts).
  indexes: ['cardStatusIndex'],
};

const quarantineSchema: RxJsonSchema<QuarantineDoc> = {
  version: 0,
  primaryKey: 'id',
  type: 'object',
  properties: {
    id: { type: 'string', maxLength: HEX_ID },
    reason: { type: 'string', maxLength: 32 },
    message: { type: 'string' },
    source: { type: 'string', maxLength: 128 },
    device: { type: 'string', maxLength: DID_MAX },
    receivedAt: { type: 'string', maxLength: 24 },
    raw: { type: 'string' },
  },
  required: ['id', 'reason', 'message', 'source', 'device', 'receivedAt', 'raw'],
  // device, reason: events waiting for a device's certificate (ingest, team, admissions);
  // receivedAt: the newest first on the reconciliation screen.
  indexes: [['device', 'reason'], 'receivedAt'],
};

const receiptSchema: RxJsonSchema<ReceiptDoc> = {
  version: 0,
  primaryKey: 'event',
  type: 'object',
  properties: {
    event: { type: 'string', maxLength: HEX_ID },
    device: { type: 'string', maxLength: DID_MAX },
    seq: { type: 'integer', minimum: 1, maximum: 1e15, multipleOf: 1 },
    leafIndex: { type: 'integer', minimum: 0, maximum: 1e15, multipleOf: 1 },
    treeSize: { type: 'integer', minimum: 1, maximum: 1e15, multipleOf: 1 },
    receipt: { type: 'object' },
  },
  required: ['event', 'device', 'seq', 'leafIndex', 'treeSize', 'receipt'],
  // device, seq: this device's last receipt and its count (anchoring).
  indexes: [['device', 'seq']],
};

const aggregateSchema: RxJsonSchema<AggregateRow> = {
  version: 0,
  primaryKey: 'key',
  type: 'object',
  properties: {
    key: { type: 'string', maxLength: 128 },
    value: {},
  },
  required: ['key', 'value'],
};

const settingSchema: RxJsonSchema<SettingDoc> = {
  version: 0,
  primaryKey: 'key',
  type: 'object',
  properties: {
    key: { type: 'string', maxLength: 64 },
    value: {},
  },
  required: ['key'],
};

export interface KitCollections {
  events: RxCollection<EventDoc>;
  households: RxCollection<HouseholdDoc>;
  settings: RxCollection<SettingDoc>;
  quarantine: RxCollection<QuarantineDoc>;
  receipts: RxCollection<ReceiptDoc>;
  aggregates: RxCollection<AggregateRow>;
}

export type KitDatabase = RxDatabase<KitCollections>;

/**
 * `storage` is Dexie over IndexedDB: the browser's own in the kit, a
 * fake-indexeddb one in Node tests.
 */
export async function openKitDatabase(name: string, storage: RxStorage<unknown, unknown>): Promise<KitDatabase> {
  // Schema versions migrate a profile's documents when it opens (RxDB adds a plugin once, whoever asks).
  addRxPlugin(RxDBMigrationSchemaPlugin);
  // allowSlowCount: status counts (pending, anchored) select on an index prefix, which RxDB otherwise refuses to count.
  const db = await createRxDatabase<KitCollections>({ name, storage, multiInstance: false, closeDuplicates: true, allowSlowCount: true });
  await db.addCollections({
    events: { schema: eventSchema },
    // Version 1 changed indexes only: the documents are the same.
    households: { schema: householdSchema, migrationStrategies: { 1: (doc: HouseholdDoc) => doc } },
    settings: { schema: settingSchema },
    quarantine: { schema: quarantineSchema },
    receipts: { schema: receiptSchema },
    aggregates: { schema: aggregateSchema },
  });
  return db;
}

/**
 * Browser side of the bound every ingest benchmark prints its kit's rate
 * against (test/bench/storage-bound.ts runs it on its own fresh on-disk
 * profile, in the same run as the kit): for the same signed events the kit
 * stored,
 *
 * - raw IndexedDB: plain object stores with the keys and indexes the kit's
 *   `events` and `households` stores have (read from the IndexedDB a kit
 *   database creates, so RxDB's own indexes count too and a removed index
 *   drops out here as well), the documents as RxDB stores them (the event
 *   document, and the household row the write path projects from an
 *   enrolment, each with RxDB's `_deleted`, `_rev`, `_meta.lwt`,
 *   `_attachments`, which its indexes cover), put in one readwrite transaction
 *   per batch of the kit's batch size, with the browser's default durability
 *   (as Dexie's). Each batch's documents are built when its turn comes,
 *   untimed, so the page holds one batch at a time, as the kit does (with
 *   every batch built up front, a 200k-event run put raw IndexedDB at 0.7×
 *   the kit's own rate). Not included: building the documents, the
 *   existence read RxDB does before each bulk write, the quarantine, and
 *   everything but storage (parse, schema, ids, certificates, chain).
 * - RxDB's floor (printed beside the bound, not part of it): the same event
 *   documents and household rows bulk-inserted through the kit's own RxDB
 *   collections (Dexie storage, the kit's schema), events then households per
 *   batch, as the write path does: what the storage library the kit is built
 *   on costs over raw IndexedDB (its existence read before each write, its
 *   own fields), so the kit's own overhead can be read apart from it.
 * - WebCrypto verify: `crypto.subtle.verify` over each event's signing bytes
 *   (`eventSigningBytes`), timed twice, one at a time and a batch of the
 *   kit's batch size in flight at once, the faster counting (on the build
 *   machines neither wins reliably); keys imported and a few events verified
 *   beforehand. Not included: parsing, canonicalising the signing bytes,
 *   decoding the signature, hashing the id.
 *
 * Each is also measured in CPU time, of all Chromium's processes together,
 * over the same timed windows (test/support/cpu-binding.ts).
 *
 * Every page bundle of those benchmarks imports this module: it installs
 * `__aidtrailBound`, which also takes the events (or any texts) the bench
 * hands over from Node in chunks.
 */
import { getRxStorageDexie } from 'rxdb/plugins/storage-dexie';
import { didToPublicKey } from '../../shared/crypto/did-key';
import { eventId, eventSigningBytes, type SignedEvent, type VerifiedEvent } from '../../shared/events';
import { decodeSignature } from '../../shared/guards';
import { openKitDatabase, type HouseholdDoc, type KitDatabase } from '../../renderer/src/db/database';
import { eventDoc } from '../../renderer/src/db/event-doc';
import { projectViews } from '../../renderer/src/db/views';
import { requestResult, transactionDone } from '../../renderer/src/host/browser-store';
import { costOf, type Cost } from '../support/cpu-binding';

export interface BoundRun {
  readonly events: number;
  /** Mean canonical size of the events, in bytes. */
  readonly eventBytes: number;
  /** Household rows written with the events (one per enrolment). */
  readonly households: number;
  /** The indexes of each raw store: the kit's. */
  readonly indexes: Readonly<Record<'events' | 'households', readonly string[]>>;
  readonly idb: Cost;
  /** The same documents through the kit's RxDB collections (not part of the bound). */
  readonly rxdb: Cost;
  readonly verify: Cost;
}

let received: string[] = [];

/** Appends a chunk of texts handed over from Node; answers how many the page holds. */
function receive(chunk: readonly string[]): number {
  for (const text of chunk) received.push(text);
  return received.length;
}

/** The texts handed over so far; the page lets go of them. */
export function takeReceived(): string[] {
  const texts = received;
  received = [];
  return texts;
}

const STORES = ['events', 'households'] as const;
type Store = (typeof STORES)[number];

interface StoreShape {
  readonly keyPath: string | string[];
  readonly indexes: readonly { readonly name: string; readonly keyPath: string | string[]; readonly unique: boolean; readonly multiEntry: boolean }[];
}

const keyPathOf = (path: string | string[] | null): string | string[] => {
  if (path === null) throw new Error('the kit keeps no out-of-line keys');
  return typeof path === 'string' ? path : [...path];
};

/** The key and indexes of the documents store RxDB's Dexie storage creates for each of the kit's collections. */
async function kitStoreShapes(): Promise<Record<Store, StoreShape>> {
  const name = `bound-shape-${crypto.randomUUID()}`;
  const kitDb = await openKitDatabase(name, getRxStorageDexie());
  await Promise.all(STORES.map((s) => kitDb[s].count().exec()));
  const databases = await indexedDB.databases();
  const shapes = {} as Record<Store, StoreShape>;
  for (const store of STORES) {
    // RxDB's Dexie storage keeps a collection in `rxdb-dexie-<database>--<schema version>--<collection>`, documents in `docs`.
    const dbName = databases.map((d) => d.name ?? '').find((n) => n.startsWith(`rxdb-dexie-${name}--`) && n.endsWith(`--${store}`));
    if (dbName === undefined) throw new Error(`no IndexedDB database of the kit's ${store} collection`);
    const idb = await requestResult(indexedDB.open(dbName));
    const docs = idb.transaction('docs', 'readonly').objectStore('docs');
    shapes[store] = {
      keyPath: keyPathOf(docs.keyPath),
      indexes: Array.from(docs.indexNames, (index) => {
        const i = docs.index(index);
        return { name: index, keyPath: keyPathOf(i.keyPath), unique: i.unique, multiEntry: i.multiEntry };
      }),
    };
    idb.close();
  }
  await kitDb.remove();
  return shapes;
}

/** What RxDB adds to each document it stores (`_deleted` as '0': IndexedDB cannot index booleans). */
const stored = <T extends object>(doc: T, lwt: number) => ({ ...doc, _deleted: '0', _rev: `1-${crypto.randomUUID().slice(0, 10)}`, _meta: { lwt }, _attachments: {} });

/** The household rows the write path projects from `events`, by the kit's own projection. */
async function householdRows(events: readonly { id: string; event: SignedEvent }[]): Promise<HouseholdDoc[]> {
  const rows: HouseholdDoc[] = [];
  const capture = {
    households: {
      bulkInsert: async (docs: HouseholdDoc[]) => {
        rows.push(...docs);
        return { error: [] };
      },
      findOne: () => ({ exec: async () => null }),
    },
    events: { find: () => ({ exec: async () => [] }) },
  };
  await projectViews(capture as unknown as KitDatabase, events);
  return rows;
}

/** One batch of the texts as each measurement needs it: the events with their ids, and the household rows they project. */
interface Batch {
  readonly events: readonly VerifiedEvent[];
  readonly households: readonly HouseholdDoc[];
}

/**
 * The texts' batches, each built when its turn comes and never timed, so a
 * measurement holds one batch at a time: with every batch built up front, a
 * 200k-event run held a gigabyte of documents and measured the collector,
 * not the storage.
 */
async function* batchesOf(texts: readonly string[], size: number): AsyncGenerator<Batch> {
  for (let i = 0; i < texts.length; i += size) {
    const events = texts.slice(i, i + size).map((text) => {
      const event = JSON.parse(text) as SignedEvent;
      return { id: eventId(event), event };
    });
    yield { events, households: await householdRows(events) };
  }
}

const NO_COST: Cost = { ms: 0, cpuMs: 0 };
const plus = (a: Cost, b: Cost): Cost => ({ ms: a.ms + b.ms, cpuMs: a.cpuMs + b.cpuMs });

/** The cost of only what `measure` does with each batch's documents (`batchesOf` and `prepare` are not counted). */
async function timed<T>(texts: readonly string[], size: number, prepare: (batch: Batch) => T, measure: (docs: T) => Promise<void>): Promise<Cost> {
  let total = NO_COST;
  for await (const batch of batchesOf(texts, size)) {
    const docs = prepare(batch);
    total = plus(total, (await costOf(() => measure(docs))).cost);
  }
  return total;
}

async function rawPuts(shapes: Record<Store, StoreShape>, texts: readonly string[], size: number): Promise<Cost> {
  const name = `bound-raw-${crypto.randomUUID()}`;
  const open = indexedDB.open(name, 1);
  open.onupgradeneeded = () => {
    for (const store of STORES) {
      const created = open.result.createObjectStore(store, { keyPath: shapes[store].keyPath });
      for (const index of shapes[store].indexes) created.createIndex(index.name, index.keyPath, { unique: index.unique, multiEntry: index.multiEntry });
    }
  };
  const db = await requestResult(open);
  const prepare = (batch: Batch): Record<Store, readonly object[]> => {
    const lwt = Date.now();
    return { events: batch.events.map((e) => stored(eventDoc(e), lwt)), households: batch.households.map((r) => stored(r, lwt)) };
  };
  const cost = await timed(texts, size, prepare, async (docs) => {
    const tx = db.transaction([...STORES], 'readwrite');
    for (const store of STORES) {
      const objects = tx.objectStore(store);
      for (const doc of docs[store]) objects.put(doc);
    }
    await transactionDone(tx);
  });
  db.close();
  await requestResult(indexedDB.deleteDatabase(name));
  return cost;
}

/** The documents of each batch bulk-inserted through a fresh kit database's collections, events then households. */
async function rxdbInserts(texts: readonly string[], size: number): Promise<Cost> {
  const db = await openKitDatabase(`bound-rxdb-${crypto.randomUUID()}`, getRxStorageDexie());
  await Promise.all(STORES.map((s) => db[s].count().exec()));
  const prepare = (batch: Batch) => ({ events: batch.events.map(eventDoc), households: [...batch.households] });
  const cost = await timed(texts, size, prepare, async (docs) => {
    await db.events.bulkInsert(docs.events);
    if (docs.households.length > 0) await db.households.bulkInsert(docs.households);
  });
  await db.remove();
  return cost;
}

/** Verifies not timed, so neither way of timing pays for the first calls. */
const WARM_UP = 200;

async function verifyAll(texts: readonly string[], size: number): Promise<Cost> {
  const keys = new Map<string, CryptoKey>();
  const claimsOf = async ({ events }: Batch) => {
    const claims = [];
    for (const { event } of events) {
      const { sig, ...draft } = event;
      if (!keys.has(draft.device)) {
        const key = didToPublicKey(draft.device);
        if (!key.ok) throw new Error(`${draft.device}: ${key.message}`);
        keys.set(draft.device, await crypto.subtle.importKey('raw', new Uint8Array(key.value), { name: 'Ed25519' }, false, ['verify']));
      }
      claims.push({ key: keys.get(draft.device)!, signature: new Uint8Array(decodeSignature(sig)!), message: new Uint8Array(eventSigningBytes(draft)) });
    }
    return claims;
  };
  const check = (verdicts: readonly boolean[]) => {
    if (!verdicts.every(Boolean)) throw new Error('an event failed to verify');
  };
  type Claim = Awaited<ReturnType<typeof claimsOf>>[number];
  const verify = (c: Claim) => crypto.subtle.verify('Ed25519', c.key, c.signature, c.message);
  for await (const batch of batchesOf(texts.slice(0, WARM_UP), WARM_UP)) check(await Promise.all((await claimsOf(batch)).map(verify)));
  // Claims built per batch, untimed; then timed one at a time, or a batch in flight at once.
  let oneByOne = NO_COST;
  let inFlight = NO_COST;
  for await (const batch of batchesOf(texts, size)) {
    const claims = await claimsOf(batch);
    const sequential = async () => {
      for (const c of claims) check([await verify(c)]);
    };
    oneByOne = plus(oneByOne, (await costOf(sequential)).cost);
    inFlight = plus(inFlight, (await costOf(async () => check(await Promise.all(claims.map(verify))))).cost);
  }
  return oneByOne.ms <= inFlight.ms ? oneByOne : inFlight;
}

/** The bound for the texts handed over (canonical signed events), in batches of `size`. */
async function bound(size: number): Promise<BoundRun> {
  const texts = takeReceived();
  const eventBytes = texts.reduce((n, t) => n + new TextEncoder().encode(t).length, 0) / Math.max(1, texts.length);
  let households = 0;
  for await (const batch of batchesOf(texts, size)) households += batch.households.length;
  const shapes = await kitStoreShapes();
  const idb = await rawPuts(shapes, texts, size);
  const rxdb = await rxdbInserts(texts, size);
  const verify = await verifyAll(texts, size);
  const indexes = { events: shapes.events.indexes.map((i) => i.name), households: shapes.households.indexes.map((i) => i.name) };
  return { events: texts.length, eventBytes, households, indexes, idb, rxdb, verify };
}

Object.assign(globalThis, { __aidtrailBound: { receive, bound } });
export type BoundPage = { receive: typeof receive; bound: typeof bound };

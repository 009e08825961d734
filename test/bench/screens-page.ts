/**
 * Browser side of the screens benchmark (test/bench/screens.bench.ts): fills
 * the kit the app itself opens. Served at `bench/` of the app's own origin
 * (test/support/page-bundle.ts `serveAppWithPageBundle`), it opens the app's
 * database (`KIT_DATABASE`) and the browser host's vault as the app does,
 * sets up a new site with its founding team lead (a known PIN, so the app can
 * be unlocked later), seals the households' records under the site data key
 * in that vault, admits the camp's other laptops (signed in Node) and takes
 * their events through the kit's ingest in live sync's batches of 500.
 */
import { getRxStorageDexie } from 'rxdb/plugins/storage-dexie';
import demoPlan from '../../resources/demo-plan.json';
import { utf8 } from '../../shared/bytes';
import type { SealedBlob } from '../../shared/ipc';
import { openKitDatabase, type KitDatabase } from '../../renderer/src/db/database';
import { browserHost } from '../../renderer/src/host/select-host';
import type { KitApi, Role } from '../../renderer/src/kit/api';
import { createKit } from '../../renderer/src/kit/kit';
import { readSetting } from '../../renderer/src/kit/settings';
import { KIT_DATABASE } from '../../renderer/src/kit/start-kit';
import type { HostApi } from '../../shared/ipc';
import { takeReceived } from './storage-bound-page';

/** Live sync hands the kit what arrived in batches of at most 500 (renderer/src/kit/sync/live-sync.ts). */
const PEER_BATCH = 500;
/** Records sealed per vault call (`vault:seal-many`, as the kit's own `sealRecords` asks); well within its bounds. */
const SEAL_PAGE = 100;

export interface SiteSetUp {
  readonly site: string;
  /** The founding lead's operator id, for the approvals other laptops' leads sign. */
  readonly leadOperator: string;
  /** The round of the plan the kit installed. */
  readonly round: string;
}

export interface Filled {
  readonly ms: number;
  readonly stored: number;
  readonly duplicates: number;
  readonly quarantined: number;
}

let db: KitDatabase | undefined;
let host: HostApi | undefined;
let kit: KitApi | undefined;

const opened = (): { db: KitDatabase; host: HostApi; kit: KitApi } => {
  if (db === undefined || host === undefined || kit === undefined) throw new Error('set the site up first');
  return { db, host, kit };
};

/** A new site on this origin's kit database and vault, its founding lead signed in with `pin`. */
async function setup(leadName: string, pin: string): Promise<SiteSetUp> {
  db = await openKitDatabase(KIT_DATABASE, getRxStorageDexie());
  host = browserHost();
  kit = createKit({ db, host, defaultPlan: demoPlan });
  if ((await kit.state()).kind !== 'needs-setup') throw new Error('the profile already holds a kit: the bench fills fresh profiles only');
  const done = await kit.setup({ site: 'camp-north', siteName: 'Camp North', deviceLabel: 'Team lead laptop', lead: { name: leadName, pin } });
  if (!done.ok) throw new Error(done.message);
  const state = await kit.state();
  if (state.kind !== 'unlocked') throw new Error(`expected the lead signed in after setup, not ${state.kind}`);
  return { site: done.value.site, leadOperator: state.operator.id, round: demoPlan.round };
}

/** Seals each record under the site's current data key, bound to its household, as enrolment does. */
async function seal(records: readonly { readonly household: string; readonly pii: unknown }[]): Promise<SealedBlob[]> {
  const { db, host } = opened();
  const kid = (await readSetting(db, 'siteKey'))?.current;
  if (kid === undefined) throw new Error('the site has no data key');
  const blobs: SealedBlob[] = [];
  for (let i = 0; i < records.length; i += SEAL_PAGE) {
    const sealed = await host.sealMany(records.slice(i, i + SEAL_PAGE).map(({ household, pii }) => ({ plaintext: utf8(JSON.stringify(pii)), kid, context: household })));
    if (!sealed.ok) throw new Error(`the vault refused to seal: ${sealed.code}: ${sealed.message}`);
    blobs.push(...sealed.value);
  }
  return blobs;
}

/** Events of laptops not admitted yet: they wait in the quarantine until `admit`. */
async function introduce(texts: readonly string[]): Promise<Filled> {
  const t0 = performance.now();
  const r = await opened().kit.ingest(texts, 'bench peer');
  return { ms: performance.now() - t0, ...r };
}

/** The lead certifies a laptop (valid from its first event waiting here, which it releases). */
async function admit(did: string, role: Role): Promise<void> {
  const done = await opened().kit.certifyDevice(did, role);
  if (!done.ok) throw new Error(done.message);
}

/** Ingests the texts handed over (`receive`), in live sync's batches. */
async function ingest(): Promise<Filled> {
  const { kit } = opened();
  const texts = takeReceived();
  const t0 = performance.now();
  const total = { stored: 0, duplicates: 0, quarantined: 0 };
  for (let i = 0; i < texts.length; i += PEER_BATCH) {
    const r = await kit.ingest(texts.slice(i, i + PEER_BATCH), 'bench peer');
    total.stored += r.stored;
    total.duplicates += r.duplicates;
    total.quarantined += r.quarantined;
  }
  return { ms: performance.now() - t0, ...total };
}

/** What the kit holds, to check the fill. */
async function counts(): Promise<{ events: number; households: number; quarantine: number }> {
  const { db } = opened();
  return { events: await db.events.count().exec(), households: await db.households.count().exec(), quarantine: await db.quarantine.count().exec() };
}

/** Signs the lead out and closes the database, so the app finds the kit as a laptop left it. */
async function close(): Promise<void> {
  const { db, kit } = opened();
  await kit.lock();
  await db.close();
}

Object.assign(globalThis, { __aidtrailScreensBench: { setup, seal, introduce, admit, ingest, counts, close } });
export type ScreensBenchPage = {
  setup: typeof setup;
  seal: typeof seal;
  introduce: typeof introduce;
  admit: typeof admit;
  ingest: typeof ingest;
  counts: typeof counts;
  close: typeof close;
};

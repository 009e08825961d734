/**
 * Browser side of the search benchmark (test/bench/search.bench.ts): the real
 * kit over Chromium's on-disk IndexedDB and the browser host's WebCrypto
 * vault. The bench drives it step by step: set up a lead's kit, import the
 * caseload in chunks (the kit's own write path), then, in a fresh browser
 * start on the same profile, unlock, build the search index (the first
 * `searchHouseholds`), time `searchHouseholds` against a plain array scan of
 * the same normalized names in this page, and time `likelyDuplicates`.
 */
import { distance } from 'fastest-levenshtein';
import { getRxStorageDexie } from 'rxdb/plugins/storage-dexie';
import demoPlan from '../../resources/demo-plan.json';
import { NEAR_NAME, normalizePhone, normalizeText } from '../../shared/search';
import { openKitDatabase, type KitDatabase } from '../../renderer/src/db/database';
import { browserHost } from '../../renderer/src/host/select-host';
import type { HouseholdForm } from '../../renderer/src/kit/api/households';
import { createKit } from '../../renderer/src/kit/kit';

const PIN = '4071';

/** What the bench knows of a household it imported: the baseline scans these. */
export interface BenchHousehold {
  readonly id: string;
  readonly names: readonly string[];
  readonly shelter: string;
  readonly phone?: string;
  readonly birthYear?: number;
}

export interface ImportStep {
  readonly ms: number;
  readonly imported: number;
  readonly rejected: number;
  /** CSV lines (header = line 1) the kit skipped as likely duplicates of households it has. */
  readonly duplicateLines: readonly number[];
}

export interface SearchSample {
  readonly kitMs: number;
  readonly scanMs: number;
  readonly kitHits: number;
  readonly scanHits: number;
  /** Kit hits the scan does not have (should be 0). */
  readonly kitOnly: number;
}

export interface DuplicateSample {
  readonly kitMs: number;
  readonly scanMs: number;
  /** The kit answers at most 10. */
  readonly kitCandidates: number;
  readonly scanCandidates: number;
}

let db: KitDatabase | undefined;
let kit: ReturnType<typeof createKit> | undefined;

function theKit(): ReturnType<typeof createKit> {
  if (kit === undefined) throw new Error('open the kit first');
  return kit;
}

async function open(dbName: string): Promise<string> {
  db = await openKitDatabase(dbName, getRxStorageDexie());
  kit = createKit({ db, host: browserHost(), defaultPlan: demoPlan });
  return (await kit.state()).kind;
}

async function setup(): Promise<void> {
  const done = await theKit().setup({ site: 'camp-north', siteName: 'Bench', deviceLabel: 'bench', lead: { name: 'Lead', pin: PIN } });
  if (!done.ok) throw new Error(done.message);
}

async function importChunk(csv: string): Promise<ImportStep> {
  const t = performance.now();
  const report = await theKit().importCaseload(csv);
  const ms = performance.now() - t;
  if (!report.ok) throw new Error(`import failed: ${report.message}`);
  return { ms, imported: report.value.imported, rejected: report.value.rejected.length, duplicateLines: report.value.duplicates.map((d) => d.line) };
}

async function close(): Promise<void> {
  await db?.close();
  db = undefined;
  kit = undefined;
}

/** Unlocks as the lead, then the first search builds the index: both timed. */
async function unlockAndBuild(): Promise<{ unlockMs: number; buildMs: number }> {
  const k = theKit();
  const state = await k.state();
  if (state.kind !== 'locked') throw new Error(`expected a locked kit, got ${state.kind}`);
  const t0 = performance.now();
  const unlocked = await k.unlock(state.operators[0]!.id, PIN);
  const unlockMs = performance.now() - t0;
  if (!unlocked.ok) throw new Error(unlocked.message);
  const t1 = performance.now();
  const first = await k.searchHouseholds('zzzq', 1);
  const buildMs = performance.now() - t1;
  if (!first.ok) throw new Error(first.message);
  return { unlockMs, buildMs };
}

/**
 * Where a cold index build's time goes: every household row in one RxDB
 * query, then single pages of 500 by id as the build reads them (the first
 * page, and the one after `lastPageAfter`), no record opened.
 */
async function readRows(lastPageAfter: string): Promise<{ allMs: number; rows: number; firstPageMs: number; lastPageMs: number }> {
  if (db === undefined) throw new Error('open the kit first');
  const t0 = performance.now();
  const rows = (await db.households.find().exec()).length;
  const allMs = performance.now() - t0;
  const page = async (after: string) => {
    const t = performance.now();
    const docs = await db!.households.find({ selector: { id: { $gt: after } }, sort: [{ id: 'asc' }], limit: 500 }).exec();
    if (docs.length === 0) throw new Error('an empty page');
    return performance.now() - t;
  };
  return { allMs, rows, firstPageMs: await page(''), lastPageMs: await page(lastPageAfter) };
}

async function lock(): Promise<void> {
  await theKit().lock();
}

/** The baseline: one array of the same households' normalized names and shelter, and their phones. */
let scanTexts: string[] = [];
let scanPhones: string[] = [];
let scanIds: string[] = [];
let scanHeads: string[] = [];
let scanShelters: string[] = [];
let scanYears: (number | undefined)[] = [];

function loadBaseline(households: readonly BenchHousehold[]): { ms: number; size: number } {
  const t = performance.now();
  // '|' never survives normalizeText, so a query cannot match across two names.
  scanTexts = households.map((h) => [...h.names, h.shelter].map(normalizeText).join('|'));
  scanPhones = households.map((h) => (h.phone === undefined ? '' : normalizePhone(h.phone)));
  scanIds = households.map((h) => h.id);
  scanHeads = households.map((h) => normalizeText(h.names[0] ?? ''));
  scanShelters = households.map((h) => normalizeText(h.shelter));
  scanYears = households.map((h) => h.birthYear);
  return { ms: performance.now() - t, size: scanTexts.length };
}

/** A plain scan answering what `searchHouseholds` answers: id prefix, or name/shelter substring, or phone suffix. */
function scan(query: string): string[] {
  const idQuery = query.trim().toUpperCase();
  if (/^HH-[0-9A-Z-]*$/.test(idQuery)) return scanIds.filter((id) => id.startsWith(idQuery));
  const q = normalizeText(query);
  const phone = /^\+?[\d\s-]{4,}$/.test(query.trim()) ? normalizePhone(query) : '';
  return scanIds.filter((_, i) => (q !== '' && scanTexts[i]!.includes(q)) || (phone !== '' && scanPhones[i]!.endsWith(phone)));
}

/** Each query through the kit and through the scan, interleaved so both see the same page state. */
async function search(queries: readonly string[], limit: number): Promise<SearchSample[]> {
  const k = theKit();
  const samples: SearchSample[] = [];
  for (const query of queries) {
    const t0 = performance.now();
    const found = await k.searchHouseholds(query, limit);
    const kitMs = performance.now() - t0;
    if (!found.ok) throw new Error(found.message);
    const t1 = performance.now();
    const scanned = scan(query);
    const scanMs = performance.now() - t1;
    const all = new Set(scanned);
    samples.push({ kitMs, scanMs, kitHits: found.value.length, scanHits: scanned.length, kitOnly: found.value.filter((h) => !all.has(h.id)).length });
  }
  return samples;
}

/**
 * The duplicate rule of shared/search/duplicates.ts by a plain scan of every
 * household: same phone, or a head's name at least NEAR_NAME similar with the
 * same shelter or birth year.
 */
function scanDuplicates(form: HouseholdForm): number {
  const head = normalizeText(form.head.name);
  const shelter = normalizeText(form.shelter);
  const phone = form.phone === undefined ? '' : normalizePhone(form.phone);
  const year = form.head.birthYear;
  let found = 0;
  for (let i = 0; i < scanIds.length; i++) {
    if (phone !== '' && scanPhones[i] === phone) {
      found++;
      continue;
    }
    const sameShelter = shelter !== '' && scanShelters[i] === shelter;
    const sameYear = year !== undefined && scanYears[i] === year;
    if (!sameShelter && !sameYear) continue;
    const name = scanHeads[i]!;
    if (name === head || 1 - distance(head, name) / Math.max(head.length, name.length, 1) >= NEAR_NAME) found++;
  }
  return found;
}

/** Each form through the kit's `likelyDuplicates` and through the plain scan, interleaved. */
async function duplicates(forms: readonly HouseholdForm[]): Promise<DuplicateSample[]> {
  const k = theKit();
  const samples: DuplicateSample[] = [];
  for (const form of forms) {
    const t0 = performance.now();
    const found = await k.likelyDuplicates(form);
    const kitMs = performance.now() - t0;
    if (!found.ok) throw new Error(`likelyDuplicates: ${found.message}`);
    const t1 = performance.now();
    const scanCandidates = scanDuplicates(form);
    const scanMs = performance.now() - t1;
    samples.push({ kitMs, scanMs, kitCandidates: found.value.length, scanCandidates });
  }
  return samples;
}

const api = { open, setup, importChunk, close, unlockAndBuild, readRows, lock, loadBaseline, search, duplicates };
Object.assign(globalThis, { __aidtrailSearchBench: api });
export type SearchBenchPage = typeof api;

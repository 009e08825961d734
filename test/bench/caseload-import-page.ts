/**
 * Browser side of the caseload-import benchmark
 * (test/bench/caseload-import.bench.ts): a lead's kit over Chromium's
 * IndexedDB and the browser build's host (its vault in a worker) imports
 * the households CSV the bench hands over (`KitApi.importCaseload`: parse, duplicate check against
 * the search index, seal each record, sign and verify the enrolments, RxDB
 * bulk writes of 500 with their household rows), then hands back the
 * enrolments it signed, for the bound.
 */
import { getRxStorageDexie } from 'rxdb/plugins/storage-dexie';
import demoPlan from '../../resources/demo-plan.json';
import { openKitDatabase } from '../../renderer/src/db/database';
import { browserHost } from '../../renderer/src/host/select-host';
import type { KitApi } from '../../renderer/src/kit/api';
import { createKit } from '../../renderer/src/kit/kit';
import { costOf, type Cost } from '../support/cpu-binding';
import { takeReceived } from './storage-bound-page';

/** A caseload import writes 500 rows per bulk write, the first 100 (IMPORT_CHUNK in renderer/src/kit/households/households.ts). */
export const CASELOAD_BATCH = 500;

export interface CaseloadRun {
  readonly imported: number;
  readonly cost: Cost;
}

let kit: KitApi | undefined;
let enrolments: string[] = [];

/** Imports the CSV lines handed over (the header first) into a new lead's kit. */
async function importCaseload(): Promise<CaseloadRun> {
  kit = createKit({ db: await openKitDatabase(`bench-caseload-${crypto.randomUUID()}`, getRxStorageDexie()), host: browserHost(), defaultPlan: demoPlan });
  const setup = await kit.setup({ site: 'camp-north', siteName: 'Bench', deviceLabel: 'lead', lead: { name: 'Lead', pin: '4071' } });
  if (!setup.ok) throw new Error(setup.message);
  const lines = takeReceived();
  const { value: imported, cost } = await costOf(() => kit!.importCaseload(lines.join('\n')));
  if (!imported.ok) throw new Error(imported.message);
  return { imported: imported.value.imported, cost };
}

/** How many enrolments the import signed; `enrolmentTexts` hands them out. */
async function countEnrolments(): Promise<number> {
  if (kit === undefined) throw new Error('import a caseload first');
  enrolments = (await kit.eventEntries()).flatMap(({ text }) => ((JSON.parse(text) as { type: string }).type === 'enrolment' ? [text] : []));
  return enrolments.length;
}

const enrolmentTexts = (start: number, count: number): string[] => enrolments.slice(start, start + count);

Object.assign(globalThis, { __aidtrailCaseloadBench: { importCaseload, countEnrolments, enrolmentTexts } });
export type CaseloadBenchPage = { importCaseload: typeof importCaseload; countEnrolments: typeof countEnrolments; enrolmentTexts: typeof enrolmentTexts };

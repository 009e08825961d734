/**
 * Browser side of the sync-ingest benchmark (test/bench/sync-ingest.bench.ts):
 * the receiving half of peer sync and of a sync file, through the kit's own
 * code path. A team lead's kit admits a field device the bench made in Node
 * (a device certificate); a second laptop of the team, joined by the lead's
 * invitation, holds the lead's events, then takes the device's events the
 * bench hands over:
 *
 * - `ingest`: in the batches live sync uses (`KitApi.ingest`: schema,
 *   WebCrypto Ed25519, certificate, hash chain, RxDB bulk write, households
 *   view);
 * - `importFile`: a sync file another laptop exported, imported whole (it
 *   crosses from Node in pieces: one IPC message cannot carry a 200k-event file)
 *   (`KitApi.importSyncFile`: inflate, then the same ingest a chunk at a time).
 */
import { getRxStorageDexie } from 'rxdb/plugins/storage-dexie';
import demoPlan from '../../resources/demo-plan.json';
import { fromBase64, toBase64 } from '../../shared/bytes';
import { openKitDatabase } from '../../renderer/src/db/database';
import { createMemoryHost } from '../../renderer/src/host/memory-host';
import type { KitApi } from '../../renderer/src/kit/api';
import { createKit } from '../../renderer/src/kit/kit';
import { costOf, type Cost } from '../support/cpu-binding';
import { takeReceived } from './storage-bound-page';

/** Live sync hands the kit what arrived in batches of at most 500 (renderer/src/kit/sync/live-sync.ts). */
export const PEER_BATCH = 500;

export interface IngestRun {
  readonly events: number;
  readonly cost: Cost;
  readonly stored: number;
}

export interface Team {
  readonly invitation: string;
  /** The site code of the team, for the events the device signs. */
  readonly site: string;
  /** The lead's events (its keys, the device's certificate): a new laptop of the team takes them first. */
  readonly leadTexts: string[];
}

let field: KitApi | undefined;

const kitOf = async (name: string): Promise<KitApi> =>
  createKit({ db: await openKitDatabase(`bench-${name}-${crypto.randomUUID()}`, getRxStorageDexie()), host: createMemoryHost(), defaultPlan: demoPlan });

/** A lead's kit that admits `device`; answers what a laptop joining the team needs. */
async function lead(device: string): Promise<Team> {
  const kit = await kitOf('lead');
  const setup = await kit.setup({ site: 'camp-north', siteName: 'Bench', deviceLabel: 'lead', lead: { name: 'L', pin: '4071' } });
  if (!setup.ok) throw new Error(setup.message);
  const certified = await kit.certifyDevice(device, 'field-officer');
  if (!certified.ok) throw new Error(certified.message);
  const invitation = await kit.invitation();
  if (!invitation.ok) throw new Error(invitation.message);
  return { invitation: invitation.value, site: setup.value.site, leadTexts: (await kit.eventEntries()).map((e) => e.text) };
}

/** A laptop of the team, holding the lead's events: the one the bench times. */
async function join(team: Team): Promise<void> {
  field = await kitOf('field');
  const setup = await field.setup({ site: '', siteName: '', deviceLabel: 'field', lead: { name: 'F', pin: '4071' }, invitation: team.invitation });
  if (!setup.ok) throw new Error(setup.message);
  const taken = await field.ingest(team.leadTexts, 'lead');
  if (taken.quarantined > 0) throw new Error(`${taken.quarantined} of the lead's events were quarantined`);
}

const joined = (): KitApi => {
  if (field === undefined) throw new Error('join the team first');
  return field;
};

/**
 * Ingests the texts handed over, in live sync's batches, handed to the kit
 * as live sync does: each as it is gathered, without waiting for the one
 * before (`LiveSync.take`); the kit keeps a few in flight and the rest wait.
 */
async function ingest(): Promise<IngestRun> {
  const kit = joined();
  const texts = takeReceived();
  const { value: stored, cost } = await costOf(async () => {
    const batches: Promise<{ stored: number }>[] = [];
    for (let i = 0; i < texts.length; i += PEER_BATCH) batches.push(kit.ingest(texts.slice(i, i + PEER_BATCH), 'bench peer'));
    return (await Promise.all(batches)).reduce((n, r) => n + r.stored, 0);
  });
  return { events: texts.length, cost, stored };
}

let exported: Uint8Array = new Uint8Array();

/** Exports the sync file this laptop has for a laptop that has nothing; answers its size in bytes (`exportedPiece` hands it out). */
async function exportFile(): Promise<number> {
  exported = await joined().exportSyncFile();
  return exported.length;
}

/** Bytes [start, start + length) of the exported file, base64. */
const exportedPiece = (start: number, length: number): string => toBase64(exported.subarray(start, start + length));

/** Imports the sync file handed over (`handOver`, as base64 pieces); `events` counts what it stored. */
async function importFile(): Promise<IngestRun> {
  const pieces = takeReceived().map(fromBase64);
  const bytes = new Uint8Array(pieces.reduce((n, p) => n + p.length, 0));
  pieces.reduce((at, piece) => (bytes.set(piece, at), at + piece.length), 0);
  const { value: imported, cost } = await costOf(() => joined().importSyncFile(bytes, 'bench file'));
  if (!imported.ok) throw new Error(imported.message);
  return { events: imported.value.stored, cost, stored: imported.value.stored };
}

Object.assign(globalThis, { __aidtrailIngestBench: { lead, join, ingest, exportFile, exportedPiece, importFile } });
export type IngestBenchPage = {
  lead: typeof lead;
  join: typeof join;
  ingest: typeof ingest;
  exportFile: typeof exportFile;
  exportedPiece: typeof exportedPiece;
  importFile: typeof importFile;
};

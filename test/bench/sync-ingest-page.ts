/**
 * Browser side of the sync-ingest benchmark: the receiving half of peer sync
 * through the kit's own code path. A team lead's kit enrols `n` households
 * (one event each); a field device of the team verifies and stores all of
 * them (`KitApi.ingest`: schema, WebCrypto Ed25519, certificate, hash chain,
 * RxDB bulk write, households view), in the batches live sync uses.
 */
import { getRxStorageDexie } from 'rxdb/plugins/storage-dexie';
import demoPlan from '../../resources/demo-plan.json';
import { openKitDatabase } from '../../renderer/src/db/database';
import { createMemoryHost } from '../../renderer/src/host/memory-host';
import { createKit } from '../../renderer/src/kit/kit';

export interface IngestRun {
  readonly events: number;
  readonly ingestMs: number;
  readonly stored: number;
}

async function run(n: number): Promise<IngestRun> {
  const leadDb = await openKitDatabase(`bench-lead-${crypto.randomUUID()}`, getRxStorageDexie());
  const lead = createKit({ db: leadDb, host: createMemoryHost(), defaultPlan: demoPlan });
  await lead.setup({ site: 'camp-north', siteName: 'Bench', deviceLabel: 'lead', lead: { name: 'L', pin: '4071' } });
  const csv = ['head_name,head_sex,shelter,members', ...Array.from({ length: n }, (_, i) => `Head ${i},female,B/${i},female:18-59:2`)].join('\n');
  const imported = await lead.importCaseload(csv);
  if (!imported.ok) throw new Error(imported.message);
  const invitation = await lead.invitation();
  if (!invitation.ok) throw new Error(invitation.message);
  const fieldDb = await openKitDatabase(`bench-field-${crypto.randomUUID()}`, getRxStorageDexie());
  const field = createKit({ db: fieldDb, host: createMemoryHost(), defaultPlan: demoPlan });
  await field.setup({ site: '', siteName: '', deviceLabel: 'field', lead: { name: 'F', pin: '4071' }, invitation: invitation.value });
  const texts = (await lead.eventEntries()).map((e) => e.text);
  const t0 = performance.now();
  let stored = 0;
  for (let i = 0; i < texts.length; i += 500) stored += (await field.ingest(texts.slice(i, i + 500), 'bench')).stored;
  const ingestMs = performance.now() - t0;
  await leadDb.remove();
  await fieldDb.remove();
  return { events: texts.length, ingestMs, stored };
}

Object.assign(globalThis, { __aidtrailIngestBench: { run } });
export type IngestBenchPage = { run: typeof run };

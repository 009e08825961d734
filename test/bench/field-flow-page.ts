/**
 * Browser side of the field-flow benchmark (test/bench/field-flow.bench.ts):
 * the real kit over Chromium's IndexedDB and the browser host's WebCrypto
 * vault. A caseload of `households` rows is imported, then `samples` random
 * households are looked up (find + decrypt their record) and handed out to
 * (lookup check + entitlement + duplicate check + signed, stored handout).
 */
import { getRxStorageDexie } from 'rxdb/plugins/storage-dexie';
import demoPlan from '../../resources/demo-plan.json';
import { newHouseholdId, HOUSEHOLD_ID_RANDOM_BYTES } from '../../shared/household';
import { openKitDatabase } from '../../renderer/src/db/database';
import { browserHost } from '../../renderer/src/host/select-host';
import { createKit } from '../../renderer/src/kit/kit';

export interface FieldFlowRun {
  readonly households: number;
  readonly importMs: number;
  readonly lookupMs: number[];
  readonly handoutMs: number[];
}

async function run(households: number, samples: number): Promise<FieldFlowRun> {
  const db = await openKitDatabase(`bench-${households}-${crypto.randomUUID()}`, getRxStorageDexie());
  const kit = createKit({ db, host: browserHost(), defaultPlan: demoPlan });
  const setup = await kit.setup({ site: 'camp-north', siteName: 'Bench', deviceLabel: 'bench', lead: { name: 'Lead', pin: '4071' } });
  if (!setup.ok) throw new Error(setup.message);
  const ids = Array.from({ length: households }, () => newHouseholdId(crypto.getRandomValues(new Uint8Array(HOUSEHOLD_ID_RANDOM_BYTES))));
  const csv = [
    'household_id,head_name,head_sex,shelter,members',
    ...ids.map((id, i) => `${id},Head ${i},female,B${i % 50}/${i},female:18-59:1;male:0-4:${1 + (i % 6)}`),
  ].join('\n');
  const t0 = performance.now();
  const imported = await kit.importCaseload(csv);
  const importMs = performance.now() - t0;
  if (!imported.ok || imported.value.imported !== households) throw new Error(`import failed: ${JSON.stringify(imported).slice(0, 300)}`);

  const picks = Array.from({ length: samples }, () => ids[Math.floor(Math.random() * ids.length)]!);
  const unique = [...new Set(picks)];
  const lookupMs: number[] = [];
  for (const id of unique) {
    const t = performance.now();
    const found = await kit.findHousehold(id);
    lookupMs.push(performance.now() - t);
    if (!found.ok) throw new Error(found.message);
  }
  const handoutMs: number[] = [];
  for (const id of unique) {
    const t = performance.now();
    const check = await kit.checkByLookup(id, 'card-lost', 'refugee-id');
    const entitlement = await kit.entitlement(id);
    if (!check.ok || !entitlement.ok) throw new Error('check or entitlement failed');
    const saved = await kit.recordHandout({
      household: id,
      checkId: check.value.checkId,
      items: entitlement.value.items,
      ...(entitlement.value.cash && { cash: entitlement.value.cash }),
      collector: 'head',
    });
    handoutMs.push(performance.now() - t);
    if (!saved.ok) throw new Error(saved.message);
  }
  await db.remove();
  return { households, importMs, lookupMs, handoutMs };
}

Object.assign(globalThis, { __aidtrailFieldFlowBench: { run } });
export type FieldFlowBenchPage = { run: typeof run };

/**
 * What the kit's tests share: kits over fake-indexeddb with a memory host and
 * a fixed clock, a household, and shortcuts through the flows. Tests only;
 * nothing in the app imports it.
 */
import 'fake-indexeddb/auto';
import { afterEach } from 'vitest';
import { getRxStorageDexie } from 'rxdb/plugins/storage-dexie';
import demoPlan from '../../../resources/demo-plan.json';
import type { HostApi } from '../../../shared/ipc';
import type { Result } from '../../../shared/result';
import { openKitDatabase, type KitDatabase } from '../db/database';
import { createMemoryHost, createMemoryVaultStorage } from '../host/memory-host';
import type { HouseholdForm, KitApi, LeadApproval } from './api';
import { createKit, type KitOptions } from './kit';

export const NOW = new Date('2026-11-24T09:00:00.000Z');
export const TODAY = '2026-11-24';

export function unwrap<T>(result: Result<T, string>): T {
  if (!result.ok) throw new Error(`${result.code}: ${result.message}`);
  return result.value;
}

export interface TestKit {
  readonly kit: KitApi;
  readonly db: KitDatabase;
  /** The laptop's vault: what someone who tampers with the kit on that laptop could use. */
  readonly host: HostApi;
  readonly name: string;
  readonly vault: ReturnType<typeof createMemoryVaultStorage>;
}

/** Opens kits and closes them all after each test of the file that calls it. */
export function testKits() {
  const opened: KitDatabase[] = [];
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((db) => db.close()));
  });
  async function open(
    options: {
      name?: string;
      vault?: ReturnType<typeof createMemoryVaultStorage>;
      now?: Date;
      clock?: () => Date;
      kit?: Partial<KitOptions>;
      /** Changes the memory host (a desktop host's answers, say). */
      host?: (host: HostApi) => HostApi;
    } = {},
  ): Promise<TestKit> {
    const name = options.name ?? `kit-${crypto.randomUUID()}`;
    const vault = options.vault ?? createMemoryVaultStorage();
    const db = await openKitDatabase(name, getRxStorageDexie());
    opened.push(db);
    const now = options.now ?? NOW;
    // The vault's clock (back-off, idle lock) is the kit's unless a test moves it.
    const memory = createMemoryHost({ storage: vault, now: options.clock ?? (() => now) });
    const host = options.host ? options.host(memory) : memory;
    const kit = createKit({ db, host, now: () => now, defaultPlan: demoPlan, ...options.kit });
    return { kit, db, host, name, vault };
  }
  return {
    open,
    /** A kit set up as a new site's lead laptop, unlocked as its lead Amina (PIN 4071). */
    async ready(options: Parameters<typeof open>[0] = {}): Promise<TestKit> {
      const made = await open(options);
      unwrap(await made.kit.setup({ site: 'camp-north', siteName: 'Camp North', deviceLabel: 'Laptop 1', lead: { name: 'Amina', pin: '4071' } }));
      return made;
    },
    async close(db: KitDatabase): Promise<void> {
      opened.splice(opened.indexOf(db), 1);
      await db.close();
    },
  };
}

export const family: HouseholdForm = {
  head: { name: 'Fatuma Ali', sex: 'female', birthYear: 1985 },
  phone: '+254712345678',
  shelter: 'B7/114',
  members: [
    { band: '18-59', sex: 'female', count: 1 },
    { band: '5-17', sex: 'male', count: 2 },
    { band: '0-4', sex: 'female', count: 1 },
  ],
  vulnerabilities: ['single-parent'],
  proxies: [{ name: 'Halima Ali', relation: 'sister' }],
};

/** A household of two, for the flows that do not look at who is in it. */
export const smallFamily: HouseholdForm = {
  head: { name: 'Asha', sex: 'female' },
  shelter: 'C1/2',
  members: [{ band: '18-59', sex: 'female', count: 2 }],
  vulnerabilities: [],
  proxies: [],
};

/** A handout of the entitlement after a lookup check (a partial one with reason `other` where the plan gives less). */
export async function handOut(kit: KitApi, household: string): Promise<string> {
  const check = unwrap(await kit.checkByLookup(household, 'card-lost', 'refugee-id'));
  const entitlement = unwrap(await kit.entitlement(household));
  return unwrap(await kit.recordHandout({ household, checkId: check.checkId, items: entitlement.items, collector: 'head', partialReason: 'other' })).eventId;
}

/** The first operator: the lead who set the kit up. */
export async function leadId(kit: KitApi): Promise<string> {
  const state = await kit.state();
  if (state.kind === 'unlocked') return state.operator.id;
  if (state.kind === 'locked') return state.operators[0]!.id;
  throw new Error('not set up');
}

export const leadApproval = async (kit: KitApi, pin = '4071'): Promise<LeadApproval> => ({ leadId: await leadId(kit), pin });

export async function enrolAndCard(kit: KitApi, form: HouseholdForm = family) {
  const enrolled = unwrap(await kit.enrol(form));
  const card = unwrap(await kit.issueCard(enrolled.id));
  return { id: enrolled.id, qr: card.qrText };
}

/** Every event text the kit holds, as a peer would receive them. */
export const eventTexts = async (kit: KitApi): Promise<string[]> => (await kit.eventEntries()).map((e) => e.text);

/** Both ways, as a sync session or two sync files would. */
export async function exchange(a: KitApi, b: KitApi) {
  const toB = await b.ingest(await eventTexts(a), 'a');
  const toA = await a.ingest(await eventTexts(b), 'b');
  return { toA, toB };
}

/**
 * A site of two laptops: the founding lead's (Amina, PIN 4071) and a field
 * laptop (Juma, PIN 3952) that joined by invitation, was admitted by the lead
 * with `role` and has synced both ways twice (so the site key reached it).
 */
export async function twoLaptopSite(kits: ReturnType<typeof testKits>, role: 'field-officer' | 'team-lead' = 'field-officer') {
  const lead = await kits.ready();
  const field = await kits.open();
  const joined = unwrap(
    await field.kit.setup({ site: '', siteName: '', deviceLabel: 'Distribution point 2', lead: { name: 'Juma', pin: '3952' }, invitation: unwrap(await lead.kit.invitation()) }),
  );
  await exchange(field.kit, lead.kit);
  unwrap(await lead.kit.certifyDevice(joined.device, role));
  await exchange(lead.kit, field.kit);
  await exchange(lead.kit, field.kit);
  return { lead, field, fieldDevice: joined.device };
}

/**
 * The ledger answers in the shapes HQ's apps check (shared/ledger/
 * admin-answers.ts, funds-answers.ts, trust-feed.ts, proof-answers.ts,
 * receipt.ts): real answers, built by the views and routes over a ledger
 * with devices, a refusal, a revocation, a plan, money and handouts, parse
 * with the shared schemas.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import {
  batchesAnswerSchema,
  devicesAnswerSchema,
  issuedSchema,
  rejectionsAnswerSchema,
  roundsAnswerSchema,
  sitesAnswerSchema,
  treeCheckSchema,
} from '../../shared/ledger/admin-answers';
import { donorAnswerSchema, donorsAnswerSchema } from '../../shared/ledger/funds-answers';
import { consistencyAnswerSchema, inclusionAnswerSchema } from '../../shared/ledger/proof-answers';
import { receiptSchema } from '../../shared/ledger/receipt';
import { trustFeedSchema } from '../../shared/ledger/trust-feed';
import { enrolmentBody } from '../../shared/ledger/test-support';
import { SqliteStore } from '../store/sqlite-store';
import { ADMIN_TOKEN, fastDevice, openLedger, uploadOf } from '../testing/fixtures';
import { buildApp } from './http';
import type { Ledger } from './ledger';

const ROUND = 'R2026-11';
const DONOR = 'XM-DAC-41114';
const admin = { authorization: `Bearer ${ADMIN_TOKEN}` };

let ledger: Ledger;
let app: FastifyInstance;
/** Id of HQ's contribution event. */
let contributed: string;

/** The route's answer, parsed with the schema HQ's app checks it with (zod's error, with its path, if it does not fit). */
async function answer<T>(method: 'GET' | 'POST', url: string, schema: z.ZodType<T>, payload?: unknown): Promise<T> {
  const response = await app.inject({ method, url, headers: admin, ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }) });
  expect(response.statusCode, response.body).toBe(method === 'POST' ? 201 : 200);
  return schema.parse(response.json());
}

beforeAll(async () => {
  const [a, b, stranger] = [fastDevice(), fastDevice(), fastDevice()];
  ledger = await openLedger(new SqliteStore(':memory:'), [a, b], () => new Date('2026-12-05T12:00:00.000Z'));
  app = buildApp(ledger, { adminToken: ADMIN_TOKEN });
  await answer('POST', '/admin/plans', issuedSchema, {
    round: ROUND,
    site: 'camp-a',
    from: '2026-11-01',
    to: '2026-11-30',
    rules: [{ minSize: 1, maxSize: 100, items: [{ code: 'maize', qty: 25, unit: 'kg' }], cash: { amount: 150000, currency: 'KES' } }],
    costs: [{ code: 'maize', unit: 'kg', amount: 45, currency: 'USD' }],
  });
  ({ id: contributed } = await answer('POST', '/admin/contributions', issuedSchema, {
    donor: { org: DONOR, name: 'European Commission - ECHO' },
    amount: 5_000_000,
    currency: 'USD',
    date: '2026-10-15',
    rounds: [ROUND],
    earmarks: ['food'],
  }));
  await answer('POST', '/admin/allocations', issuedSchema, { contribution: contributed, site: 'camp-a', round: ROUND, amount: 2_000, currency: 'USD' });
  for (const laptop of [a, b]) {
    const events = [laptop.record('enrolment', enrolmentBody('HH-0001')), laptop.record('handout', { household: 'HH-0001', items: [{ code: 'maize', qty: 25, unit: 'kg' }], cash: { amount: 150000, currency: 'KES' }, collector: 'head' }, { round: ROUND })];
    expect((await ledger.submit(await uploadOf(laptop, events))).ok).toBe(true);
  }
  expect(await ledger.submit(await uploadOf(stranger, stranger.handouts(1)))).toMatchObject({ ok: false, code: 'device-not-certified' });
  await answer('POST', '/admin/revocations', issuedSchema, { subject: b.did, reason: 'lost' });
});
afterAll(async () => {
  await app.close();
  await ledger.close();
});

describe('the admin answers', () => {
  it('fit the schemas the console checks them with', async () => {
    const { devices, unregistered } = await answer('GET', '/admin/devices', devicesAnswerSchema);
    expect(devices.map((d) => d.revoked?.reason ?? null).sort()).toEqual(['lost', null]);
    expect(unregistered).toHaveLength(1);
    expect((await answer('GET', '/admin/sites', sitesAnswerSchema)).sites).toEqual([{ site: 'camp-a', devices: 2, batches: 2, events: 4 }]);
    expect((await answer('GET', '/admin/rounds', roundsAnswerSchema)).rounds.map((r) => r.round)).toContain(ROUND);
    expect((await answer('GET', '/admin/batches?limit=1000', batchesAnswerSchema)).batches.length).toBeGreaterThan(2);
    expect((await answer('GET', '/admin/rejections?limit=1000', rejectionsAnswerSchema)).rejections).toMatchObject([{ code: 'device-not-certified' }]);
    expect(await answer('GET', '/admin/verify-tree', treeCheckSchema)).toMatchObject({ ok: true });
  });
});

describe('the funds answers', () => {
  it('fit the schemas the donor page checks them with', async () => {
    const donors = await answer('GET', '/funds/donors', donorsAnswerSchema);
    expect(donors.donors.map((d) => d.org)).toEqual([DONOR]);
    const donor = await answer('GET', `/funds/donors/${DONOR}?seed=s&sample=3`, donorAnswerSchema);
    expect(donor.pots).toMatchObject([{ round: ROUND, site: 'camp-a', handouts: 2, handoutIds: { count: 2 } }]);
    expect(donor.pots[0]!.handoutIds.sample).toHaveLength(2);
  });
});

describe('the trust feed', () => {
  it('fits the schema the console checks it with, a page after any seq', async () => {
    const feed = await answer('GET', '/trust', trustFeedSchema);
    expect(feed.hq).toBe(ledger.hq);
    expect(feed.events.map((e) => e.type)).toEqual(['device-cert', 'device-cert', 'plan', 'contribution', 'allocation', 'device-revoked']);
    expect((await answer('GET', '/trust?after=4', trustFeedSchema)).events.map((e) => e.seq)).toEqual([5, 6]);
  });
});

describe('the proof answers', () => {
  it('fit the schemas the donor page checks them with', async () => {
    const { size } = await ledger.checkpoint();
    const inclusion = await answer('GET', `/proof/inclusion?id=${contributed}&size=${size}`, inclusionAnswerSchema);
    expect(inclusion).toMatchObject({ treeSize: size, checkpoint: expect.stringContaining(`\n${size}\n`) });
    expect(inclusion.inclusion.length).toBeGreaterThan(0);
    expect(await answer('GET', `/proof/consistency?from=1&to=${size}`, consistencyAnswerSchema)).toMatchObject({ from: 1, to: size });
    expect(await answer('GET', `/receipts/${contributed}`, receiptSchema)).toMatchObject({ event: contributed, leafIndex: inclusion.leafIndex, treeSize: size });
  });
});

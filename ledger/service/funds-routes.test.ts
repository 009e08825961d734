/**
 * The money through HQ's API (issue 15, point 3): HQ records contributions
 * and allocations (admin), laptops anchor handouts, and the public donor
 * routes answer the flow of funds over a realistic camp, with no personal
 * data and no household id in any answer, whatever the path or query.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventBody } from '../../shared/events/bodies';
import type { SignedEvent } from '../../shared/events/envelope';
import { verifyTrustFeed } from '../../shared/ledger';
import { enrolmentBody, type TestDevice } from '../../shared/ledger/test-support';
import { SqliteStore } from '../store/sqlite-store';
import { ADMIN_TOKEN, fastDevice, openLedger, uploadOf } from '../testing/fixtures';
import { rawRequest } from '../testing/raw-http';
import { buildApp } from './http';
import type { Ledger } from './ledger';
import { nodeVerifier } from './node-verifier';

const ROUND = 'R2026-11';
const admin = { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' };
const HOUSEHOLDS = Array.from({ length: 12 }, (_, i) => `HH-${String(i + 1).padStart(6, '0')}`);
const SECRET_CIPHERTEXT = 'c2VjcmV0IG5hbWUgYW5kIHBob25l';

let ledger: Ledger;
let app: FastifyInstance;
let laptops: TestDevice[];
let echo: string;
let kes: string;
const handoutIds: string[] = [];

const post = (url: string, payload: unknown) => app.inject({ method: 'POST', url, headers: admin, payload: JSON.stringify(payload) });
const get = (url: string) => app.inject({ method: 'GET', url });

beforeAll(async () => {
  laptops = [fastDevice(), fastDevice()];
  ledger = await openLedger(new SqliteStore(':memory:'), laptops, () => new Date('2026-12-05T12:00:00.000Z'));
  app = buildApp(ledger, { adminToken: ADMIN_TOKEN });
  const planned = await post('/admin/plans', {
    round: ROUND,
    site: 'camp-a',
    from: '2026-11-01',
    to: '2026-11-30',
    rules: [{ minSize: 1, maxSize: 100, items: [{ code: 'maize', qty: 25, unit: 'kg' }], cash: { amount: 150000, currency: 'KES' } }],
    costs: [{ code: 'maize', unit: 'kg', amount: 45, currency: 'USD' }],
  });
  expect(planned.statusCode, planned.body).toBe(201);
  expect(planned.json<{ event: SignedEvent }>().event.v).toBe(3);
  const contribution = (body: Record<string, unknown>) => post('/admin/contributions', body);
  const first = await contribution({ donor: { org: 'XM-DAC-41114', name: 'European Commission - ECHO' }, amount: 5_000_000, currency: 'USD', date: '2026-10-15', rounds: [ROUND, 'R2026-12', ROUND], earmarks: ['food'] });
  expect(first.statusCode, first.body).toBe(201);
  echo = first.json<{ id: string }>().id;
  expect(first.json<{ event: { body: EventBody<'contribution'> } }>().event.body.rounds).toEqual([ROUND, 'R2026-12']);
  const second = await contribution({ donor: { org: 'GB-GOV-1', name: 'UK FCDO' }, amount: 40_000_000, currency: 'KES', date: '2026-11-02', rounds: [ROUND] });
  kes = second.json<{ id: string }>().id;
  for (const [from, amount, currency] of [[echo, 2_000, 'USD'], [kes, 1_000_000, 'KES']] as const) {
    const allocated = await post('/admin/allocations', { contribution: from, site: 'camp-a', round: ROUND, amount, currency });
    expect(allocated.statusCode, allocated.body).toBe(201);
  }
  for (const [i, laptop] of laptops.entries()) {
    const mine = HOUSEHOLDS.filter((_, h) => h % 2 === i);
    const events = mine.flatMap((household, h) => [
      laptop.record('enrolment', enrolmentBody(household)),
      laptop.record('handout', { household, items: [{ code: 'maize', qty: 25, unit: 'kg' }], cash: { amount: 150000, currency: 'KES' }, collector: 'head' }, { round: ROUND, at: `2026-11-2${h % 3}T09:00:00.000Z` }),
    ]);
    const r = await app.inject({ method: 'POST', url: '/batches', payload: await uploadOf(laptop, events) });
    expect(r.statusCode, r.body).toBe(201);
    handoutIds.push(...r.json<{ receipts: { event: string }[] }>().receipts.map((x) => x.event).filter((_, k) => k % 2 === 1));
  }
});
afterAll(async () => {
  await app.close();
  await ledger.close();
});

describe('HQ’s books (admin)', () => {
  it('refuses an allocation its books do not allow, and signs nothing for it', async () => {
    const size = (await ledger.checkpoint()).size;
    const cases: [string, Record<string, unknown>, RegExp][] = [
      ['overdrawn', { contribution: echo, site: 'camp-a', round: ROUND, amount: 4_998_001, currency: 'USD' }, /^amount: only 4998000 USD/],
      ['another currency', { contribution: echo, site: 'camp-a', round: ROUND, amount: 1, currency: 'EUR' }, /^currency/],
      ['a round not funded', { contribution: kes, site: 'camp-a', round: 'R2026-12', amount: 1, currency: 'KES' }, /^round/],
      ['no such contribution', { contribution: 'e'.repeat(64), site: 'camp-a', round: ROUND, amount: 1, currency: 'USD' }, /^contribution/],
      ['a negative amount', { contribution: echo, site: 'camp-a', round: ROUND, amount: -5, currency: 'USD' }, /^amount/],
      ['an overflowing amount', { contribution: echo, site: 'camp-a', round: ROUND, amount: 2 ** 60, currency: 'USD' }, /^amount/],
      ['a household', { contribution: echo, site: 'camp-a', round: ROUND, amount: 1, currency: 'USD', household: HOUSEHOLDS[0] }, /household/],
    ];
    for (const [what, body, message] of cases) {
      const r = await post('/admin/allocations', body);
      expect(r.statusCode, what).toBe(400);
      expect(r.json<{ message: string }>().message, what).toMatch(message);
    }
    const twice = await post('/admin/plans', {
      round: 'R2026-12',
      site: 'camp-a',
      from: '2026-12-01',
      to: '2026-12-31',
      rules: [{ minSize: 1, maxSize: 100, items: [{ code: 'maize', qty: 25, unit: 'kg' }] }],
      costs: [{ code: 'maize', unit: 'kg', amount: 45, currency: 'USD' }, { code: 'maize', unit: 'kg', amount: 50, currency: 'USD' }],
    });
    expect(twice.statusCode).toBe(400);
    expect(twice.json<{ message: string }>().message).toMatch(/prices maize twice/);
    const person = await post('/admin/contributions', { donor: { org: 'X', name: 'A\nperson' }, amount: 1, currency: 'USD', date: '2026-11-01', rounds: [ROUND] });
    expect(person.statusCode).toBe(400);
    expect((await ledger.checkpoint()).size).toBe(size);
  });

  it('needs the token', async () => {
    const r = await app.inject({ method: 'POST', url: '/admin/contributions', headers: { 'content-type': 'application/json' }, payload: '{}' });
    expect(r.statusCode).toBe(401);
  });

  it('refuses a laptop’s contribution at intake: only HQ signs money', async () => {
    const laptop = laptops[0]!;
    const forged = laptop.record('contribution', { donor: { org: 'EVIL', name: 'Evil' }, amount: 1, currency: 'USD', date: '2026-11-01', rounds: [ROUND], earmarks: [] }, { v: 3 } as unknown as { v: 2 });
    const r = await app.inject({ method: 'POST', url: '/batches', payload: await uploadOf(laptop, [forged]) });
    expect(r.statusCode).toBe(403);
    expect(r.json()).toMatchObject({ error: 'forbidden-event' });
  });

  it('keeps HQ’s chain whole in the trust feed, books included', async () => {
    const feed = await ledger.trustFeed(0);
    const verified = await verifyTrustFeed(ledger.hq, feed.events, nodeVerifier());
    expect(verified.rejected).toEqual([]);
    expect(verified.events.map((e) => e.event.type)).toEqual(['device-cert', 'device-cert', 'plan', 'contribution', 'contribution', 'allocation', 'allocation']);
  });
});

describe('the donor routes (public)', () => {
  it('list the donors with what they gave, what was allocated and what it paid for', async () => {
    const r = await get('/funds/donors');
    expect(r.statusCode).toBe(200);
    expect(r.headers['access-control-allow-origin']).toBe('*');
    const { donors, size } = r.json<{ size: number; donors: { org: string; attributed: unknown }[] }>();
    expect(size).toBe((await ledger.checkpoint()).size);
    expect(donors.map((d) => d.org)).toEqual(['GB-GOV-1', 'XM-DAC-41114']);
    // 12 handouts of 25 kg at 45 cents = 13,500 cents; 2,000 allocated: all of it paid for.
    expect(donors[1]!.attributed).toEqual([{ currency: 'USD', amount: '2000' }]);
    expect(donors[0]!.attributed).toEqual([{ currency: 'KES', amount: '1000000' }]);
  });

  it('follow a donor to the handouts behind each total, with a sample the caller’s seed picks, provable in the log', async () => {
    const r = await get('/funds/donors/XM-DAC-41114?seed=audit-2026&sample=5');
    expect(r.statusCode, r.body).toBe(200);
    const answer = r.json<{ size: number; pots: { site: string; households: number; people: number; handoutIds: { count: number; sample: string[] }; days: unknown[] }[] }>();
    const [pot] = answer.pots;
    expect(pot).toMatchObject({ site: 'camp-a', households: 12, people: 60 });
    expect(pot!.handoutIds.count).toBe(12);
    expect(pot!.handoutIds.sample).toHaveLength(5);
    expect(pot!.days).toHaveLength(3);
    for (const id of pot!.handoutIds.sample) {
      expect(handoutIds).toContain(id);
      const proof = await get(`/proof/inclusion?id=${id}&size=${answer.size}`);
      expect(proof.statusCode).toBe(200);
    }
    const again = await get('/funds/donors/XM-DAC-41114?seed=audit-2026&sample=5');
    expect(again.body).toBe(r.body);
  });

  it('answer an encoded path as the plain one, and refuse paths and queries that are not a donor', async () => {
    const plain = await get('/funds/donors/GB-GOV-1');
    expect(plain.statusCode).toBe(200);
    expect((await get('/funds/donors/%47B-GOV-1')).body).toBe(plain.body);
    const cases: [string, number][] = [
      ['/funds/donors/NOBODY', 404],
      ['/funds/donors/..%2F..%2Fadmin%2Fevents', 400],
      ['/funds/donors/GB%20GOV', 400],
      ['/funds/donors/%00', 400],
      [`/funds/donors/${'A'.repeat(65)}`, 400],
      ['/funds/donors/GB-GOV-1?sample=101', 400],
      ['/funds/donors/GB-GOV-1?sample=-1', 400],
      ['/funds/donors/GB-GOV-1?sample=1e3', 400],
      [`/funds/donors/GB-GOV-1?seed=${'x'.repeat(201)}`, 400],
      ['/funds/donors/GB-GOV-1?seed=a&seed=b', 400],
    ];
    for (const [url, status] of cases) {
      const r = await get(url);
      expect(r.statusCode, url).toBe(status);
      expect(r.json(), url).toHaveProperty('error');
    }
    // Parameters it does not know are ignored, however many; over a socket, Node refuses a request head over 16 KiB.
    expect((await get(`/funds/donors/GB-GOV-1?${'a=1&'.repeat(2_000)}`)).body).toBe(plain.body);
    const base = await app.listen({ port: 0, host: '127.0.0.1' });
    const huge = await rawRequest(base, 'GET', `/funds/donors/GB-GOV-1?seed=${'x'.repeat(100_000)}`).catch(() => ({ status: 431 }));
    expect([400, 414, 431]).toContain(huge.status);
  });

  it('never carry a household id or sealed personal data, in any answer', async () => {
    const urls = ['/funds/donors', '/funds/donors/XM-DAC-41114?sample=100', '/funds/donors/GB-GOV-1?sample=100&seed=x'];
    for (const url of urls) {
      const { body } = await get(url);
      for (const household of HOUSEHOLDS) expect(body, url).not.toContain(household);
      expect(body).not.toMatch(/HH-\d/);
      expect(body).not.toContain(SECRET_CIPHERTEXT);
    }
  });
});



/**
 * The IATI 2.03 export (issue 15, point 4) against the published schema
 * (test/vectors/iati-schemas, IATI/IATI-Schemas at 4c9ba1e, copied
 * unchanged), checked by xmllint (Debian libxml2-utils): the schema's own
 * should-pass files validate and its should-fail files do not, so the check
 * is known to work before it judges the file HQ writes.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enrolmentBody } from '../../shared/ledger/test-support';
import { SqliteStore } from '../store/sqlite-store';
import { ADMIN_TOKEN, fastDevice, openLedger, uploadOf } from '../testing/fixtures';
import { buildApp } from './http';
import type { Ledger } from './ledger';

const SCHEMAS = join(import.meta.dirname, '..', '..', 'test', 'vectors', 'iati-schemas');
const XSD = join(SCHEMAS, 'iati-activities-schema.xsd');
const TESTS = join(SCHEMAS, 'tests', 'activity-tests');

function xmlFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? xmlFiles(path) : name.endsWith('.xml') ? [path] : [];
  });
}

/** xmllint's verdict on each file: true when it validates against the IATI activities schema. */
function validate(files: readonly string[]): Map<string, boolean> {
  const run = spawnSync('xmllint', ['--noout', '--schema', XSD, ...files], { encoding: 'utf8' });
  if (run.error !== undefined) throw new Error(`xmllint is needed (Debian: apt-get install -y libxml2-utils): ${run.error.message}`);
  const lines = run.stderr.split('\n');
  return new Map(files.map((f) => [f, lines.includes(`${f} validates`)]));
}

describe('the IATI 2.03 schema, with xmllint', () => {
  it('validates every should-pass file of the schema’s own tests and refuses every should-fail file', () => {
    const pass = xmlFiles(join(TESTS, 'should-pass'));
    const fail = xmlFiles(join(TESTS, 'should-fail'));
    expect(pass.length).toBeGreaterThanOrEqual(37);
    expect(fail.length).toBeGreaterThanOrEqual(15);
    const verdicts = validate([...pass, ...fail]);
    expect(pass.filter((f) => !verdicts.get(f))).toEqual([]);
    expect(fail.filter((f) => verdicts.get(f))).toEqual([]);
    console.log(`iati-schemas 2.03: ${pass.length}/${pass.length} should-pass valid, ${fail.length}/${fail.length} should-fail refused`);
  });
});

describe('GET /admin/iati', () => {
  const ROUND = 'R2026-11';
  const admin = { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' };
  let ledger: Ledger;
  let app: FastifyInstance;
  let plan: string;

  beforeAll(async () => {
    const laptop = fastDevice();
    ledger = await openLedger(new SqliteStore(':memory:'), [laptop], () => new Date('2026-12-05T12:00:00.000Z'));
    app = buildApp(ledger, { adminToken: ADMIN_TOKEN });
    const post = async (url: string, payload: unknown) => {
      const r = await app.inject({ method: 'POST', url, headers: admin, payload: JSON.stringify(payload) });
      expect(r.statusCode, r.body).toBe(201);
      return r.json<{ id: string }>().id;
    };
    plan = await post('/admin/plans', {
      round: ROUND,
      site: 'camp-a',
      from: '2026-11-01',
      to: '2026-11-30',
      rules: [{ minSize: 1, maxSize: 100, items: [{ code: 'maize', qty: 25, unit: 'kg' }, { code: 'soap', qty: 2, unit: 'bar' }], cash: { amount: 150000, currency: 'KES' } }],
      costs: [{ code: 'maize', unit: 'kg', amount: 45, currency: 'USD' }],
    });
    // A name that needs escaping, to see the writer do it.
    const echo = await post('/admin/contributions', { donor: { org: 'XM-DAC-41114', name: 'ECHO <Humanitarian Aid & "Civil" Protection>' }, amount: 5_000_000, currency: 'USD', date: '2026-10-15', rounds: [ROUND] });
    const uk = await post('/admin/contributions', { donor: { org: 'GB-GOV-1', name: 'UK FCDO' }, amount: 40_000_000, currency: 'KES', date: '2026-11-02', rounds: [ROUND] });
    await post('/admin/allocations', { contribution: echo, site: 'camp-a', round: ROUND, amount: 2_000, currency: 'USD' });
    await post('/admin/allocations', { contribution: uk, site: 'camp-a', round: ROUND, amount: 1_000_000, currency: 'KES' });
    const events = ['HH-000001', 'HH-000002', 'HH-000003'].flatMap((household, i) => [
      laptop.record('enrolment', enrolmentBody(household)),
      laptop.record('handout', { household, items: [{ code: 'maize', qty: 25, unit: 'kg' }, { code: 'soap', qty: 2, unit: 'bar' }], cash: { amount: 150000, currency: 'KES' }, collector: 'head' }, { round: ROUND, at: `2026-11-2${i % 2}T09:00:00.000Z` }),
    ]);
    const r = await app.inject({ method: 'POST', url: '/batches', payload: await uploadOf(laptop, events) });
    expect(r.statusCode, r.body).toBe(201);
  });
  afterAll(async () => {
    await app.close();
    await ledger.close();
  });

  it('writes the plan as an activity file that validates against IATI 2.03', async () => {
    const r = await app.inject({ url: `/admin/iati?plan=${plan}&org=XM-EXAMPLE-1&orgName=${encodeURIComponent('Example Agency')}`, headers: admin });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.headers['content-type']).toMatch(/^application\/xml/);
    const file = join(mkdtempSync(join(tmpdir(), 'aidtrail-iati-')), 'activity.xml');
    writeFileSync(file, r.body);
    const run = spawnSync('xmllint', ['--noout', '--schema', XSD, file], { encoding: 'utf8' });
    expect(run.stderr.trim()).toBe(`${file} validates`);
    expect(run.status).toBe(0);

    const xml = r.body;
    expect(xml).toContain('<iati-activities version="2.03" generated-datetime="2026-12-05T12:00:00.000Z">');
    expect(xml).toMatch(/<iati-activity [^>]*humanitarian="1"/);
    expect(xml).toContain(`<iati-identifier>XM-EXAMPLE-1-${ROUND}-camp-a</iati-identifier>`);
    expect(xml).toContain('<activity-status code="3"/>');
    expect(xml).toContain('<location ref="camp-a">');
    expect(xml).toContain('<narrative>ECHO &lt;Humanitarian Aid &amp; "Civil" Protection&gt;</narrative>');
    const types = [...xml.matchAll(/<transaction-type code="(\d+)"\/>/g)].map((m) => m[1]);
    // 2 contributions (incoming funds), 2 allocations (commitments), 2 days × (cash + in kind) of expenditure.
    expect(types.sort()).toEqual(['1', '1', '2', '2', '4', '4', '4', '4']);
    expect(xml).toContain('<value currency="USD" value-date="2026-10-15">20.00</value>');
    expect(xml).toContain('<value currency="KES" value-date="2026-11-20">3000.00</value>');
    // Two handouts of 25 kg at 0.45 USD on the 20th; the soap has no unit cost and is named, not valued.
    expect(xml).toContain('<value currency="USD" value-date="2026-11-20">22.50</value>');
    expect(xml).toMatch(/not valued, no unit cost in the plan: 4 bar soap/);
    expect(xml.match(/<aid-type code="1" vocabulary="4"\/>/g)).toHaveLength(2);
    expect(xml).not.toMatch(/HH-\d/);
  });

  it('refuses what is not a plan of HQ’s or not a publisher, and needs the token', async () => {
    const cases: [string, number][] = [
      ['/admin/iati?org=XM-EXAMPLE-1', 400],
      ['/admin/iati?plan=xyz&org=XM-EXAMPLE-1', 400],
      [`/admin/iati?plan=${'0'.repeat(64)}&org=XM-EXAMPLE-1`, 404],
      [`/admin/iati?plan=${plan}`, 400],
      [`/admin/iati?plan=${plan}&org=a%20b`, 400],
      [`/admin/iati?plan=${plan}&org=X&orgName=${encodeURIComponent('a\nb')}`, 400],
      [`/admin/iati?plan=${plan}&org=X&sector=7204`, 400],
    ];
    for (const [url, status] of cases) expect((await app.inject({ url, headers: admin })).statusCode, url).toBe(status);
    expect((await app.inject({ url: `/admin/iati?plan=${plan}&org=X` })).statusCode).toBe(401);
  });
});

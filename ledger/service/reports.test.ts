/**
 * HQ's reports over everything it holds (issue 15, point 4): two camps, a
 * laptop that moved from one to the other, a team lead's void and
 * correction, stock received and returned, cash and in-kind, households HQ
 * holds a size for and one it does not. Each report is downloaded through
 * the admin API, read back (the CSV parsed, the XLSX opened with exceljs)
 * and compared with the shared tally over the same events, filed by where
 * each laptop was; the distribution also with the flow of funds per site
 * round. No household id and no sealed field appears in either file. With
 * `?lang=`, the same files with translated headers, sheet name and words.
 */
import ExcelJS from 'exceljs';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DidKey } from '../../shared/crypto/did-key';
import { tally, type Tally } from '../../shared/distribution/tally';
import type { EventBody } from '../../shared/events/bodies';
import type { SignedEvent } from '../../shared/events/envelope';
import { eventId } from '../../shared/events/sign';
import type { VerifiedEvent } from '../../shared/events/verify';
import { fundsFlow } from '../../shared/funds';
import { parseCsv } from '../../shared/household/csv';
import { enrolmentBody, type TestDevice } from '../../shared/ledger/test-support';
import { DISTRIBUTION_COLUMNS, DISTRIBUTION_SPECS, reportLabels, STOCK_COLUMNS, STOCK_SPECS } from '../../shared/reports';
import { SqliteStore } from '../store/sqlite-store';
import { ADMIN_TOKEN, fastDevice, openLedger, uploadOf } from '../testing/fixtures';
import { buildApp } from './http';
import type { Ledger } from './ledger';

const R1 = 'R2026-11';
const R2 = 'R2026-12';
const admin = { authorization: `Bearer ${ADMIN_TOKEN}` };
const CIPHERTEXT = enrolmentBody('HH-000001').pii.ct;
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

const kg = (code: string, qty: number) => ({ code, qty, unit: 'kg' });
const at = (day: string, hour = 9) => `${day}T${String(hour).padStart(2, '0')}:00:00.000Z`;

let ledger: Ledger;
let app: FastifyInstance;
/** What each site holds, filed by the fixture itself (where each laptop was when it recorded). */
const bySite = new Map<string, VerifiedEvent[]>();
const amendments: VerifiedEvent[] = [];
const households = new Set<string>();
const all: VerifiedEvent[] = [];

const verified = (event: SignedEvent): VerifiedEvent => ({ id: eventId(event), event });

function fileUnder(site: string, event: SignedEvent): void {
  const list = bySite.get(site) ?? [];
  list.push(verified(event));
  bySite.set(site, list);
}

async function certify(device: DidKey, site: string, role: EventBody<'device-cert'>['role'], validFrom = '2026-01-01T00:00:00.000Z', validUntil = '2026-12-31T23:59:59.999Z') {
  const issued = await ledger.issue('device-cert', { subject: device, site, role, validFrom, validUntil });
  if (!issued.ok) throw new Error(issued.message);
}

async function upload(device: TestDevice, events: SignedEvent[]) {
  const r = await app.inject({ method: 'POST', url: '/batches', payload: await uploadOf(device, events) });
  expect(r.statusCode, r.body).toBe(201);
  all.push(...events.map(verified));
}

const get = (url: string, headers: Record<string, string> = admin) => app.inject({ method: 'GET', url, headers });

beforeAll(async () => {
  const [a1, lead, b1, mover] = [fastDevice(), fastDevice(), fastDevice(), fastDevice()];
  ledger = await openLedger(new SqliteStore(':memory:'), [], () => new Date('2026-12-05T12:00:00.000Z'));
  app = buildApp(ledger, { adminToken: ADMIN_TOKEN });
  await certify(a1.did, 'camp-a', 'field-officer');
  await certify(lead.did, 'camp-a', 'team-lead');
  await certify(b1.did, 'camp-b', 'field-officer');
  // The mover served camp-b until the 21st, then camp-a.
  await certify(mover.did, 'camp-b', 'field-officer', '2026-01-01T00:00:00.000Z', '2026-11-21T23:59:59.999Z');
  await certify(mover.did, 'camp-a', 'field-officer', '2026-11-22T00:00:00.000Z');

  const enrol = (device: TestDevice, household: string, site: string, size: number) => {
    households.add(household);
    return device.record('enrolment', { ...enrolmentBody(household, site), size }, { at: at('2026-11-15') });
  };
  const handout = (device: TestDevice, household: string, given: { items?: { code: string; qty: number; unit: string }[]; cash?: { amount: number; currency: string } }, when: string, round = R1) => {
    households.add(household);
    return device.record('handout', { household, ...given, collector: 'head' }, { at: when, round });
  };

  // camp-a, laptop a1: six households over two days, maize and oil, cash for two.
  const aEvents: SignedEvent[] = [];
  const aHandouts: SignedEvent[] = [];
  for (let i = 1; i <= 6; i++) aEvents.push(enrol(a1, `HH-A0000${i}`, 'camp-a', i));
  for (let i = 1; i <= 6; i++) {
    const h = handout(a1, `HH-A0000${i}`, { items: [kg('maize', 25), { code: 'oil', qty: 2, unit: 'l' }], ...(i <= 2 && { cash: { amount: 150_050, currency: 'KES' } }) }, at(i <= 3 ? '2026-11-20' : '2026-11-21', 8 + i));
    aHandouts.push(h);
    aEvents.push(h);
  }
  // One served in the next round; one HQ never got the enrolment of (its people are not known).
  aEvents.push(handout(a1, 'HH-A00001', { items: [kg('maize', 20)] }, at('2026-12-01'), R2));
  aEvents.push(handout(a1, 'HH-Z99999', { items: [kg('maize', 25)] }, at('2026-11-21', 15)));
  await upload(a1, aEvents);
  for (const e of aEvents) if (e.type === 'handout') fileUnder('camp-a', e);

  // The lead: stock received and returned, a void and a correction (HH-A00003 got 20 kg, not 25).
  const leadEvents = [
    lead.record('stock', { direction: 'received', items: [kg('maize', 500), { code: 'oil', qty: 40, unit: 'l' }], reference: 'WB-1' }, { at: at('2026-11-19') }),
    lead.record('stock', { direction: 'returned', items: [kg('maize', 10)] }, { at: at('2026-11-22') }),
    lead.record('void', { target: eventId(aHandouts[4]!), reason: 'data-entry-error', approval: { by: 'lead-1' } }, { at: at('2026-11-21', 18) }),
    lead.record('correction', { target: eventId(aHandouts[2]!), reason: 'wrong-quantity', items: [kg('maize', 20), { code: 'oil', qty: 2, unit: 'l' }], approval: { by: 'lead-1' } }, { at: at('2026-11-21', 18) }),
  ];
  await upload(lead, leadEvents);
  fileUnder('camp-a', leadEvents[0]!);
  fileUnder('camp-a', leadEvents[1]!);
  amendments.push(verified(leadEvents[2]!), verified(leadEvents[3]!));

  // camp-b: b1 serves four households (beans), one with USD cash; one's size changed later.
  const bEvents: SignedEvent[] = [];
  for (let i = 1; i <= 4; i++) bEvents.push(enrol(b1, `HH-B0000${i}`, 'camp-b', 3));
  bEvents.push(b1.record('stock', { direction: 'received', items: [kg('beans', 100)] }, { at: at('2026-11-18') }));
  for (let i = 1; i <= 4; i++) bEvents.push(handout(b1, `HH-B0000${i}`, { items: [kg('beans', 10)], ...(i === 4 && { cash: { amount: 2_500, currency: 'USD' } }) }, at('2026-11-21', 9 + i)));
  // One recorded without a round: in no pot of the flow, still the site's.
  bEvents.push(b1.record('handout', { household: 'HH-B00003', items: [kg('beans', 1)], collector: 'head' }, { at: at('2026-11-22', 7) }));
  bEvents.push(b1.record('household-update', { household: 'HH-B00001', size: 7, pii: enrolmentBody('HH-B00001').pii }, { at: at('2026-11-22'), v: 2 }));
  await upload(b1, bEvents);
  for (const e of bEvents) if (e.type === 'handout' || e.type === 'stock') fileUnder('camp-b', e);

  // The mover: at camp-b on the 21st, at camp-a on the 23rd.
  const moved = [
    handout(mover, 'HH-B00002', { items: [kg('beans', 5)] }, at('2026-11-21', 16)),
    handout(mover, 'HH-A00006', { items: [kg('maize', 5)] }, at('2026-11-23')),
  ];
  await upload(mover, moved);
  fileUnder('camp-b', moved[0]!);
  fileUnder('camp-a', moved[1]!);
  // What HQ holds besides: its certificates (the flow needs them to place handouts).
  const trust = await ledger.trustFeed(0);
  all.push(...trust.events.map(verified));
});

afterAll(async () => {
  await app.close();
  await ledger.close();
});

const csvRows = (r: LightMyRequestResponse): string[][] => {
  expect([...r.rawPayload.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  const parsed = parseCsv(r.rawPayload.toString('utf8'));
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.value.map((row) => [...row.fields]);
};

async function xlsxRows(r: LightMyRequestResponse, sheet: string): Promise<string[][]> {
  const workbook = new ExcelJS.Workbook();
  const bytes = r.rawPayload;
  await workbook.xlsx.load(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
  const worksheet = workbook.getWorksheet(sheet);
  if (worksheet === undefined) throw new Error(`no sheet ${sheet}`);
  const rows: string[][] = [];
  worksheet.eachRow({ includeEmpty: true }, (row) => {
    rows.push(Array.from({ length: worksheet.columnCount }, (_, i) => String(row.getCell(i + 1).value ?? '')));
  });
  return rows;
}

/** The report in both formats, read back: the same rows from each. */
async function both(path: string, sheet: string): Promise<string[][]> {
  const csv = await get(`${path}${path.includes('?') ? '&' : '?'}format=csv`);
  expect(csv.statusCode, csv.body).toBe(200);
  expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
  const xlsx = await get(`${path}${path.includes('?') ? '&' : '?'}format=xlsx`);
  expect(xlsx.statusCode, xlsx.body).toBe(200);
  expect(xlsx.headers['content-type']).toBe(XLSX);
  const fromCsv = csvRows(csv);
  expect(await xlsxRows(xlsx, sheet)).toEqual(fromCsv);
  return fromCsv;
}

const unwrap = (t: ReturnType<typeof tally>): Tally => {
  if (!t.ok) throw new Error(t.message);
  return t.value;
};

const D = Object.fromEntries(DISTRIBUTION_COLUMNS.map(([h], i) => [h, i])) as Record<(typeof DISTRIBUTION_COLUMNS)[number][0], number>;
const S = Object.fromEntries(STOCK_COLUMNS.map(([h], i) => [h, i])) as Record<(typeof STOCK_COLUMNS)[number][0], number>;

/** Item totals of report rows: `code unit` → quantity. */
function itemsOf(rows: readonly string[][]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const r of rows) if (r[D.Modality] === 'in-kind') out[`${r[D.Item]} ${r[D.Unit]}`] = (out[`${r[D.Item]} ${r[D.Unit]}`] ?? 0) + Number(r[D.Quantity]);
  return out;
}

/** Cash of report rows in minor units (every currency here has two decimals): currency → amount. */
function cashOf(rows: readonly string[][]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const r of rows) if (r[D.Modality] === 'cash') out[r[D.Currency]!] = (out[r[D.Currency]!] ?? 0) + Math.round(Number(r[D['Cash amount']]) * 100);
  return out;
}

const tallyItems = (t: Tally) => Object.fromEntries(t.byItem.map((i) => [`${i.code} ${i.unit}`, i.qty]));
const tallyCash = (t: Tally) => Object.fromEntries(t.cash.map((c) => [c.currency, c.amount]));

describe('GET /admin/reports/distribution', () => {
  it('has, per site and day, the tally’s items and cash over the events filed there, in CSV and XLSX with the HXL row', async () => {
    const [header, hxl, ...data] = await both('/admin/reports/distribution', 'Distribution');
    expect(header).toEqual(DISTRIBUTION_COLUMNS.map(([h]) => h));
    expect(hxl).toEqual(DISTRIBUTION_COLUMNS.map(([, tag]) => tag));
    expect(new Set(data.map((r) => r[D.Site]))).toEqual(new Set(['camp-a', 'camp-b']));
    expect(data.every((r) => r[D['Site name']] === '')).toBe(true);
    const days = new Set(data.map((r) => r[D.Date]!));
    expect(days).toEqual(new Set(['2026-11-20', '2026-11-21', '2026-11-22', '2026-11-23', '2026-12-01']));
    for (const [site, events] of bySite) {
      for (const day of days) {
        const rows = data.filter((r) => r[D.Site] === site && r[D.Date] === day);
        const t = unwrap(tally([...events, ...amendments], { day }));
        expect(itemsOf(rows), `${site} ${day}`).toEqual(tallyItems(t));
        expect(cashOf(rows), `${site} ${day}`).toEqual(tallyCash(t));
      }
    }
    // Sorted by round, date, site, modality, item.
    const keys = data.map((r) => [r[D.Round], r[D.Date], r[D.Site], r[D.Modality], r[D.Item]].join('\u0000'));
    expect(keys).toEqual([...keys].sort());
    expect(keys[0]).toBe(['', '2026-11-22', 'camp-b', 'in-kind', 'beans'].join('\u0000'));
  });

  it('places a handout at the site of the laptop’s certificate at its time, as the flow of funds does', async () => {
    const [, , ...data] = await both('/admin/reports/distribution', 'Distribution');
    const flow = fundsFlow(ledger.hq, all);
    for (const pot of flow.pots) {
      const rows = data.filter((r) => r[D.Round] === pot.round && r[D.Site] === pot.site);
      expect(itemsOf(rows), `${pot.round} ${pot.site}`).toEqual(Object.fromEntries(pot.items.map((i) => [`${i.code} ${i.unit}`, i.qty])));
      expect(cashOf(rows), `${pot.round} ${pot.site}`).toEqual(Object.fromEntries(pot.cash.map((c) => [c.currency, Number(c.amount)])));
    }
    const beans = (site: string) => data.filter((r) => r[D.Site] === site && r[D.Item] === 'beans').reduce((sum, r) => sum + Number(r[D.Quantity]), 0);
    expect([beans('camp-b'), beans('camp-a')]).toEqual([46, 0]);
    expect(data.filter((r) => r[D.Round] === '').map((r) => [r[D.Site], r[D.Date], r[D.Item], r[D.Quantity]])).toEqual([['camp-b', '2026-11-22', 'beans', '1']]);
  });

  it('counts households and people from the sizes HQ holds, leaving people empty where it holds none', async () => {
    const [, , ...data] = await both('/admin/reports/distribution?site=camp-a&day=2026-11-20', 'Distribution');
    const maize = data.find((r) => r[D.Item] === 'maize')!;
    // HH-A00001..3 (sizes 1, 2, 3); HH-A00003's handout corrected to 20 kg.
    expect([maize[D.Quantity], maize[D.Handouts], maize[D['Households reached']], maize[D['People reached']]]).toEqual(['70', '3', '3', '6']);
    const cash = data.find((r) => r[D.Modality] === 'cash')!;
    expect([cash[D['Cash amount']], cash[D.Currency], cash[D.Handouts]]).toEqual(['3001', 'KES', '2']);
    const [, , ...later] = await both('/admin/reports/distribution?site=camp-a&day=2026-11-21&round=R2026-11', 'Distribution');
    // HH-A00005's handout voided; HH-Z99999 has no enrolment at HQ.
    const maize21 = later.find((r) => r[D.Item] === 'maize')!;
    expect([maize21[D.Quantity], maize21[D.Handouts], maize21[D['People reached']]]).toEqual(['75', '3', '']);
    const [, , ...b] = await both('/admin/reports/distribution?site=camp-b', 'Distribution');
    // The household-update made HH-B00001 seven people: 7 + 3 + 3 + 3.
    expect(b.find((r) => r[D.Item] === 'beans' && r[D.Round] === R1)![D['People reached']]).toBe('16');
  });

  it('filters by round, site and day, and names the file after them', async () => {
    const r = await get('/admin/reports/distribution?format=csv&site=camp-b&day=2026-11-21&round=R2026-11');
    expect(r.headers['content-disposition']).toBe('attachment; filename="aidtrail-distribution-camp-b-2026-11-21-R2026-11.csv"');
    const [, , ...data] = csvRows(r);
    expect(data.length).toBeGreaterThan(0);
    expect(data.every((row) => row[D.Site] === 'camp-b' && row[D.Date] === '2026-11-21' && row[D.Round] === R1)).toBe(true);
    const all = await get('/admin/reports/distribution?format=xlsx');
    expect(all.headers['content-disposition']).toBe('attachment; filename="aidtrail-distribution-all-sites-all-days.xlsx"');
    const colon = await get('/admin/reports/distribution?format=csv&round=R:1');
    expect(colon.statusCode).toBe(200);
    expect(colon.headers['content-disposition']).toBe('attachment; filename="aidtrail-distribution-all-sites-all-days-R_1.csv"');
    expect(csvRows(colon)).toHaveLength(2);
    const r2 = await both(`/admin/reports/distribution?round=${R2}`, 'Distribution');
    expect(r2.slice(2).map((row) => [row[D.Site], row[D.Date], row[D.Item], row[D.Quantity]])).toEqual([['camp-a', '2026-12-01', 'maize', '20']]);
  });
});

describe('GET /admin/reports/stock', () => {
  it('has each site’s stock as the tally counts it over the events filed there', async () => {
    const [header, hxl, ...data] = await both('/admin/reports/stock', 'Stock');
    expect(header).toEqual(STOCK_COLUMNS.map(([h]) => h));
    expect(hxl).toEqual(STOCK_COLUMNS.map(([, tag]) => tag));
    const today = new Date().toISOString().slice(0, 10);
    expect(data.every((r) => r[S['As of']] === today)).toBe(true);
    for (const [site, events] of bySite) {
      const t = unwrap(tally([...events, ...amendments]));
      const rows = data.filter((r) => r[S.Site] === site);
      expect(rows.map((r) => [r[S.Item], r[S.Unit], ...[S.Received, S.Returned, S['Handed out'], S.Left].map((i) => Number(r[i]))]), site).toEqual(
        t.stock.map((s) => [s.code, s.unit, s.received, s.returned, s.handedOut, s.left]),
      );
    }
    const maizeA = data.find((r) => r[S.Site] === 'camp-a' && r[S.Item] === 'maize')!;
    // 500 in, 10 back; 25×6 − 25 (void) − 5 (correction) + 20 (next round) + 25 (HH-Z99999) + 5 (mover) = 170 out.
    expect([S.Received, S.Returned, S['Handed out'], S.Left].map((i) => Number(maizeA[i]))).toEqual([500, 10, 170, 320]);
    const one = await get('/admin/reports/stock?format=csv&site=camp-b');
    expect(one.headers['content-disposition']).toBe(`attachment; filename="aidtrail-stock-camp-b-${today}.csv"`);
    expect(csvRows(one).slice(2).map((r) => r[S.Site])).toEqual(['camp-b']);
  });
});

describe('the reports in another language (?lang=)', () => {
  it('writes French and Arabic headers, sheet names and modality words beside the same HXL row, rows and numbers, under the same file name', async () => {
    for (const lang of ['fr', 'ar'] as const) {
      const labels = reportLabels(lang);
      const [enHeader, enHxl, ...enData] = await both('/admin/reports/distribution', 'Distribution');
      const [header, hxl, ...data] = await both(`/admin/reports/distribution?lang=${lang}`, labels.sheets.distribution);
      expect(header).toEqual(DISTRIBUTION_SPECS.map(([key]) => labels.columns[key]));
      expect(header).not.toEqual(enHeader);
      expect(hxl).toEqual(enHxl);
      expect(data).toEqual(enData.map((r) => r.map((c, i) => (i === D.Modality ? labels.modality[c as 'cash' | 'in-kind'] : c))));
      const cash = data.filter((r) => r[D.Modality] === labels.modality.cash);
      expect(cash.map((r) => [r[D.Currency], r[D['Cash amount']]])).toEqual(enData.filter((r) => r[D.Modality] === 'cash').map((r) => [r[D.Currency], r[D['Cash amount']]]));
      expect(cash.length).toBeGreaterThan(0);

      const [stockHeader, stockHxl, ...stock] = await both(`/admin/reports/stock?lang=${lang}`, labels.sheets.stock);
      const [, enStockHxl, ...enStock] = await both('/admin/reports/stock', 'Stock');
      expect(stockHeader).toEqual(STOCK_SPECS.map(([key]) => labels.columns[key]));
      expect([stockHxl, stock]).toEqual([enStockHxl, enStock]);

      const named = await get(`/admin/reports/distribution?format=xlsx&site=camp-b&lang=${lang}`);
      expect(named.headers['content-disposition']).toBe('attachment; filename="aidtrail-distribution-camp-b-all-days.xlsx"');
    }
    const [frHeader] = await both('/admin/reports/distribution?lang=fr', 'Distribution');
    expect(frHeader!.slice(0, 5)).toEqual(['Cycle', 'Date', 'Site', 'Nom du site', 'Modalité']);
    const [arHeader] = await both('/admin/reports/stock?lang=ar', 'المخزون');
    expect(arHeader).toContain('المتبقي');
    // English asked for by name is the default.
    expect(await both('/admin/reports/stock?lang=en', 'Stock')).toEqual(await both('/admin/reports/stock', 'Stock'));
  });
});

describe('what the reports hold and refuse', () => {
  it('holds no household id and no sealed field, in any file', async () => {
    const urls = ['/admin/reports/distribution', '/admin/reports/distribution?site=camp-a&day=2026-11-21', '/admin/reports/stock'];
    for (const url of urls) {
      for (const format of ['csv', 'xlsx'] as const) {
        const sheet = url.includes('stock') ? 'Stock' : 'Distribution';
        const r = await get(`${url}${url.includes('?') ? '&' : '?'}format=${format}`);
        const text = format === 'csv' ? r.rawPayload.toString('utf8') : JSON.stringify(await xlsxRows(r, sheet));
        for (const secret of [...households, CIPHERTEXT, 'site-key-1', 'lead-1']) expect(text, `${url} ${format}`).not.toContain(secret);
        expect(text).not.toMatch(/HH-|did:key|pii/);
      }
    }
  });

  it('refuses bad parameters with a specific code', async () => {
    const cases: [string, number, string][] = [
      ['/admin/reports/distribution', 400, 'bad-format'],
      ['/admin/reports/distribution?format=pdf', 400, 'bad-format'],
      ['/admin/reports/distribution?format=csv&format=xlsx', 400, 'bad-format'],
      ['/admin/reports/distribution?format=csv&round=a%20round', 400, 'bad-round'],
      ['/admin/reports/distribution?format=csv&site=camp/../x', 400, 'bad-site'],
      ['/admin/reports/distribution?format=csv&day=2026-13-01', 400, 'bad-day'],
      ['/admin/reports/distribution?format=csv&day=2026-11-20&day=2026-11-21', 400, 'bad-day'],
      ['/admin/reports/distribution?format=xlsx&site=camp-z', 404, 'unknown-site'],
      ['/admin/reports/stock?format=xls', 400, 'bad-format'],
      ['/admin/reports/stock?format=csv&site=%3Dcmd', 400, 'bad-site'],
      ['/admin/reports/stock?format=csv&site=camp-z', 404, 'unknown-site'],
      ['/admin/reports/distribution?format=csv&lang=de', 400, 'bad-lang'],
      ['/admin/reports/distribution?format=csv&lang=FR', 400, 'bad-lang'],
      ['/admin/reports/distribution?format=csv&lang=', 400, 'bad-lang'],
      ['/admin/reports/distribution?format=csv&lang=fr&lang=ar', 400, 'bad-lang'],
      ['/admin/reports/stock?format=xlsx&lang=zh-Hans', 400, 'bad-lang'],
    ];
    for (const [url, status, code] of cases) {
      const r = await get(url);
      expect(r.statusCode, url).toBe(status);
      expect(r.json<{ error: string }>().error, url).toBe(code);
    }
  });

  it('needs the token', async () => {
    for (const url of ['/admin/reports/distribution?format=csv', '/admin/reports/stock?format=xlsx', '/%61dmin/reports/stock?format=csv']) {
      for (const headers of [{}, { authorization: 'Bearer wrong-token-0123456789' }]) {
        const r = await get(url, headers);
        expect(r.statusCode, url).toBe(401);
        expect(r.json<{ error: string }>().error).toBe('unauthorized');
      }
    }
  });
});

/**
 * The reports after a realistic day: stock received, three households
 * enrolled and served (one with cash), one handout voided. Each report is
 * read back (the CSV parsed, the XLSX opened with exceljs) and compared with
 * the tally; no personal field appears in any but the household list, which
 * needs a team lead's PIN. In French or Arabic, the same files with their
 * headers and words translated and the same HXL row and numbers.
 */
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { parseCsv } from '../../../../shared/household/csv';
import type { UnLanguage } from '../../../../shared/languages';
import { DISTRIBUTION_COLUMNS, DISTRIBUTION_SPECS, HOUSEHOLD_COLUMNS, PERSONAL_COLUMNS, reportLabels, STOCK_COLUMNS, STOCK_SPECS } from '../../../../shared/reports';
import type { KitApi, ReportFile } from '../api';
import { enrolAndCard, family, leadApproval, smallFamily, testKits, TODAY, unwrap, type TestKit } from '../testing';

const kits = testKits();

/** Names, phone, shelters and proxies of the households enrolled below. */
const PERSONAL = ['Fatuma', 'Halima', '+254712345678', '254712345678', 'B7/114', 'Asha', 'C1/2', 'Bakari', 'D4/9'];

async function site(): Promise<TestKit & { voided: string }> {
  const made = await kits.ready();
  const { kit } = made;
  unwrap(await kit.recordStock({ direction: 'received', items: [{ code: 'maize', qty: 1000, unit: 'kg' }, { code: 'beans', qty: 200, unit: 'kg' }], reference: 'WB-1' }));
  unwrap(await kit.recordStock({ direction: 'returned', items: [{ code: 'beans', qty: 20, unit: 'kg' }], reference: 'WB-2' }));
  const bakari = { ...smallFamily, head: { name: 'Bakari', sex: 'male' as const }, shelter: 'D4/9', members: [{ band: '18-59' as const, sex: 'male' as const, count: 1 }] };
  const ids = [];
  for (const form of [family, smallFamily, bakari]) ids.push((await enrolAndCard(kit, form)).id);
  const handouts = [];
  for (const [i, id] of ids.entries()) {
    const check = unwrap(await kit.checkByLookup(id, 'card-lost', 'refugee-id'));
    const entitlement = unwrap(await kit.entitlement(id));
    const saved = await kit.recordHandout({
      household: id,
      checkId: check.checkId,
      items: entitlement.items,
      ...(i === 0 && entitlement.cash && { cash: entitlement.cash }),
      collector: 'head',
      ...(i !== 0 && { partialReason: 'other' }),
    });
    handouts.push(unwrap(saved).eventId);
  }
  unwrap(await kit.voidHandout(handouts[2]!, 'data-entry-error', await leadApproval(kit)));
  return { ...made, voided: handouts[2]! };
}

const csvRows = (file: ReportFile): string[][] => {
  expect([...file.bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  const text = new TextDecoder().decode(file.bytes);
  const parsed = parseCsv(text);
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.value.map((r) => [...r.fields]);
};

async function xlsxRows(file: ReportFile, sheet: string): Promise<unknown[][]> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(file.bytes.buffer.slice(file.bytes.byteOffset, file.bytes.byteOffset + file.bytes.byteLength) as ArrayBuffer);
  const worksheet = workbook.getWorksheet(sheet);
  if (worksheet === undefined) throw new Error(`no sheet ${sheet}`);
  const rows: unknown[][] = [];
  worksheet.eachRow({ includeEmpty: true }, (row) => {
    rows.push(Array.from({ length: worksheet.columnCount }, (_, i) => row.getCell(i + 1).value ?? ''));
  });
  return rows;
}

/** Every text a file holds: the CSV's, or every cell of the workbook. */
async function textOf(file: ReportFile, sheet: string): Promise<string> {
  return file.fileName.endsWith('.csv') ? new TextDecoder().decode(file.bytes) : JSON.stringify(await xlsxRows(file, sheet));
}

const col = (header: readonly string[], name: string): number => header.indexOf(name);

async function distributionFiles(kit: KitApi) {
  return {
    csv: unwrap(await kit.distributionReport({ day: TODAY, format: 'csv' })),
    xlsx: unwrap(await kit.distributionReport({ day: TODAY, format: 'xlsx' })),
  };
}

describe('reports', () => {
  it('writes the distribution report with the tally’s numbers, in CSV and XLSX, each with its HXL row', async () => {
    const { kit } = await site();
    const tally = unwrap(await kit.tally(TODAY));
    const { csv, xlsx } = await distributionFiles(kit);
    expect(csv.fileName).toBe(`aidtrail-distribution-camp-north-${TODAY}.csv`);
    const fromCsv = csvRows(csv);
    const fromXlsx = (await xlsxRows(xlsx, 'Distribution')).map((r) => r.map(String));
    for (const rows of [fromCsv, fromXlsx]) {
      const [header, hxl, ...data] = rows;
      expect(header).toEqual(DISTRIBUTION_COLUMNS.map(([h]) => h));
      expect(hxl).toEqual(DISTRIBUTION_COLUMNS.map(([, tag]) => tag));
      expect(hxl).toEqual(expect.arrayContaining(['#date', '#loc+camp+code', '#item+code', '#modality', '#value+transfer', '#currency', '#reached+hh', '#reached+ind']));
      const h = header!;
      const items = data.filter((r) => r[col(h, 'Modality')] === 'in-kind');
      expect(items.map((r) => [r[col(h, 'Item')], r[col(h, 'Unit')], Number(r[col(h, 'Quantity')])])).toEqual(
        expect.arrayContaining(tally.byItem.map((i) => [i.code, i.unit, i.qty])),
      );
      expect(items).toHaveLength(tally.byItem.length);
      // Every item went to both households served (4 and 2 people); the voided one is not counted.
      for (const r of items) expect([r[col(h, 'Households reached')], r[col(h, 'People reached')], r[col(h, 'Handouts')]].map(Number)).toEqual([tally.households, 6, 2]);
      const cash = data.filter((r) => r[col(h, 'Modality')] === 'cash');
      expect(cash.map((r) => [r[col(h, 'Currency')], Math.round(Number(r[col(h, 'Cash amount')]) * 100)])).toEqual(tally.cash.map((c) => [c.currency, c.amount]));
      expect(data.every((r) => r[col(h, 'Round')] === '2026-11-A' && r[col(h, 'Date')] === TODAY && r[col(h, 'Site')] === 'camp-north')).toBe(true);
    }
    expect(tally).toMatchObject({ handouts: 2, households: 2 });
  });

  it('writes the stock report with the tally’s stock', async () => {
    const { kit } = await site();
    const tally = unwrap(await kit.tally(TODAY));
    for (const format of ['csv', 'xlsx'] as const) {
      const file = unwrap(await kit.stockReport(format));
      const [header, hxl, ...data] = format === 'csv' ? csvRows(file) : (await xlsxRows(file, 'Stock')).map((r) => r.map(String));
      expect(header).toEqual(STOCK_COLUMNS.map(([h]) => h));
      expect(hxl).toEqual(STOCK_COLUMNS.map(([, tag]) => tag));
      const h = header!;
      expect(
        data.map((r) => ({
          code: r[col(h, 'Item')],
          unit: r[col(h, 'Unit')],
          received: Number(r[col(h, 'Received')]) - Number(r[col(h, 'Returned')]),
          handedOut: Number(r[col(h, 'Handed out')]),
          left: Number(r[col(h, 'Left')]),
        })),
      ).toEqual(tally.stock);
      expect(data.every((r) => r[col(h, 'As of')] === TODAY)).toBe(true);
    }
  });

  it('keeps every personal field out of the distribution and stock reports', async () => {
    const { kit } = await site();
    const { csv, xlsx } = await distributionFiles(kit);
    const all = unwrap(await kit.distributionReport({ format: 'csv' }));
    const files = [
      [csv, 'Distribution'],
      [xlsx, 'Distribution'],
      [all, 'Distribution'],
      [unwrap(await kit.stockReport('csv')), 'Stock'],
      [unwrap(await kit.stockReport('xlsx')), 'Stock'],
    ] as const;
    for (const [file, sheet] of files) {
      const text = await textOf(file, sheet);
      for (const personal of PERSONAL) expect(text, `${file.fileName} holds ${personal}`).not.toContain(personal);
    }
  });

  it('makes the household list, with personal fields, only with a team lead’s valid PIN', async () => {
    const { kit } = await site();
    const lead = await leadApproval(kit);
    expect(await kit.householdList('csv', { ...lead, pin: '0000' })).toMatchObject({ ok: false, code: 'bad-pin' });
    const officer = unwrap(await kit.addOperator({ name: 'Juma', role: 'field-officer', pin: '3952' }));
    expect(await kit.householdList('csv', { leadId: officer.id, pin: '3952' })).toMatchObject({ ok: false, code: 'bad-pin' });

    for (const format of ['csv', 'xlsx'] as const) {
      const file = unwrap(await kit.householdList(format, lead));
      const [header, hxl, ...data] = format === 'csv' ? csvRows(file) : (await xlsxRows(file, 'Households')).map((r) => r.map(String));
      expect(header).toEqual([...HOUSEHOLD_COLUMNS, ...PERSONAL_COLUMNS].map(([h]) => h));
      expect(hxl).toEqual([...HOUSEHOLD_COLUMNS, ...PERSONAL_COLUMNS].map(([, tag]) => tag));
      expect(data).toHaveLength(3);
      const h = header!;
      const fatuma = data.find((r) => r[col(h, 'Head of household')] === 'Fatuma Ali');
      expect(fatuma).toBeDefined();
      expect([fatuma![col(h, 'Size')], fatuma![col(h, 'Females')], fatuma![col(h, 'Males')]].map(Number)).toEqual([4, 2, 2]);
      expect(fatuma![col(h, 'Phone')]).toBe(format === 'csv' ? "'+254712345678" : '+254712345678');
      expect(fatuma![col(h, 'Card')]).toBe('issued');
      expect(data.every((r) => r[col(h, 'Record')] === 'opened')).toBe(true);
    }
  });

  it('writes the reports in French and Arabic: translated headers and words, the same HXL row and numbers, the same file name', async () => {
    const { kit } = await site();
    const lead = await leadApproval(kit);
    const read = async (file: ReportFile, sheet: string) => (file.fileName.endsWith('.csv') ? csvRows(file) : (await xlsxRows(file, sheet)).map((r) => r.map(String)));
    const english = {
      distribution: csvRows(unwrap(await kit.distributionReport({ day: TODAY, format: 'csv' }))),
      stock: csvRows(unwrap(await kit.stockReport('csv'))),
      households: csvRows(unwrap(await kit.householdList('csv', lead))),
    };
    const cases: readonly [UnLanguage, 'csv' | 'xlsx'][] = [['fr', 'csv'], ['fr', 'xlsx'], ['ar', 'csv'], ['ar', 'xlsx']];
    for (const [language, format] of cases) {
      const labels = reportLabels(language);
      const made = {
        distribution: unwrap(await kit.distributionReport({ day: TODAY, format, language })),
        stock: unwrap(await kit.stockReport(format, language)),
        households: unwrap(await kit.householdList(format, lead, language)),
      };
      expect(made.distribution.fileName).toBe(`aidtrail-distribution-camp-north-${TODAY}.${format}`);
      for (const file of Object.values(made)) expect(file.fileName).toMatch(/^[\x20-\x7e]+$/);

      const [header, hxl, ...data] = await read(made.distribution, labels.sheets.distribution);
      const [enHeader, enHxl, ...enData] = english.distribution;
      expect(hxl).toEqual(enHxl);
      expect(header).toEqual(DISTRIBUTION_SPECS.map(([key]) => labels.columns[key]));
      if (language === 'fr') expect(header!.slice(0, 5)).toEqual(['Cycle', 'Date', 'Site', 'Nom du site', 'Modalité']);
      const h = header!;
      const modality = col(enHeader!, 'Modality');
      // The same rows, in the same order: each cell as in English, the modality in this language's words.
      expect(data).toEqual(enData.map((r) => r.map((c, i) => (i === modality ? labels.modality[c as 'cash' | 'in-kind'] : c))));
      const maize = data.find((r) => r[col(h, labels.columns.item)] === 'maize');
      expect([maize?.[col(h, labels.columns.modality)], ...[labels.columns.householdsReached, labels.columns.peopleReached, labels.columns.handouts].map((c) => Number(maize?.[col(h, c)]))]).toEqual([
        labels.modality['in-kind'], 2, 6, 2,
      ]);

      const [stockHeader, stockHxl, ...stockData] = await read(made.stock, labels.sheets.stock);
      expect(stockHxl).toEqual(english.stock[1]);
      expect(stockHeader).toEqual(STOCK_SPECS.map(([key]) => labels.columns[key]));
      expect(stockData).toEqual(english.stock.slice(2));

      const [listHeader, listHxl, ...listData] = await read(made.households, labels.sheets.households);
      expect(listHxl).toEqual(english.households[1]);
      expect(listHeader).toHaveLength(HOUSEHOLD_COLUMNS.length + PERSONAL_COLUMNS.length);
      const fatuma = listData.find((r) => r[col(listHeader!, labels.columns.head)] === 'Fatuma Ali')!;
      expect([fatuma[col(listHeader!, labels.columns.card)], fatuma[col(listHeader!, labels.columns.record)], fatuma[col(listHeader!, labels.columns.headSex)]]).toEqual([
        labels.card.issued, labels.record.opened, labels.sex.female,
      ]);
      expect([labels.columns.size, labels.columns.females, labels.columns.males].map((c) => Number(fatuma[col(listHeader!, c)]))).toEqual([4, 2, 2]);
    }
    expect(await kit.stockReport('csv', 'de' as UnLanguage)).toMatchObject({ ok: false, code: 'invalid' });
    expect(await kit.distributionReport({ format: 'csv', language: 'EN' as UnLanguage })).toMatchObject({ ok: false, code: 'invalid' });
  });

  it('answers a bad day, round or format, and a locked kit, with their own codes', async () => {
    const { kit } = await kits.ready();
    expect(await kit.distributionReport({ day: 'yesterday', format: 'csv' })).toMatchObject({ ok: false, code: 'bad-day' });
    expect(await kit.distributionReport({ round: 'no round', format: 'csv' })).toMatchObject({ ok: false, code: 'invalid' });
    expect(await kit.stockReport('pdf' as 'csv')).toMatchObject({ ok: false, code: 'invalid' });
    const empty = csvRows(unwrap(await kit.distributionReport({ format: 'csv' })));
    expect(empty).toHaveLength(2);
    await kit.lock();
    expect(await kit.distributionReport({ format: 'csv' })).toMatchObject({ ok: false, code: 'locked' });
    expect(await kit.stockReport('csv')).toMatchObject({ ok: false, code: 'locked' });
    expect(await kit.householdList('csv', await leadApproval(kit))).toMatchObject({ ok: false, code: 'locked' });
  });
});

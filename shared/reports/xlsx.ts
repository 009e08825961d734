/**
 * Reports as XLSX, written by exceljs from the same tables as the CSV
 * (./csv.ts): one sheet per report, the header row, the HXL hashtag row
 * second (HXL 1.1: right under the headers), both frozen so they stay in
 * view. Text cells are written as text, never as formulas, so the CSV's
 * formula defence is not needed here and a name is kept as typed.
 *
 * One writer for the kit (renderer/src/kit/reports) and HQ
 * (ledger/service/reports.ts), so both write the same workbook from the same
 * table. exceljs runs in the browser and in Node alike (no DOM, no Node API
 * is named here), and it is large (about a megabyte): it is loaded the first
 * time a workbook is written, not with the app. Not exported from ./index.ts,
 * so a bundle that only writes CSV never reaches it.
 */
import type * as ExcelJsModule from 'exceljs';
import type { Cell, ReportTable } from './table';

type ExcelJs = typeof ExcelJsModule;

async function loadExcelJs(): Promise<ExcelJs> {
  const module = (await import('exceljs')) as ExcelJs & { default?: ExcelJs };
  // Node's build has named exports; the browser's UMD bundle arrives as a CommonJS default.
  return module.Workbook === undefined && module.default !== undefined ? module.default : module;
}

export const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export async function xlsxBytes(tables: readonly ReportTable[], created: Date): Promise<Uint8Array> {
  const { Workbook } = await loadExcelJs();
  const workbook = new Workbook();
  workbook.creator = 'Aidtrail';
  workbook.created = created;
  workbook.modified = created;
  for (const table of tables) {
    const sheet = workbook.addWorksheet(table.sheet, { views: [{ state: 'frozen', ySplit: 2 }] });
    sheet.addRow([...table.header]).font = { bold: true };
    sheet.addRow([...table.hxl]).font = { italic: true };
    sheet.addRows(table.rows.map((row: readonly Cell[]) => [...row]));
    sheet.columns.forEach((column, i) => {
      column.width = Math.min(40, Math.max(10, table.header[i]?.length ?? 0) + 2);
    });
  }
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}

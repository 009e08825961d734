/**
 * HQ's reports (issue 15, point 4): the kit's distribution and stock
 * reports (shared/reports, the tally's rules) over every event HQ holds,
 * per site. The kit reads one site's events (renderer/src/kit/reports/
 * sources.ts); HQ holds every site's, so it first files each event under
 * its site and feeds each site's to the same builders:
 *
 * - a handout's site is the one HQ's certificate of the laptop that signed
 *   it names at the handout's time: shared/funds `pots` files it so (the
 *   flow of funds and these reports cannot disagree on where a handout
 *   was). A handout in force that `pots` leaves unplaced (no round) and a
 *   stock movement get the same rule, `standingAt` over the same registry;
 *   one HQ cannot place at all (no certificate at its time) is reported
 *   under an empty site code, never guessed into one;
 * - voids and corrections go with every site's events: they amend their
 *   target wherever it was, as in the tally;
 * - people reached are the households' sizes HQ last recorded (enrolment or
 *   household-update: `pots`' sizes, as the flow counts them);
 * - HQ knows sites by code only (certificates name no site name), so the
 *   site name column is empty: a figure HQ cannot know (shared/reports/table.ts);
 * - the stock report counts every stock movement and handout HQ holds
 *   (the kit counts up to its today); `asOf` is the day it was written.
 *
 * Headers, sheet names and the modality words are in the language asked
 * for (`?lang=`, English by default: shared/reports/labels.ts); the HXL
 * row, codes, numbers and the file name are the same in every language.
 *
 * Neither report has a personal field or a household id: households are
 * counted (the builders' columns), never listed. Everything is computed
 * once per log size and kept until the log grows, as ./funds.ts does.
 */
import { codeSchema, daySchema } from '../../shared/events/fields';
import type { VerifiedEvent } from '../../shared/events/verify';
import { pots } from '../../shared/funds/pots';
import { buildRegistry, standingAt } from '../../shared/ledger/registry';
import { stockReport } from '../../shared/reconcile/stock';
import { isUnLanguage, UN_LANGUAGES, type UnLanguage } from '../../shared/languages';
import { distributionRows, distributionTable, reportCsv, reportLabels, stockRowsTable, stockTable, type ReportTable } from '../../shared/reports';
import { sortRows, type Cell } from '../../shared/reports/table';
import { XLSX_MIME, xlsxBytes } from '../../shared/reports/xlsx';
import { err, ok, type Result } from '../../shared/result';
import { storedEvents } from './funds';
import type { Ledger } from './ledger';

/** What the reports read: certificates (sites), handouts and stock with their amendments, household sizes. */
const REPORT_TYPES = ['device-cert', 'device-revoked', 'handout', 'stock', 'void', 'correction', 'enrolment', 'household-update'];

/** The site code of events HQ holds no certificate for at their time. */
export const NO_SITE = '';

export type ReportFormat = 'csv' | 'xlsx';

export interface DistributionQuery {
  readonly round?: string;
  readonly site?: string;
  readonly day?: string;
  /** The headers' and words' language; English without it. */
  readonly language?: UnLanguage;
}

export interface ReportFile {
  readonly fileName: string;
  readonly mimeType: string;
  readonly bytes: Uint8Array;
}

export type ReportErrorCode = 'bad-format' | 'bad-round' | 'bad-site' | 'bad-day' | 'bad-lang' | 'unknown-site' | 'overflow';

/** The events HQ holds, filed by site, at one log size. */
interface Filed {
  readonly size: number;
  /** Handouts and stock movements per site code (NO_SITE for none). */
  readonly bySite: ReadonlyMap<string, readonly VerifiedEvent[]>;
  /** Voids and corrections: they go with every site's events. */
  readonly amendments: readonly VerifiedEvent[];
  readonly sizes: ReadonlyMap<string, number>;
  /** Every site a certificate names, and NO_SITE when something could not be placed. */
  readonly sites: ReadonlySet<string>;
}

function file(hq: Ledger['hq'], size: number, events: readonly VerifiedEvent[]): Filed {
  const placed = pots(hq, events);
  const siteOfHandout = new Map<string, string>();
  for (const pot of placed.pots.values()) for (const id of pot.handoutIds) siteOfHandout.set(id, pot.site);
  const { registry } = buildRegistry(hq, events);
  const sites = new Set<string>();
  for (const certificates of registry.certificates.values()) for (const c of certificates) if (c.role !== 'hq') sites.add(c.site);

  const bySite = new Map<string, VerifiedEvent[]>();
  const amendments: VerifiedEvent[] = [];
  for (const e of events) {
    const { type, device, at } = e.event;
    if (type === 'void' || type === 'correction') amendments.push(e);
    if (type !== 'handout' && type !== 'stock') continue;
    let site = siteOfHandout.get(e.id);
    if (site === undefined) {
      const standing = standingAt(registry, device, at);
      site = standing.ok ? standing.value.site : NO_SITE;
    }
    sites.add(site);
    const list = bySite.get(site) ?? [];
    list.push(e);
    bySite.set(site, list);
  }
  return { size, bySite, amendments, sizes: placed.sizes, sites };
}

const compare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** What a file name may hold of a code: codes allow `:`, which Windows refuses in a file name. */
const safePart = (part: string): string => part.replace(/[^A-Za-z0-9._-]/g, '_');

export const fileName = (parts: readonly string[], format: ReportFormat): string => `aidtrail-${parts.map(safePart).join('-')}.${format}`;

export function isReportFormat(value: unknown): value is ReportFormat {
  return value === 'csv' || value === 'xlsx';
}

/** The report's file in `format`. */
export async function reportFile(report: ReportTable, format: ReportFormat, parts: readonly string[], created: Date): Promise<ReportFile> {
  const name = fileName(parts, format);
  if (format === 'csv') return { fileName: name, mimeType: 'text/csv; charset=utf-8', bytes: new TextEncoder().encode(reportCsv(report)) };
  return { fileName: name, mimeType: XLSX_MIME, bytes: await xlsxBytes([report], created) };
}

/** The optional code, day and language parameters, each refused with its own code. */
export function checkQuery(q: DistributionQuery): Result<void, ReportErrorCode> {
  if (q.language !== undefined && !isUnLanguage(q.language)) return err('bad-lang', `?lang= must be one of ${UN_LANGUAGES.join(', ')}`);
  if (q.round !== undefined && !codeSchema.safeParse(q.round).success) return err('bad-round', '?round= must be a round id (1–64 letters, digits or . _ : -)');
  if (q.site !== undefined && !codeSchema.safeParse(q.site).success) return err('bad-site', '?site= must be a site code (1–64 letters, digits or . _ : -)');
  if (q.day !== undefined && !daySchema.safeParse(q.day).success) return err('bad-day', '?day= must be a date like 2026-11-24');
  return ok(undefined);
}

export class HqReports {
  readonly #ledger: Ledger;
  readonly #now: () => Date;
  #cached: Filed | undefined;

  constructor(ledger: Ledger, now: () => Date = () => new Date()) {
    this.#ledger = ledger;
    this.#now = now;
  }

  async #filed(): Promise<Filed> {
    const size = await this.#ledger.store.size();
    if (this.#cached?.size === size) return this.#cached;
    this.#cached = file(this.#ledger.hq, size, await storedEvents(this.#ledger.store, REPORT_TYPES, size));
    return this.#cached;
  }

  /** The sites to report: the one asked for (if HQ knows it), or all of them by code. */
  #sites(filed: Filed, site: string | undefined): Result<string[], 'unknown-site'> {
    if (site === undefined) return ok([...filed.sites].sort(compare));
    return filed.sites.has(site) ? ok([site]) : err('unknown-site', `no certificate HQ signed names the site ${site}`);
  }

  /** Every site's distribution report rows in one table, by round, date, site, modality, item, unit and currency. */
  async distribution(q: DistributionQuery): Promise<Result<ReportTable, ReportErrorCode>> {
    const checked = checkQuery(q);
    if (!checked.ok) return checked;
    const filed = await this.#filed();
    const sites = this.#sites(filed, q.site);
    if (!sites.ok) return sites;
    const rows: (readonly Cell[])[] = [];
    for (const site of sites.value) {
      const events = [...(filed.bySite.get(site) ?? []), ...filed.amendments];
      const report = distributionRows(events, {
        site: { code: site, name: '' },
        sizes: filed.sizes,
        ...(q.day !== undefined && { day: q.day }),
        ...(q.round !== undefined && { round: q.round }),
      });
      if (!report.ok) return report;
      rows.push(...report.value);
    }
    // Sorted on codes (the modality's too) before the words are written, so the order is the same in every language.
    return ok(distributionTable(sortRows(rows, [0, 1, 2, 4, 5, 6, 9]), reportLabels(q.language ?? 'en')));
  }

  /** Every site's stock, by site then item and unit, as of today, its headers in `language` (English without it). */
  async stock(site?: string, language?: UnLanguage): Promise<Result<ReportTable, ReportErrorCode>> {
    const checked = checkQuery({ ...(site !== undefined && { site }), ...(language !== undefined && { language }) });
    if (!checked.ok) return checked;
    const filed = await this.#filed();
    const sites = this.#sites(filed, site);
    if (!sites.ok) return sites;
    const asOf = this.today();
    const rows: (readonly Cell[])[] = [];
    for (const code of sites.value) {
      const lines = stockReport([...(filed.bySite.get(code) ?? []), ...filed.amendments]);
      if (!lines.ok) return err('overflow', lines.message);
      rows.push(...stockTable(lines.value.site, { code, name: '' }, asOf).rows);
    }
    return ok(stockRowsTable(rows, reportLabels(language ?? 'en')));
  }

  now(): Date {
    return this.#now();
  }

  today(): string {
    return this.#now().toISOString().slice(0, 10);
  }
}

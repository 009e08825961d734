/**
 * HQ's report downloads (issue 15, point 4; ./reports.ts builds them), added
 * to the admin plugin (./admin-routes.ts), so they answer only to the admin
 * token:
 *
 *   GET /admin/reports/distribution?format=csv|xlsx[&round=R][&site=S][&day=D][&lang=L]
 *   GET /admin/reports/stock?format=csv|xlsx[&site=S][&lang=L]
 *
 * `lang`: en, fr, ar, es, ru or zh (shared/languages.ts), the language of
 * the headers, the sheet name and the report's words; English without it.
 * The HXL row, codes, numbers and the file name do not change with it.
 *
 * The answer is the file, with a Content-Disposition naming it
 * (`aidtrail-distribution-all-sites-2026-11-24.csv`): codes and dates only,
 * anything but letters, digits, `.`, `_` and `-` replaced, so the name needs
 * no quoting rules and cannot step out of the download folder. A refusal is
 * JSON as everywhere else: 400 bad-format / bad-round / bad-site / bad-day / bad-lang,
 * 404 unknown-site, 422 overflow.
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import { HttpError, query, text } from './http-params';
import type { Ledger } from './ledger';
import { HqReports, isReportFormat, reportFile, type ReportErrorCode, type ReportFormat } from './reports';
import { isUnLanguage, UN_LANGUAGES, type UnLanguage } from '../../shared/languages';
import type { ReportTable } from '../../shared/reports';
import type { Result } from '../../shared/result';

const STATUS: Record<ReportErrorCode, number> = {
  'bad-format': 400,
  'bad-round': 400,
  'bad-site': 400,
  'bad-day': 400,
  'bad-lang': 400,
  'unknown-site': 404,
  overflow: 422,
};

function format(value: unknown): ReportFormat {
  if (!isReportFormat(value)) throw new HttpError(400, 'bad-format', '?format= must be csv or xlsx');
  return value;
}

/** A parameter as one string, or refused with `code` (a repeated `?day=&day=` arrives as an array). */
function param(value: unknown, name: string, code: ReportErrorCode): string | undefined {
  try {
    return text(value, name);
  } catch {
    throw new HttpError(400, code, `?${name}= must be given once, as a short string`);
  }
}

/** `?lang=`, once, one of the six languages; English without it. */
function language(value: unknown): UnLanguage | undefined {
  const lang = param(value, 'lang', 'bad-lang');
  if (lang !== undefined && !isUnLanguage(lang)) throw new HttpError(400, 'bad-lang', `?lang= must be one of ${UN_LANGUAGES.join(', ')}`);
  return lang;
}

function table(result: Result<ReportTable, ReportErrorCode>): ReportTable {
  if (!result.ok) throw new HttpError(STATUS[result.code], result.code, result.message);
  return result.value;
}

async function send(reply: FastifyReply, reports: HqReports, report: ReportTable, as: ReportFormat, parts: readonly string[]) {
  const file = await reportFile(report, as, parts, reports.now());
  return reply
    .type(file.mimeType)
    .header('content-disposition', `attachment; filename="${file.fileName}"`)
    .send(Buffer.from(file.bytes.buffer, file.bytes.byteOffset, file.bytes.byteLength));
}

/** Adds the report routes to the admin scope (its token hook covers them). */
export function reportRoutes(scope: FastifyInstance, ledger: Ledger, reports = new HqReports(ledger)): void {
  scope.get('/reports/distribution', async (request, reply) => {
    const q = query(request);
    const as = format(q.format);
    const round = param(q.round, 'round', 'bad-round');
    const site = param(q.site, 'site', 'bad-site');
    const day = param(q.day, 'day', 'bad-day');
    const lang = language(q.lang);
    const report = table(
      await reports.distribution({
        ...(round !== undefined && { round }),
        ...(site !== undefined && { site }),
        ...(day !== undefined && { day }),
        ...(lang !== undefined && { language: lang }),
      }),
    );
    return send(reply, reports, report, as, ['distribution', site ?? 'all-sites', day ?? 'all-days', ...(round === undefined ? [] : [round])]);
  });

  scope.get('/reports/stock', async (request, reply) => {
    const q = query(request);
    const as = format(q.format);
    const site = param(q.site, 'site', 'bad-site');
    const report = table(await reports.stock(site, language(q.lang)));
    return send(reply, reports, report, as, ['stock', site ?? 'all-sites', reports.today()]);
  });
}

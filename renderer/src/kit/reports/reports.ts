/**
 * The kit's reports (issue 15, point 4): the distribution report per round,
 * site, day and item, the stock report, and the household list for a team
 * lead. The tables are shared/reports' (the tally's rules, so the figures
 * are the tally's); this module reads what they need (./sources.ts) and
 * writes the file (./files.ts).
 *
 * The household list is the only report with personal fields. It needs a
 * team lead's PIN on the spot, checked by the vault with its back-off, as a
 * void or a settlement does; a field officer signed in cannot make one alone.
 */
import { daySchema, codeSchema } from '../../../../shared/events/fields';
import { isUnLanguage, UN_LANGUAGES, type UnLanguage } from '../../../../shared/languages';
import { distributionReport, householdList, reportLabels, stockTable, type ReportLabels } from '../../../../shared/reports';
import { err, ok, type Result } from '../../../../shared/result';
import type { ReportsApi } from '../api/reports';
import type { KitContext } from '../context';
import { leadApproval } from '../team/directory';
import { isReportFormat, reportFile } from './files';
import { handoutEvidence, householdSizes, householdsWithRecords, stockUpTo } from './sources';

/** The labels of `language` (English when none is asked for), or `invalid` for anything but the six. */
function labelsOf(language: UnLanguage | undefined): Result<ReportLabels, 'invalid'> {
  if (language === undefined) return ok(reportLabels('en'));
  return isUnLanguage(language) ? ok(reportLabels(language)) : err('invalid', `“${String(language)}” is not one of the six languages (${UN_LANGUAGES.join(', ')})`);
}

export function reportsModule(ctx: KitContext): ReportsApi {
  const today = (): string => ctx.now().toISOString().slice(0, 10);
  const site = async () => {
    const profile = await ctx.profile();
    return { code: profile.site, name: profile.siteName };
  };

  return {
    async distributionReport({ round, day, format, language }) {
      const operator = ctx.operator();
      if (!operator.ok) return operator;
      if (!isReportFormat(format)) return err('invalid', `“${String(format)}” is not a report format (csv or xlsx)`);
      const labels = labelsOf(language);
      if (!labels.ok) return labels;
      if (day !== undefined && !daySchema.safeParse(day).success) return err('bad-day', `“${String(day)}” is not a date like 2026-11-24`);
      if (round !== undefined && !codeSchema.safeParse(round).success) return err('invalid', `“${String(round)}” is not a round id`);
      const events = await handoutEvidence(ctx, day);
      const reached = new Set(events.flatMap((e) => (e.event.type === 'handout' ? [e.event.body.household] : [])));
      const columns = await site();
      const table = distributionReport(events, {
        site: columns,
        sizes: await householdSizes(ctx, reached),
        ...(day !== undefined && { day }),
        ...(round !== undefined && { round }),
        labels: labels.value,
      });
      if (!table.ok) return table;
      return ok(await reportFile(table.value, format, ['distribution', columns.code, day ?? 'all-days', ...(round === undefined ? [] : [round])], ctx.now()));
    },

    async stockReport(format, language) {
      const operator = ctx.operator();
      if (!operator.ok) return operator;
      if (!isReportFormat(format)) return err('invalid', `“${String(format)}” is not a report format (csv or xlsx)`);
      const labels = labelsOf(language);
      if (!labels.ok) return labels;
      const asOf = today();
      const lines = await stockUpTo(ctx, asOf);
      if (!lines.ok) {
        if (lines.code === 'bad-options') throw new Error(`the clock gave a day the tally refuses: ${lines.message}`);
        return err('overflow', lines.message);
      }
      const columns = await site();
      return ok(await reportFile(stockTable(lines.value, columns, asOf, labels.value), format, ['stock', columns.code, asOf], ctx.now()));
    },

    async householdList(format, lead, language) {
      const operator = ctx.operator();
      if (!operator.ok) return operator;
      if (!isReportFormat(format)) return err('invalid', `“${String(format)}” is not a report format (csv or xlsx)`);
      const labels = labelsOf(language);
      if (!labels.ok) return labels;
      const approved = await leadApproval(ctx, lead.leadId, lead.pin);
      if (!approved.ok) return approved;
      const { rows, records } = await householdsWithRecords(ctx);
      const columns = await site();
      const table = householdList(rows, ctx.now().toISOString(), records, labels.value);
      return ok(await reportFile(table, format, ['households', columns.code, today()], ctx.now()));
    },
  };
}

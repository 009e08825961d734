/**
 * Enrolment, caseload import and finding households (issue "The field
 * flow"). Principle 5: the personal record is sealed by the host before it
 * enters an event; the `households` view row is derived from the enrolment
 * event by the write path, as it is for a household enrolled elsewhere.
 */
import { HOUSEHOLD_ID_RANDOM_BYTES, importCaseloadCsv, newHouseholdId, parseHouseholdId, validateEnrolmentInput } from '../../../../shared/household';
import type { SealedBlob } from '../../../../shared/ipc';
import { err, ok } from '../../../../shared/result';
import type { HouseholdDoc } from '../../db/database';
import type { HouseholdSummary, HouseholdsApi } from '../api/households';
import type { KitContext } from '../context';
import { openRecord, sealRecord } from './records';

/** Rows per bulk write of a caseload import: progress steps, and memory stays bounded. */
const IMPORT_CHUNK = 500;

export function householdSummary(doc: HouseholdDoc): HouseholdSummary {
  return { id: doc.id, size: doc.size, enrolledAt: doc.enrolledAt, hasCard: doc.card !== '' };
}

interface NewHousehold {
  readonly id: string;
  readonly pii: unknown;
  readonly size: number;
}

export function householdsModule(ctx: KitContext): HouseholdsApi {
  const { db } = ctx;

  /** 40 random bits: collisions are rare but possible offline, so an id already known here is drawn again. */
  async function freshHouseholdId(): Promise<string> {
    for (;;) {
      const id = newHouseholdId(crypto.getRandomValues(new Uint8Array(HOUSEHOLD_ID_RANDOM_BYTES)));
      if ((await db.households.findOne(id).exec()) === null) return id;
    }
  }

  /** Enrols households as one chain segment in one write; answers their view rows. */
  async function enrolMany(rows: readonly NewHousehold[], site: string, operator: string): Promise<HouseholdDoc[]> {
    const sealed = await Promise.all(rows.map((row) => sealRecord(ctx, row.id, row.pii)));
    const store = await ctx.events();
    await store.appendMany(
      rows.map((row, i) => ({
        type: 'enrolment' as const,
        body: { household: row.id, site, size: row.size, pii: sealed[i]! },
        options: { operator },
      })),
    );
    const docs = await db.households.findByIds(rows.map((row) => row.id)).exec();
    return rows.map((row) => docs.get(row.id)!.toMutableJSON());
  }

  return {
    async enrol(form) {
      const operator = ctx.operator();
      if (!operator.ok) return operator;
      const profile = await ctx.profile();
      const size = form.members.reduce((n, m) => n + m.count, 0);
      const input = validateEnrolmentInput({ pii: form, size, site: profile.site });
      if (!input.ok) return err('invalid', input.message);
      const [doc] = await enrolMany([{ id: await freshHouseholdId(), pii: input.value.pii, size }], profile.site, operator.value.id);
      return ok(householdSummary(doc!));
    },

    async importCaseload(csv, onProgress) {
      const operator = ctx.operator();
      if (!operator.ok) return operator;
      const parsed = importCaseloadCsv(csv);
      if (!parsed.ok) return err('bad-csv', parsed.message);
      const profile = await ctx.profile();
      const rejected = [...parsed.value.rejected];
      const given = parsed.value.rows.flatMap((row) => (row.householdId === undefined ? [] : [row.householdId as string]));
      const existing = await db.households.findByIds(given).exec();
      const rows = parsed.value.rows.filter((row) => {
        if (row.householdId === undefined || !existing.has(row.householdId)) return true;
        rejected.push({ line: row.line, errors: [`household ${row.householdId} is already enrolled`] });
        return false;
      });
      // Each good row becomes one enrolment event and its view row, written in
      // chunks so progress shows; bad rows never block good ones.
      let imported = 0;
      for (let start = 0; start < rows.length; start += IMPORT_CHUNK) {
        const chunk: NewHousehold[] = [];
        for (const row of rows.slice(start, start + IMPORT_CHUNK)) {
          chunk.push({ id: row.householdId ?? (await freshHouseholdId()), pii: row.input.pii, size: row.input.size });
        }
        await enrolMany(chunk, profile.site, operator.value.id);
        imported += chunk.length;
        onProgress?.(imported, rows.length);
      }
      return ok({ imported, rejected: rejected.sort((a, b) => a.line - b.line) });
    },

    async findHousehold(text) {
      const operator = ctx.operator();
      if (!operator.ok) return operator;
      const id = parseHouseholdId(text);
      if (!id.ok) return err('bad-id', id.message);
      const doc = (await db.households.findOne(id.value).exec())?.toMutableJSON();
      if (doc === undefined) return err('not-enrolled', `household ${id.value} is not enrolled on this device`);
      const form = await openRecord(ctx, doc.id, doc.pii as SealedBlob);
      return form.ok ? ok({ ...householdSummary(doc), form: form.value }) : form;
    },

    async listHouseholds(query) {
      const operator = ctx.operator();
      if (!operator.ok) return operator;
      const prefix = (query.prefix ?? '').toUpperCase();
      const docs = await db.households
        .find({ selector: prefix ? { id: { $gte: prefix, $lt: `${prefix}\uffff` } } : {}, sort: [{ id: 'asc' }], limit: query.limit })
        .exec();
      return ok(docs.map((d) => householdSummary(d.toMutableJSON())));
    },
  };
}

/**
 * Enrolment, caseload import and finding households (issue "The field
 * flow"). Principle 5: the personal record is sealed by the host before it
 * enters an event; the `households` view row is derived from the enrolment
 * event by the write path, as it is for a household enrolled elsewhere.
 */
import { HOUSEHOLD_ID_RANDOM_BYTES, importCaseloadCsv, newHouseholdId, parseHouseholdId, validateEnrolmentInput } from '../../../../shared/household';
import type { SealedBlob } from '../../../../shared/ipc';
import { codeSchema } from '../../../../shared/events/fields';
import { oneAhead } from '../../../../shared/one-ahead';
import { likelyDuplicates } from '../../../../shared/search';
import { err, ok } from '../../../../shared/result';
import type { HouseholdDoc } from '../../db/database';
import type { NewEvent } from '../../db/event-store';
import type { DuplicateCandidate, HouseholdForm, HouseholdMatch, HouseholdsApi, ImportReport } from '../api/households';
import type { KitContext } from '../context';
import { HouseholdSearch } from './household-search';
import { householdSummary } from './summary';
import { householdHistory } from './history';
import { openRecord, sealRecord, sealRecords } from './records';

/** Rows per bulk write of a caseload import: progress steps, and memory stays bounded. */
const IMPORT_CHUNK = 500;
/**
 * Rows of the first chunk: nothing is stored until it is sealed, signed and
 * verified, so a small one starts the writes sooner (issue 14).
 */
const FIRST_IMPORT_CHUNK = 100;
/** New household ids checked against the database per read. */
const ID_DRAW = 5_000;

interface NewHousehold {
  readonly id: string;
  readonly pii: unknown;
  readonly size: number;
  readonly duplicate?: { readonly reason: string; readonly of: readonly string[] };
}

export function householdsModule(ctx: KitContext): HouseholdsApi {
  const { db } = ctx;
  const search = new HouseholdSearch(ctx);

  /** 40 random bits: collisions are rare but possible offline, so an id already known here is drawn again. */
  async function freshHouseholdId(): Promise<string> {
    const [id] = await freshHouseholdIds(1);
    return id!;
  }

  /**
   * `count` distinct new ids, none known here nor in `taken`: drawn together
   * and checked in one read (a caseload import would otherwise read once per
   * row); those already known are drawn again.
   */
  async function freshHouseholdIds(count: number, taken: ReadonlySet<string> = new Set()): Promise<string[]> {
    const fresh = new Set<string>();
    while (fresh.size < count) {
      const drawn = new Set<string>();
      while (drawn.size < Math.min(count - fresh.size, ID_DRAW)) {
        const id = newHouseholdId(crypto.getRandomValues(new Uint8Array(HOUSEHOLD_ID_RANDOM_BYTES)));
        if (!taken.has(id) && !fresh.has(id)) drawn.add(id);
      }
      const known = await db.households.findByIds([...drawn]).exec();
      for (const id of drawn) if (!known.has(id)) fresh.add(id);
    }
    return [...fresh];
  }

  /** Enrols households as one chain segment in one write; answers their view rows. */
  async function enrolMany(rows: readonly NewHousehold[], site: string, operator: string): Promise<HouseholdDoc[]> {
    const sealed = await sealRecords(ctx, rows.map((row) => ({ household: row.id, pii: row.pii })));
    await (await ctx.events()).appendMany(enrolments(rows, sealed, site, operator));
    return viewRows(rows);
  }

  /** The enrolment events of `rows`, whose records are sealed already. */
  const enrolments = (rows: readonly NewHousehold[], sealed: readonly SealedBlob[], site: string, operator: string): NewEvent[] =>
    rows.map((row, i) => ({
      type: 'enrolment' as const,
      body: { household: row.id, site, size: row.size, pii: sealed[i]!, ...(row.duplicate && { duplicate: { reason: row.duplicate.reason, of: [...row.duplicate.of] } }) },
      options: { operator },
    }));

  /** The view rows the write path derived for `rows`, in their order. */
  async function viewRows(rows: readonly { readonly id: string }[]): Promise<HouseholdDoc[]> {
    const docs = await db.households.findByIds(rows.map((row) => row.id)).exec();
    return rows.map((row) => docs.get(row.id)!.toMutableJSON());
  }

  /** The site's households this record may be, with what the screens show of them. */
  async function duplicatesOf(form: HouseholdForm, id?: string): Promise<DuplicateCandidate[]> {
    const index = await search.ready();
    const matches = likelyDuplicates({ id, head: form.head.name, shelter: form.shelter, phone: form.phone, birthYear: form.head.birthYear }, index);
    return matches.flatMap((m) => {
      const found = match(m.id, 'name');
      return found === undefined ? [] : [{ household: found, reasons: m.reasons }];
    });
  }

  /** A result row from what the index keeps in memory: a search reads no database. */
  function match(id: string, matched: HouseholdMatch['matched']): HouseholdMatch | undefined {
    const summary = search.summary(id);
    const form = search.form(id);
    return summary && { ...summary, ...(form && { head: form.head.name, shelter: form.shelter }), matched };
  }

  return {
    async enrol(form, options = {}) {
      const operator = ctx.operator();
      if (!operator.ok) return operator;
      const profile = await ctx.profile();
      const size = form.members.reduce((n, m) => n + m.count, 0);
      const input = validateEnrolmentInput({ pii: form, size, site: profile.site });
      if (!input.ok) return err('invalid', input.message);
      // Issue 11: likely duplicates stop an enrolment until the officer gives a reason.
      const duplicates = await duplicatesOf(input.value.pii);
      const reason = options.duplicateReason;
      if (duplicates.length > 0 && reason === undefined) {
        return err('likely-duplicate', `the site has ${duplicates.length} likely duplicate(s): ${duplicates.map((d) => d.household.id).join(', ')}`);
      }
      if (reason !== undefined && !codeSchema.safeParse(reason).success) return err('needs-reason', 'enrolling a likely duplicate needs a reason code');
      const duplicate = duplicates.length > 0 && reason !== undefined ? { reason, of: duplicates.slice(0, 10).map((d) => d.household.id) } : undefined;
      const id = await freshHouseholdId();
      const [doc] = await enrolMany([{ id, pii: input.value.pii, size, ...(duplicate && { duplicate }) }], profile.site, operator.value.id);
      await search.remember(id, input.value.pii, householdSummary(doc!));
      return ok(householdSummary(doc!));
    },

    async householdHistory(text) {
      const operator = ctx.operator();
      if (!operator.ok) return operator;
      const id = parseHouseholdId(text);
      if (!id.ok) return err('bad-id', id.message);
      if ((await db.households.findOne(id.value).exec()) === null) return err('not-enrolled', `household ${id.value} is not enrolled on this device`);
      return ok(await householdHistory(ctx, id.value));
    },

    async correctHousehold(household, form) {
      const lead = await ctx.leadLaptop('corrects a household');
      if (!lead.ok) return lead;
      const doc = (await db.households.findOne(household).exec())?.toMutableJSON();
      if (doc === undefined) return err('not-enrolled', `household ${household} is not enrolled on this device`);
      const size = form.members.reduce((n, m) => n + m.count, 0);
      const input = validateEnrolmentInput({ pii: form, size, site: doc.site });
      if (!input.ok) return err('invalid', input.message);
      const pii = await sealRecord(ctx, household, input.value.pii);
      await (await ctx.events()).append('household-update', { household, size, pii }, { operator: lead.value.id });
      const summary = householdSummary((await db.households.findOne(household).exec())!.toMutableJSON());
      await search.remember(household, input.value.pii, summary);
      return ok(summary);
    },

    async likelyDuplicates(form) {
      const operator = ctx.operator();
      if (!operator.ok) return operator;
      const profile = await ctx.profile();
      const input = validateEnrolmentInput({ pii: form, size: form.members.reduce((n, m) => n + m.count, 0), site: profile.site });
      if (!input.ok) return err('invalid', input.message);
      return ok(await duplicatesOf(input.value.pii));
    },

    async searchHouseholds(query, limit) {
      const operator = ctx.operator();
      if (!operator.ok) return operator;
      const hits = (await search.ready()).search(query, Math.min(Math.max(1, limit), 500));
      return ok(hits.flatMap((h) => match(h.id, h.field) ?? []));
    },

    async prepareSearch(onProgress) {
      const operator = ctx.operator();
      if (!operator.ok) return operator;
      try {
        await search.ready(onProgress);
      } catch (cause) {
        // The vault refuses to open records once the kit locked mid-build: that is the answer, not a bug.
        const now = ctx.operator();
        if (!now.ok) return now;
        throw cause;
      }
      return ok(undefined);
    },

    async importCaseload(csv, onProgress) {
      const operator = ctx.operator();
      if (!operator.ok) return operator;
      const parsed = importCaseloadCsv(csv);
      if (!parsed.ok) return err('bad-csv', parsed.message);
      const profile = await ctx.profile();
      const given = parsed.value.rows.flatMap((row) => (row.householdId === undefined ? [] : [row.householdId as string]));
      const existing = await db.households.findByIds(given).exec();
      // One read for the ids of every row that brings none (drawn distinct from the file's own ids), not one per row.
      const drawn = await freshHouseholdIds(parsed.value.rows.length - given.length, new Set(given));
      const index = await search.ready();
      // Issue 11: a row that is likely a household the site has (or an earlier
      // row of the file) is not enrolled again, so importing a file twice adds nothing.
      const duplicates: ImportReport['duplicates'][number][] = [];
      const rows: NewHousehold[] = [];
      for (const row of parsed.value.rows) {
        const { pii } = row.input;
        const known = row.householdId !== undefined && existing.has(row.householdId) ? [{ id: row.householdId, reasons: ['same-id' as const] }] : [];
        const [first] = [...known, ...likelyDuplicates({ id: row.householdId, head: pii.head.name, shelter: pii.shelter, phone: pii.phone, birthYear: pii.head.birthYear }, index, 1)];
        if (first !== undefined) {
          duplicates.push({ line: row.line, household: first.id, reasons: first.reasons });
          continue;
        }
        const id = row.householdId ?? drawn.pop()!;
        // Indexed now, so a later row of the same file meets it; its summary follows once it is written.
        search.rememberIn(index, id, pii);
        rows.push({ id, pii, size: row.input.size });
      }
      // Each new row becomes one enrolment event and its view row, written in
      // chunks so progress shows; bad rows never block good ones. A chunk's
      // records are sealed while the chunk before is signed, and it is signed
      // while the chunk before is stored (EventStore.appendSegments).
      const chunks = rows.length === 0 ? [] : [rows.slice(0, FIRST_IMPORT_CHUNK)];
      for (let start = FIRST_IMPORT_CHUNK; start < rows.length; start += IMPORT_CHUNK) chunks.push(rows.slice(start, start + IMPORT_CHUNK));
      const operatorId = operator.value.id;
      async function* sealedChunks(): AsyncIterable<NewEvent[]> {
        const sealing = oneAhead(chunks, (chunk) => sealRecords(ctx, chunk.map((row) => ({ household: row.id, pii: row.pii }))));
        for await (const [chunk, sealed] of sealing) yield enrolments(chunk, sealed, profile.site, operatorId);
      }
      let imported = 0;
      let chunksStored = 0;
      // Segments are stored in the order given: the nth is the nth chunk.
      await (await ctx.events()).appendSegments(sealedChunks(), async () => {
        const chunk = chunks[chunksStored++]!;
        for (const doc of await viewRows(chunk)) search.summarise(householdSummary(doc));
        imported += chunk.length;
        onProgress?.(imported, rows.length);
      });
      return ok({ imported, rejected: [...parsed.value.rejected].sort((a, b) => a.line - b.line), duplicates });
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
      // The primary-key index, named: left to itself RxDB's planner picks the cardStatusIndex
      // index, which cannot give id order, and reads every household to sort them (issue 14).
      const docs = await db.households
        .find({ selector: prefix ? { id: { $gte: prefix, $lt: `${prefix}\uffff` } } : {}, sort: [{ id: 'asc' }], limit: query.limit, index: ['id'] })
        .exec();
      return ok(docs.map((d) => householdSummary(d.toMutableJSON())));
    },
  };
}

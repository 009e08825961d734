/**
 * The site's households, findable by name (issue 11): an in-memory
 * `NameIndex` of every record this laptop can open, built on first use after
 * unlock and dropped at lock, so names never reach the disk in clear. New
 * enrolments (here, or from a peer, a file or HQ) join it as the log stores them.
 */
import { oneAhead } from '../../../../shared/one-ahead';
import { NameIndex } from '../../../../shared/search';
import type { HouseholdDoc } from '../../db/database';
import type { SealedBlob } from '../../../../shared/ipc';
import type { Result } from '../../../../shared/result';
import type { HouseholdForm, HouseholdSummary } from '../api/households';
import type { KitContext } from '../context';
import { householdSummary } from './summary';
import { openRecords } from './records';

/** Records opened and indexed per step while building (`openRecords` asks the vault for them in `vault:open-many` calls). */
const PAGE = 500;

/** Hears how far a build is: households indexed, of all the site's. */
export type BuildProgress = (done: number, total: number) => void;

export interface OpenedHousehold {
  readonly doc: HouseholdDoc;
  readonly form: HouseholdForm;
}

export class HouseholdSearch {
  private index: Promise<NameIndex> | undefined;
  /** The opened records by id, for the screens' rows (names, shelters); in memory only. */
  private readonly opened = new Map<string, HouseholdForm>();
  /** What a result row shows besides the record, kept beside the index so a search reads no database. */
  private readonly summaries = new Map<string, HouseholdSummary>();
  /** How far the running build is, while one runs (at 100k households it takes seconds: issue 14). */
  private building: { done: number; total: number } | undefined;
  private readonly listeners = new Set<BuildProgress>();

  constructor(private readonly ctx: KitContext) {
    ctx.onLock(() => {
      this.index = undefined;
      this.building = undefined;
      this.listeners.clear();
      this.opened.clear();
      this.summaries.clear();
    });
    ctx.writer.onStored((events) => {
      // New enrolments join; a correction from elsewhere replaces what was opened.
      const households = events.flatMap(({ event }) =>
        (event.type === 'enrolment' && !this.opened.has(event.body.household)) || event.type === 'household-update' ? [event.body.household] : [],
      );
      if (households.length > 0 && this.index !== undefined) void this.addByIds(households);
      for (const { event } of events) {
        const known = event.type === 'credential-issued' ? this.summaries.get(event.body.household) : undefined;
        if (known !== undefined) this.summaries.set(known.id, { ...known, hasCard: true });
      }
    });
  }

  /**
   * The index, built now if this session has none yet. `onProgress` hears
   * how far the build is, at once and after each page, until it ends.
   */
  ready(onProgress?: BuildProgress): Promise<NameIndex> {
    this.index ??= this.build();
    if (onProgress !== undefined && this.building !== undefined) {
      this.listeners.add(onProgress);
      onProgress(this.building.done, this.building.total);
    }
    return this.index;
  }

  form(id: string): HouseholdForm | undefined {
    return this.opened.get(id);
  }

  summary(id: string): HouseholdSummary | undefined {
    return this.summaries.get(id);
  }

  /** The row of a household already indexed (an import indexes a row before it writes it). */
  summarise(summary: HouseholdSummary): void {
    if (this.index !== undefined) this.summaries.set(summary.id, summary);
  }

  /** A household enrolled here: its record is at hand, no need to open it again. */
  async remember(id: string, form: HouseholdForm, summary?: HouseholdSummary): Promise<void> {
    if (this.index === undefined) return;
    const index = await this.index;
    if (summary !== undefined) this.summaries.set(id, summary);
    this.rememberIn(index, id, form);
  }

  /**
   * `remember` into the index `ready` answered, at once: an import indexes
   * its rows one by one, each before the next row's duplicate check, without
   * an await per row (issue 14). Nothing is kept once the kit locked.
   */
  rememberIn(index: NameIndex, id: string, form: HouseholdForm): void {
    if (this.index === undefined) return;
    this.opened.set(id, form);
    index.add(searchable(id, form));
  }

  /**
   * One read of every row, then the records opened a page at a time. Paging
   * the query itself (`id > last`, sorted) made RxDB's planner scan the whole
   * table for every page: 610 s at 100k households against 3 s for one read
   * (test/bench/search.bench.ts). The vault opens the next page while this
   * thread indexes one (issue 14).
   */
  private async build(): Promise<NameIndex> {
    const index = new NameIndex();
    const building = { done: 0, total: 0 };
    this.building = building;
    try {
      const docs = (await this.ctx.db.households.find().exec()).map((d) => d.toMutableJSON());
      building.total = docs.length;
      this.tell(building);
      const pages = Array.from({ length: Math.ceil(docs.length / PAGE) }, (_, i) => docs.slice(i * PAGE, (i + 1) * PAGE));
      const opening = oneAhead(pages, (page) => openRecords(this.ctx, page.map((doc) => ({ household: doc.id, blob: doc.pii as SealedBlob }))));
      for await (const [page, forms] of opening) {
        // Locked meanwhile: records the vault opened just before the lock are not kept in memory after it.
        if (this.building !== building) throw new Error('the kit locked while the search index was being built');
        this.addOpened(index, page, forms);
        building.done += page.length;
        this.tell(building);
      }
      return index;
    } finally {
      // A lock meanwhile already let go of the listeners, and a later build has its own.
      if (this.building === building) {
        this.building = undefined;
        this.listeners.clear();
      }
    }
  }

  /** Tells the listeners of the running build how far it is; a lock meanwhile leaves none to tell. */
  private tell(building: { readonly done: number; readonly total: number }): void {
    if (this.building !== building) return;
    for (const listener of this.listeners) listener(building.done, building.total);
  }

  private async addByIds(ids: readonly string[]): Promise<void> {
    const index = await this.ready();
    const docs = await this.ctx.db.households.findByIds([...ids]).exec();
    await this.addDocs(index, [...docs.values()].map((d) => d.toMutableJSON()));
  }

  private async addDocs(index: NameIndex, docs: readonly HouseholdDoc[]): Promise<void> {
    this.addOpened(index, docs, await openRecords(this.ctx, docs.map((doc) => ({ household: doc.id, blob: doc.pii as SealedBlob }))));
  }

  /** Indexes the records of `docs` that opened (`forms`, in the same order). */
  private addOpened(index: NameIndex, docs: readonly HouseholdDoc[], forms: readonly Result<HouseholdForm, 'sealed-elsewhere'>[]): void {
    docs.forEach((doc, i) => {
      const form = forms[i]!;
      if (!form.ok) return;
      this.summaries.set(doc.id, householdSummary(doc));
      this.opened.set(doc.id, form.value);
      index.add(searchable(doc.id, form.value));
    });
  }
}

/** What the index keeps of a household: names (head first), shelter, phone, the head's birth year. */
export function searchable(id: string, form: HouseholdForm) {
  return {
    id,
    names: [form.head.name, ...form.proxies.map((p) => p.name)],
    shelter: form.shelter,
    phone: form.phone,
    birthYear: form.head.birthYear,
  };
}

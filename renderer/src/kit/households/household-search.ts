/**
 * The site's households, findable by name (issue 11): an in-memory
 * `NameIndex` of every record this laptop can open, built on first use after
 * unlock and dropped at lock, so names never reach the disk in clear. New
 * enrolments (here, or from a peer, a file or HQ) join it as the log stores them.
 */
import { NameIndex } from '../../../../shared/search';
import type { HouseholdDoc } from '../../db/database';
import type { SealedBlob } from '../../../../shared/ipc';
import type { HouseholdForm } from '../api/households';
import type { KitContext } from '../context';
import { openRecord } from './records';

/** Records opened per step while building: the vault is asked in parallel within a page. */
const PAGE = 500;

export interface OpenedHousehold {
  readonly doc: HouseholdDoc;
  readonly form: HouseholdForm;
}

export class HouseholdSearch {
  private index: Promise<NameIndex> | undefined;
  /** The opened records by id, for the screens' rows (names, shelters); in memory only. */
  private readonly opened = new Map<string, HouseholdForm>();

  constructor(private readonly ctx: KitContext) {
    ctx.onLock(() => {
      this.index = undefined;
      this.opened.clear();
    });
    ctx.writer.onStored((events) => {
      // New enrolments join; a correction from elsewhere replaces what was opened.
      const households = events.flatMap(({ event }) =>
        (event.type === 'enrolment' && !this.opened.has(event.body.household)) || event.type === 'household-update' ? [event.body.household] : [],
      );
      if (households.length > 0 && this.index !== undefined) void this.addByIds(households);
    });
  }

  /** The index, built now if this session has none yet. */
  ready(): Promise<NameIndex> {
    this.index ??= this.build();
    return this.index;
  }

  form(id: string): HouseholdForm | undefined {
    return this.opened.get(id);
  }

  /** A household enrolled here: its record is at hand, no need to open it again. */
  async remember(id: string, form: HouseholdForm): Promise<void> {
    if (this.index === undefined) return;
    const index = await this.index;
    this.opened.set(id, form);
    index.add(searchable(id, form));
  }

  private async build(): Promise<NameIndex> {
    const index = new NameIndex();
    let after = '';
    for (;;) {
      const docs = await this.ctx.db.households.find({ selector: { id: { $gt: after } }, sort: [{ id: 'asc' }], limit: PAGE }).exec();
      if (docs.length === 0) return index;
      await this.addDocs(index, docs.map((d) => d.toMutableJSON()));
      after = docs.at(-1)!.id;
    }
  }

  private async addByIds(ids: readonly string[]): Promise<void> {
    const index = await this.ready();
    const docs = await this.ctx.db.households.findByIds([...ids]).exec();
    await this.addDocs(index, [...docs.values()].map((d) => d.toMutableJSON()));
  }

  private async addDocs(index: NameIndex, docs: readonly HouseholdDoc[]): Promise<void> {
    const forms = await Promise.all(docs.map((doc) => openRecord(this.ctx, doc.id, doc.pii as SealedBlob)));
    docs.forEach((doc, i) => {
      const form = forms[i]!;
      if (!form.ok) return;
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

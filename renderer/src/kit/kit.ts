/**
 * The field kit's core: every flow of the field officer and the team lead,
 * on top of the event log (RxDB) and the host's key vault. No React here; the
 * UI talks to it through `KitApi`.
 *
 * Event first (issue "The field flow"): each action is a signed event written
 * durably before its result is returned; views (households, tallies) are
 * derived from events and can always be rebuilt from them.
 */
import { canonicalBytes } from '../../../shared/canonical';
import { fromUtf8, toBase64url, utf8 } from '../../../shared/bytes';
import {
  createStatusList,
  decodeStatusList,
  encodeStatusList,
  issueCredentialWith,
  rationCardCredential,
  setStatus,
  statusListCredential,
  verifyRationCard,
  type CredentialSigner,
  type SignedCredential,
} from '../../../shared/credentials';
import type { DidKey } from '../../../shared/crypto/did-key';
import type { SignatureVerifier } from '../../../shared/crypto/verifier';
import { sha256Hex } from '../../../shared/crypto/sha256';
import {
  entitlementFor,
  isPartial,
  priorHandouts as effectivePriorHandouts,
  tally as computeTally,
  validatePlan,
  type DistributionPlan,
} from '../../../shared/distribution';
import { codeSchema, didKeySchema, timestampSchema } from '../../../shared/events/fields';
import type { EventBody, VerifiedEvent } from '../../../shared/events';
import {
  HOUSEHOLD_ID_RANDOM_BYTES,
  householdPiiSchema,
  importCaseloadCsv,
  newHouseholdId,
  parseHouseholdId,
  validateEnrolmentInput,
} from '../../../shared/household';
import type { HostApi } from '../../../shared/ipc';
import type { HttpFetch } from '../../../shared/ledger';
import { acceptAll, compareDayClose, dayClose, doubleHandouts, gaps, stockReport } from '../../../shared/reconcile';
import { encodeCardPayload, MAX_CARD_PAYLOAD_CHARS } from '../../../shared/qr/card-payload';
import { err, ok, type Result } from '../../../shared/result';
import type { HouseholdDoc, KitDatabase } from '../db/database';
import { EventStore } from '../db/event-store';
import { EventIngest, eventText, type IngestResult } from '../db/ingest';
import { webCryptoVerifier } from '../host/webcrypto-verifier';
import type {
  CheckFailure,
  CheckPass,
  DayCloseStatus,
  LedgerStatus,
  Reconciliation,
  SyncIdentity,
  Entitlement,
  HandoutError,
  HandoutInput,
  HouseholdDetail,
  HouseholdForm,
  HouseholdSummary,
  ImportReport,
  KitApi,
  KitState,
  OperatorSummary,
  PriorHandout,
  RationCard,
  Role,
  SetupInput,
  SiteProfile,
  Tally,
} from './kit-api';
import { Anchoring } from './anchoring';
import { formatInvitation, parseInvitation } from './invitation';
import { checkPin, hashPin, isValidPin, PIN_ITERATIONS } from './pin';
import { readSetting, writeSetting, type StoredOperator } from './settings';

export interface KitOptions {
  readonly db: KitDatabase;
  readonly host: HostApi;
  readonly now?: () => Date;
  /** PBKDF2 work factor; tests lower it. */
  readonly pinIterations?: number;
  /** The plan installed at setup until HQ-signed plans arrive (resources/demo-plan.json). */
  readonly defaultPlan?: unknown;
  /** Where this site's revocation list is published; the cards name it. */
  readonly statusListBase?: string;
  /** How long a new ration card is valid. */
  readonly cardValidityDays?: number;
  /** Ed25519 verification for the kit's bulk checks; WebCrypto unless a test says otherwise. */
  readonly verifier?: SignatureVerifier;
  /** HTTP to the HQ ledger; the page's fetch unless a test says otherwise. */
  readonly fetch?: HttpFetch;
}

const DAY_MS = 86_400_000;
/** Rows per bulk write of a caseload import: progress steps, and memory stays bounded. */
const IMPORT_CHUNK = 500;

/**
 * Operator ids travel in events from every device of the team, so each
 * carries a tag of its device's key: `op-<6 characters>-<n>`. Pseudonymous,
 * and one operator's tally never merges with another device's.
 */
const operatorId = (device: string, n: number): string => `op-${device.slice(-6)}-${n}`;

const summary = (op: StoredOperator): OperatorSummary => ({ id: op.id, name: op.name, role: op.role });

function householdSummary(doc: HouseholdDoc): HouseholdSummary {
  return { id: doc.id, size: doc.size, enrolledAt: doc.enrolledAt, hasCard: doc.card !== '' };
}

/** Unwraps a host answer; a refused vault call is an environment fault, not user input. */
async function must<T>(answer: Promise<Result<T>>): Promise<T> {
  const result = await answer;
  if (!result.ok) throw new Error(`host refused: ${result.code}: ${result.message}`);
  return result.value;
}

export class Kit implements KitApi {
  private readonly db: KitDatabase;
  private readonly host: HostApi;
  private readonly now: () => Date;
  private readonly pinIterations: number;
  private readonly verifier: SignatureVerifier;
  private session: StoredOperator | undefined;
  private store: EventStore | undefined;

  constructor(private readonly options: KitOptions) {
    this.db = options.db;
    this.host = options.host;
    this.now = options.now ?? (() => new Date());
    this.pinIterations = options.pinIterations ?? PIN_ITERATIONS;
    this.verifier = options.verifier ?? webCryptoVerifier();
  }

  // ---- profile, operators, session -------------------------------------------------

  async state(): Promise<KitState> {
    const profile = await readSetting(this.db, 'profile');
    if (profile === undefined) return { kind: 'needs-setup' };
    if (this.session !== undefined) return { kind: 'unlocked', profile, operator: summary(this.session) };
    const operators = (await readSetting(this.db, 'operators')) ?? [];
    return { kind: 'locked', profile, operators: operators.map(summary) };
  }

  async setup(input: SetupInput): Promise<Result<SiteProfile, 'invalid' | 'already-set-up'>> {
    if ((await readSetting(this.db, 'profile')) !== undefined) return err('already-set-up', 'this device is already set up');
    const invitation = input.invitation === undefined ? undefined : parseInvitation(input.invitation);
    if (invitation !== undefined && !invitation.ok) return err('invalid', invitation.message);
    const team = invitation?.value;
    const site = team?.site ?? input.site;
    const problems = [
      !codeSchema.safeParse(site).success && 'site code must be letters, digits, . _ : - (up to 64)',
      !(team?.siteName ?? input.siteName).trim() && 'site name is required',
      !input.deviceLabel.trim() && 'device label is required',
      !input.lead.name.trim() && 'team lead name is required',
      !isValidPin(input.lead.pin) && 'PIN must be 4 to 8 digits',
    ].filter((p): p is string => typeof p === 'string');
    if (problems.length > 0) return err('invalid', problems.join('; '));
    const keys = await must(this.host.vaultCreate());
    const profile: SiteProfile = {
      site,
      siteName: (team?.siteName ?? input.siteName).trim(),
      deviceLabel: input.deviceLabel.trim(),
      device: keys.device,
      issuer: keys.issuer,
      createdAt: this.now().toISOString(),
      teamLead: team?.lead ?? keys.device,
    };
    const lead: StoredOperator = {
      id: operatorId(keys.device, 1),
      name: input.lead.name.trim(),
      role: 'team-lead',
      pin: await hashPin(input.lead.pin, this.pinIterations),
    };
    await writeSetting(this.db, 'operators', [lead]);
    await writeSetting(this.db, 'team', { secret: team?.secret ?? toBase64url(crypto.getRandomValues(new Uint8Array(16))) });
    const plan = validatePlan(this.options.defaultPlan);
    if (plan.ok) await writeSetting(this.db, 'plan', plan.value);
    await this.publishStatusList(profile, createStatusList());
    // The profile is written last: a setup interrupted before it simply runs again.
    await writeSetting(this.db, 'profile', profile);
    this.session = lead;
    return ok(profile);
  }

  async unlock(operatorId: string, pin: string): Promise<Result<OperatorSummary, 'bad-pin'>> {
    const op = (await this.operators()).find((o) => o.id === operatorId);
    if (op === undefined || !(await checkPin(pin, op.pin))) return err('bad-pin', 'wrong operator or PIN');
    this.session = op;
    return ok(summary(op));
  }

  lock(): void {
    this.session = undefined;
  }

  async addOperator(input: { name: string; role: Role; pin: string }): Promise<Result<OperatorSummary, 'invalid' | 'not-allowed'>> {
    if (this.session?.role !== 'team-lead') return err('not-allowed', 'only a team lead adds operators');
    if (!input.name.trim() || !isValidPin(input.pin)) return err('invalid', 'a name and a 4–8 digit PIN are required');
    const operators = await this.operators();
    const op: StoredOperator = {
      id: operatorId((await this.profile()).device, operators.length + 1),
      name: input.name.trim(),
      role: input.role,
      pin: await hashPin(input.pin, this.pinIterations),
    };
    await writeSetting(this.db, 'operators', [...operators, op]);
    return ok(summary(op));
  }

  private async operators(): Promise<StoredOperator[]> {
    return (await readSetting(this.db, 'operators')) ?? [];
  }

  private async profile(): Promise<SiteProfile> {
    const profile = await readSetting(this.db, 'profile');
    if (profile === undefined) throw new Error('the kit is not set up');
    return profile;
  }

  private async events(): Promise<EventStore> {
    if (this.store === undefined) {
      const profile = await this.profile();
      this.store = new EventStore(
        this.db,
        profile.device as DidKey,
        (bytes) => must(this.host.sign({ key: 'device', bytes })),
        this.now,
        this.verifier,
      );
    }
    return this.store;
  }

  private async leadApproval(leadId: string, pin: string): Promise<StoredOperator | undefined> {
    const lead = (await this.operators()).find((o) => o.id === leadId && o.role === 'team-lead');
    return lead !== undefined && (await checkPin(pin, lead.pin)) ? lead : undefined;
  }

  // ---- households -------------------------------------------------------------------

  async enrol(form: HouseholdForm): Promise<Result<HouseholdSummary, 'invalid' | 'locked'>> {
    const operator = this.session;
    if (operator === undefined) return err('locked', 'unlock the kit first');
    const profile = await this.profile();
    const size = form.members.reduce((n, m) => n + m.count, 0);
    const input = validateEnrolmentInput({ pii: form, size, site: profile.site });
    if (!input.ok) return err('invalid', input.message);
    const doc = await this.enrolOne(await this.freshHouseholdId(), input.value.pii, size, profile.site, operator.id);
    return ok(householdSummary(doc));
  }

  /** 40 random bits: collisions are rare but possible offline, so an id already known here is drawn again. */
  private async freshHouseholdId(): Promise<string> {
    for (;;) {
      const id = newHouseholdId(crypto.getRandomValues(new Uint8Array(HOUSEHOLD_ID_RANDOM_BYTES)));
      if ((await this.db.households.findOne(id).exec()) === null) return id;
    }
  }

  private async enrolOne(id: string, pii: unknown, size: number, site: string, operator: string): Promise<HouseholdDoc> {
    const [doc] = await this.enrolMany([{ id, pii, size }], site, operator);
    return doc!;
  }

  /** Enrols households as one chain segment and one bulk write each for events and views. */
  private async enrolMany(
    rows: readonly { id: string; pii: unknown; size: number }[],
    site: string,
    operator: string,
  ): Promise<HouseholdDoc[]> {
    // Principle 5: the personal record is sealed by the host before it enters an event.
    const sealed = await Promise.all(rows.map((row) => must(this.host.seal({ plaintext: utf8(JSON.stringify(row.pii)) }))));
    const store = await this.events();
    const verified = await store.appendMany(
      rows.map((row, i) => ({
        type: 'enrolment' as const,
        body: { household: row.id, site, size: row.size, pii: sealed[i]! },
        options: { operator },
      })),
    );
    const docs: HouseholdDoc[] = rows.map((row, i) => ({
      id: row.id,
      site,
      size: row.size,
      enrolledAt: verified[i]!.event.at,
      enrolment: verified[i]!.id,
      pii: sealed[i]!,
      card: '',
      cardValidUntil: '',
      cardStatusIndex: -1,
    }));
    const { error } = await this.db.households.bulkInsert(docs);
    if (error.length > 0) throw new Error(`could not store ${error.length} households: ${error[0]!.status}`);
    return docs;
  }

  async importCaseload(
    csv: string,
    onProgress?: (done: number, total: number) => void,
  ): Promise<Result<ImportReport, 'unreadable' | 'locked'>> {
    const operator = this.session;
    if (operator === undefined) return err('locked', 'unlock the kit first');
    const parsed = importCaseloadCsv(csv);
    if (!parsed.ok) return err('unreadable', parsed.message);
    const profile = await this.profile();
    const rejected = [...parsed.value.rejected];
    const given = parsed.value.rows.flatMap((row) => (row.householdId === undefined ? [] : [row.householdId as string]));
    const existing = await this.db.households.findByIds(given).exec();
    const rows = parsed.value.rows.filter((row) => {
      if (row.householdId === undefined || !existing.has(row.householdId)) return true;
      rejected.push({ line: row.line, errors: [`household ${row.householdId} is already enrolled`] });
      return false;
    });
    // Each good row becomes one enrolment event and one view row, written in
    // chunks so progress shows; bad rows never block good ones.
    let imported = 0;
    for (let start = 0; start < rows.length; start += IMPORT_CHUNK) {
      const chunk = [];
      for (const row of rows.slice(start, start + IMPORT_CHUNK)) {
        chunk.push({ id: row.householdId ?? (await this.freshHouseholdId()), pii: row.input.pii, size: row.input.size });
      }
      await this.enrolMany(chunk, profile.site, operator.id);
      imported += chunk.length;
      onProgress?.(imported, rows.length);
    }
    return ok({ imported, rejected: rejected.sort((a, b) => a.line - b.line) });
  }

  async findHousehold(text: string): Promise<Result<HouseholdDetail, 'bad-id' | 'not-enrolled' | 'sealed-elsewhere'>> {
    const id = parseHouseholdId(text);
    if (!id.ok) return err('bad-id', id.message);
    const doc = (await this.db.households.findOne(id.value).exec())?.toMutableJSON();
    if (doc === undefined) return err('not-enrolled', `household ${id.value} is not enrolled on this device`);
    const opened = await this.host.open(doc.pii as Parameters<HostApi['open']>[0]);
    if (!opened.ok) {
      if (opened.code === 'cannot-decrypt') return err('sealed-elsewhere', `the record of ${id.value} was sealed with another device's key`);
      throw new Error(`host refused: ${opened.code}: ${opened.message}`);
    }
    const form = householdPiiSchema.parse(JSON.parse(fromUtf8(opened.value)));
    return ok({ ...householdSummary(doc), form });
  }

  async listHouseholds(query: { prefix?: string; limit: number }): Promise<readonly HouseholdSummary[]> {
    const prefix = (query.prefix ?? '').toUpperCase();
    const docs = await this.db.households
      .find({ selector: prefix ? { id: { $gte: prefix, $lt: `${prefix}\uffff` } } : {}, sort: [{ id: 'asc' }], limit: query.limit })
      .exec();
    return docs.map((d) => householdSummary(d.toMutableJSON()));
  }

  // ---- ration cards and revocation ----------------------------------------------------

  private issuerSigner(profile: SiteProfile): CredentialSigner {
    return { did: profile.issuer as DidKey, sign: (bytes) => must(this.host.sign({ key: 'issuer', bytes })) };
  }

  private statusListUrl(profile: SiteProfile): string {
    return `${this.options.statusListBase ?? 'https://hq.aidtrail.example/status'}/${profile.site}/1`;
  }

  private async publishStatusList(profile: SiteProfile, list: ReturnType<typeof createStatusList>): Promise<void> {
    const credential = await issueCredentialWith(
      statusListCredential({ id: this.statusListUrl(profile), issuer: profile.issuer, list, validFrom: this.now() }),
      this.issuerSigner(profile),
      { created: this.now() },
    );
    await writeSetting(this.db, 'statusList', { encoded: encodeStatusList(list), credential });
  }

  /** BSL §2.1: a card's bit is chosen at random among the unused ones, so its index says nothing. */
  private async freeStatusIndex(length: number): Promise<number> {
    for (;;) {
      const [candidate] = crypto.getRandomValues(new Uint32Array(1));
      const index = candidate! % length;
      if ((await this.db.households.findOne({ selector: { cardStatusIndex: index } }).exec()) === null) return index;
    }
  }

  async issueCard(household: string): Promise<Result<RationCard, 'not-enrolled' | 'locked'>> {
    const operator = this.session;
    if (operator === undefined) return err('locked', 'unlock the kit first');
    const doc = await this.db.households.findOne(household).exec();
    if (doc === null) return err('not-enrolled', `household ${household} is not enrolled on this device`);
    const profile = await this.profile();
    const stored = await readSetting(this.db, 'statusList');
    const list = stored === undefined ? undefined : decodeStatusList(stored.encoded);
    if (list === undefined || !list.ok) throw new Error('the status list of this site is missing or damaged');
    const statusListIndex = await this.freeStatusIndex(list.value.length);
    const now = this.now();
    const validUntil = new Date(now.getTime() + (this.options.cardValidityDays ?? 365) * DAY_MS);
    const credential: SignedCredential = await issueCredentialWith(
      rationCardCredential({
        issuer: profile.issuer as DidKey,
        household: doc.id,
        site: doc.site,
        size: doc.size,
        validFrom: now,
        validUntil,
        statusListCredential: this.statusListUrl(profile),
        statusListIndex,
      }),
      this.issuerSigner(profile),
      { created: now },
    );
    const hash = sha256Hex(canonicalBytes(credential));
    const store = await this.events();
    await store.append(
      'credential-issued',
      { household: doc.id, issuer: profile.issuer as DidKey, credential: hash, validUntil: validUntil.toISOString() },
      { operator: operator.id },
    );
    await doc.incrementalPatch({ card: hash, cardValidUntil: validUntil.toISOString(), cardStatusIndex: statusListIndex });
    return ok({ household: doc.id, qrText: encodeCardPayload(credential), validUntil: validUntil.toISOString() });
  }

  async revokeCard(household: string, _reason: string): Promise<Result<void, 'no-card' | 'not-allowed'>> {
    if (this.session?.role !== 'team-lead') return err('not-allowed', 'only a team lead revokes a card');
    const doc = await this.db.households.findOne(household).exec();
    if (doc === null || doc.cardStatusIndex < 0) return err('no-card', `household ${household} has no card`);
    const stored = await readSetting(this.db, 'statusList');
    const list = stored === undefined ? undefined : decodeStatusList(stored.encoded);
    if (list === undefined || !list.ok) throw new Error('the status list of this site is missing or damaged');
    setStatus(list.value, doc.cardStatusIndex, true);
    await this.publishStatusList(await this.profile(), list.value);
    return ok(undefined);
  }

  // ---- identity checks ------------------------------------------------------------------

  async checkQr(text: string): Promise<Result<CheckPass, CheckFailure>> {
    const operator = this.session;
    if (operator === undefined) return err('unreadable', 'unlock the kit first');
    // A pasted 5 MB string is refused before any work.
    if (text.length > 2 * MAX_CARD_PAYLOAD_CHARS) {
      return err('unreadable', `this is ${text.length} characters long; a ration card holds at most ${MAX_CARD_PAYLOAD_CHARS}`);
    }
    const profile = await this.profile();
    const statusList = await readSetting(this.db, 'statusList');
    const verdict = verifyRationCard(text, {
      trustedIssuers: [profile.issuer],
      statusLists: statusList === undefined ? [] : [statusList.credential],
      now: this.now(),
    });
    const store = await this.events();
    if (!verdict.ok) {
      await store.append('identity-check', { method: 'qr', result: 'fail', reason: verdict.code }, { operator: operator.id });
      return err(verdict.code, verdict.message);
    }
    const card = verdict.value;
    const check = await store.append(
      'identity-check',
      { method: 'qr', result: 'pass', household: card.household, credential: card.credentialHash },
      { operator: operator.id },
    );
    return ok({ household: card.household, size: card.size, checkId: check.id, method: 'qr' });
  }

  async checkByLookup(text: string, reason: string): Promise<Result<CheckPass, 'bad-id' | 'not-enrolled' | 'needs-reason'>> {
    const operator = this.session;
    if (operator === undefined) return err('needs-reason', 'unlock the kit first');
    if (!codeSchema.safeParse(reason).success) return err('needs-reason', 'a lookup without a card needs a reason');
    const id = parseHouseholdId(text);
    if (!id.ok) return err('bad-id', id.message);
    const doc = (await this.db.households.findOne(id.value).exec())?.toMutableJSON();
    if (doc === undefined) return err('not-enrolled', `household ${id.value} is not enrolled on this device`);
    const store = await this.events();
    const check = await store.append(
      'identity-check',
      { method: 'id-lookup', result: 'pass', reason, household: doc.id },
      { operator: operator.id },
    );
    return ok({ household: doc.id, size: doc.size, checkId: check.id, method: 'id-lookup' });
  }

  // ---- distribution -----------------------------------------------------------------

  private async plan(): Promise<DistributionPlan | undefined> {
    const plan = validatePlan(await readSetting(this.db, 'plan'));
    return plan.ok ? plan.value : undefined;
  }

  async currentRound(): Promise<{ round: string; from: string; to: string } | undefined> {
    const plan = await this.plan();
    return plan && { round: plan.round, from: plan.from, to: plan.to };
  }

  async entitlement(household: string): Promise<Result<Entitlement, 'no-plan' | 'no-rule' | 'not-enrolled'>> {
    const plan = await this.plan();
    if (plan === undefined) return err('no-plan', 'no distribution plan is installed');
    const doc = await this.db.households.findOne(household).exec();
    if (doc === null) return err('not-enrolled', `household ${household} is not enrolled on this device`);
    const entitled = entitlementFor(plan, doc.size);
    if (!entitled.ok) return err('no-rule', entitled.message);
    return ok({ round: plan.round, ...entitled.value });
  }

  /** The household's handouts in the round together with every void or correction aimed at them. */
  private async householdRoundEvents(household: string, round: string): Promise<VerifiedEvent[]> {
    const handouts = (await this.db.events.find({ selector: { household, round, type: 'handout' } }).exec()).map((d) => {
      const { id, event } = d.toMutableJSON();
      return { id, event };
    });
    const amendments = await Promise.all(
      handouts.map(async (h) => (await this.db.events.find({ selector: { target: h.id } }).exec()).map((d) => d.toMutableJSON())),
    );
    return [...handouts, ...amendments.flat().map(({ id, event }) => ({ id, event }))];
  }

  async priorHandouts(household: string): Promise<readonly PriorHandout[]> {
    const plan = await this.plan();
    if (plan === undefined) return [];
    const events = await this.householdRoundEvents(household, plan.round);
    return effectivePriorHandouts(events, household, plan.round).map((h) => ({
      eventId: h.id,
      at: h.event.at,
      device: h.event.device,
      operator: h.event.operator ?? '',
      items: h.items,
      ...(h.cash !== undefined && { cash: h.cash }),
    }));
  }

  async recordHandout(input: HandoutInput): Promise<Result<{ eventId: string }, HandoutError>> {
    const operator = this.session;
    if (operator === undefined) return err('locked', 'unlock the kit first');
    const check = (await this.db.events.findOne(input.checkId).exec())?.toMutableJSON();
    const checkBody = check?.event.type === 'identity-check' ? check.event.body : undefined;
    if (checkBody?.result !== 'pass' || checkBody.household !== input.household) {
      return err('not-checked', 'check the household identity before handing out');
    }
    const entitled = await this.entitlement(input.household);
    if (!entitled.ok) return err('not-checked', entitled.message);
    const entitlement = entitled.value;
    for (const line of input.items) {
      if (!Number.isSafeInteger(line.qty) || line.qty <= 0) return err('bad-quantity', `${line.code}: quantity must be a whole number above 0`);
      const due = entitlement.items.find((e) => e.code === line.code && e.unit === line.unit);
      if (due === undefined || line.qty > due.qty) {
        return err('over-entitlement', `${line.code}: ${line.qty} ${line.unit} is more than the entitlement`);
      }
    }
    if (input.cash !== undefined && (entitlement.cash === undefined || input.cash.currency !== entitlement.cash.currency || input.cash.amount > entitlement.cash.amount || input.cash.amount < 0 || !Number.isSafeInteger(input.cash.amount))) {
      return err('over-entitlement', 'the cash amount is more than the entitlement');
    }
    if (input.items.length === 0 && input.cash === undefined) return err('bad-quantity', 'nothing to hand out');
    const partial = isPartial({ items: input.items, cash: input.cash }, entitlement);
    if (partial && (input.partialReason === undefined || !codeSchema.safeParse(input.partialReason).success)) {
      return err('needs-reason', 'less than the entitlement is given: choose a reason');
    }
    const prior = await this.priorHandouts(input.household);
    let override: { by: string; reason: string } | undefined;
    if (prior.length > 0) {
      if (input.override === undefined) {
        const first = prior[0]!;
        return err('already-received', `household ${input.household} already received in round ${entitlement.round} at ${first.at} (device ${first.device.slice(-8)}, operator ${first.operator})`);
      }
      const lead = await this.leadApproval(input.override.leadId, input.override.pin);
      if (lead === undefined) return err('bad-pin', 'the team lead PIN is wrong');
      if (!codeSchema.safeParse(input.override.reason).success) return err('needs-reason', 'an override needs a reason');
      override = { by: lead.id, reason: input.override.reason };
    }
    const body: EventBody<'handout'> = {
      household: input.household,
      ...(input.items.length > 0 && { items: input.items.map((l) => ({ ...l })) }),
      ...(input.cash !== undefined && { cash: { ...input.cash } }),
      collector: input.collector,
      check: input.checkId,
      ...(partial && input.partialReason !== undefined && { partialReason: input.partialReason }),
      ...(override !== undefined && { override }),
    };
    const store = await this.events();
    const saved = await store.append('handout', body, { round: entitlement.round, operator: operator.id });
    return ok({ eventId: saved.id });
  }

  async voidHandout(
    eventId: string,
    reason: string,
    lead: { leadId: string; pin: string },
  ): Promise<Result<{ eventId: string }, 'bad-pin' | 'not-found' | 'already-void'>> {
    const approver = await this.leadApproval(lead.leadId, lead.pin);
    if (approver === undefined) return err('bad-pin', 'the team lead PIN is wrong');
    const target = (await this.db.events.findOne(eventId).exec())?.toMutableJSON();
    if (target === undefined || target.type !== 'handout') return err('not-found', 'no such handout on this device');
    if ((await this.db.events.findOne({ selector: { target: eventId, type: 'void' } }).exec()) !== null) {
      return err('already-void', 'this handout is already void');
    }
    if (!codeSchema.safeParse(reason).success) return err('not-found', 'a void needs a reason code');
    const store = await this.events();
    const saved = await store.append(
      'void',
      { target: eventId, reason, approval: { by: approver.id } },
      { ...(target.round !== '' && { round: target.round }), operator: (this.session ?? approver).id },
    );
    return ok({ eventId: saved.id });
  }

  async recordStock(input: { direction: 'received' | 'returned'; items: readonly { code: string; qty: number; unit: string }[]; reference?: string }): Promise<Result<{ eventId: string }, 'invalid' | 'locked'>> {
    const operator = this.session;
    if (operator === undefined) return err('locked', 'unlock the kit first');
    const store = await this.events();
    try {
      const saved = await store.append(
        'stock',
        { direction: input.direction, items: input.items.map((l) => ({ ...l })), ...(input.reference ? { reference: input.reference } : {}) },
        { operator: operator.id },
      );
      return ok({ eventId: saved.id });
    } catch (e) {
      return err('invalid', (e as Error).message);
    }
  }

  // ---- team and sync --------------------------------------------------------------------

  private async isLeadDevice(): Promise<SiteProfile | undefined> {
    const profile = await this.profile();
    return this.session?.role === 'team-lead' && profile.teamLead === profile.device ? profile : undefined;
  }

  async invitation(signaling?: string): Promise<Result<string, 'not-allowed'>> {
    const profile = await this.isLeadDevice();
    const team = await readSetting(this.db, 'team');
    if (profile === undefined || team === undefined) return err('not-allowed', "only the team lead's device invites");
    return ok(formatInvitation({ site: profile.site, siteName: profile.siteName, lead: profile.device, secret: team.secret, ...(signaling && { signaling }) }));
  }

  async certifyDevice(did: string, role: Role): Promise<Result<{ eventId: string }, 'not-allowed' | 'invalid'>> {
    const profile = await this.isLeadDevice();
    if (profile === undefined) return err('not-allowed', "only the team lead's device certifies devices");
    const subject = didKeySchema.safeParse(did);
    if (!subject.success) return err('invalid', 'not an Ed25519 did:key');
    const now = this.now();
    // Valid from the device's first event still waiting here (a device works,
    // then meets the lead), or from now.
    const waiting = await this.db.quarantine.find({ selector: { device: subject.data, reason: 'unknown-device' } }).exec();
    const firstAt = waiting
      .map((d) => (JSON.parse(d.raw) as { at?: unknown }).at)
      .filter((at): at is string => typeof at === 'string' && timestampSchema.safeParse(at).success)
      .reduce((min, at) => (at < min ? at : min), now.toISOString());
    const store = await this.events();
    const saved = await store.append(
      'device-cert',
      {
        subject: subject.data,
        site: profile.site,
        role,
        validFrom: firstAt,
        validUntil: new Date(now.getTime() + (this.options.cardValidityDays ?? 365) * DAY_MS).toISOString(),
      },
      { operator: this.session!.id },
    );
    await (await this.ingester()).release([subject.data]);
    return ok({ eventId: saved.id });
  }

  private async ingester(): Promise<EventIngest> {
    const profile = await this.profile();
    // HQ's key, once a ledger is configured, certifies like the team lead's device.
    const roots = async () => {
      const hq = (await readSetting(this.db, 'ledger'))?.hq;
      return hq === undefined ? [profile.teamLead] : [profile.teamLead, hq];
    };
    return new EventIngest({ db: this.db, verifier: this.verifier, roots, now: this.now });
  }

  // ---- HQ ledger ----------------------------------------------------------------------

  private async anchoring(): Promise<Anchoring> {
    const profile = await this.profile();
    return new Anchoring({
      db: this.db,
      host: this.host,
      device: profile.device as DidKey,
      fetch: this.options.fetch ?? ((url, init) => fetch(url, init)),
      ingest: (raws, source) => this.ingest(raws, source),
    });
  }

  async ledgerStatus(): Promise<LedgerStatus> {
    return (await this.anchoring()).status();
  }

  async configureLedger(url: string, logKey: string): Promise<Result<void, 'bad-url' | 'bad-key' | 'unreachable' | 'mismatch'>> {
    if (this.session?.role !== 'team-lead') return err('bad-url', 'only a team lead sets the HQ ledger');
    return (await this.anchoring()).configure(url, logKey);
  }

  async anchor(onProgress?: (anchored: number, total: number) => void) {
    const r = await (await this.anchoring()).anchorNow(onProgress);
    return r.ok ? ok({ anchored: r.value.anchored }) : r;
  }

  async gossipCheckpoint(note: string) {
    return (await this.anchoring()).gossip(note);
  }

  async heldCheckpoint(): Promise<string | undefined> {
    return (await readSetting(this.db, 'ledger'))?.checkpoint;
  }

  async ingest(raws: readonly string[], source: string): Promise<IngestResult> {
    return (await this.ingester()).ingest(raws, source);
  }

  async syncIdentity(): Promise<SyncIdentity | undefined> {
    const profile = await readSetting(this.db, 'profile');
    const team = await readSetting(this.db, 'team');
    if (profile === undefined || team === undefined) return undefined;
    const round = (await this.plan())?.round;
    return { site: profile.site, device: profile.device, label: profile.deviceLabel, secret: team.secret, ...(round !== undefined && { round }) };
  }

  async eventTexts(): Promise<string[]> {
    return (await this.db.events.find({ sort: [{ device: 'asc' }, { seq: 'asc' }] }).exec()).map((d) => eventText(d.toMutableJSON().event));
  }

  // ---- reconciliation (team lead) -----------------------------------------------------

  private async allEvents(): Promise<VerifiedEvent[]> {
    return (await this.db.events.find().exec()).map((d) => {
      const { id, event } = d.toMutableJSON();
      return { id, event };
    });
  }

  async reconciliation(): Promise<Reconciliation> {
    const events = await this.allEvents();
    const stock = stockReport(events);
    if (!stock.ok) throw new Error(`stock report failed: ${stock.message}`);
    const quarantine = (await this.db.quarantine.find({ sort: [{ receivedAt: 'desc' }], limit: 500 }).exec()).map((d) => {
      const { id, reason, message, source, device, receivedAt } = d.toMutableJSON();
      return { id, reason, message, source, device, receivedAt };
    });
    return { conflicts: doubleHandouts(events), gaps: gaps(events), stock: stock.value, quarantine };
  }

  async acceptConflict(
    key: string,
    reason: string,
    lead: { leadId: string; pin: string },
  ): Promise<Result<{ eventId: string }, 'bad-pin' | 'not-found' | 'invalid'>> {
    const approver = await this.leadApproval(lead.leadId, lead.pin);
    if (approver === undefined) return err('bad-pin', 'the team lead PIN is wrong');
    const group = doubleHandouts(await this.allEvents()).find((g) => g.key === key);
    if (group === undefined) return err('not-found', 'this conflict is no longer open');
    const decision = acceptAll(group, reason, approver.id);
    if (!decision.ok) return err('invalid', decision.message);
    const store = await this.events();
    const saved = await store.append('resolution', decision.value.body, { round: decision.value.round, operator: (this.session ?? approver).id });
    return ok({ eventId: saved.id });
  }

  async closeDay(day: string, lead: { leadId: string; pin: string }): Promise<Result<{ eventId: string }, 'bad-pin' | 'invalid'>> {
    const approver = await this.leadApproval(lead.leadId, lead.pin);
    if (approver === undefined) return err('bad-pin', 'the team lead PIN is wrong');
    const profile = await this.profile();
    const body = dayClose(await this.allEvents(), { site: profile.site, day });
    if (!body.ok) return err('invalid', body.message);
    const store = await this.events();
    const saved = await store.append('day-close', body.value, { operator: approver.id });
    return ok({ eventId: saved.id });
  }

  async dayCloseStatus(day: string): Promise<DayCloseStatus> {
    const closes = (await this.db.events.find({ selector: { type: 'day-close' } }).exec())
      .map((d) => d.toMutableJSON())
      .filter((d) => d.event.type === 'day-close' && d.event.body.day === day)
      .sort((a, b) => (a.at < b.at ? 1 : -1));
    const latest = closes[0];
    if (latest === undefined || latest.event.type !== 'day-close') return { closed: false };
    const comparison = compareDayClose(latest.event.body, await this.allEvents());
    if (!comparison.ok) throw new Error(`day close comparison failed: ${comparison.message}`);
    return {
      closed: true,
      eventId: latest.id,
      by: latest.device,
      at: latest.at,
      matches: comparison.value.matches,
      expectedEvents: comparison.value.events.expected,
      actualEvents: comparison.value.events.actual,
    };
  }

  // ---- tally ------------------------------------------------------------------------

  async tally(day: string): Promise<Tally> {
    const store = await this.events();
    const events = await store.upTo(day);
    const result = computeTally(events, { day });
    if (!result.ok) throw new Error(`tally failed: ${result.message}`);
    const t = result.value;
    const names = new Map((await this.operators()).map((o) => [o.id, o.name]));
    const voided = new Set(events.filter((e) => e.event.type === 'void').map((e) => (e.event.body as { target: string }).target));
    const rows = events
      .filter((e) => e.event.type === 'handout' && e.event.at.slice(0, 10) === day)
      .map(({ id, event }) => {
        const body = event.body as EventBody<'handout'>;
        return {
          eventId: id,
          at: event.at,
          household: body.household,
          operator: event.operator ?? '',
          items: body.items ?? [],
          ...(body.cash !== undefined && { cash: body.cash }),
          voided: voided.has(id),
        };
      })
      .sort((a, b) => (a.at < b.at ? 1 : -1));
    return {
      day,
      handouts: t.handouts,
      households: t.households,
      byItem: t.byItem,
      cash: t.cash,
      byOperator: t.byOperator.map((o) => ({ operator: o.operator ?? '', name: names.get(o.operator ?? '') ?? '', handouts: o.handouts, households: o.households })),
      stock: t.stock.map((s) => ({ code: s.code, unit: s.unit, received: s.received - s.returned, handedOut: s.handedOut, left: s.left })),
      rows,
    };
  }
}


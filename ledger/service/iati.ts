/**
 * One plan as an IATI 2.03 activity file (issue 15, point 4), from the flow
 * of funds HQ's log shows (./funds.ts), so that a donor's systems read what
 * was funded and spent without retyping it. The mapping:
 *
 * - the activity is the plan: one site's distribution round, humanitarian
 *   (`humanitarian="1"`), its site as the location, one DAC 5-digit sector
 *   (default 72010, material relief; 72040 for food aid), planned dates from
 *   the plan, actual start (and, once the plan's days are over, end) from
 *   the first and last handout, status from today: 1 pipeline before the
 *   plan's first day, 2 implementation during it, 3 finalisation after;
 * - each contribution that funds the round at this site is an Incoming Funds
 *   transaction (type 1: the money was received; Aidtrail records no
 *   pledges, so Incoming Commitment, 11, does not arise), for the part of it
 *   allocated here, from the donor as provider-org;
 * - each allocation here is a Commitment (type 2);
 * - the handouts of each day are Expenditure (type 4): cash per currency,
 *   with aid type "1" (cash transfer) of vocabulary 4 (cash and voucher
 *   modalities), and in-kind items at the plan's unit costs, per currency.
 *   Items without a unit cost are named in the description, not valued.
 *
 * Values are in major units with ISO 4217's digits (shared/funds/money.ts),
 * exactly: an IATI value is a decimal, the events' amounts are minor units.
 * No household, no person: counts only (principle 5).
 */
import type { EventOfType } from '../../shared/events/envelope';
import { majorUnits, type DonorFlow, type Money, type PotFlow } from '../../shared/funds';
import type { FlowAt } from './funds';
import { el, xmlDocument, type XmlElement } from './xml';

export interface ReportingOrg {
  /** The publisher's IATI organisation identifier (e.g. XM-DAC-…); the activity identifier starts with it. */
  readonly ref: string;
  readonly name: string;
  /** IATI OrganisationType code (21: international NGO). */
  readonly type: string;
}

export interface IatiOptions {
  readonly plan: { readonly id: string; readonly event: EventOfType<'plan'> };
  readonly flow: FlowAt;
  readonly org: ReportingOrg;
  /** OECD DAC 5-digit purpose code. */
  readonly sector: string;
  readonly now: Date;
}

const narrative = (text: string): XmlElement => el('narrative', {}, text);
const day = (at: string): string => at.slice(0, 10);
const sum = (list: readonly Money[], currency: string): bigint => list.filter((m) => m.currency === currency).reduce((s, m) => s + BigInt(m.amount), 0n);

function transaction(
  ref: string,
  type: string,
  date: string,
  value: Money,
  description: string,
  extra: { provider?: XmlElement; receiver?: XmlElement; cash?: boolean } = {},
): XmlElement {
  return el(
    'transaction',
    { ref, humanitarian: '1' },
    el('transaction-type', { code: type }),
    el('transaction-date', { 'iso-date': date }),
    el('value', { currency: value.currency, 'value-date': date }, majorUnits(BigInt(value.amount), value.currency)),
    el('description', {}, narrative(description)),
    ...(extra.provider === undefined ? [] : [extra.provider]),
    ...(extra.receiver === undefined ? [] : [extra.receiver]),
    ...(extra.cash === true ? [el('aid-type', { code: '1', vocabulary: '4' })] : []),
  );
}

function incoming(pot: PotFlow, donors: readonly DonorFlow[], org: ReportingOrg): XmlElement[] {
  const out: XmlElement[] = [];
  for (const donor of donors) {
    for (const c of donor.contributions) {
      const here = c.allocations.filter((a) => a.round === pot.round && a.site === pot.site);
      if (here.length === 0) continue;
      const amount = here.reduce((s, a) => s + BigInt(a.amount.amount), 0n);
      const provider = el('provider-org', { ref: donor.org }, narrative(donor.name));
      const receiver = el('receiver-org', { ref: org.ref }, narrative(org.name));
      out.push(
        transaction(c.id, '1', c.date, { currency: c.amount.currency, amount: amount.toString() }, `Aidtrail contribution ${c.id}: the part allocated to this round at ${pot.site}`, {
          provider,
          receiver,
        }),
      );
    }
  }
  return out;
}

function commitments(pot: PotFlow, donors: readonly DonorFlow[], flow: FlowAt): XmlElement[] {
  return donors.flatMap((donor) =>
    donor.contributions.flatMap((c) =>
      c.allocations
        .filter((a) => a.round === pot.round && a.site === pot.site)
        .map((a) => {
          const at = flow.events.get(a.id)?.at ?? `${c.date}T00:00:00.000Z`;
          return transaction(a.id, '2', day(at), a.amount, `Aidtrail allocation ${a.id} of contribution ${c.id} (${donor.name})`);
        }),
    ),
  );
}

function expenditure(pot: PotFlow): XmlElement[] {
  const out: XmlElement[] = [];
  for (const d of pot.days) {
    const counted = `${d.handouts} handouts to ${d.households} households on ${d.day}`;
    for (const cash of d.cash) out.push(transaction(`${pot.round}-${pot.site}-${d.day}-cash-${cash.currency}`, '4', d.day, cash, `Cash: ${counted}`, { cash: true }));
    const unpriced = d.unpriced.length === 0 ? '' : `; not valued, no unit cost in the plan: ${d.unpriced.map((l) => `${l.qty} ${l.unit} ${l.code}`).join(', ')}`;
    for (const value of d.value) {
      const inKind = BigInt(value.amount) - sum(d.cash, value.currency);
      if (inKind <= 0n) continue;
      out.push(transaction(`${pot.round}-${pot.site}-${d.day}-in-kind-${value.currency}`, '4', d.day, { currency: value.currency, amount: inKind.toString() }, `In kind at the plan's unit costs: ${counted}${unpriced}`));
    }
  }
  return out;
}

function status(from: string, to: string, today: string): string {
  if (today < from) return '1';
  return today <= to ? '2' : '3';
}

export function iatiActivityFile({ plan, flow, org, sector, now }: IatiOptions): string {
  const { site, from, to } = plan.event.body;
  const round = plan.event.round ?? '';
  const pot = flow.flow.pots.find((p) => p.round === round && p.site === site);
  const donors = flow.flow.donors.filter((d) => d.contributions.some((c) => c.allocations.some((a) => a.round === round && a.site === site)));
  const today = day(now.toISOString());
  const code = status(from, to, today);
  const days = pot?.days ?? [];
  const actual = [
    ...(days.length > 0 ? [el('activity-date', { type: '2', 'iso-date': days[0]!.day })] : []),
    ...(days.length > 0 && code === '3' ? [el('activity-date', { type: '4', 'iso-date': days.at(-1)!.day })] : []),
  ];
  const activity = el(
    'iati-activity',
    { 'last-updated-datetime': now.toISOString(), 'xml:lang': 'en', humanitarian: '1' },
    el('iati-identifier', {}, `${org.ref}-${round}-${site}`),
    el('reporting-org', { ref: org.ref, type: org.type }, narrative(org.name)),
    el('title', {}, narrative(`Aid distribution, round ${round} at ${site}`)),
    el('description', { type: '1' }, narrative(`Distribution round ${round} at ${site}, ${from} to ${to}, under the plan HQ signed as Aidtrail event ${plan.id}. Every figure is a sum of events in HQ's Aidtrail ledger.`)),
    ...donors.map((d) => el('participating-org', { ref: d.org, role: '1' }, narrative(d.name))),
    el('participating-org', { ref: org.ref, role: '4', type: org.type }, narrative(org.name)),
    el('activity-status', { code }),
    el('activity-date', { type: '1', 'iso-date': from }),
    ...actual,
    el('activity-date', { type: '3', 'iso-date': to }),
    el('location', { ref: site }, el('name', {}, narrative(site))),
    el('sector', { vocabulary: '1', code: sector }),
    ...(pot === undefined ? [] : [...incoming(pot, donors, org), ...commitments(pot, donors, flow), ...expenditure(pot)]),
  );
  return xmlDocument(el('iati-activities', { version: '2.03', 'generated-datetime': now.toISOString() }, activity));
}

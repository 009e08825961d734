/** Every string of the donor page (../common/dictionary.ts). English only for now; other languages follow as dictionaries of the same keys. */
import { translator } from '../common/dictionary';
import type { TableLabels } from '../common/data-table';
import type { Step } from './verify/verify';

const en = {
  title: 'Where the money went — Aidtrail',
  intro: 'Every figure on this page is a sum of signed records in HQ’s public, append-only log. No person and no household is named or identified here. Press “Verify” to check the log yourself, in this browser.',
  'key.published': 'Log key this server publishes',
  'key.pinned': 'Log key pinned in this page’s address',
  'key.none': 'none — verification needs a key you got from someone you trust (the donor, an auditor, HQ’s report)',
  'key.pin': 'Pin the published key in this address',
  'donors.table': 'Donors',
  'donors.open': 'Open',
  'donors.back': 'All donors',
  'col.donor': 'Donor',
  'col.contributions': 'Contributions',
  'col.contributed': 'Contributed',
  'col.allocated': 'Allocated',
  'col.attributed': 'Paid for handouts',
  'col.date': 'Received',
  'col.amount': 'Amount',
  'col.rounds': 'Rounds funded',
  'col.unallocated': 'Not yet allocated',
  'col.round': 'Round',
  'col.site': 'Site',
  'col.day': 'Day',
  'col.households': 'Households reached',
  'col.handouts': 'Handouts',
  'col.items': 'Items',
  'col.cash': 'Cash',
  'col.value': 'Value',
  'col.item': 'Item',
  'col.qty': 'Quantity',
  'donor.heading': '{name} ({org})',
  'donor.totals': 'Contributed {contributed}; allocated {allocated}; paid for handouts {attributed}.',
  'donor.contributions': 'Contributions and where they were allocated',
  'donor.contribution': 'Contribution of {amount} received {date}',
  'donor.allocations': 'Allocations of this contribution',
  'donor.pots': 'The site rounds this money went to',
  'pot.heading': 'Round {round} at site {site}',
  'pot.plan': 'Plan in force: {plan}',
  'pot.noPlan': 'No plan in force: items are counted, not valued.',
  'pot.reached': '{people} people in {households} households reached by {handouts} handouts{unknown}.',
  'pot.unknown': ' (household size unknown for {n})',
  'pot.funded': 'Allocated here {allocated}; paid for by allocations {funded}; handed out beyond allocations {unfunded}; allocated but not handed out {unspent}.',
  'pot.items': 'Items handed out',
  'pot.days': 'Handed out, by day',
  'pot.behind': '{count} handout records are behind these totals; {sampled} of them, picked at random for this visit, are checked by “Verify”.',
  'chart.households': 'Households reached per day — {round} at {site}',
  'chart.value': 'Value handed out per day ({currency}) — {round} at {site}',
  'chart.summary': 'Bar chart; the same figures are in the table beside it.',
  'none': '—',
  'loading': 'Loading…',
  'error': 'Could not load: {code}: {message}',
  'table.filter': 'Filter',
  'table.previous': 'Previous',
  'table.next': 'Next',
  'table.page': 'Page {page} of {pages} ({rows} rows)',
  'table.empty': 'Nothing to show.',
  'verify.heading': 'Verify it yourself',
  'verify.explain': 'Your browser fetches the log’s signed checkpoint, checks its signature against the pinned key, checks that the log only grew since your last visit, and asks the log to prove that sampled handouts behind these totals are in it.',
  'verify.run': 'Verify',
  'verify.running': 'Verifying…',
  'verify.passed': 'Verified: every check passed.',
  'verify.failed': 'VERIFICATION FAILED: {what}',
  'verify.reason': 'Technical reason: {reason}',
  'step.key.pinned': 'The log key pinned in the address is the one this server publishes ({origin}).',
  'step.checkpoint.signed': 'The log’s checkpoint is signed by that key: {size} records, root {root}.',
  'step.consistency.first': 'First visit from this browser: nothing to compare yet; this checkpoint is remembered for the next visit.',
  'step.consistency.same': 'The log is the same as on your last visit ({size} records).',
  'step.consistency.extends': 'The log only grew since your last visit: proven consistent from {seen} to {size} records.',
  'step.totals.covered': 'These totals were computed over the first {totals} records, which the checkpoint covers; checking {sampled} sampled handouts.',
  'step.inclusion.included': 'Handout {id} is in the log (record {leaf}).',
  'fail.key.no-pinned-key': 'no log key is pinned in this page’s address, so there is nothing to check the log against',
  'fail.key.bad-pinned-key': 'the log key pinned in the address is not a valid key',
  'fail.key.key-mismatch': 'this server publishes a different log key than the one pinned in the address',
  'fail.checkpoint.bad-checkpoint': 'the log’s checkpoint is not signed by the pinned key for this log',
  'fail.consistency.rolled-back': 'the log is smaller than when this browser last saw it ({seen} → {size} records): a log may never shrink',
  'fail.consistency.forked': 'the log cannot prove that it extends the one this browser saw before ({seen} → {size} records): it is showing a different history',
  'fail.totals.beyond-checkpoint': 'the totals count records the signed checkpoint does not cover',
  'fail.inclusion.not-included': 'the log’s proof for handout {id} does not check out: it is not shown to be in the log',
  'fail.unreachable': 'the server could not be reached',
  'fail.bad-answer': 'the server gave an answer that is not a valid proof',
} as const;

type Key = keyof typeof en;
export const t = translator<Key>(en);

export const tableLabels: TableLabels = {
  filter: t('table.filter'),
  previous: t('table.previous'),
  next: t('table.next'),
  page: (page, pages, rows) => t('table.page', { page, pages, rows }),
  empty: t('table.empty'),
};

const isKey = (key: string): key is Key => key in en;

/** A verify step in words: what it established, or what failed. */
export function stepText(step: Step): string {
  const values = { ...step.values, ...(typeof step.values.root === 'string' && { root: `${step.values.root.slice(0, 16)}…` }) };
  const key = step.ok ? `step.${step.step}.${step.code}` : `fail.${step.step}.${step.code}`;
  if (isKey(key)) return t(key, values);
  const generic = `fail.${step.code}`;
  return isKey(generic) ? t(generic, values) : step.code;
}

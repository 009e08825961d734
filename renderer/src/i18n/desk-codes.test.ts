/**
 * The distribution desk's codes (issue 11) have a label in every language:
 * the identity documents a lookup records, why a likely duplicate is
 * enrolled anyway, why a household matches another, and the events of a
 * household's history. The type checks keep the lists complete.
 */
import { describe, expect, it } from 'vitest';
import { DUPLICATE_REASONS, IDENTITY_DOCUMENTS, type DuplicateReason } from '../kit/api';
import { MESSAGES, type Messages } from './index';

const matchReasons = [
  'same-id', 'same-phone', 'same-name-shelter', 'near-name-shelter', 'same-name-birth-year', 'near-name-birth-year',
] as const satisfies readonly DuplicateReason[];
const allMatchReasons: Exclude<DuplicateReason, (typeof matchReasons)[number]> extends never ? true : false = true;

/** The event types a household's history holds (kit/households/history.ts). */
const historyTypes = ['enrolment', 'household-update', 'credential-issued', 'identity-check', 'handout', 'void'];

const groups: [string, readonly string[]][] = [
  ['reasons.document', IDENTITY_DOCUMENTS],
  ['reasons.duplicate', DUPLICATE_REASONS],
  ['duplicates', matchReasons],
  ['householdPage.types', historyTypes],
];

const lookup = (messages: Messages, path: string): unknown =>
  path.split('.').reduce<unknown>((node, part) => (typeof node === 'object' && node !== null ? (node as Messages)[part] : undefined), messages);

describe.each(Object.entries(MESSAGES))('%s', (_language, messages) => {
  it('lists every duplicate reason the kit can answer', () => expect(allMatchReasons).toBe(true));

  it.each(groups)('%s', (group, codes) => {
    for (const code of codes) expect(lookup(messages, `${group}.${code}`), `${group}.${code}`).toEqual(expect.any(String));
  });
});

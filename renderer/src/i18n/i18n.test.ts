/**
 * The six languages are complete: the same keys everywhere (plural keys as
 * families, each with the forms its language needs), no empty strings, the
 * same {{placeholders}} in every translation of a key, no English left in
 * another language's file, a message for every code the kit can answer
 * with, and every key the screens use exists. HQ's dictionaries (the console
 * and the donor page, hq/<app>/i18n) are held to the same rules.
 */
import i18next from 'i18next';
import { describe, expect, it } from 'vitest';
import {
  ACCEPT_REASONS,
  LOOKUP_REASONS,
  OVERRIDE_REASONS,
  PARTIAL_REASONS,
  REVOKE_REASONS,
  VOID_REASONS,
  type AnchorFailureCode,
  type AnchorLoopState,
  type KitErrorCode,
  type SyncControl,
  type SyncStatus,
} from '../kit/api';
import type { QuarantineReason } from '../db/ingest';
import { LANGUAGES, MESSAGES, hasMessages, localeOf } from './index';
import { flatten, families, hqPlaceholders, i18nextPlaceholders, pluralForms, problems, untranslated, type Tree } from './completeness';
import { AGE_BANDS, HEAD_SEXES, VULNERABILITIES } from '../../../shared/household/household';

const english = flatten(MESSAGES.en);
const others = LANGUAGES.filter((language) => language !== 'en');

describe.each(others)('%s', (language) => {
  const translation = flatten(MESSAGES[language]);

  it('is bundled', () => {
    expect(hasMessages(language), `renderer/src/i18n/${language}.json`).toBe(true);
  });

  it('has the English keys, the plural forms it needs and every placeholder', () => {
    expect(problems(language, english, translation, i18nextPlaceholders)).toEqual([]);
  });

  it('is translated, not an English copy', () => {
    expect(untranslated(language, english, translation)).toEqual([]);
  });
});

describe('English', () => {
  it('has the plural forms English needs', () => {
    const wrong = [...families(english)].filter(([, f]) => f.forms.size > 0 && [...f.forms].sort().join() !== pluralForms('en').join());
    expect(wrong.map(([base]) => base)).toEqual([]);
  });
});

describe('the checks', () => {
  const en = new Map([['a', 'Household {{id}}'], ['n_one', 'One household'], ['n_other', '{{count}} households in {{site}}']]);
  it('catch a missing key, a lost placeholder and wrong plural forms', () => {
    const ru = new Map([['n_one', '{{count}} домохозяйство в {{site}}'], ['n_other', '{{count}} домохозяйств']]);
    expect(problems('ru', en, ru, i18nextPlaceholders)).toEqual([
      'missing: a',
      'n: plural forms one other, ru needs few many one other',
      'n_other: loses site',
    ]);
  });
  it('catch an English copy, and let product names and cognates be', () => {
    const copy = new Map([['a', 'Household {{id}}'], ['b', 'PIN'], ['c', 'Site']]);
    const source = new Map([...copy]);
    expect(untranslated('fr', source, copy)).toEqual(['a: “Household {{id}}”']);
    expect(untranslated('zh', source, copy)).toEqual(['a: “Household {{id}}”', 'c: “Site”']);
  });
});

describe('locales', () => {
  const day = new Date('2026-11-24T12:00:00Z');
  it('write Chinese dates and Arabic digits as chosen', () => {
    expect(new Intl.DateTimeFormat(localeOf('zh'), { dateStyle: 'long', timeZone: 'UTC' }).format(day)).toBe('2026年11月24日');
    expect(new Intl.NumberFormat(localeOf('ar', 'latn')).format(1234)).toBe('1,234');
    expect(new Intl.NumberFormat(localeOf('ar', 'arab')).format(1234)).toBe('١٬٢٣٤');
  });
});

// HQ's apps keep flat dictionaries with {name} placeholders, read here as the bundler reads them.
const hqFiles = import.meta.glob<Tree>('../../../hq/*/i18n/*.json', { eager: true, import: 'default' });

describe.each(['console', 'donors'])('HQ %s', (app) => {
  const file = (language: string): Tree | undefined => hqFiles[`../../../hq/${app}/i18n/${language}.json`];
  const hqEnglish = flatten(file('en') ?? {});

  it.each(others)('%s is complete, with every placeholder, and translated', (language) => {
    const translation = file(language);
    expect(translation, `hq/${app}/i18n/${language}.json`).toBeDefined();
    const flat = flatten(translation ?? {});
    expect(problems(language, hqEnglish, flat, hqPlaceholders)).toEqual([]);
    expect(untranslated(language, hqEnglish, flat)).toEqual([]);
  });
});

describe('codes have labels', () => {
  // Every failure code a kit method answers with (the type check keeps the list complete).
  const kitCodes = [
    'invalid', 'already-set-up', 'bad-pin', 'bad-secret', 'wait', 'locked-out', 'unknown-operator', 'not-allowed', 'locked', 'unreadable', 'bad-id', 'not-enrolled', 'sealed-elsewhere',
    'no-card', 'not-issued-here', 'tampered', 'unknown-issuer', 'expired', 'not-yet-valid', 'revoked', 'status-unknown',
    'not-a-ration-card', 'needs-reason', 'no-plan', 'no-rule', 'already-received', 'over-entitlement', 'bad-quantity',
    'nothing-to-give', 'not-checked', 'not-found', 'already-void', 'too-many', 'bad-day', 'overflow', 'too-large',
    'bad-url', 'bad-key', 'bad-tiles-url', 'bad-witness-key', 'bad-quorum', 'unreachable', 'mismatch', 'not-configured', 'bad-answer', 'refused', 'bad-receipt', 'fork', 'unwitnessed',
    'chain-mismatch', 'batch-error', 'unregistered-device', 'revoked-device', 'disabled', 'name-taken', 'no-site-key',
    'issuer-revoked', 'bad-csv', 'not-a-sync-file', 'likely-duplicate', 'needs-document', 'not-in-plan', 'reload-needed',
  ] as const satisfies readonly KitErrorCode[];
  const allKitCodes: Exclude<KitErrorCode, (typeof kitCodes)[number]> extends never ? true : false = true;
  type SyncStartCode = Extract<Awaited<ReturnType<SyncControl['start']>>, { ok: false }>['code'];
  const syncCodes = ['bad-address', 'no-team', 'locked', 'reload-needed'] as const satisfies readonly SyncStartCode[];
  const allSyncCodes: Exclude<SyncStartCode, (typeof syncCodes)[number]> extends never ? true : false = true;
  // The UI's own: the camera, a pasted text too long, invitations (shared/team/invitation.ts), a bug.
  const uiCodes = ['too-long', 'internal', 'camera-denied', 'camera-missing', 'camera-busy', 'camera-failed', 'camera-unavailable', 'bad-invitation'];
  const anchorCodes = [
    'not-configured', 'unreachable', 'bad-answer', 'refused', 'bad-receipt', 'fork', 'chain-mismatch', 'batch-error', 'internal',
    'unregistered-device', 'revoked-device', 'reload-needed', 'locked',
  ] as const satisfies readonly AnchorFailureCode[];
  const allAnchorCodes: Exclude<AnchorFailureCode, (typeof anchorCodes)[number]> extends never ? true : false = true;
  const ledgerStates = ['off', 'idle', 'anchoring', 'waiting', 'error', 'fork'] as const satisfies readonly AnchorLoopState[];
  const allLedgerStates: Exclude<AnchorLoopState, (typeof ledgerStates)[number]> extends never ? true : false = true;
  // Every reason the ingest can quarantine an event for; the type check keeps the list complete.
  const rejections = [
    'not-json', 'malformed', 'unsupported-version', 'oversized', 'bad-signature', 'bad-chain', 'fork', 'unknown-device',
    'revoked-device', 'untrusted-certificate', 'not-authorised',
  ] as const satisfies readonly QuarantineReason[];
  const allRejections: Exclude<QuarantineReason, (typeof rejections)[number]> extends never ? true : false = true;
  const syncStates = ['off', 'connecting', 'syncing', 'synced', 'error'] as const satisfies readonly SyncStatus['state'][];
  const allSyncStates: Exclude<SyncStatus['state'], (typeof syncStates)[number]> extends never ? true : false = true;
  const groups: [string, readonly string[]][] = [
    ['errors', kitCodes],
    ['errors', syncCodes],
    ['errors', uiCodes],
    ['errors', anchorCodes],
    ['ledger.states', ledgerStates],
    ['reasons.lookup', LOOKUP_REASONS],
    ['reasons.partial', PARTIAL_REASONS],
    ['reasons.override', OVERRIDE_REASONS],
    ['reasons.void', VOID_REASONS],
    ['reasons.accept', ACCEPT_REASONS],
    ['rejections', rejections],
    ['sync.states', syncStates],
    ['sync', ['toFetch', 'verified', 'stored', 'quarantined']],
    ['reconcile.tabs', ['conflicts', 'gaps', 'stock', 'quarantine', 'day']],
    ['reconcile.metrics', ['handedOut', 'received', 'left']],
    ['nav', ['check', 'households', 'tally', 'sync', 'ledger', 'reconcile', 'settings']],
    ['reasons.revoke', REVOKE_REASONS],
    ['vulnerabilities', VULNERABILITIES],
    ['sex', HEAD_SEXES],
    ['ageBands', AGE_BANDS],
    ['roles', ['field-officer', 'team-lead']],
  ];
  it('lists every code the types allow', () => {
    expect([allKitCodes, allSyncCodes, allRejections, allSyncStates, allAnchorCodes, allLedgerStates]).toEqual([true, true, true, true, true, true]);
  });

  it.each(groups)('%s', (group, codes) => {
    for (const code of codes) expect(english.get(`${group}.${code}`), `${group}.${code}`).toBeTruthy();
  });
});

describe('the screens', () => {
  const sources = import.meta.glob<string>(['../**/*.tsx', '../**/*.ts', '!../**/*.test.ts'], {
    eager: true,
    query: '?raw',
    import: 'default',
  });

  it('use only keys that exist', () => {
    const missing: string[] = [];
    let used = 0;
    for (const [file, source] of Object.entries(sources)) {
      for (const match of source.matchAll(/\bt\(\s*'([a-zA-Z0-9_.-]+)'/g)) {
        const key = match[1] ?? '';
        used += 1;
        // A plural key is used by its family's name (`syncFile.exported` for `syncFile.exported_one` …).
        if (!english.has(key) && !english.has(`${key}_other`)) missing.push(`${file}: ${key}`);
      }
    }
    expect(used).toBeGreaterThan(200);
    expect(missing).toEqual([]);
  });
});

describe('plurals', () => {
  /** The sync file notice in `language` for `count` events, through i18next's own plural rules (CLDR via Intl.PluralRules). */
  async function exported(language: keyof typeof MESSAGES, count: number): Promise<string> {
    const i18n = i18next.createInstance();
    await i18n.init({ lng: language, resources: { [language]: { translation: MESSAGES[language] } }, interpolation: { escapeValue: false } });
    return i18n.t('syncFile.exported', { file: 'f.gz', count, n: String(count) });
  }

  it('take the form each language needs: Russian one, few and many; Arabic zero to many; Chinese one form', async () => {
    expect(await exported('ru', 1)).toBe('Файл f.gz сохранён: 1 событие.');
    expect(await exported('ru', 3)).toBe('Файл f.gz сохранён: 3 события.');
    expect(await exported('ru', 5)).toBe('Файл f.gz сохранён: 5 событий.');
    expect(await exported('ru', 21)).toBe('Файл f.gz сохранён: 21 событие.');
    expect(await exported('ar', 0)).toContain('ليس فيه أي سجل');
    expect(await exported('ar', 1)).toContain('سجل واحد');
    expect(await exported('ar', 2)).toContain('سجلان');
    expect(await exported('ar', 3)).toContain('3 سجلات');
    expect(await exported('ar', 11)).toContain('11 سجلًا');
    expect(await exported('ar', 100)).toContain('100 سجل.');
    expect(await exported('en', 1)).toBe('f.gz saved with 1 event.');
    expect(await exported('en', 2)).toBe('f.gz saved with 2 events.');
    expect(await exported('zh', 2)).toBe('已保存 f.gz，含 2 个事件。');
  });
});

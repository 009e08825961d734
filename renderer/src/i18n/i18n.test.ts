/**
 * The three languages are complete: the same keys everywhere, no empty
 * strings, the same {{placeholders}} in every translation of a key, a
 * message for every code the kit can answer with, and every key the screens
 * use exists.
 */
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
import { MESSAGES, type Messages } from './index';
import { AGE_BANDS, HEAD_SEXES, VULNERABILITIES } from '../../../shared/household/household';

function flatten(tree: Messages, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'string') out.set(path, value);
    else for (const [k, v] of flatten(value, path)) out.set(k, v);
  }
  return out;
}

const placeholders = (text: string): string[] => [...text.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((m) => m[1] ?? '').sort();

const english = flatten(MESSAGES.en);

describe.each([
  ['fr', MESSAGES.fr],
  ['ar', MESSAGES.ar],
])('%s', (_name, translation) => {
  const other = flatten(translation);

  it('has exactly the English keys', () => {
    expect([...other.keys()].sort()).toEqual([...english.keys()].sort());
  });

  it('has no empty string and keeps every placeholder', () => {
    for (const [key, text] of other) {
      expect(text.trim(), key).not.toBe('');
      expect(placeholders(text), key).toEqual(placeholders(english.get(key) ?? ''));
    }
  });
});

describe('Arabic', () => {
  it('is translated, not an English copy', () => {
    const arabic = flatten(MESSAGES.ar);
    const copied = [...arabic]
      .filter(([key, text]) => text === english.get(key) && /[A-Za-z]{3,}/.test(text.replace(/\{\{\w+\}\}/g, '')))
      .map(([key]) => key);
    expect(copied).toEqual([]);
  });
});

describe('codes have labels', () => {
  // Every failure code a kit method answers with (the type check keeps the list complete).
  const kitCodes = [
    'invalid', 'already-set-up', 'bad-pin', 'bad-secret', 'wait', 'locked-out', 'unknown-operator', 'not-allowed', 'locked', 'unreadable', 'bad-id', 'not-enrolled', 'sealed-elsewhere',
    'no-card', 'not-issued-here', 'tampered', 'unknown-issuer', 'expired', 'not-yet-valid', 'revoked', 'status-unknown',
    'not-a-ration-card', 'needs-reason', 'no-plan', 'no-rule', 'already-received', 'over-entitlement', 'bad-quantity',
    'nothing-to-give', 'not-checked', 'not-found', 'already-void', 'too-many', 'bad-day', 'overflow', 'too-large',
    'bad-url', 'bad-key', 'unreachable', 'mismatch', 'not-configured', 'bad-answer', 'refused', 'bad-receipt', 'fork',
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
        if (!english.has(key)) missing.push(`${file}: ${key}`);
      }
    }
    expect(used).toBeGreaterThan(200);
    expect(missing).toEqual([]);
  });
});

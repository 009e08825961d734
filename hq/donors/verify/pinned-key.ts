/**
 * The log key a visitor trusts, pinned in the page's address:
 * `/donors/#key=<origin>+<key id>+<key>` (a C2SP signed-note verifier key,
 * shared/checkpoint). In the fragment because a fragment never leaves the
 * browser: the server that is being checked never sees, and so cannot
 * tailor its answer to, the key it is checked against. A visitor gets the
 * link from the donor, an auditor or HQ's report, not from this server.
 */
import { parseVerifierKey, type NoteVerifier } from '../../../shared/checkpoint';
import { err, ok, type Result } from '../../../shared/result';

export interface PinnedKey {
  /** The verifier key as written. */
  readonly text: string;
  readonly verifier: NoteVerifier;
  /** The log's origin: the key is named by it (ledger/service/ledger.ts signs as the origin). */
  readonly origin: string;
}

export type PinnedKeyError = 'no-pinned-key' | 'bad-pinned-key';

/** The `key` parameter of a fragment (`#key=…&…`). Not URLSearchParams: it would read the key's "+" as spaces. */
export function fragmentParam(hash: string, name: string): string | undefined {
  for (const part of hash.replace(/^#/, '').split('&')) {
    const at = part.indexOf('=');
    if (at > 0 && part.slice(0, at) === name) {
      try {
        return decodeURIComponent(part.slice(at + 1));
      } catch {
        return undefined;
      }
    }
  }
  return undefined;
}

export function pinnedKey(hash: string): Result<PinnedKey, PinnedKeyError> {
  const text = fragmentParam(hash, 'key');
  if (text === undefined || text === '') return err('no-pinned-key', 'the address pins no log key (#key=<origin>+<key id>+<key>)');
  const verifier = parseVerifierKey(text);
  if (!verifier.ok) return err('bad-pinned-key', `the pinned log key is not a verifier key: ${verifier.message}`);
  return ok({ text, verifier: verifier.value, origin: verifier.value.name });
}

/** The fragment that pins `key` (for the "pin this key" link). */
export const pinFragment = (key: string): string => `#key=${encodeURIComponent(key)}`;

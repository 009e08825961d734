/**
 * What else the page's address may pin beside the log key (./pinned-key.ts),
 * read strictly: a parameter that is present but malformed is an error the
 * visitor sees, never silently dropped (a dropped witness list would verify
 * less than the link promised).
 *
 *   #…&witnesses=<vkey>,<vkey>…&quorum=k
 *       witness verifier keys as shared/tlog/witness-key.ts reads them
 *       (`<name>+<key ID>+base64(0x04 ‖ key)`), distinct names; `quorum`
 *       is 1…n and defaults to n (every witness pinned must cosign).
 *   #…&tiles=<prefix>
 *       where the log is served as C2SP tlog-tiles: a path of this origin
 *       (`/tiles/log`) or an absolute URL of this same origin. The page's
 *       CSP is `connect-src 'self'`, and a static CSP cannot follow an origin
 *       that only the fragment names, so another origin is refused here
 *       rather than left to fail in fetch.
 */
import type { Cosigner } from '../../../shared/tlog';
import { parseWitnessKey } from '../../../shared/tlog/witness-key';
import { err, ok, type Result } from '../../../shared/result';
import { fragmentParam } from './pinned-key';

export interface WitnessPins {
  readonly witnesses: readonly Cosigner[];
  /** How many distinct pinned witnesses must have cosigned the checkpoint: 1 ≤ quorum ≤ witnesses.length. */
  readonly quorum: number;
}

export type WitnessPinsError = 'bad-witness-pins';
export type TilesPinError = 'bad-tiles-pin';

/** More witnesses than any quorum needs; keeps a hostile link from making the page parse thousands of keys. */
export const MAX_WITNESSES = 32;

/** `witnesses=` and `quorum=`: undefined when neither is given. */
export function witnessPins(hash: string): Result<WitnessPins | undefined, WitnessPinsError> {
  const list = fragmentParam(hash, 'witnesses');
  const quorumText = fragmentParam(hash, 'quorum');
  if (list === undefined && quorumText === undefined) {
    // fragmentParam reads an undecodable value as absent: that is garbage, not absence.
    return /(^#?|&)(witnesses|quorum)=/.test(hash) ? err('bad-witness-pins', 'the witnesses or quorum in the address cannot be decoded') : ok(undefined);
  }
  if (list === undefined || list === '') return err('bad-witness-pins', 'the address asks for a quorum but pins no witnesses (#witnesses=<key>,<key>…)');
  const texts = list.split(',');
  if (texts.length > MAX_WITNESSES) return err('bad-witness-pins', `at most ${MAX_WITNESSES} witnesses can be pinned, not ${texts.length}`);
  const witnesses: Cosigner[] = [];
  for (const [i, text] of texts.entries()) {
    const witness = parseWitnessKey(text.trim());
    if (!witness.ok) return err('bad-witness-pins', `witness ${i + 1} in the address: ${witness.message}`);
    if (witnesses.some((w) => w.name === witness.value.name)) return err('bad-witness-pins', `witness ${witness.value.name} is pinned twice`);
    witnesses.push(witness.value);
  }
  let quorum = witnesses.length;
  if (quorumText !== undefined) {
    if (!/^[0-9]{1,3}$/.test(quorumText)) return err('bad-witness-pins', `quorum=${JSON.stringify(quorumText.slice(0, 40))} is not a number`);
    quorum = Number(quorumText);
    if (quorum < 1 || quorum > witnesses.length) return err('bad-witness-pins', `quorum=${quorum} is out of range: between 1 and the ${witnesses.length} witnesses pinned`);
  }
  return ok({ witnesses, quorum });
}

/**
 * `tiles=`: the tile prefix as a path of `origin` (no trailing slash), or
 * undefined when not given. `origin` is the page's (location.origin).
 */
export function tilesPin(hash: string, origin: string): Result<string | undefined, TilesPinError> {
  const text = fragmentParam(hash, 'tiles');
  if (text === undefined) {
    return /(^#?|&)tiles=/.test(hash) ? err('bad-tiles-pin', 'the tiles prefix in the address cannot be decoded') : ok(undefined);
  }
  const refuse = (why: string) => err('bad-tiles-pin', `tiles=${JSON.stringify(text.slice(0, 120))} ${why}`);
  if (text === '') return refuse('is empty');
  // A path: "/x", never "//host" (that is another origin) nor "\" (which URL parsing reads as "/").
  const isPath = text.startsWith('/') && !text.startsWith('//');
  if (!isPath && !/^https?:\/\//i.test(text)) return refuse('is neither a path of this site (/…) nor an https:// URL');
  if (text.includes('\\')) return refuse('holds a backslash');
  let url: URL;
  try {
    url = new URL(text, origin);
  } catch {
    return refuse('is not a URL');
  }
  if (url.origin !== origin) {
    return refuse(`is on ${url.origin}: this page may only fetch from its own origin ${origin} (its CSP is connect-src 'self'), so tiles must be served under this site`);
  }
  if (url.search !== '' || url.hash !== '') return refuse('has a query or a fragment: a tile prefix is a path');
  if (url.username !== '' || url.password !== '') return refuse('carries credentials');
  return ok(url.pathname.replace(/\/+$/, ''));
}

/**
 * Checking HQ's receipts against the log's static tiles (issue 17: "the
 * kit ... can read proofs from tiles"). With a `tiles` address in the ledger
 * settings (a CDN, or the web server in front of the ledger's --tiles-dir),
 * every visit to HQ also reads the tiles' newest checkpoint (verified under
 * the log key), proves from the tiles alone that it is consistent with the
 * checkpoint held here, and proves each of this device's receipts not yet
 * checked (shared/tlog proveInclusion). The tiles come from another server
 * than HQ's API, so a history HQ shows this laptop alone has to agree with
 * the one it publishes to everyone.
 *
 * What the tiles say is judged like a gossiped checkpoint: a signed tiles
 * checkpoint that contradicts the held one, or tiles under it that put
 * another entry at a receipt's leaf or do not hash to its signed root, is
 * a disagreement between the tiles and HQ's answer: the fork alarm, with
 * that reason. Tiles that cannot be fetched, or bytes that are not tiles at
 * all (a proxy's error page, a truncated file), prove nothing either way:
 * they are a problem shown in the status, and anchoring goes on.
 */
import { equalBytes, fromHex } from '../../../../shared/bytes';
import { openCheckpoint } from '../../../../shared/checkpoint';
import { acceptCheckpointNote, LedgerClient, type HttpFetch, type ReceiptTrust } from '../../../../shared/ledger';
import { err, ok, type Result } from '../../../../shared/result';
import { fetchTiles, proveConsistency, proveInclusion, readCheckpoint, type FetchLike, type TileGetter, type TileReadErrorCode } from '../../../../shared/tlog';
import type { KitDatabase } from '../../db/database';
import { readSetting, writeSetting, type SettingValue } from '../settings';

export type TilesCheck = NonNullable<SettingValue<'ledger'>['tilesCheck']>;
export type TilesProblem = NonNullable<TilesCheck['problem']>;

/** Receipts proved per visit at most; the rest are proved on the next ones. */
export const PROVE_AT_MOST = 2000;

/** Codes that mean "not tiles", as opposed to tiles that tell another history. */
const MALFORMED: ReadonlySet<TileReadErrorCode> = new Set<TileReadErrorCode>(['bad-tile', 'bad-bundle']);
const MISSING: ReadonlySet<TileReadErrorCode> = new Set<TileReadErrorCode>(['tile-unavailable', 'checkpoint-unavailable']);

/** A getter that fetches each path once per check: every receipt's proof shares the upper tiles. */
function once(get: TileGetter): TileGetter {
  const seen = new Map<string, Promise<Uint8Array | undefined>>();
  return (path) => {
    let bytes = seen.get(path);
    if (bytes === undefined) {
      bytes = get(path);
      seen.set(path, bytes);
    }
    return bytes;
  };
}

export interface TilesCheckDeps {
  readonly db: KitDatabase;
  readonly device: string;
  /** Binary HTTP for the tiles: the page's fetch unless a test says otherwise. */
  readonly fetchBytes: FetchLike;
  /** HQ's API, for a consistency proof when the tiles are behind the held checkpoint; offline, that part waits. */
  readonly fetch: HttpFetch;
  readonly trust: ReceiptTrust;
}

/**
 * One check against the tiles. `ok(undefined)` when no tiles address is set;
 * otherwise the check as recorded (a problem in it when it could not finish);
 * `fork` when the tiles disagree with HQ (the alarm is then set).
 */
export async function checkTiles(deps: TilesCheckDeps): Promise<Result<TilesCheck | undefined, 'fork'>> {
  const { db, trust } = deps;
  const ledger = await readSetting(db, 'ledger');
  if (ledger?.tiles === undefined) return ok(undefined);
  const where = ledger.tiles;
  const get = once(fetchTiles(where, deps.fetchBytes));
  const at = new Date().toISOString();
  const previous = ledger.tilesCheck;
  const upToBefore = previous?.upTo ?? 0;

  const record = async (check: TilesCheck): Promise<TilesCheck> => {
    const latest = (await readSetting(db, 'ledger')) ?? ledger;
    await writeSetting(db, 'ledger', { ...latest, tilesCheck: check });
    return check;
  };
  const problem = (code: TilesProblem, message: string, size?: number, upTo = upToBefore) =>
    record({ at, upTo, problem: code, message, ...(size !== undefined && { size }) });
  const alarm = async (message: string): Promise<Result<never, 'fork'>> => {
    const latest = (await readSetting(db, 'ledger')) ?? ledger;
    const reason = `the tiles at ${where} disagree with HQ: ${message}`;
    await writeSetting(db, 'ledger', { ...latest, alarm: `${at}: ${reason}` });
    return err('fork', reason);
  };
  /** A failed tiles read: missing or malformed is a problem, anything else a disagreement. */
  const failed = async (code: TileReadErrorCode, message: string, size?: number, upTo?: number): Promise<Result<TilesCheck, 'fork'>> => {
    if (MISSING.has(code)) return ok(await problem('unreachable', message, size, upTo));
    if (MALFORMED.has(code)) return ok(await problem('bad-tiles', message, size, upTo));
    return alarm(`${message} (${code})`);
  };

  const served = await readCheckpoint(get, trust.origin, trust.logKey);
  if (!served.ok) {
    // Not signed by HQ's key: not HQ's word, only a broken or impostor mirror.
    if (served.code === 'bad-checkpoint') return ok(await problem('bad-checkpoint', served.message));
    return failed(served.code, served.message);
  }
  const tiles = served.value.checkpoint;

  // The tiles' checkpoint against the one held: the same tree, or one extending the other.
  const held = ledger.checkpoint === undefined ? undefined : openCheckpoint(ledger.checkpoint, trust.origin, trust.logKey);
  if (held?.ok === true && held.value.size > 0) {
    let proof: readonly Uint8Array[] = [];
    if (tiles.size > held.value.size) {
      const proved = await proveConsistency(get, held.value, tiles);
      if (!proved.ok) return failed(proved.code, `the tiles' checkpoint of ${tiles.size} entries does not extend the held one of ${held.value.size}: ${proved.message}`, tiles.size);
      proof = proved.value;
    } else if (tiles.size < held.value.size) {
      // The tiles trail the log (the writer polls): HQ proves the held tree extends theirs, when it can be reached.
      const answer = await new LedgerClient(ledger.url, deps.fetch).consistency(tiles.size, held.value.size);
      proof = answer.ok ? answer.value : [];
    } else if (!equalBytes(tiles.rootHash, held.value.rootHash)) {
      return alarm(`the tiles' checkpoint and the held one both have ${tiles.size} entries but different roots (two histories)`);
    }
    if (proof.length > 0 || tiles.size === held.value.size) {
      const accepted = acceptCheckpointNote(ledger.checkpoint, served.value.note, proof, trust);
      if (!accepted.ok && accepted.code !== 'older') return alarm(`the tiles' checkpoint contradicts the held one: ${accepted.message}`);
    }
  }

  // This device's receipts the tiles did not prove yet, in leaf order.
  const receipts = (await db.receipts.find({ selector: { device: deps.device } }).exec())
    .map((d) => d.toMutableJSON())
    .filter((r) => r.leafIndex >= upToBefore && r.leafIndex < tiles.size)
    .sort((a, b) => a.leafIndex - b.leafIndex);
  const batch = receipts.slice(0, PROVE_AT_MOST);
  for (const receipt of batch) {
    const proved = await proveInclusion(get, tiles, fromHex(receipt.event), receipt.leafIndex);
    if (!proved.ok) {
      const message = `HQ's receipt puts event ${receipt.event} at leaf ${receipt.leafIndex}, the tiles of ${tiles.size} entries do not: ${proved.message}`;
      return failed(proved.code, message, tiles.size, receipt.leafIndex);
    }
  }
  // Capped: the next visit starts at the first receipt not proved.
  const upTo = batch.length < receipts.length ? receipts[batch.length]!.leafIndex : Math.max(upToBefore, tiles.size);
  return ok(await record({ at, size: tiles.size, upTo }));
}

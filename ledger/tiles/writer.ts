/**
 * The log as static tiles (C2SP tlog-tiles, issue 17): after the log grows,
 * the latest signed checkpoint is published with the hash tiles and entry
 * bundles a client needs to prove anything under it, so any web server or
 * CDN serves proofs without the ledger process. Like the chain anchoring
 * (../chain/scheduler.ts) it polls the latest checkpoint, one row from the
 * store, so the append path knows nothing of it and never waits on it.
 *
 * Per growth it writes what `tilesBetween` says (full tiles once, the new
 * partial ones), with the entry bundle beside each level-0 tile (entries
 * are the 32-byte event ids: leaf hash = SHA-256(0x00 ‖ id)), and the
 * checkpoint last, so a served checkpoint's tiles are already there. Older
 * partial tiles are kept: a client holding an older checkpoint still gets
 * its proofs. On start it resumes from the checkpoint the target holds,
 * after checking that it is this log's and agrees with the store. Run one
 * writer per target: two could publish checkpoints out of order.
 */
import { equalBytes, fromHex, utf8 } from '../../shared/bytes';
import { openCheckpoint, parseVerifierKey, type NoteVerifier } from '../../shared/checkpoint';
import { rootAt } from '../../shared/merkle';
import { entriesPath, entryBundle, tileBytes, tilePath, tilesBetween, TILE_WIDTH, type TileId } from '../../shared/tlog';
import { withStoredNodes } from '../service/proofs';
import type { LedgerStore } from '../store/store';
import type { TileTarget } from './target';

/** What the writer reads of the ledger: the Ledger class has all three. */
export interface TiledLog {
  readonly store: LedgerStore;
  readonly origin: string;
  readonly logKey: string;
}

/** Tiles read from the store in one query: 16 × 256 nodes, so catching up on a large log stays in bounded memory. */
const TILES_PER_READ = 16;

export interface TileWriterOptions {
  readonly pollMs: number;
  /** A failed pass, reported once until a pass succeeds or the message changes. */
  readonly onError?: (message: string) => void;
}

export class TileWriter {
  readonly #log: TiledLog;
  readonly #target: TileTarget;
  readonly #options: TileWriterOptions;
  readonly #logKey: NoteVerifier;
  /** The size of the checkpoint the target serves: null when it serves none, undefined until read. */
  #served: number | null | undefined;
  #running: Promise<number> | undefined;
  #timer: NodeJS.Timeout | undefined;
  #stopped = false;
  #lastError: string | undefined;

  constructor(log: TiledLog, target: TileTarget, options: TileWriterOptions) {
    const key = parseVerifierKey(log.logKey);
    if (!key.ok) throw new Error(`the log key does not parse: ${key.message}`);
    this.#log = log;
    this.#target = target;
    this.#options = options;
    this.#logKey = key.value;
  }

  get description(): string {
    return this.#target.description;
  }

  /** Writes now, then every pollMs until stopped. The timer does not keep the process alive. */
  start(): void {
    const loop = () => {
      this.#timer = undefined;
      void this.sync()
        .then(
          () => (this.#lastError = undefined),
          (e: unknown) => {
            const message = e instanceof Error ? e.message : String(e);
            if (message !== this.#lastError) this.#options.onError?.(message);
            this.#lastError = message;
          },
        )
        .finally(() => {
          if (!this.#stopped) this.#timer = setTimeout(loop, this.#options.pollMs).unref();
        });
    };
    loop();
  }

  /** Stops the timer and resolves when the pass in flight, if any, has stopped at its next group of tiles. */
  async stop(): Promise<void> {
    this.#stopped = true;
    clearTimeout(this.#timer);
    await this.#running?.catch(() => undefined);
  }

  /** One pass: publishes the latest checkpoint if the target is behind it; resolves to the size the target serves. */
  async sync(): Promise<number> {
    if (this.#running !== undefined) return this.#running;
    this.#running = this.#sync().finally(() => (this.#running = undefined));
    return this.#running;
  }

  async #sync(): Promise<number> {
    const { store } = this.#log;
    const latest = await store.latestCheckpoint();
    this.#served ??= await this.#resume(latest.size);
    if (this.#served !== null && latest.size <= this.#served) return this.#served;
    const tiles = tilesBetween(this.#served ?? 0, latest.size);
    for (let i = 0; i < tiles.length; i += TILES_PER_READ) {
      // A catch-up of a large log may take a while; a shutdown need not wait for it (the next start resumes).
      if (this.#stopped) return this.#served ?? 0;
      await this.#writeTiles(latest.size, tiles.slice(i, i + TILES_PER_READ));
    }
    await this.#target.write('checkpoint', utf8(latest.note));
    this.#served = latest.size;
    return latest.size;
  }

  async #writeTiles(size: number, tiles: readonly TileId[]): Promise<void> {
    const { store } = this.#log;
    const hashes = await withStoredNodes(store, size, (source) => tiles.map((tile) => tileBytes(source, tile)));
    await Promise.all(
      tiles.map(async (tile, i) => {
        await this.#target.write(tilePath(tile), hashes[i]!);
        if (tile.level !== 0) return;
        const first = tile.index * TILE_WIDTH;
        const ids = await store.eventIds(first, first + tile.width);
        if (ids.length !== tile.width) throw new Error(`the store has ${ids.length} of the ${tile.width} events of leaves ${first}–${first + tile.width - 1}: it is corrupt`);
        await this.#target.write(entriesPath(tile.index, tile.width), entryBundle(ids.map(fromHex)));
      }),
    );
  }

  /**
   * The size of the checkpoint the target already serves, or null for none.
   * A checkpoint of another log, of a larger tree, or with another root
   * than the store's is refused: the target or the database is the wrong one,
   * and writing over it would publish two histories.
   */
  async #resume(size: number): Promise<number | null> {
    const bytes = await this.#target.read('checkpoint');
    if (bytes === undefined) return null;
    const where = this.#target.description;
    const held = openCheckpoint(bytes, this.#log.origin, this.#logKey);
    if (!held.ok) throw new Error(`${where} holds a checkpoint that is not this log's (${held.code}): not writing over it`);
    if (held.value.size > size) throw new Error(`${where} holds a checkpoint of ${held.value.size} leaves, beyond the log's ${size}: is this the right database?`);
    const root = await withStoredNodes(this.#log.store, held.value.size, (source) => rootAt(source, held.value.size));
    if (!root.ok || !equalBytes(root.value, held.value.rootHash)) {
      throw new Error(`${where} holds a checkpoint of ${held.value.size} leaves whose root is not the log's: not writing over it`);
    }
    return held.value.size;
  }
}

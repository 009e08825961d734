/**
 * `--tiles-dir DIR` for ledger/main.ts: publish the log as static tiles
 * (./writer.ts) into DIR, for any web server or CDN to serve.
 */
import { directoryTarget } from './target';
import { TileWriter, type TiledLog } from './writer';

export const TILES_OPTIONS = {
  'tiles-dir': { type: 'string' },
} as const;

/** How often the writer reads the latest checkpoint (one row): tiles trail the log by about this much. */
const POLL_MS = 2_000;

export interface Tiles {
  /** One line for the ledger's start-up output. */
  readonly description: string;
  /** Stops the writer, after the pass in flight if any: the store must stay open until then. */
  stop(): Promise<void>;
}

/** Starts the tile writer when `--tiles-dir` is given; its failures go to `report`, one line each, and the log goes on. */
export function startTiles(values: { readonly 'tiles-dir'?: string | undefined }, log: TiledLog, report: (line: string) => void): Tiles {
  const dir = values['tiles-dir'];
  if (dir === undefined) return { description: 'off', stop: async () => undefined };
  const writer = new TileWriter(log, directoryTarget(dir), { pollMs: POLL_MS, onError: (message) => report(`ledger: tiles: ${message}\n`) });
  writer.start();
  return { description: `written to ${writer.description}`, stop: () => writer.stop() };
}

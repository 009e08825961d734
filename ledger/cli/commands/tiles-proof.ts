import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { toHex } from '../../../shared/bytes';
import { fetchTiles, findEntry, proveInclusion, readCheckpoint, type TileGetter } from '../../../shared/tlog';
import type { Command } from '../command';
import { parseCount, parseHash } from '../hex-args';
import { CliError } from '../io';
import { trustFrom } from '../ledger-io';

/** A getter over a directory of tiles as the ledger's --tiles-dir writes it. */
function directoryTiles(dir: string): TileGetter {
  return async (path) => {
    try {
      return new Uint8Array(await readFile(join(dir, path)));
    } catch {
      return undefined;
    }
  };
}

/** An http(s) URL is fetched (60 s per resource); anything else is a directory. */
function tilesFrom(where: string): TileGetter {
  if (!/^https?:\/\//i.test(where)) return directoryTiles(where);
  try {
    new URL(where);
  } catch {
    throw new CliError(2, `--tiles is not a URL: ${JSON.stringify(where.slice(0, 80))}`);
  }
  return fetchTiles(where, (url) => fetch(url, { signal: AbortSignal.timeout(60_000) }));
}

export const tilesProofCommand: Command = {
  name: 'tiles-proof',
  summary: "prove an event is in the log from its static tiles alone (C2SP tlog-tiles), under the log's signed checkpoint",
  usage: 'aidtrail tiles-proof --tiles URL|DIR --log-key <name>+<id>+<key> [--origin ORIGIN] --id HEX [--index N] [--json]',
  options: {
    tiles: { type: 'string' },
    'log-key': { type: 'string' },
    origin: { type: 'string' },
    id: { type: 'string' },
    index: { type: 'string' },
    json: { type: 'boolean' },
  },
  required: ['tiles', 'log-key', 'id'],
  positionals: { min: 0, max: 0 },
  async run({ values }, io) {
    const trust = trustFrom(values);
    const id = parseHash(String(values.id), '--id', 2);
    const given = values.index === undefined ? undefined : parseCount(String(values.index), '--index');
    const get = tilesFrom(String(values.tiles));
    const opened = await readCheckpoint(get, trust.origin, trust.logKey);
    if (!opened.ok) throw new CliError(1, opened.message);
    const { checkpoint } = opened.value;
    // Without --index (a receipt's leafIndex), the entry bundles are read in order until the id turns up.
    let index = given;
    if (index === undefined) {
      const found = await findEntry(get, checkpoint.size, id);
      if (!found.ok) throw new CliError(1, found.message);
      index = found.value;
    }
    const proved = await proveInclusion(get, checkpoint, id, index);
    if (!proved.ok) throw new CliError(1, `${proved.message} (${proved.code})`);
    const { size, leafHash, proof } = proved.value;
    if (values.json) {
      io.stdout(`${JSON.stringify({ ok: true, index: proved.value.index, size, leafHash: toHex(leafHash), root: toHex(checkpoint.rootHash), proof: proof.map(toHex) })}\n`);
    } else {
      io.stdout(`valid: event ${toHex(id)} is leaf ${proved.value.index} of the tree of ${size} leaves signed by ${trust.origin}\n`);
    }
    return 0;
  },
};

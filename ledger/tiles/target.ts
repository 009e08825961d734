/**
 * Where the tiles go: a directory any web server serves as it is. Each
 * file is written whole under a temporary name in the directory's `.tmp/`
 * (same file system, so the rename is atomic; web servers do not serve
 * dot-directories by default), then renamed into place: a reader sees the
 * old bytes or the new, never half a tile.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';

export interface TileTarget {
  /** Where, for people: a path or a URL without credentials. */
  readonly description: string;
  /** The bytes at `path` (`checkpoint`, `tile/…`), or undefined when there are none. */
  read(path: string): Promise<Uint8Array | undefined>;
  /** Puts `bytes` at `path` atomically. */
  write(path: string, bytes: Uint8Array): Promise<void>;
}

export function directoryTarget(dir: string): TileTarget {
  const root = resolve(dir);
  const temporary = join(root, '.tmp');
  return {
    description: root,
    async read(path) {
      try {
        return new Uint8Array(await readFile(join(root, path)));
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
        throw e;
      }
    },
    async write(path, bytes) {
      const file = join(root, path);
      const scratch = join(temporary, `${randomBytes(8).toString('hex')}.tmp`);
      await mkdir(temporary, { recursive: true });
      await mkdir(dirname(file), { recursive: true });
      await writeFile(scratch, bytes);
      await rename(scratch, file);
    },
  };
}

/**
 * Crash-safe file writes for small, precious files (the key vault): the new
 * content goes to a temporary file in the same directory, is flushed to disk
 * (fsync), and only then takes the target's name, so a reader sees either the
 * old file or the complete new one, never a torn write. The directory is
 * fsynced afterwards so that the new name survives a power cut.
 */
import { randomBytes } from 'node:crypto';
import { link, mkdir, open, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

export type AtomicWriteMode =
  /** Create the file only if it does not exist; never replace one (a concurrent writer wins and keeps its file). */
  | 'create'
  /** Replace the file atomically (rename over it). */
  | 'replace';

const errorCode = (cause: unknown): string | undefined =>
  typeof cause === 'object' && cause !== null && 'code' in cause ? String(cause.code) : undefined;

/** Codes of file systems without hard links, where `create` falls back to check-then-rename. */
const NO_HARD_LINKS: ReadonlySet<string> = new Set(['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS', 'EXDEV', 'EMLINK']);

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch (cause) {
    if (errorCode(cause) === 'ENOENT') return false;
    throw cause;
  }
}

/** fsync of a directory, where the platform allows it (not on Windows). */
async function syncDirectory(dir: string): Promise<void> {
  let handle;
  try {
    handle = await open(dir, 'r');
    await handle.sync();
  } catch (cause) {
    if (!['EISDIR', 'EPERM', 'EACCES', 'EINVAL', 'EBADF'].includes(errorCode(cause) ?? '')) throw cause;
  } finally {
    await handle?.close();
  }
}

/**
 * Writes `data` to `path` atomically, readable by the owner only (0600; the
 * directory is created 0700 if missing).
 *
 * `create` publishes the temporary file with link(2), which fails when the
 * target exists, so two writers cannot both win and an existing file is never
 * replaced; it answers `exists` then. On a file system without hard links it
 * checks and renames instead (safe within one process, which the vault
 * serialises).
 */
export async function writeFileAtomic(
  path: string,
  data: Uint8Array,
  mode: AtomicWriteMode,
): Promise<'written' | 'exists'> {
  const dir = dirname(path);
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const temp = join(dir, `.${basename(path)}.${randomBytes(8).toString('hex')}.tmp`);
  try {
    const handle = await open(temp, 'wx', 0o600);
    try {
      await handle.writeFile(data);
      await handle.sync();
    } finally {
      await handle.close();
    }
    if (mode === 'replace') {
      await rename(temp, path);
    } else {
      try {
        await link(temp, path);
      } catch (cause) {
        const code = errorCode(cause);
        if (code === 'EEXIST') return 'exists';
        if (code === undefined || !NO_HARD_LINKS.has(code)) throw cause;
        if (await exists(path)) return 'exists';
        await rename(temp, path);
      }
      await rm(temp, { force: true });
    }
    await syncDirectory(dir);
    return 'written';
  } finally {
    // Only left over when something failed (after a rename or a link it is gone already).
    await rm(temp, { force: true });
  }
}

/** The file's bytes, or null when it does not exist. */
export async function readFileIfExists(path: string): Promise<Uint8Array | null> {
  let handle;
  try {
    handle = await open(path, 'r');
  } catch (cause) {
    if (errorCode(cause) === 'ENOENT') return null;
    throw cause;
  }
  try {
    const buffer = await handle.readFile();
    return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
  } finally {
    await handle.close();
  }
}

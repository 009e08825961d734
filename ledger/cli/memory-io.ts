/** An in-memory CliIo for tests: files in a map, output captured. */
import { CliError, type CliIo } from './io';

export interface MemoryIo extends CliIo {
  readonly files: Map<string, string | Uint8Array>;
  out: string;
  err: string;
}

export function memoryIo(files: Record<string, string | Uint8Array> = {}, now = new Date('2026-11-24T12:00:00.000Z')): MemoryIo {
  const io: MemoryIo = {
    files: new Map(Object.entries(files)),
    out: '',
    err: '',
    stdout: (text) => void (io.out += text),
    stderr: (text) => void (io.err += text),
    readInput: async (path, limit) => {
      const content = io.files.get(path);
      if (content === undefined) throw new CliError(2, `cannot read ${path}: ENOENT`);
      const bytes = typeof content === 'string' ? new TextEncoder().encode(content) : content;
      if (bytes.length > limit) throw new CliError(1, `${path} is ${bytes.length} bytes, more than the ${limit} allowed`);
      return bytes;
    },
    writeSecretFile: async (path, text) => {
      if (io.files.has(path)) throw new CliError(2, `${path} already exists; not overwriting a key`);
      io.files.set(path, text);
    },
    now: () => now,
  };
  return io;
}

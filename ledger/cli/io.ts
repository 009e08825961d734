/**
 * What a command may touch of the outside world. `main` passes the process's
 * own; tests pass memory, so every command runs in-process in a test.
 */
import { readFile, stat, writeFile } from 'node:fs/promises';

export interface CliIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /** Reads a file, or standard input for "-", refusing anything over `limit` bytes. */
  readonly readInput: (path: string, limit: number) => Promise<Uint8Array>;
  /** Creates a new file readable by its owner only; never overwrites one. */
  readonly writeSecretFile: (path: string, text: string) => Promise<void>;
  readonly now: () => Date;
}

/** Raised for input the command cannot use: reported on one line, never as a stack trace. */
export class CliError extends Error {
  constructor(
    readonly exitCode: 1 | 2,
    message: string,
  ) {
    super(message);
  }
}

async function readStdin(limit: number): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of process.stdin as AsyncIterable<Buffer>) {
    total += chunk.length;
    if (total > limit) throw new CliError(1, `standard input is larger than ${limit} bytes`);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

async function readFileInput(path: string, limit: number): Promise<Uint8Array> {
  let size: number;
  try {
    const info = await stat(path);
    if (!info.isFile()) throw new CliError(2, `${path} is not a file`);
    size = info.size;
  } catch (e) {
    if (e instanceof CliError) throw e;
    throw new CliError(2, `cannot read ${path}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
  }
  if (size > limit) throw new CliError(1, `${path} is ${size} bytes, more than the ${limit} allowed`);
  return readFile(path);
}

export const processIo: CliIo = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  readInput: (path, limit) => (path === '-' ? readStdin(limit) : readFileInput(path, limit)),
  writeSecretFile: async (path, text) => {
    try {
      await writeFile(path, text, { mode: 0o600, flag: 'wx' });
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      throw new CliError(2, code === 'EEXIST' ? `${path} already exists; not overwriting a key` : `cannot write ${path}: ${code ?? String(e)}`);
    }
  },
  now: () => new Date(),
};

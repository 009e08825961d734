/** Turning raw input into values a command can check, with one-line reasons. */
import { fromUtf8 } from '../../shared/bytes';
import { CliError, type CliIo } from './io';

/** Generous for a credential, an event file or a list of leaf hashes, small enough to hold in memory. */
export const MAX_INPUT_BYTES = 64 * 1024 * 1024;

export async function readText(io: CliIo, path: string): Promise<string> {
  const bytes = await io.readInput(path, MAX_INPUT_BYTES);
  try {
    return fromUtf8(bytes);
  } catch {
    throw new CliError(1, `${path === '-' ? 'standard input' : path} is not valid UTF-8 text`);
  }
}

export function parseJson(text: string, what: string): unknown {
  if (text.trim() === '') throw new CliError(1, `${what} is empty`);
  try {
    return JSON.parse(text) as unknown;
  } catch (e) {
    throw new CliError(1, `${what} is not valid JSON (${(e as Error).message})`);
  }
}

export async function readJson(io: CliIo, path: string): Promise<unknown> {
  return parseJson(await readText(io, path), path === '-' ? 'standard input' : path);
}

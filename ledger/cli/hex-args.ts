import { fromHex } from '../../shared/bytes';
import { CliError } from './io';

/** A 32-byte hash written as 64 lowercase hex characters, or a one-line reason. */
export function parseHash(text: string, what: string, exitCode: 1 | 2): Uint8Array {
  if (!/^[0-9a-f]{64}$/.test(text)) {
    throw new CliError(exitCode, `${what} must be 64 lowercase hex characters (a SHA-256 hash), got ${JSON.stringify(text.slice(0, 80))}`);
  }
  return fromHex(text);
}

/** A non-negative integer that fits a JavaScript number exactly. */
export function parseCount(text: string, what: string): number {
  if (!/^(0|[1-9][0-9]{0,15})$/.test(text) || !Number.isSafeInteger(Number(text))) {
    throw new CliError(2, `${what} must be a non-negative integer, got ${JSON.stringify(text)}`);
  }
  return Number(text);
}

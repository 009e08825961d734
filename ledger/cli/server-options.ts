/**
 * The options the two servers share: the HQ ledger (../main.ts) and the
 * witness (../witness/main.ts). Checked here once so that both refuse a port,
 * a limit or a missing key in the same words, and create a key the same way.
 */
import { existsSync } from 'node:fs';
import { generateKeyPair } from '../../shared/crypto/ed25519';
import { processIo } from './io';
import { keyFileJson, readKeyFile, type SigningKey } from './key-file';

/** A mistake in the command line: the servers exit 2 for it (1 for anything else), as the aidtrail CLI does. */
export class UsageError extends Error {}

/**
 * `--port`: 0 (the OS picks a free one) to 65535. Only plain decimal digits
 * without a leading zero or sign, because `Number` would also take "1e3",
 * "0x10", " 80" or "" (as 0) and listen somewhere the operator did not write.
 */
export function parsePort(text: string): number {
  if (!/^(0|[1-9][0-9]{0,4})$/.test(text) || Number(text) > 65535) throw new UsageError('--port must be 0–65535');
  return Number(text);
}

/**
 * A limit (`--rate-limit`, `--request-timeout` and the like): a whole number
 * in plain decimal digits, for the port's reason; 0 is refused, since as a
 * count it shuts every client out and as a timeout node:http reads it as
 * none. Absent stays absent, so the server's own default applies.
 */
export function parseLimit(text: string, name: string): number;
export function parseLimit(text: string | undefined, name: string): number | undefined;
export function parseLimit(text: string | undefined, name: string): number | undefined {
  if (text === undefined) return undefined;
  if (!/^[1-9][0-9]{0,6}$/.test(text) || Number(text) > 1_000_000) throw new UsageError(`${name} must be a whole number from 1 to 1000000`);
  return Number(text);
}

/** `--key FILE`, which both servers need before anything else: they sign with it. */
export function requireKeyFile(path: string | undefined): string {
  if (path === undefined) throw new UsageError('--key FILE is required (create one with `aidtrail keygen --out FILE`, or add --create-key)');
  return path;
}

/**
 * The server's signing key from FILE; with `--create-key`, a new one is
 * written there first (owner-only, as `aidtrail keygen` writes it) when no
 * file is there. A file that is there is read and never replaced, whatever it
 * holds: it may be the key devices, donors and witnesses already trust.
 * A bad or unreadable file is not a usage error (the server exits 1).
 */
export async function openKeyFile(path: string, create: boolean): Promise<SigningKey> {
  if (create && !existsSync(path)) await processIo.writeSecretFile(path, keyFileJson(generateKeyPair()));
  return readKeyFile(processIo, path);
}

/**
 * Where the ledger service's admin token comes from (ledger/main.ts,
 * issue 12): a file (`--admin-token-file PATH`) or the environment
 * (`AIDTRAIL_ADMIN_TOKEN`), never the command line, which every user of the
 * machine can read (`ps`, /proc/PID/cmdline). Given neither, the service
 * makes one and writes it to a file only its owner can read (mode 0600),
 * reused on the next start; it prints where, never the token.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { err, ok, type Result } from '../../shared/result';

/** What `Authorization: Bearer` can carry as is: visible ASCII, at least 16 characters (buildApp's minimum). */
const TOKEN = /^[\x21-\x7e]{16,512}$/;
/** A made token: 32 random bytes, base64url. */
const MADE_TOKEN_BYTES = 32;

export interface AdminToken {
  readonly token: string;
  /** Where it came from, for the start-up lines: never the token itself. */
  readonly from: string;
}

export type AdminTokenErrorCode = 'token-twice' | 'bad-token' | 'unreadable-token-file';

const checked = (token: string, from: string): Result<AdminToken, AdminTokenErrorCode> =>
  TOKEN.test(token) ? ok({ token, from }) : err('bad-token', `the admin token (${from}) must be 16–512 visible ASCII characters with no spaces`);

async function fromFile(path: string, from: string): Promise<Result<AdminToken, AdminTokenErrorCode>> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    return err('unreadable-token-file', `cannot read the admin token file ${path}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
  }
  // A file written by `echo` or an editor ends with a newline that is not part of the token.
  return checked(text.trim(), from);
}

/**
 * The token from `file` or `env` (exactly one of them, if any); else the one
 * in `madePath`, made there first if it does not exist yet.
 */
export async function loadAdminToken(given: { file?: string; env?: string }, madePath: string): Promise<Result<AdminToken, AdminTokenErrorCode>> {
  if (given.file !== undefined && given.env !== undefined) {
    return err('token-twice', 'give the admin token one way: --admin-token-file or AIDTRAIL_ADMIN_TOKEN, not both');
  }
  if (given.file !== undefined) return fromFile(given.file, `from ${given.file}`);
  if (given.env !== undefined) return checked(given.env, 'from AIDTRAIL_ADMIN_TOKEN');
  const made = randomBytes(MADE_TOKEN_BYTES).toString('base64url');
  try {
    await mkdir(dirname(madePath), { recursive: true });
    await writeFile(madePath, `${made}\n`, { mode: 0o600, flag: 'wx' });
    return ok({ token: made, from: `in ${madePath} (made now, readable by this user only)` });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') {
      return err('unreadable-token-file', `cannot write the admin token to ${madePath}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
    }
    return fromFile(madePath, `in ${madePath}`);
  }
}

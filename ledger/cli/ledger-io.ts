/**
 * What the ledger commands (audit, audit-bundle) need beyond CliIo: HTTP to
 * a ledger, and plain (not secret) files and folders for state and bundles.
 * A test's io may carry its own; otherwise the process's are used.
 */
import { mkdir, readdir, rename, writeFile } from 'node:fs/promises';
import { parseVerifierKey, type NoteVerifier } from '../../shared/checkpoint';
import type { ReceiptTrust } from '../../shared/ledger';
import { CliError, type CliIo } from './io';

export interface LedgerIo {
  readonly fetch: (url: string, init?: { method?: string; headers?: Record<string, string>; body?: string }) => Promise<{ status: number; text(): Promise<string> }>;
  /** Writes a file whole: to a temporary name first, then renamed over, so a reader never sees half of it. */
  readonly writeFile: (path: string, text: string) => Promise<void>;
  /** Creates a folder that must not exist yet or be empty. */
  readonly makeEmptyDir: (path: string) => Promise<void>;
}

const processLedgerIo: LedgerIo = {
  fetch: (url, init) => fetch(url, { ...init, signal: AbortSignal.timeout(60_000) }),
  writeFile: async (path, text) => {
    const temporary = `${path}.${process.pid}.tmp`;
    await writeFile(temporary, text);
    await rename(temporary, path);
  },
  makeEmptyDir: async (path) => {
    await mkdir(path, { recursive: true });
    if ((await readdir(path)).length > 0) throw new CliError(2, `${path} is not empty; not overwriting a bundle`);
  },
};

export const ledgerIo = (io: CliIo): LedgerIo => ({ ...processLedgerIo, ...(io as Partial<LedgerIo>) });

/** --log-key (a verifier key string) and --origin (default: the key's name, as HQ's log names its key). */
export function trustFrom(values: { readonly [key: string]: unknown }): ReceiptTrust & { logKey: NoteVerifier } {
  const key = parseVerifierKey(String(values['log-key']));
  if (!key.ok) throw new CliError(2, `--log-key is not a verifier key (<name>+<key id>+<key>): ${key.message}`);
  const origin = values.origin === undefined ? key.value.name : String(values.origin);
  return { logKey: key.value, origin };
}

/** The ledger's base URL from --ledger: http(s) only, without a trailing slash. */
export function ledgerUrl(value: unknown): string {
  const text = String(value).replace(/\/+$/, '');
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new CliError(2, `--ledger must be a URL like http://127.0.0.1:8787, got ${JSON.stringify(text)}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new CliError(2, '--ledger must be an http(s) URL');
  return text;
}

/** GET (or POST) a ledger path and parse JSON, with one-line errors: exit 1 when the ledger answers wrongly. */
export async function getJson<T>(lio: LedgerIo, base: string, path: string, headers: Record<string, string> = {}): Promise<T> {
  const text = await getText(lio, base, path, headers);
  try {
    return JSON.parse(text) as T;
  } catch {
    throw new CliError(1, `the ledger's answer to ${path} is not JSON`);
  }
}

export async function getText(lio: LedgerIo, base: string, path: string, headers: Record<string, string> = {}): Promise<string> {
  let response;
  try {
    response = await lio.fetch(`${base}${path}`, { headers });
  } catch (e) {
    throw new CliError(1, `cannot reach the ledger at ${base}: ${(e as Error).message}`);
  }
  const text = await response.text();
  if (response.status !== 200) {
    let reason = text.slice(0, 300);
    try {
      const body = JSON.parse(text) as { error?: string; message?: string };
      reason = `${body.error}: ${body.message}`;
    } catch {
      // not JSON: keep the text
    }
    throw new CliError(1, `the ledger answered ${response.status} to ${path.split('?')[0]}: ${reason}`);
  }
  return text;
}

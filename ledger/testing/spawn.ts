/**
 * The real ledger service as a child process on 127.0.0.1, on a port the OS
 * picks at run time, for the integration and crash tests and the e2e.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { keyPairFromSeed } from '../../shared/crypto/ed25519';
import { keyFileJson } from '../cli/key-file';

const ROOT = join(import.meta.dirname, '..', '..');

export interface RunningLedger {
  readonly url: string;
  readonly child: ChildProcess;
  /** Resolves with the exit code, or the signal's name. */
  readonly exited: Promise<number | string>;
  /** SIGTERM and wait. */
  stop(): Promise<void>;
  /** SIGKILL and wait. */
  kill(): Promise<void>;
  output(): string;
}

export function writeKeyFile(dir: string, seed: Uint8Array): string {
  const path = join(dir, 'hq-key.json');
  writeFileSync(path, keyFileJson(keyPairFromSeed(seed)), { mode: 0o600 });
  return path;
}

/**
 * Starts `ledger/main.ts` with the key, a database and, when `adminToken` is
 * given, that token in a file of its own (`--admin-token-file`), the way an
 * operator passes it; `args` are further options. The child never inherits
 * AIDTRAIL_ADMIN_TOKEN from the test run; `env` may set it.
 */
export async function startLedger(options: {
  keyFile: string;
  db?: string;
  postgres?: string;
  adminToken?: string;
  args?: readonly string[];
  env?: Record<string, string>;
}): Promise<RunningLedger> {
  const args = ['--import', 'tsx', join(ROOT, 'ledger', 'main.ts'), '--key', options.keyFile, '--port', '0'];
  if (options.adminToken !== undefined) {
    const tokenFile = join(mkdtempSync(join(tmpdir(), 'aidtrail-token-')), 'admin-token');
    writeFileSync(tokenFile, `${options.adminToken}\n`, { mode: 0o600 });
    args.push('--admin-token-file', tokenFile);
  }
  if (options.postgres !== undefined) args.push('--postgres', options.postgres);
  else if (options.db !== undefined) args.push('--db', options.db);
  args.push(...(options.args ?? []));
  const { AIDTRAIL_ADMIN_TOKEN: _inherited, ...inherited } = process.env;
  const child = spawn(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: { ...inherited, ...options.env } });
  let output = '';
  child.stdout!.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (output += c.toString()));
  const exited = new Promise<number | string>((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal ?? -1)));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the ledger did not start in 30 s:\n${output}`)), 30_000);
    const check = () => {
      const m = /ledger listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
      if (m !== null) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    };
    child.stdout!.on('data', check);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`the ledger exited (${code}) before listening:\n${output}`));
    });
  });
  const end = async (signal: NodeJS.Signals) => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    await exited;
  };
  return { url, child, exited, stop: () => end('SIGTERM'), kill: () => end('SIGKILL'), output: () => output };
}

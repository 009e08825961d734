/**
 * PostgreSQL for the ledger's tests and benchmark: PG_URL from the
 * environment when set (a server the caller runs; each test gets a fresh
 * database on it), otherwise a throw-away cluster: initdb into a temporary
 * directory and `postgres` listening on 127.0.0.1 on a free port, stopped and
 * deleted afterwards. As root (CI), the cluster runs as the `postgres` user
 * Debian's package creates, since PostgreSQL refuses to run as root.
 *
 * Availability is known synchronously (for describe.skipIf): when
 * PostgreSQL is not installed (or AIDTRAIL_POSTGRES=off) the suites are
 * skipped and say why, in their names and on the console; with
 * AIDTRAIL_REQUIRE_POSTGRES=1 (set by .ci/run) that is an error instead.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

export interface PostgresServer {
  /** Superuser URL of the server's `postgres` database. */
  readonly url: string;
  /** A new, empty database on the server; its URL. */
  createDatabase(): Promise<string>;
  stop(): Promise<void>;
}

type Availability = { readonly ok: true; readonly bin: string | null; readonly user?: { uid: number; gid: number } } | { readonly ok: false; readonly reason: string };

function findBin(): string | undefined {
  const root = '/usr/lib/postgresql';
  if (existsSync(root)) {
    const versions = readdirSync(root)
      .filter((v) => existsSync(join(root, v, 'bin', 'initdb')))
      .sort((a, b) => Number(b) - Number(a));
    if (versions[0] !== undefined) return join(root, versions[0], 'bin');
  }
  const which = spawnSync('sh', ['-c', 'command -v initdb'], { encoding: 'utf8' });
  const path = which.stdout.trim();
  return which.status === 0 && path !== '' ? path.replace(/\/initdb$/, '') : undefined;
}

function postgresUser(): { uid: number; gid: number } | undefined {
  const line = readFileSync('/etc/passwd', 'utf8')
    .split('\n')
    .find((l) => l.startsWith('postgres:'));
  const [, , uid, gid] = line?.split(':') ?? [];
  return uid === undefined || gid === undefined ? undefined : { uid: Number(uid), gid: Number(gid) };
}

function detect(): Availability {
  if (process.env.AIDTRAIL_POSTGRES === 'off') return { ok: false, reason: 'AIDTRAIL_POSTGRES=off' };
  if (process.env.PG_URL !== undefined && process.env.PG_URL !== '') return { ok: true, bin: null };
  const bin = findBin();
  if (bin === undefined) return { ok: false, reason: 'PostgreSQL is not installed (apt-get install -y postgresql) and PG_URL is not set' };
  if (process.getuid?.() === 0) {
    const user = postgresUser();
    if (user === undefined) return { ok: false, reason: 'running as root and there is no postgres user to run a throw-away cluster as' };
    return { ok: true, bin, user };
  }
  return { ok: true, bin };
}

export const postgresAvailability: Availability = detect();

/** The line a skipped suite prints; with AIDTRAIL_REQUIRE_POSTGRES=1 a missing PostgreSQL throws instead. */
export function postgresSkipReason(): string | undefined {
  if (postgresAvailability.ok) return undefined;
  if (process.env.AIDTRAIL_REQUIRE_POSTGRES === '1') {
    throw new Error(`AIDTRAIL_REQUIRE_POSTGRES=1 but ${postgresAvailability.reason}`);
  }
  console.warn(`PostgreSQL tests SKIPPED: ${postgresAvailability.reason}`);
  return postgresAvailability.reason;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

async function waitForServer(url: string, child: ChildProcess | undefined, log: () => string): Promise<void> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child !== undefined && child.exitCode !== null) throw new Error(`postgres exited with ${child.exitCode}: ${log()}`);
    const client = new pg.Client({ connectionString: url });
    try {
      await client.connect();
      await client.query('SELECT 1');
      await client.end();
      return;
    } catch (e) {
      await client.end().catch(() => undefined);
      if (Date.now() > deadline) throw new Error(`postgres did not accept connections in 30 s: ${(e as Error).message} ${log()}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

let databases = 0;

function server(url: string, stop: () => Promise<void>): PostgresServer {
  return {
    url,
    async createDatabase() {
      const name = `aidtrail_test_${process.pid}_${Date.now()}_${databases++}`;
      const admin = new pg.Client({ connectionString: url });
      await admin.connect();
      try {
        await admin.query(`CREATE DATABASE ${name}`);
      } finally {
        await admin.end();
      }
      const u = new URL(url);
      u.pathname = `/${name}`;
      return u.toString();
    },
    stop,
  };
}

/**
 * Starts (or, with PG_URL, connects to) PostgreSQL. `durable: false` turns
 * off fsync for speed in tests; the benchmark keeps the defaults.
 */
export async function startPostgres(options: { durable?: boolean } = {}): Promise<PostgresServer> {
  const availability = postgresAvailability;
  if (!availability.ok) throw new Error(availability.reason);
  if (availability.bin === null) {
    const url = process.env.PG_URL!;
    await waitForServer(url, undefined, () => '');
    return server(url, async () => undefined);
  }
  const dir = mkdtempSync(join(tmpdir(), 'aidtrail-pg-'));
  const data = join(dir, 'data');
  const as = availability.user === undefined ? {} : { uid: availability.user.uid, gid: availability.user.gid };
  if (availability.user !== undefined) chownSync(dir, availability.user.uid, availability.user.gid);
  const init = spawnSync(join(availability.bin, 'initdb'), ['-D', data, '-A', 'trust', '-U', 'aidtrail', '-E', 'UTF8', '--no-sync', '--no-instructions'], {
    ...as,
    cwd: dir,
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', LANG: 'C.UTF-8', LC_ALL: 'C.UTF-8' },
  });
  if (init.status !== 0) {
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`initdb failed: ${init.stderr || init.error?.message}`);
  }
  const port = await freePort();
  const settings = options.durable === true ? [] : ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off'];
  const child = spawn(join(availability.bin, 'postgres'), ['-D', data, '-k', dir, '-p', String(port), '-h', '127.0.0.1', ...settings], {
    ...as,
    cwd: dir,
    stdio: ['ignore', 'ignore', 'pipe'],
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', LANG: 'C.UTF-8', LC_ALL: 'C.UTF-8' },
  });
  let log = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    log = (log + chunk.toString()).slice(-4000);
  });
  const url = `postgres://aidtrail@127.0.0.1:${port}/postgres`;
  const stop = async () => {
    if (child.exitCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGINT'); // fast shutdown
      await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
      if (child.exitCode === null) child.kill('SIGKILL');
    }
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await waitForServer(url, child, () => log);
  } catch (e) {
    await stop();
    throw e;
  }
  return server(url, stop);
}

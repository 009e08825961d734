/**
 * The ledger's Node-version check (./preflight.mjs, issue 15): on a Node
 * older than 22.12 the ledger command stops before better-sqlite3 loads,
 * saying what to run instead, rather than dying with "Segmentation fault".
 * Node is made to report other versions by a module loaded before the check.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..');
/** The arguments of package.json's `ledger` script after `node`. */
const LEDGER = ['--import', './ledger/preflight.mjs', '--import', 'tsx', 'ledger/main.ts', '--key', 'never-created.json'];

const claiming = (version: string): string[] => ['--import', `data:text/javascript,Object.defineProperty(process.versions,"node",{value:${JSON.stringify(version)}})`];

function check(version: string): { status: number | null; stderr: string } {
  return spawnSync(process.execPath, [...claiming(version), '--import', './ledger/preflight.mjs', '-e', 'process.exit(0)'], { cwd: ROOT, encoding: 'utf8', timeout: 20_000 });
}

describe('the ledger’s Node-version check', () => {
  it('passes Node 22.12 and later, and refuses anything older or unreadable, naming bin/dev', () => {
    for (const version of ['22.12.0', '22.23.3', '23.0.0', '100.0.0']) expect(check(version), version).toMatchObject({ status: 0, stderr: '' });
    for (const version of ['22.11.9', '21.99.99', '20.20.2', '18.19.1', 'x']) {
      const run = check(version);
      expect(run.status, version).toBe(2);
      expect(run.stderr, version).toMatch(/needs Node 22\.12\.0 or newer[\s\S]*bin\/dev ledger/);
    }
  });

  it('stops the ledger command itself before it loads anything', () => {
    const run = spawnSync(process.execPath, [...claiming('20.20.0'), ...LEDGER], { cwd: ROOT, encoding: 'utf8', timeout: 20_000 });
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/^aidtrail ledger: this is Node 20\.20\.0; the ledger needs Node 22\.12\.0/);
    expect(existsSync(join(ROOT, 'never-created.json'))).toBe(false);
  });

  // The machine's own Node: Debian's /usr/bin/node is 20 on the build machines (PLATFORM.md).
  const system = spawnSync('/usr/bin/node', ['-p', 'process.versions.node'], { encoding: 'utf8' });
  const older = system.status === 0 && Number(system.stdout.split('.')[0]) < 22;
  it.runIf(older)('gives a real older Node the message instead of a crash', () => {
    const run = spawnSync('/usr/bin/node', LEDGER, { cwd: ROOT, encoding: 'utf8', timeout: 20_000 });
    expect(run.signal).toBeNull();
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/the ledger needs Node 22\.12\.0 or newer/);
  });
});

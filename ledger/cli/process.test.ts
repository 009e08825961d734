import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const BIN = join(import.meta.dirname, '..', '..', 'bin', 'aidtrail.mjs');

function aidtrail(args: string[], input = '') {
  const r = spawnSync(process.execPath, [BIN, ...args], { input, encoding: 'utf8', timeout: 20_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('the aidtrail executable', () => {
  it('reads standard input and reports malformed JSON in one line, without a stack trace', () => {
    const r = aidtrail(['verify-event', '-'], '{"v":1,"type":');
    expect(r.code).toBe(1);
    expect(r.err.trim().split('\n')).toHaveLength(1);
    expect(r.err).toMatch(/^aidtrail verify-event: standard input is not valid JSON/);
    expect(r.err).not.toMatch(/\n\s+at /);
  });

  it('refuses binary garbage on standard input as not UTF-8', () => {
    const r = spawnSync(process.execPath, [BIN, 'verify-credential', '-', '--trust', 'did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK'], {
      input: Buffer.from([0xff, 0xfe, 0x00, 0x80]),
      encoding: 'utf8',
    });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/not valid UTF-8/);
  });

  it('writes a key file only its owner can read', () => {
    const out = join(mkdtempSync(join(tmpdir(), 'aidtrail-')), 'key.json');
    const r = aidtrail(['keygen', '--out', out]);
    expect(r.code).toBe(0);
    expect(statSync(out).mode & 0o777).toBe(0o600);
    expect(JSON.parse(readFileSync(out, 'utf8'))).toMatchObject({ did: r.out.trim() });
  });

  it('exits 2 on an unknown command and lists the commands', () => {
    const r = aidtrail(['frobnicate']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/unknown command "frobnicate"/);
    expect(r.err).toMatch(/verify-inclusion/);
  });
});

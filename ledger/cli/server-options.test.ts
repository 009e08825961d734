import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { keyPairFromSeed } from '../../shared/crypto/ed25519';
import { publicKeyToDid } from '../../shared/crypto/did-key';
import { keyFileJson } from './key-file';
import { openKeyFile, parseLimit, parsePort, requireKeyFile, UsageError } from './server-options';

/** What `Number` or a looser check would take for a number, and the command line must not. */
const NOT_PLAIN_DIGITS = ['', '-1', '+80', '1e3', '0x10', '0b1', '0o7', '80.0', ' 80', '80 ', '80\n', '١٢٣', 'Infinity', 'NaN', '8_0'];

function usageError(run: () => unknown): string {
  try {
    run();
  } catch (e) {
    expect(e).toBeInstanceOf(UsageError);
    return (e as Error).message;
  }
  throw new Error('no usage error');
}

describe('--port', () => {
  it('takes 0 (a free port) to 65535 in plain decimal digits', () => {
    for (const [text, port] of [['0', 0], ['1', 1], ['8787', 8787], ['65535', 65535]] as const) expect(parsePort(text), text).toBe(port);
  });

  it('refuses ports past 65535, huge numbers, leading zeros and anything but plain digits, in one message', () => {
    for (const text of ['65536', '99999', '100000', '9'.repeat(400), '00', '080', ...NOT_PLAIN_DIGITS]) {
      expect(usageError(() => parsePort(text)), JSON.stringify(text)).toBe('--port must be 0–65535');
    }
  });
});

describe('a limit option', () => {
  it('takes a whole number from 1 in plain decimal digits, and leaves an absent one absent for the default', () => {
    for (const [text, limit] of [['1', 1], ['120', 120], ['1000000', 1000000]] as const) expect(parseLimit(text, '--rate-limit'), text).toBe(limit);
    expect(parseLimit(undefined, '--rate-limit')).toBeUndefined();
  });

  it('refuses 0, leading zeros, huge numbers and anything but plain digits, naming the option', () => {
    for (const text of ['0', '00', '01', '1000001', '9999999', '10000000', '9'.repeat(400), ...NOT_PLAIN_DIGITS]) {
      expect(usageError(() => parseLimit(text, '--request-timeout')), JSON.stringify(text)).toBe('--request-timeout must be a whole number from 1 to 1000000');
    }
  });
});

describe('--key', () => {
  it('is required, and the message says how to get a key', () => {
    expect(requireKeyFile('hq.json')).toBe('hq.json');
    expect(usageError(() => requireKeyFile(undefined))).toBe('--key FILE is required (create one with `aidtrail keygen --out FILE`, or add --create-key)');
  });
});

describe('opening the server key (--key, --create-key)', () => {
  const root = mkdtempSync(join(tmpdir(), 'aidtrail-server-key-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  const fresh = (): string => mkdtempSync(join(root, 'k-'));
  const KEY = keyPairFromSeed(new Uint8Array(32).fill(7));

  it('with --create-key and no file there, writes a new key only its owner can read, and opens it', async () => {
    const path = join(fresh(), 'hq.json');
    const key = await openKeyFile(path, true);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(JSON.parse(readFileSync(path, 'utf8'))).toMatchObject({ did: key.did });
  });

  it('with --create-key and a key file there, opens that key and leaves the file as it was', async () => {
    const path = join(fresh(), 'hq.json');
    writeFileSync(path, keyFileJson(KEY), { mode: 0o600 });
    const key = await openKeyFile(path, true);
    expect(key.did).toBe(publicKeyToDid(KEY.publicKey));
    expect(readFileSync(path, 'utf8')).toBe(keyFileJson(KEY));
  });

  it('with --create-key and something else there, neither replaces it nor takes it, and it is not a usage error', async () => {
    const dir = fresh();
    const notAKey = join(dir, 'notes.txt');
    writeFileSync(notAKey, 'precious');
    const refused = await openKeyFile(notAKey, true).catch((e: unknown) => e);
    expect((refused as Error).message).toContain(`${notAKey} is not valid JSON (`);
    // The servers exit 1 for this, 2 only for a UsageError.
    expect(refused).not.toBeInstanceOf(UsageError);
    expect(readFileSync(notAKey, 'utf8')).toBe('precious');

    const folder = join(dir, 'folder');
    mkdirSync(folder);
    await expect(openKeyFile(folder, true)).rejects.toThrow(`${folder} is not a file`);
  });

  it('without --create-key, a missing file is refused and none is made', async () => {
    const path = join(fresh(), 'hq.json');
    await expect(openKeyFile(path, false)).rejects.toThrow(`cannot read ${path}: ENOENT`);
    expect(existsSync(path)).toBe(false);
  });
});

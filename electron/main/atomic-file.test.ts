import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readFileIfExists, writeFileAtomic } from './atomic-file';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'aidtrail-atomic-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const text = (s: string) => new TextEncoder().encode(s);

describe('writeFileAtomic', () => {
  it('creates a file (and its directory) readable by the owner only, leaving no temporary file', async () => {
    const path = join(dir, 'nested', 'vault.json');
    await expect(writeFileAtomic(path, text('one'), 'create')).resolves.toBe('written');
    expect(await readFile(path, 'utf8')).toBe('one');
    if (process.platform !== 'win32') expect((await stat(path)).mode & 0o777).toBe(0o600);
    expect(await readdir(join(dir, 'nested'))).toEqual(['vault.json']);
  });

  it.each([
    { mode: 'create', answer: 'exists', kept: 'first', name: 'never replaces an existing file in create mode' },
    { mode: 'replace', answer: 'written', kept: 'second', name: 'replaces atomically in replace mode' },
  ] as const)('$name', async ({ mode, answer, kept }) => {
    const path = join(dir, 'vault.json');
    await writeFile(path, 'first');
    await expect(writeFileAtomic(path, text('second'), mode)).resolves.toBe(answer);
    expect(await readFile(path, 'utf8')).toBe(kept);
    expect(await readdir(dir)).toEqual(['vault.json']);
  });

  it('lets exactly one of many concurrent creators win', async () => {
    const path = join(dir, 'vault.json');
    const answers = await Promise.all(
      Array.from({ length: 8 }, (_, i) => writeFileAtomic(path, text(`writer ${i}`), 'create')),
    );
    expect(answers.filter((a) => a === 'written')).toHaveLength(1);
    const winner = answers.indexOf('written');
    expect(await readFile(path, 'utf8')).toBe(`writer ${winner}`);
    expect(await readdir(dir)).toEqual(['vault.json']);
  });
});

describe('readFileIfExists', () => {
  it('answers null for a missing file and the bytes otherwise', async () => {
    const path = join(dir, 'vault.json');
    await expect(readFileIfExists(path)).resolves.toBeNull();
    await writeFile(path, 'x');
    await expect(readFileIfExists(path)).resolves.toEqual(text('x'));
  });
});

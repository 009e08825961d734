/**
 * electron-builder.yml, since the package cannot be built here (no Electron
 * download): every fuse is set as the hardening requires, every key is one
 * the installed electron-builder knows (a typo would be ignored silently and
 * ship an unfused binary), and the icons it names exist.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { load } from 'js-yaml';
import { describe, expect, it } from 'vitest';

const repo = (path: string): string => fileURLToPath(new URL(`../${path}`, import.meta.url));

const text = readFileSync(repo('electron-builder.yml'), 'utf8');
const config = load(text) as Record<string, unknown> & {
  readonly asar?: unknown;
  readonly electronFuses?: Record<string, unknown>;
  readonly linux?: { readonly icon?: string };
  readonly win?: { readonly icon?: string };
};

/** The JSON schema electron-builder validates its configuration against. */
const schema = JSON.parse(readFileSync(repo('node_modules/app-builder-lib/scheme.json'), 'utf8')) as {
  readonly properties: Record<string, unknown>;
  readonly definitions: { readonly FuseOptionsV1: { readonly properties: Record<string, unknown> } };
};

describe('electron-builder.yml fuses', () => {
  const fuses = config.electronFuses ?? {};

  it.each([
    ['runAsNode', false],
    ['enableCookieEncryption', true],
    ['enableNodeOptionsEnvironmentVariable', false],
    ['enableNodeCliInspectArguments', false],
    ['enableEmbeddedAsarIntegrityValidation', true],
    ['onlyLoadAppFromAsar', true],
    ['loadBrowserProcessSpecificV8Snapshot', false],
    ['grantFileProtocolExtraPrivileges', false],
  ])('sets %s to %s', (fuse, value) => {
    expect(fuses[fuse]).toBe(value);
  });

  it('names only fuses the installed electron-builder knows', () => {
    const known = Object.keys(schema.definitions.FuseOptionsV1.properties);
    expect(Object.keys(fuses).filter((fuse) => !known.includes(fuse))).toEqual([]);
  });

  it('packs the app into an asar archive, which the asar fuses check', () => {
    expect(config.asar).toBe(true);
  });
});

describe('electron-builder.yml', () => {
  it('uses only top-level keys electron-builder knows', () => {
    expect(Object.keys(config).filter((key) => !(key in schema.properties))).toEqual([]);
  });

  it('names icons that exist: a directory of PNGs for Linux, an ICO for Windows', () => {
    const linux = config.linux?.icon ?? '';
    const win = config.win?.icon ?? '';
    expect(linux).not.toBe('');
    expect(statSync(repo(linux)).isDirectory()).toBe(true);
    expect(existsSync(repo(`${linux}/256x256.png`))).toBe(true);
    expect(win).toMatch(/\.ico$/);
    expect(statSync(repo(win)).isFile()).toBe(true);
  });

  it('has no TODO left', () => {
    expect(text).not.toMatch(/TODO/i);
  });
});

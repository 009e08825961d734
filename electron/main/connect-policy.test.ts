/**
 * The desktop CSP's connect-src as operators widen it (`network:allow`):
 * exact origins only, saved in network.json atomically and read back at the
 * next start, bounded, and a reload asked for only when the page needs one.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MAX_ALLOWED_HQ, MAX_ALLOWED_LAN } from '../../shared/network';
import { ConnectPolicy, INVALID_NETWORK_CONFIG_FILE, type ConnectPolicyOptions } from './connect-policy';
import { NETWORK_CONFIG_FILE, readNetworkSources } from './network-config';

let dir: string;
let logged: string[];
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'aidtrail-connect-policy-'));
  logged = [];
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const fileOf = () => join(dir, NETWORK_CONFIG_FILE);
const readFile = (): unknown => JSON.parse(readFileSync(fileOf(), 'utf8'));

/** A policy as index.ts makes one at start: the sources read from `dir`. */
function policy(options: Partial<ConnectPolicyOptions> = {}): ConnectPolicy {
  const sources = readNetworkSources({ userData: dir, env: {}, hostedSignaling: undefined, log: (message) => logged.push(message) });
  return new ConnectPolicy({ userData: dir, mode: 'production', sources, log: (message) => logged.push(message), ...options });
}

const connectSrcOf = (csp: string): string[] => csp.split('; ').find((d) => d.startsWith('connect-src '))!.split(' ').slice(1);

describe('ConnectPolicy', () => {
  it('starts from what network.json and the environment say', () => {
    writeFileSync(fileOf(), JSON.stringify({ hq: 'https://hq.example.org', lan: ['ws://10.0.0.5:4444'] }));
    const p = new ConnectPolicy({
      userData: dir,
      mode: 'production',
      sources: { ...readNetworkSources({ userData: dir, env: {}, hostedSignaling: undefined }), hostedSignaling: { host: '10.0.0.7', port: 4444 } },
    });
    expect(p.connectSrc()).toEqual(['https://hq.example.org', 'ws://10.0.0.5:4444', 'ws://10.0.0.7:4444']);
    expect(connectSrcOf(p.csp())).toEqual(["'self'", 'https://hq.example.org', 'ws://10.0.0.5:4444', 'ws://10.0.0.7:4444']);
  });

  it('allows a signaling address: saved, in the CSP of later responses, and a reload asked for', async () => {
    const p = policy();
    expect(connectSrcOf(p.csp())).toEqual(["'self'"]);
    await expect(p.allow('ws://10.0.0.5:4444', 'lan')).resolves.toEqual({ ok: true, value: { added: true, reload: true } });
    expect(connectSrcOf(p.csp())).toEqual(["'self'", 'ws://10.0.0.5:4444']);
    expect(readFile()).toEqual({ lan: ['ws://10.0.0.5:4444'] });
    // Nothing else is left beside it (no temporary file).
    expect(readdirSync(dir)).toEqual([NETWORK_CONFIG_FILE]);
  });

  it('asks for a reload until a page loaded after the address was allowed', async () => {
    const p = policy();
    await p.allow('wss://lead.local', 'lan');
    // Asked again before the page reloaded: nothing new, but still a reload.
    await expect(p.allow('wss://lead.local', 'lan')).resolves.toEqual({ ok: true, value: { added: false, reload: true } });
    p.pageLoading();
    await expect(p.allow('wss://lead.local', 'lan')).resolves.toEqual({ ok: true, value: { added: false, reload: false } });
    await expect(p.allow('WSS://Lead.Local:443/', 'lan')).resolves.toEqual({ ok: true, value: { added: false, reload: false } });
    expect(readFile()).toEqual({ lan: ['wss://lead.local'] });
  });

  it('answers an address already configured without writing anything', async () => {
    const p = new ConnectPolicy({ userData: dir, mode: 'production', sources: { hqUrl: 'https://hq.example.org' } });
    await expect(p.allow('https://hq.example.org', 'hq')).resolves.toEqual({ ok: true, value: { added: false, reload: false } });
    expect(readdirSync(dir)).toEqual([]);
  });

  it('keeps what network.json held, and reads back at the next start what it wrote', async () => {
    writeFileSync(fileOf(), JSON.stringify({ hq: 'https://hq.example.org', lan: ['ws://10.0.0.5:4444'] }));
    const p = policy();
    await p.allow('ws://10.0.0.6:4444', 'lan');
    await p.allow('https://ledger.example.org', 'hq');
    const expected = ['https://hq.example.org', 'https://ledger.example.org', 'ws://10.0.0.5:4444', 'ws://10.0.0.6:4444'];
    expect(readFile()).toEqual({ hq: ['https://hq.example.org', 'https://ledger.example.org'], lan: ['ws://10.0.0.5:4444', 'ws://10.0.0.6:4444'] });
    expect(p.connectSrc()).toEqual(expected);
    const restarted = policy();
    expect(restarted.connectSrc()).toEqual(expected);
    expect(restarted.csp()).toBe(p.csp());
    expect(logged).toEqual([]);
  });

  it('writes one HQ as a string, and keeps only the newest HQs', async () => {
    const p = policy();
    await p.allow('https://hq1.example.org', 'hq');
    expect(readFile()).toEqual({ hq: 'https://hq1.example.org' });
    for (let i = 2; i <= MAX_ALLOWED_HQ + 1; i++) await p.allow(`https://hq${i}.example.org`, 'hq');
    const kept = Array.from({ length: MAX_ALLOWED_HQ }, (_, i) => `https://hq${i + 2}.example.org`);
    expect(readFile()).toEqual({ hq: kept });
    expect(p.connectSrc()).toEqual(kept);
    // One that went, allowed again, comes back as the newest.
    await expect(p.allow('https://hq1.example.org', 'hq')).resolves.toMatchObject({ ok: true, value: { added: true } });
    expect(readFile()).toEqual({ hq: [...kept.slice(1), 'https://hq1.example.org'] });
  });

  it(`keeps the newest ${MAX_ALLOWED_LAN} signaling addresses: past them the oldest goes`, async () => {
    const p = policy();
    for (let i = 0; i < MAX_ALLOWED_LAN; i++) {
      await expect(p.allow(`ws://10.0.1.${i}:4444`, 'lan')).resolves.toMatchObject({ ok: true, value: { added: true } });
    }
    await expect(p.allow('ws://10.0.2.1:4444', 'lan')).resolves.toMatchObject({ ok: true, value: { added: true } });
    expect(p.connectSrc()).toContain('ws://10.0.2.1:4444');
    expect(p.connectSrc()).not.toContain('ws://10.0.1.0:4444');
    const lan = (readFile() as { lan: string[] }).lan;
    expect(lan).toHaveLength(MAX_ALLOWED_LAN);
    expect(lan.at(-1)).toBe('ws://10.0.2.1:4444');
    // One already there is still fine, and an HQ is not a signaling address.
    await expect(p.allow('ws://10.0.1.5:4444', 'lan')).resolves.toMatchObject({ ok: true, value: { added: false } });
    await expect(p.allow('https://hq.example.org', 'hq')).resolves.toMatchObject({ ok: true, value: { added: true } });
  });

  it.each([
    ['a wildcard', '*', 'lan'],
    ['a wildcard host', 'ws://*:4444', 'lan'],
    ['a wildcard subdomain', 'https://*.example.org', 'hq'],
    ['a CSP keyword', "'unsafe-eval'", 'hq'],
    ['self', "'self'", 'hq'],
    ['a bare scheme', 'wss:', 'lan'],
    ['a space and a directive', "https://hq.example.org script-src 'unsafe-inline'", 'hq'],
    ['a semicolon and a directive', 'ws://10.0.0.5:4444;script-src *', 'lan'],
    ['a comma and another origin', 'https://hq.example.org,https://evil.example', 'hq'],
    ['a leading space', ' ws://10.0.0.5:4444', 'lan'],
    ['a trailing newline', 'ws://10.0.0.5:4444\n', 'lan'],
    ['a path', 'https://hq.example.org/ledger', 'hq'],
    ['a query', 'ws://10.0.0.5:4444/?room=x', 'lan'],
    ['a fragment', 'https://hq.example.org#x', 'hq'],
    ['credentials', 'https://user:secret@hq.example.org', 'hq'],
    ['javascript:', 'javascript:alert(1)', 'hq'],
    ['data:', 'data:text/html,<script>alert(1)</script>', 'hq'],
    ['blob:', 'blob:https://hq.example.org/x', 'hq'],
    ['file:', 'file:///etc/passwd', 'hq'],
    ['an http address as a signaling one', 'http://10.0.0.5:4444', 'lan'],
    ['a ws address as HQ', 'ws://10.0.0.5:4444', 'hq'],
    ['an IPv6 literal', 'ws://[::1]:4444', 'lan'],
    ['a port out of range', 'ws://10.0.0.5:99999', 'lan'],
    ['an empty string', '', 'lan'],
    ['a very long host', `wss://${'a'.repeat(5000)}.example`, 'lan'],
    ['a non-ASCII host', 'https://hq.exämple.org', 'hq'],
  ] as const)('refuses %s with invalid, and changes nothing', async (_what, url, kind) => {
    const p = policy();
    const before = p.csp();
    const answer = await p.allow(url, kind);
    expect(answer).toMatchObject({ ok: false, code: 'invalid' });
    expect(p.csp()).toBe(before);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('never lets what it was given into the CSP but the origin', async () => {
    const p = policy();
    await p.allow('HTTPS://HQ.Example.ORG:443/', 'hq');
    expect(connectSrcOf(p.csp())).toEqual(["'self'", 'https://hq.example.org']);
    expect(p.csp()).not.toMatch(/unsafe|\*/);
  });

  it('starts a new network.json over one that does not read, keeping the old one aside', async () => {
    writeFileSync(fileOf(), '{ "hq": "https://hq.example.org", "lan": ["*"] }');
    const p = policy();
    expect(p.connectSrc()).toEqual([]);
    expect(logged).toEqual([expect.stringMatching(/network\.json ignored/)]);
    await expect(p.allow('ws://10.0.0.5:4444', 'lan')).resolves.toMatchObject({ ok: true, value: { added: true } });
    expect(readFile()).toEqual({ lan: ['ws://10.0.0.5:4444'] });
    expect(readFileSync(join(dir, INVALID_NETWORK_CONFIG_FILE), 'utf8')).toBe('{ "hq": "https://hq.example.org", "lan": ["*"] }');
    expect(logged.at(-1)).toMatch(/kept as network\.json\.invalid/);
  });

  it('takes in what an administrator added to network.json since the start', async () => {
    const p = policy();
    writeFileSync(fileOf(), JSON.stringify({ hq: 'https://hq.example.org' }));
    await p.allow('ws://10.0.0.5:4444', 'lan');
    expect(readFile()).toEqual({ hq: 'https://hq.example.org', lan: ['ws://10.0.0.5:4444'] });
    expect(p.connectSrc()).toEqual(['https://hq.example.org', 'ws://10.0.0.5:4444']);
  });

  it('allows one address at a time: calls at once all land in the file', async () => {
    const p = policy();
    const answers = await Promise.all(Array.from({ length: 8 }, (_, i) => p.allow(`ws://10.0.3.${i}:4444`, 'lan')));
    expect(answers.every((a) => a.ok && a.value.added)).toBe(true);
    expect((readFile() as { lan: string[] }).lan).toHaveLength(8);
    expect(p.connectSrc()).toHaveLength(8);
  });

  it('fails (and changes nothing) when network.json cannot be written', async () => {
    // A directory in the way of the file: the atomic rename fails.
    mkdirSync(fileOf());
    const p = policy();
    await expect(p.allow('ws://10.0.0.5:4444', 'lan')).rejects.toThrow();
    expect(p.connectSrc()).toEqual([]);
  });

  it('keeps the development allowances of the Vite dev server', async () => {
    const p = policy({ mode: 'development' });
    await p.allow('ws://10.0.0.5:4444', 'lan');
    expect(connectSrcOf(p.csp())).toEqual(["'self'", 'ws://localhost:*', 'ws://127.0.0.1:*', 'ws://10.0.0.5:4444']);
  });
});

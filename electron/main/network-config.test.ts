/**
 * The configured endpoints that become the desktop CSP's connect-src: only
 * exact origins pass, hostile or sloppy entries are reported and left out.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { rendererCsp } from '../security-policy';
import { NETWORK_CONFIG_FILE, networkAllowList, parseOrigin, readNetworkSources } from './network-config';

const HQ = ['http:', 'https:'];
const LAN = ['ws:', 'wss:'];

describe('parseOrigin', () => {
  it.each([
    ['https://hq.example.org', HQ, 'https://hq.example.org'],
    ['https://hq.example.org/', HQ, 'https://hq.example.org'],
    ['HTTPS://HQ.Example.ORG', HQ, 'https://hq.example.org'],
    ['https://hq.example.org:443', HQ, 'https://hq.example.org'],
    ['http://10.0.0.2:8080', HQ, 'http://10.0.0.2:8080'],
    ['ws://10.0.0.5:4444', LAN, 'ws://10.0.0.5:4444'],
    ['wss://lead.local', LAN, 'wss://lead.local'],
  ])('accepts %s as %s', (text, schemes, origin) => {
    expect(parseOrigin(text, schemes)).toEqual({ ok: true, origin });
  });

  it.each([
    ['*', HQ],
    ['https://*', HQ],
    ['https://*.example.org', HQ],
    ["'unsafe-eval'", HQ],
    ["'self'", HQ],
    ['https:', HQ],
    ['https://hq.example.org/ledger', HQ],
    ['https://hq.example.org?x=1', HQ],
    ['https://hq.example.org#x', HQ],
    ['https://user:pw@hq.example.org', HQ],
    ['https://hq.example.org script-src', HQ],
    ['https://hq.example.org;script-src *', HQ],
    ['https://hq.example.org,https://evil.example', HQ],
    [' https://hq.example.org', HQ],
    ['https://hq.example.org\n', HQ],
    ['javascript:alert(1)', HQ],
    ['data:text/plain,x', HQ],
    ['blob:https://hq.example.org/x', HQ],
    ['ftp://hq.example.org', HQ],
    ['ws://10.0.0.5:4444', HQ],
    ['https://hq.example.org', LAN],
    ['ws://10.0.0.5:99999', LAN],
    ['ws://[::1]:4444', LAN],
    ['ws://-bad-.example:1', LAN],
    ['ws://hq..example', LAN],
    ['', LAN],
    [`wss://${'a'.repeat(250)}.example`, LAN],
  ])('refuses %j', (text, schemes) => {
    const result = parseOrigin(text, schemes);
    expect(result.ok).toBe(false);
  });

  it('gives every accepted origin a form the CSP builder takes', () => {
    const result = parseOrigin('WS://LEAD.local:4444/', LAN);
    expect(result).toEqual({ ok: true, origin: 'ws://lead.local:4444' });
    if (result.ok) expect(() => rendererCsp({ mode: 'production', delivery: 'header', connectSrc: [result.origin] })).not.toThrow();
  });
});

describe('networkAllowList', () => {
  it('merges network.json, AIDTRAIL_HQ_URL and the hosted signaling service, without duplicates', () => {
    const list = networkAllowList({
      file: JSON.stringify({ hq: 'https://hq.example.org/', lan: ['ws://10.0.0.5:4444', 'wss://lead.local'] }),
      hqUrl: 'https://hq.example.org',
      hostedSignaling: { host: '10.0.0.5', port: 4444 },
    });
    expect(list).toEqual({ connectSrc: ['https://hq.example.org', 'ws://10.0.0.5:4444', 'wss://lead.local'], problems: [] });
  });

  it('takes a list of HQ origins (the ledger in use and the ones before it)', () => {
    const list = networkAllowList({ file: JSON.stringify({ hq: ['https://old.example.org', 'https://hq.example.org/'] }) });
    expect(list).toEqual({ connectSrc: ['https://old.example.org', 'https://hq.example.org'], problems: [] });
  });

  it('allows nothing but the app itself when nothing is configured', () => {
    expect(networkAllowList({})).toEqual({ connectSrc: [], problems: [] });
    expect(networkAllowList({ hqUrl: '' })).toEqual({ connectSrc: [], problems: [] });
  });

  it('reaches a signaling service bound to every interface through loopback and the laptop’s own addresses', () => {
    const list = networkAllowList({ hostedSignaling: { host: '0.0.0.0', port: 4444 }, localAddresses: ['192.168.1.10'] });
    expect(list.connectSrc).toEqual(['ws://127.0.0.1:4444', 'ws://localhost:4444', 'ws://192.168.1.10:4444']);
  });

  it.each([
    ['not JSON', '{ hq: https://x }', /not JSON/],
    ['an unknown key', JSON.stringify({ hq: 'https://hq.example.org', connect: ['*'] }), /Unrecognized key|connect/],
    ['a wildcard', JSON.stringify({ lan: ['ws://10.0.0.5:4444', '*'] }), /lan\.1/],
    ['a keyword', JSON.stringify({ hq: "'unsafe-eval'" }), /hq/],
    ['a path', JSON.stringify({ hq: 'https://hq.example.org/ledger' }), /hq/],
    ['a directive smuggled after a semicolon', JSON.stringify({ hq: "https://hq.example.org; script-src 'unsafe-inline'" }), /hq/],
    ['javascript:', JSON.stringify({ hq: 'javascript:alert(1)' }), /hq/],
    ['the wrong scheme for the field', JSON.stringify({ lan: ['https://hq.example.org'] }), /lan\.0/],
    ['a non-string', JSON.stringify({ lan: [4444] }), /lan\.0/],
    ['a string instead of a list', JSON.stringify({ lan: 'ws://10.0.0.5:4444' }), /lan/],
    ['an array at the top', JSON.stringify(['https://hq.example.org']), /\(top\)/],
    ['an empty HQ list', JSON.stringify({ hq: [] }), /hq/],
    ['too many HQ entries', JSON.stringify({ hq: Array.from({ length: 5 }, (_, i) => `https://hq${i}.example.org`) }), /hq/],
    ['a bad HQ in a list', JSON.stringify({ hq: ['https://hq.example.org', 'https://*.example.org'] }), /hq\.1/],
    ['too many LAN entries', JSON.stringify({ lan: Array.from({ length: 33 }, (_, i) => `ws://10.0.0.${i}:4444`) }), /lan/],
  ])('ignores the whole file when it holds %s, and says why', (_what, file, reason) => {
    const list = networkAllowList({ file, hqUrl: 'https://hq.example.org' });
    expect(list.connectSrc).toEqual(['https://hq.example.org']);
    expect(list.problems).toHaveLength(1);
    expect(list.problems[0]).toMatch(/^network\.json ignored: /);
    expect(list.problems[0]).toMatch(reason);
  });

  it('reports and leaves out a bad AIDTRAIL_HQ_URL, and a hosted address a CSP cannot name', () => {
    const list = networkAllowList({ hqUrl: 'https://*.example.org', hostedSignaling: { host: '::1', port: 4444 } });
    expect(list.connectSrc).toEqual([]);
    expect(list.problems).toEqual([
      expect.stringMatching(/^AIDTRAIL_HQ_URL: /),
      expect.stringMatching(/^the hosted signaling service: /),
    ]);
  });
});

describe('readNetworkSources', () => {
  let dir: string | undefined;
  afterEach(() => {
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
    dir = undefined;
  });

  it('reads network.json from userData and AIDTRAIL_HQ_URL from the environment', () => {
    dir = mkdtempSync(join(tmpdir(), 'aidtrail-network-'));
    writeFileSync(join(dir, NETWORK_CONFIG_FILE), '{"lan":["ws://10.0.0.5:4444"]}');
    const sources = readNetworkSources({ userData: dir, env: { AIDTRAIL_HQ_URL: 'https://hq.example.org' }, hostedSignaling: undefined });
    expect(sources.file).toBe('{"lan":["ws://10.0.0.5:4444"]}');
    expect(sources.hqUrl).toBe('https://hq.example.org');
    expect(networkAllowList(sources).connectSrc).toEqual(['ws://10.0.0.5:4444', 'https://hq.example.org']);
  });

  it('treats a missing file as no configuration, quietly', () => {
    dir = mkdtempSync(join(tmpdir(), 'aidtrail-network-'));
    const logged: string[] = [];
    const sources = readNetworkSources({ userData: dir, env: {}, hostedSignaling: undefined, log: (message) => logged.push(message) });
    expect(sources.file).toBeUndefined();
    expect(logged).toEqual([]);
  });

  it('treats an unreadable file as absent, and logs it', () => {
    dir = mkdtempSync(join(tmpdir(), 'aidtrail-network-'));
    // A directory where the file should be: reading fails with EISDIR, not ENOENT.
    mkdirSync(join(dir, NETWORK_CONFIG_FILE));
    const logged: string[] = [];
    const sources = readNetworkSources({ userData: dir, env: {}, hostedSignaling: undefined, log: (message) => logged.push(message) });
    expect(sources.file).toBeUndefined();
    expect(logged).toEqual([expect.stringMatching(/cannot read .*network\.json/)]);
  });
});

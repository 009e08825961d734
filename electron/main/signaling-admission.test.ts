import { describe, expect, it } from 'vitest';
import { addressKey, originAllowed } from './signaling-admission';

describe('who may open a signaling connection', () => {
  it('admits native clients (no Origin) and the kit\'s own pages, refuses every other web origin', () => {
    for (const origin of [undefined, 'file://', 'app://aidtrail', 'http://127.0.0.1:5757', 'http://localhost:4173', 'http://[::1]:5757', 'https://localhost']) {
      expect(originAllowed(origin), String(origin)).toBe(true);
    }
    for (const origin of ['null', '', 'http://192.168.1.50', 'https://evil.example', 'http://127.0.0.1.evil.example', 'http://localhost.evil.example:5757', 'ws://127.0.0.1', 'chrome-extension://x', 'not a url']) {
      expect(originAllowed(origin), origin).toBe(false);
    }
  });

  it('counts a host by its IPv4 address (also IPv4-mapped) or its IPv6 /64', () => {
    expect(addressKey('192.168.1.7')).toBe('192.168.1.7');
    expect(addressKey('::ffff:192.168.1.7')).toBe('192.168.1.7');
    expect(addressKey('fe80::1:2:3:4%eth0')).toBe('fe80:0:0:0::/64');
    expect(addressKey('2001:db8:aa:bb:1::9')).toBe('2001:db8:aa:bb::/64');
    expect(addressKey('2001:db8:aa:bb:ffff:1:2:3')).toBe('2001:db8:aa:bb::/64');
    expect(addressKey('::1')).toBe('0:0:0:0::/64');
    expect(addressKey(undefined)).toBeUndefined();
    expect(addressKey('')).toBeUndefined();
  });
});

import { afterEach, describe, expect, it } from 'vitest';
import { parseSignalingAddress, SignalingHost } from './signaling';

const hosts: SignalingHost[] = [];
afterEach(async () => {
  await Promise.all(hosts.splice(0).map((h) => h.stop()));
});

describe('the kit-hosted signaling server', () => {
  it('starts on the chosen host, reports its status, restarts elsewhere and stops', async () => {
    const host = new SignalingHost();
    hosts.push(host);
    expect(host.status()).toStrictEqual({ running: false });
    const first = await host.start({ host: '127.0.0.1', port: 0 });
    expect(host.status()).toMatchObject({ running: true, url: first.url, stats: { connections: 0 } });
    expect(await host.start({ host: '127.0.0.1', port: first.port })).toBe(first);
    const second = await host.start({ host: '127.0.0.1', port: 0 });
    expect(second).toBe(first); // port 0 = any: the running one will do
    await host.stop();
    expect(host.status()).toStrictEqual({ running: false });
    expect((await fetch(`http://127.0.0.1:${first.port}/`).catch(() => undefined))?.status).toBeUndefined();
  });

  it('reads the address the lead gives, and refuses a malformed one', () => {
    expect(parseSignalingAddress('0.0.0.0:4444')).toEqual({ host: '0.0.0.0', port: 4444 });
    expect(parseSignalingAddress('[::1]:4444')).toEqual({ host: '::1', port: 4444 });
    for (const bad of ['4444', 'host:', 'a b:1', '1.2.3.4:99999', 'x:1;rm']) expect(parseSignalingAddress(bad)).toBeUndefined();
  });
});

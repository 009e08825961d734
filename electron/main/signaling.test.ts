import { afterEach, describe, expect, it } from 'vitest';
import { signalingStatus, startSignaling, stopSignaling } from './signaling';

afterEach(stopSignaling);

describe('the kit-hosted signaling server', () => {
  it('starts on the chosen host, reports its status, restarts elsewhere and stops', async () => {
    expect(signalingStatus()).toStrictEqual({ running: false });
    const first = await startSignaling({ host: '127.0.0.1', port: 0 });
    expect(signalingStatus()).toMatchObject({ running: true, url: first.url, stats: { connections: 0 } });
    expect(await startSignaling({ host: '127.0.0.1', port: first.port })).toBe(first);
    const second = await startSignaling({ host: '127.0.0.1', port: 0 });
    expect(second).toBe(first); // port 0 = any: the running one will do
    await stopSignaling();
    expect(signalingStatus()).toStrictEqual({ running: false });
    expect((await fetch(`http://127.0.0.1:${first.port}/`).catch(() => undefined))?.status).toBeUndefined();
  });
});

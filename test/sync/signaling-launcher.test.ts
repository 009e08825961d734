/** bin/signaling-server.mjs: the signaling server from the command line (as bin/start.mjs --signaling runs it). */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const script = fileURLToPath(new URL('../../bin/signaling-server.mjs', import.meta.url));

describe('bin/signaling-server.mjs', () => {
  it('binds the given host on a port chosen at run time, says where, and stops on SIGTERM', { timeout: 30_000 }, async () => {
    const child = spawn(process.execPath, [script, '--host', '127.0.0.1', '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      const [line] = (await once(child.stdout!, 'data')) as [Buffer];
      const url = /ws:\/\/127\.0\.0\.1:(\d+)/.exec(String(line));
      expect(url).not.toBeNull();
      const response = await fetch(`http://127.0.0.1:${url![1]}/`);
      expect(await response.text()).toBe('aidtrail signaling\n');
      child.kill('SIGTERM');
      const [code] = (await once(child, 'exit')) as [number];
      expect(code).toBe(0);
    } finally {
      child.kill('SIGKILL');
    }
  });

  it('refuses a bad port with a message', { timeout: 30_000 }, async () => {
    const child = spawn(process.execPath, [script, '--port', 'x'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let err = '';
    child.stderr!.on('data', (d) => (err += String(d)));
    const [code] = (await once(child, 'exit')) as [number];
    expect(code).toBe(1);
    expect(err).toMatch(/--port must be a port number/);
  });
});

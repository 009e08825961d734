import { describe, expect, it, vi } from 'vitest';
import type { IpcMain } from 'electron';
import { ipcChannels } from '../../shared/ipc';
import { dispatch, registerIpcHandlers, type DispatchOptions } from './ipc';

const APP = 'file:///app/out/renderer/index.html';
const info = { name: 'aidtrail', version: '0.1.0', platform: 'linux' };
const options: DispatchOptions = { appEntry: APP, deps: { appInfo: () => info } };

describe('dispatch', () => {
  it('answers app:get-info with an ok envelope', async () => {
    await expect(dispatch('app:get-info', APP, [], options)).resolves.toEqual({ ok: true, value: info });
  });

  it('refuses arguments the schema does not allow', async () => {
    const result = await dispatch('app:get-info', APP, ['unexpected'], options);
    expect(result).toMatchObject({ ok: false, code: 'invalid-args' });
  });

  it.each([undefined, 'https://evil.example/', 'file:///tmp/other.html', 'about:blank'])(
    'refuses a caller that is not the app: %s',
    async (sender) => {
      const result = await dispatch('app:get-info', sender, [], options);
      expect(result).toMatchObject({ ok: false, code: 'forbidden' });
    },
  );

  it('turns a throwing handler into an internal error, logged, with no stack in the answer', async () => {
    const logError = vi.fn();
    const failing: DispatchOptions = {
      appEntry: APP,
      logError,
      deps: {
        appInfo: () => {
          throw new Error('secret detail');
        },
      },
    };
    const result = await dispatch('app:get-info', APP, [], failing);
    expect(result).toMatchObject({ ok: false, code: 'internal' });
    expect(JSON.stringify(result)).not.toContain('secret detail');
    expect(logError).toHaveBeenCalledOnce();
  });
});

describe('registerIpcHandlers', () => {
  it('registers every channel of the contract and passes the sender frame URL', async () => {
    const registered = new Map<string, (event: unknown, ...args: unknown[]) => unknown>();
    const ipcMain = {
      handle: (channel: string, listener: (event: unknown, ...args: unknown[]) => unknown) => {
        registered.set(channel, listener);
      },
    } as unknown as IpcMain;
    registerIpcHandlers(ipcMain, options);
    expect([...registered.keys()].sort()).toEqual([...ipcChannels].sort());
    const handler = registered.get('app:get-info');
    await expect(handler?.({ senderFrame: { url: APP } })).resolves.toEqual({ ok: true, value: info });
    await expect(handler?.({ senderFrame: null })).resolves.toMatchObject({ ok: false, code: 'forbidden' });
  });
});

/**
 * Playwright fixtures: one static server per worker over the built renderer
 * (the same server and CSP as `bin/start.mjs`'s web fallback), on 127.0.0.1
 * and a port the OS picks, exposed as `baseURL`.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { test as base, expect } from '@playwright/test';
import { startStaticServer, type StaticServer } from '../../bin/static-server.mjs';
import { rendererCsp } from '../../electron/security-policy';

export const rendererRoot = fileURLToPath(new URL('../../out/renderer/', import.meta.url));

/** The header the app is served with (and Electron sets), for assertions. */
export const headerCsp = rendererCsp({ mode: 'production', delivery: 'header' });

type WorkerFixtures = { appServer: StaticServer };

export const test = base.extend<object, WorkerFixtures>({
  appServer: [
    async ({}, use) => {
      if (!existsSync(`${rendererRoot}index.html`)) {
        throw new Error('out/renderer/index.html is missing: run `npm run build` before the e2e tests');
      }
      const server = await startStaticServer({ root: rendererRoot, csp: headerCsp, host: '127.0.0.1', port: 0 });
      await use(server);
      await server.close();
    },
    { scope: 'worker' },
  ],
  baseURL: async ({ appServer }, use) => {
    await use(appServer.url);
  },
});

export { expect };

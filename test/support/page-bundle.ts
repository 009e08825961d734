/**
 * A throw-away page for browser tests and benchmarks: bundles one test-only
 * entry with Vite into a temporary directory and serves it like the app (same
 * static server, same CSP, 127.0.0.1, a port the OS picks), so nothing
 * test-only enters the production bundle.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';
import { startStaticServer, type StaticServer } from '../../bin/static-server.mjs';
import { rendererCsp } from '../../electron/security-policy';

const projectRoot = fileURLToPath(new URL('../../', import.meta.url));

export interface PageBundle {
  readonly server: StaticServer;
  readonly close: () => Promise<void>;
}

/** `entry` is relative to the project root; the page loads it as a module. */
export async function servePageBundle(entry: string, title: string): Promise<PageBundle> {
  const outDir = await mkdtemp(join(tmpdir(), 'aidtrail-page-'));
  await build({
    configFile: false,
    root: projectRoot,
    logLevel: 'warn',
    publicDir: false,
    build: {
      outDir,
      emptyOutDir: true,
      minify: false,
      copyPublicDir: false,
      lib: { entry: join(projectRoot, entry), formats: ['es'], fileName: () => 'page.js' },
    },
  });
  await writeFile(
    join(outDir, 'index.html'),
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title}</title><link rel="icon" href="data:,">` +
      '<script type="module" src="./page.js"></script></head><body></body></html>\n',
  );
  const csp = rendererCsp({ mode: 'production', delivery: 'header' });
  const server = await startStaticServer({ root: outDir, csp, host: '127.0.0.1', port: 0 });
  return {
    server,
    close: async () => {
      await server.close();
      await rm(outDir, { recursive: true, force: true });
    },
  };
}

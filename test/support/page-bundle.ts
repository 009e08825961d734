/**
 * A throw-away page for browser tests and benchmarks: bundles one test-only
 * entry with Vite into a temporary directory and serves it like the app (same
 * static server, same CSP, 127.0.0.1, a port the OS picks), so nothing
 * test-only enters the production bundle; or that page beside the built app,
 * on the app's origin (`serveAppWithPageBundle`).
 */
import { existsSync } from 'node:fs';
import { cp, mkdir, mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises';
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
  await buildPage(entry, title, outDir);
  return serve(outDir);
}

/** The built renderer (`npm run build`), as the e2e fixtures serve it. */
const rendererRoot = join(projectRoot, 'out', 'renderer');

export interface AppAndPageBundle extends PageBundle {
  /** The built app, at the server's root. */
  readonly appUrl: string;
  /** The test-only page, at `bench/` of the same origin. */
  readonly pageUrl: string;
}

/**
 * The built app (out/renderer) at the root and the test-only page `entry` at
 * `bench/`, from one server: the same origin, so the page can fill the
 * IndexedDB (the kit's database, the browser host's vault) that the app then
 * opens on the same profile. The renderer is copied, not linked (the server
 * serves nothing that resolves outside its root).
 */
export async function serveAppWithPageBundle(entry: string, title: string): Promise<AppAndPageBundle> {
  await mustBeBuiltFromSources();
  const outDir = await mkdtemp(join(tmpdir(), 'aidtrail-app-page-'));
  await cp(rendererRoot, outDir, { recursive: true });
  const pageDir = join(outDir, 'bench');
  await mkdir(pageDir);
  await buildPage(entry, title, pageDir);
  const bundle = await serve(outDir);
  return { ...bundle, appUrl: bundle.server.url, pageUrl: `${bundle.server.url}bench/` };
}

/** The app's sources: what `npm run build` puts into out/renderer (tests aside). */
const APP_SOURCES = ['renderer/src', 'shared', 'resources'];

/**
 * The page is bundled from the sources while the app is the build: both must
 * be the same code (the same database schema, the same vault), so a build
 * older than any source is refused.
 */
async function mustBeBuiltFromSources(): Promise<void> {
  const index = join(rendererRoot, 'index.html');
  if (!existsSync(index)) throw new Error('out/renderer/index.html is missing: run `npm run build` first');
  const built = (await stat(index)).mtimeMs;
  for (const dir of APP_SOURCES) {
    for (const file of await readdir(join(projectRoot, dir), { recursive: true })) {
      if (file.endsWith('.test.ts')) continue;
      const info = await stat(join(projectRoot, dir, file));
      if (info.isFile() && info.mtimeMs > built) {
        throw new Error(`out/renderer is older than ${join(dir, file)}: run \`npm run build\` first (the page is bundled from the sources, the app is the build)`);
      }
    }
  }
}

async function buildPage(entry: string, title: string, outDir: string): Promise<void> {
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
}

async function serve(outDir: string): Promise<PageBundle> {
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

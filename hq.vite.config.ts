/**
 * Vite build of HQ's two web apps (issue 15), served by the ledger service
 * itself (ledger/service/web-app.ts), same origin as the API:
 *
 *   hq/console/index.html → out/hq/console/index.html   the HQ console (admin token)
 *   hq/donors/index.html  → out/hq/donors/index.html    the public donor page
 *   their bundles         → out/hq/static/…             hashed names
 *
 * Separate from electron.vite.config.ts: these pages run in an ordinary
 * browser against HQ, not in the kit. No CSP <meta> here: the ledger sends
 * the policy as a header (with frame-ancestors, which a <meta> cannot carry).
 */
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));
const at = (path: string): string => resolve(root, path);

export default defineConfig({
  root: at('hq'),
  // Absolute asset URLs: the pages are served at /console/ and /donors/, the bundles at /static/.
  base: '/',
  plugins: [react()],
  build: {
    outDir: at('out/hq'),
    emptyOutDir: true,
    assetsDir: 'static',
    // Inlined assets would be data: URLs the CSP does not allow for scripts; keep every asset a file.
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
    rollupOptions: {
      input: { console: at('hq/console/index.html'), donors: at('hq/donors/index.html') },
    },
  },
});

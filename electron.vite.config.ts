/**
 * electron-vite build of the three parts, with this repository's roots:
 *
 *   electron/main/index.ts     → out/main/index.js          (ESM, Electron main)
 *   electron/security-policy.ts → out/main/security-policy.js (the CSP, also read by bin/start.mjs)
 *   electron/preload/index.ts  → out/preload/index.cjs      (ONE CommonJS file: a sandboxed preload
 *                                                            can require 'electron' and nothing else)
 *   renderer/index.html        → out/renderer/              (the React app)
 */
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';
import type { Plugin } from 'vite';
import { rendererCsp } from './electron/security-policy';

const root = fileURLToPath(new URL('.', import.meta.url));
const at = (path: string): string => resolve(root, path);

const CSP_PLACEHOLDER = '__AIDTRAIL_CSP__';

const escapeAttribute = (value: string): string =>
  value.replaceAll('&', '&amp;').replaceAll('"', '&quot;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');

/**
 * Fills the `<meta http-equiv="Content-Security-Policy">` of index.html from
 * electron/security-policy.ts: strict in a build, relaxed for the Vite dev
 * server only (inline React-refresh preamble and HMR). Fails the build when
 * the placeholder is missing, so the page cannot ship without its CSP.
 */
function cspMetaPlugin(): Plugin {
  return {
    name: 'aidtrail:csp-meta',
    transformIndexHtml: {
      order: 'pre',
      handler(html, ctx) {
        if (!html.includes(CSP_PLACEHOLDER)) {
          throw new Error(`${ctx.filename}: no ${CSP_PLACEHOLDER} placeholder for the Content-Security-Policy <meta>`);
        }
        const csp = rendererCsp({ mode: ctx.server ? 'development' : 'production', delivery: 'meta' });
        return html.replaceAll(CSP_PLACEHOLDER, escapeAttribute(csp));
      },
    },
  };
}

export default defineConfig({
  main: {
    build: {
      outDir: at('out/main'),
      // Bundle dependencies (zod) so that out/** is the whole app (electron-builder.yml ships out/** only).
      externalizeDeps: false,
      rollupOptions: {
        input: {
          index: at('electron/main/index.ts'),
          'security-policy': at('electron/security-policy.ts'),
        },
      },
    },
  },
  preload: {
    build: {
      outDir: at('out/preload'),
      externalizeDeps: false,
      isolatedEntries: true,
      rollupOptions: {
        input: { index: at('electron/preload/index.ts') },
        output: {
          format: 'cjs',
          entryFileNames: '[name].cjs',
          codeSplitting: false,
        },
      },
    },
  },
  renderer: {
    root: at('renderer'),
    plugins: [cspMetaPlugin(), react()],
    build: {
      outDir: at('out/renderer'),
      // Every asset a file: a small font subset inlined as a data: URL is one the CSP's font-src 'self' refuses.
      assetsInlineLimit: 0,
      rollupOptions: {
        input: { index: at('renderer/index.html') },
      },
    },
  },
});

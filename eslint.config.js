// @ts-check
/**
 * ESLint flat config. Besides typescript-eslint's recommended rules it
 * enforces the architecture of DESIGN.md:
 *
 *   shared/    pure core: imports nothing from the other parts, no Node
 *              builtins, no Electron, no DOM/Node globals
 *   renderer/  DOM-only: no Node builtins, no Electron, nothing from electron/ or ledger/
 *   electron/  main and preload never import each other
 *   ledger/    HQ service: nothing from renderer/ or electron/
 *   hq/        HQ's web apps (browser): nothing but shared/
 *   renderer/src/ui   the screens reach data only through the kit's API
 *              (renderer/src/kit/api), besides shared/ and the translations
 *
 * The zones of `import/no-restricted-paths` only see imports the resolver can
 * resolve, so the TypeScript resolver is configured (relative imports are
 * extensionless .ts) and `import/no-unresolved` makes an unresolvable import
 * an error instead of a silent hole in the zones.
 */
import { builtinModules } from 'node:module';
import { defineConfig } from 'eslint/config';
import importPlugin from 'eslint-plugin-import';
import tseslint from 'typescript-eslint';


/** Every Node builtin, bare (`fs`, `fs/promises`); the `node:` forms are matched by a pattern. */
const NODE_BUILTINS = builtinModules.filter((name) => !name.startsWith('_') && !name.startsWith('node:'));

const noNodeBuiltins = (where) => ({
  paths: [
    ...NODE_BUILTINS.map((name) => ({ name, message: `${where} may not use Node builtins.` })),
    { name: 'electron', message: `${where} may not import Electron; go through the HostApi (shared/ipc.ts).` },
  ],
  patterns: [
    { group: ['node:*'], message: `${where} may not use Node builtins.` },
    { group: ['electron/*'], message: `${where} may not import Electron.` },
  ],
});

const TEST_FILES = ['**/*.test.ts', '**/*.bench.ts'];

export default defineConfig(
  {
    ignores: ['out/', 'node_modules/', '.tools/', 'test/vectors/', 'dist/', 'test-results/', 'playwright-report/'],
  },

  ...tseslint.configs.recommended,

  {
    files: ['**/*.{ts,tsx,js,mjs,cjs}'],
    plugins: { import: importPlugin },
    settings: {
      'import/extensions': ['.ts', '.tsx', '.js', '.mjs', '.cjs'],
      'import/parsers': { '@typescript-eslint/parser': ['.ts', '.tsx', '.js', '.mjs', '.cjs'] },
      'import/resolver': {
        typescript: { alwaysTryTypes: true, project: 'tsconfig.json' },
        node: true,
      },
    },
    rules: {
      'import/no-unresolved': 'error',
      'import/no-restricted-paths': [
        'error',
        {
          zones: [
            {
              target: './shared',
              from: ['./renderer', './electron', './ledger', './bin', './test'],
              message: 'shared/ is the pure core: it imports nothing from the rest of the repository.',
            },
            {
              target: './renderer',
              from: ['./electron', './ledger'],
              message: 'The renderer talks to its host only through the HostApi (shared/ipc.ts).',
            },
            {
              target: './electron/main',
              from: './electron/preload',
              message: 'Main and preload are separate processes: share code through shared/ or electron/*.ts.',
            },
            {
              target: './electron/preload',
              from: './electron/main',
              message: 'Main and preload are separate processes: share code through shared/ or electron/*.ts.',
            },
            {
              target: './hq',
              from: ['./renderer', './electron', './ledger', './bin', './test'],
              message: 'HQ\'s web apps (console, donor page) may import shared/ only; they reach the ledger over HTTP.',
            },
            {
              target: './ledger',
              from: ['./renderer', './electron'],
              message: 'The HQ ledger does not depend on the desktop app.',
            },
            {
              target: './renderer/src/ui',
              from: './renderer/src',
              except: ['./ui', './kit/api', './i18n'],
              message: 'Screens reach data only through the kit\'s API (renderer/src/kit/api): no database, host, sync transport or kit internals.',
            },
          ],
        },
      ],
    },
  },

  // shared/: no Node, no Electron, no DOM or Node globals (tests of the core run in Node and are exempt).
  {
    files: ['shared/**/*.ts'],
    ignores: TEST_FILES,
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', noNodeBuiltins('shared/ (the pure core)')],
      'no-restricted-globals': [
        'error',
        ...['window', 'document', 'navigator', 'self', 'location', 'localStorage', 'indexedDB'].map((name) => ({
          name,
          message: 'shared/ is the pure core: no DOM globals.',
        })),
        ...['process', 'Buffer', 'require', 'module', 'global', '__dirname', '__filename', 'setImmediate'].map(
          (name) => ({ name, message: 'shared/ is the pure core: no Node globals.' }),
        ),
      ],
    },
  },

  // renderer/: DOM-only.
  {
    files: ['renderer/**/*.{ts,tsx}'],
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', noNodeBuiltins('The renderer (DOM-only)')],
      'no-restricted-globals': [
        'error',
        ...['process', 'Buffer', 'require', 'module', 'global', '__dirname', '__filename'].map((name) => ({
          name,
          message: 'The renderer is DOM-only: no Node globals.',
        })),
      ],
    },
  },

  // hq/: HQ's web apps run in a browser, like the renderer.
  {
    files: ['hq/**/*.{ts,tsx}'],
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', noNodeBuiltins('HQ\'s web apps (browser-only)')],
      'no-restricted-globals': [
        'error',
        ...['process', 'Buffer', 'require', 'module', 'global', '__dirname', '__filename'].map((name) => ({
          name,
          message: 'HQ\'s web apps run in a browser: no Node globals.',
        })),
      ],
    },
  },

  // Plain-JS files run in Node (launcher, configs); their type-checking comes from // @ts-check.
  {
    files: ['**/*.{js,mjs,cjs}'],
    rules: {
      '@typescript-eslint/no-require-imports': 'off',
    },
  },

  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
    },
  },
);

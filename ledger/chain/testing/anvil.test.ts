/**
 * CI and every developer run the chain tests: `npm ci` must have brought
 * anvil's binary (the optional package of @foundry-rs/anvil for this
 * platform). When it is missing this fails, saying how to get it, instead
 * of the chain tests being skipped.
 */
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { anvilBinary } from './anvil';

describe('anvil from npm', () => {
  it('is installed, runnable, and the version package.json pins', () => {
    const run = spawnSync(anvilBinary(), ['--version'], { encoding: 'utf8', timeout: 30_000 });
    expect(run.status).toBe(0);
    const pkg = createRequire(import.meta.url)('../../../package.json') as { devDependencies: Record<string, string> };
    expect(run.stdout).toContain(`anvil Version: ${pkg.devDependencies['@foundry-rs/anvil']}`);
  });
});

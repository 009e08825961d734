/**
 * The committed artifact is what the committed source compiles to, with the
 * pinned compiler and settings (./compile.ts): nobody has to trust the bytes
 * in ./checkpoint-anchor.artifact.ts, and a source edit without
 * `npm run contracts` fails here.
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { CHECKPOINT_ANCHOR } from './checkpoint-anchor.artifact';
import { ARTIFACT_PATH, compileAnchor, renderArtifact, SOLC_VERSION } from './compile';

describe('the CheckpointAnchor artifact', () => {
  it('is byte for byte the compilation of contracts/CheckpointAnchor.sol', async () => {
    const compiled = await compileAnchor();
    expect(compiled.deployedBytecode).toBe(CHECKPOINT_ANCHOR.deployedBytecode);
    expect(compiled.bytecode).toBe(CHECKPOINT_ANCHOR.bytecode);
    expect(renderArtifact(compiled)).toBe(await readFile(ARTIFACT_PATH, 'utf8'));
  });

  it('pins the compiler: package.json names exactly the solc the artifact came from', () => {
    const pkg = createRequire(import.meta.url)('../../package.json') as { devDependencies: Record<string, string> };
    expect(`${pkg.devDependencies.solc}+`).toBe(SOLC_VERSION.replace(/\+.*/, '+'));
    expect(CHECKPOINT_ANCHOR.compiler).toBe(SOLC_VERSION);
  });
});

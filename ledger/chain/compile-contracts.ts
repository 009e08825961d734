/** `npm run contracts`: recompiles contracts/CheckpointAnchor.sol into ./checkpoint-anchor.artifact.ts. */
import { writeFile } from 'node:fs/promises';
import { ARTIFACT_PATH, compileAnchor, renderArtifact } from './compile';

await writeFile(ARTIFACT_PATH, renderArtifact(await compileAnchor()));
process.stdout.write(`wrote ${ARTIFACT_PATH}\n`);

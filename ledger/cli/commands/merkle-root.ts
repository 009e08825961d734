import { toHex } from '../../../shared/bytes';
import { hashLeaf, merkleTreeHash } from '../../../shared/merkle';
import type { Command } from '../command';
import { parseHash } from '../hex-args';
import { readText } from '../input';

export const merkleRootCommand: Command = {
  name: 'merkle-root',
  summary: 'RFC 9162 root of the leaf hashes in FILE (one hex hash per line; --ids: lines are event ids, hashed as leaves)',
  usage: 'aidtrail merkle-root FILE|- [--ids]',
  options: { ids: { type: 'boolean' } },
  positionals: { min: 1, max: 1 },
  async run({ values, positionals }, io) {
    const text = await readText(io, positionals[0]!);
    const lines = text.split('\n').map((l) => l.trim());
    // A final newline leaves one empty last line; any other blank line is an error.
    if (lines.at(-1) === '') lines.pop();
    const leaves = lines.map((line, i) => {
      const bytes = parseHash(line, `line ${i + 1}`, 1);
      return values.ids ? hashLeaf(bytes) : bytes;
    });
    io.stdout(`${toHex(merkleTreeHash(leaves))}\n`);
    return 0;
  },
};

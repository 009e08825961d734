import { verifyInclusion } from '../../../shared/merkle';
import type { Command } from '../command';
import { parseCount, parseHash } from '../hex-args';

export const verifyInclusionCommand: Command = {
  name: 'verify-inclusion',
  summary: 'check an RFC 9162 inclusion proof of a leaf hash in a tree of the given size and root',
  usage: 'aidtrail verify-inclusion --leaf HEX --index N --size N --root HEX --proof HEX[,HEX…] [--json]',
  options: {
    leaf: { type: 'string' },
    index: { type: 'string' },
    size: { type: 'string' },
    root: { type: 'string' },
    proof: { type: 'string' },
    json: { type: 'boolean' },
  },
  required: ['leaf', 'index', 'size', 'root', 'proof'],
  positionals: { min: 0, max: 0 },
  async run({ values }, io) {
    const proofText = String(values.proof);
    const result = verifyInclusion({
      leafHash: parseHash(String(values.leaf), '--leaf', 2),
      index: parseCount(String(values.index), '--index'),
      size: parseCount(String(values.size), '--size'),
      root: parseHash(String(values.root), '--root', 2),
      // An empty --proof is the empty proof of a one-leaf tree.
      proof: proofText === '' ? [] : proofText.split(',').map((h, i) => parseHash(h, `--proof element ${i + 1}`, 2)),
    });
    if (values.json) io.stdout(`${JSON.stringify(result)}\n`);
    else io.stdout(result.ok ? 'valid: the leaf is in the tree\n' : `invalid (${result.code}): ${result.message}\n`);
    return result.ok ? 0 : 1;
  },
};

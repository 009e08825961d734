import { isRecord } from '../../../shared/guards';
import { verifyReceipts } from '../../../shared/ledger';
import type { Command } from '../command';
import { CliError } from '../io';
import { readJson } from '../input';
import { trustFrom } from '../ledger-io';

/** A receipt, a JSON array of receipts, or a ledger's answer to an upload ({ receipts: [...] }). */
function receiptsIn(value: unknown): unknown[] {
  if (Array.isArray(value)) return value;
  if (isRecord(value) && Array.isArray(value.receipts)) return value.receipts;
  return [value];
}

export const verifyReceiptCommand: Command = {
  name: 'verify-receipt',
  summary: "check ledger receipts offline: HQ's checkpoint signature, origin, tree size and inclusion proof",
  usage: 'aidtrail verify-receipt FILE|- --log-key <name>+<id>+<key> [--origin ORIGIN] [--json]',
  options: { 'log-key': { type: 'string' }, origin: { type: 'string' }, json: { type: 'boolean' } },
  required: ['log-key'],
  positionals: { min: 1, max: 1 },
  async run({ values, positionals }, io) {
    const trust = trustFrom(values);
    const receipts = receiptsIn(await readJson(io, positionals[0]!));
    if (receipts.length === 0) throw new CliError(1, 'no receipts to verify');
    const results = verifyReceipts(receipts, trust);
    let invalid = 0;
    for (const [i, r] of results.entries()) {
      const label = receipts.length > 1 ? `receipt ${i + 1}: ` : '';
      if (!r.ok) invalid++;
      if (values.json) {
        io.stdout(`${JSON.stringify(r.ok ? { ok: true, index: i, event: r.value.receipt.event, leafIndex: r.value.receipt.leafIndex, treeSize: r.value.checkpoint.size } : { ok: false, index: i, code: r.code, message: r.message })}\n`)
      } else if (r.ok) {
        io.stdout(`${label}valid: event ${r.value.receipt.event} is leaf ${r.value.receipt.leafIndex} of ${trust.origin} at size ${r.value.checkpoint.size}\n`);
      } else {
        io.stdout(`${label}invalid (${r.code}): ${r.message}\n`);
      }
    }
    if (!values.json && receipts.length > 1) io.stdout(`${receipts.length - invalid} of ${receipts.length} receipts valid\n`);
    return invalid === 0 ? 0 : 1;
  },
};

import { join } from 'node:path';
import { z } from 'zod';
import { parseVerifierKey } from '../../../shared/checkpoint';
import { bundleEntrySchema, receiptSchema, verifyBundle, type Bundle, type BundleConsistency, type Receipt } from '../../../shared/ledger';
import { nodeVerifier } from '../../service/node-verifier';
import type { Command } from '../command';
import { CliError } from '../io';
import { getJson, ledgerIo, ledgerUrl } from '../ledger-io';

export const BUNDLE_FILES = { manifest: 'manifest.json', events: 'events.ndjson', receipts: 'receipts.ndjson', checkpoints: 'checkpoints.json' } as const;
const PAGE = 1000;
/** A token file holds one line. */
const MAX_TOKEN_FILE_BYTES = 4096;

const exportPageSchema = z.strictObject({
  entries: z.array(bundleEntrySchema.extend({ leafIndex: z.number().int().nonnegative(), batch: z.string().regex(/^[0-9a-f]{64}$/) })).max(PAGE),
});

export const auditBundleCommand: Command = {
  name: 'audit-bundle',
  summary: "export a donor's audit bundle: anchored events without personal fields, their receipts and checkpoints",
  usage: 'aidtrail audit-bundle --ledger URL --admin-token-file FILE|$AIDTRAIL_ADMIN_TOKEN --out DIR [--round R] [--site S] [--log-key KEY]',
  options: {
    ledger: { type: 'string' },
    'admin-token-file': { type: 'string' },
    // Only to say why it is refused: every user of the machine can read a command line (`ps`).
    'admin-token': { type: 'string' },
    out: { type: 'string' },
    round: { type: 'string' },
    site: { type: 'string' },
    'log-key': { type: 'string' },
  },
  required: ['ledger', 'out'],
  positionals: { min: 0, max: 0 },
  async run({ values }, io) {
    const base = ledgerUrl(values.ledger);
    if (values['admin-token'] !== undefined) {
      throw new CliError(2, '--admin-token is refused: every user of this machine can read a command line; use --admin-token-file FILE or AIDTRAIL_ADMIN_TOKEN');
    }
    const token =
      values['admin-token-file'] === undefined
        ? process.env.AIDTRAIL_ADMIN_TOKEN
        : new TextDecoder().decode(await io.readInput(String(values['admin-token-file']), MAX_TOKEN_FILE_BYTES)).trim();
    if (token === undefined || token === '') throw new CliError(2, 'give --admin-token-file FILE or set AIDTRAIL_ADMIN_TOKEN');
    const lio = ledgerIo(io);
    const admin = { authorization: `Bearer ${token}` };

    const info = await getJson<{ origin?: unknown; logKey?: unknown }>(lio, base, '/');
    const keyText = values['log-key'] === undefined ? String(info.logKey) : String(values['log-key']);
    const key = parseVerifierKey(keyText);
    if (!key.ok) throw new CliError(values['log-key'] === undefined ? 1 : 2, `log key: ${key.message}`);
    if (keyText !== info.logKey) throw new CliError(1, `the ledger signs with ${String(info.logKey)}, not the --log-key given`);
    const origin = String(info.origin);

    const filter = [values.round === undefined ? '' : `&round=${encodeURIComponent(String(values.round))}`, values.site === undefined ? '' : `&site=${encodeURIComponent(String(values.site))}`].join('');
    const entries: z.infer<typeof exportPageSchema>['entries'] = [];
    for (let after = -1; ; ) {
      const page = exportPageSchema.safeParse(await getJson(lio, base, `/admin/export?limit=${PAGE}${after < 0 ? '' : `&after=${after}`}${filter}`, admin));
      if (!page.success) throw new CliError(1, "the ledger's export is malformed");
      entries.push(...page.data.entries);
      if (page.data.entries.length < PAGE) break;
      after = page.data.entries.at(-1)!.leafIndex;
    }
    if (entries.length === 0) throw new CliError(1, 'no anchored events match; nothing to bundle');

    const wanted = new Set(entries.map((e) => e.id));
    const receipts: Receipt[] = [];
    for (const batch of [...new Set(entries.map((e) => e.batch))]) {
      const answer = await getJson<{ receipts?: unknown }>(lio, base, `/batches/${batch}`);
      const parsed = z.array(receiptSchema).safeParse(answer.receipts);
      if (!parsed.success) throw new CliError(1, `the receipts of batch ${batch} are malformed`);
      receipts.push(...parsed.data.filter((r) => wanted.has(r.event)));
    }
    const notes = [...new Map(receipts.map((r) => [r.treeSize, r.checkpoint])).entries()].sort((a, b) => a[0] - b[0]);
    const consistency: BundleConsistency[] = [];
    for (let i = 1; i < notes.length; i++) {
      const [from, to] = [notes[i - 1]![0], notes[i]![0]];
      const answer = await getJson<{ proof?: unknown }>(lio, base, `/proof/consistency?from=${from}&to=${to}`);
      const proof = z.array(z.string().regex(/^[0-9a-f]{64}$/)).safeParse(answer.proof);
      if (!proof.success) throw new CliError(1, `the consistency proof ${from}→${to} is malformed`);
      consistency.push({ from, to, proof: proof.data });
    }
    const bundle: Bundle = {
      v: 1,
      origin,
      entries: entries.map(({ id, event, withheld }) => ({ id, event, withheld })),
      receipts,
      checkpoints: notes.map(([, note]) => note),
      consistency,
    };
    // Check it as a donor will, before writing anything.
    const report = await verifyBundle(bundle, { logKey: key.value, origin, verifier: nodeVerifier() });
    if (!report.ok) throw new CliError(1, `the ledger's data does not make a valid bundle (${report.code}): ${report.message}`);

    const dir = String(values.out);
    await lio.makeEmptyDir(dir);
    const manifest = {
      v: 1,
      origin,
      logKey: keyText,
      ledger: base,
      created: io.now().toISOString(),
      filter: { round: values.round ?? null, site: values.site ?? null },
      events: entries.length,
      withheld: { fields: ['body.pii'], events: report.value.redacted },
      checkpoints: notes.length,
      files: BUNDLE_FILES,
      check: `aidtrail verify-bundle ${dir} --log-key '${keyText}'`,
    };
    await lio.writeFile(join(dir, BUNDLE_FILES.manifest), `${JSON.stringify(manifest, null, 2)}\n`);
    await lio.writeFile(join(dir, BUNDLE_FILES.events), bundle.entries.map((e) => JSON.stringify(e)).join('\n') + '\n');
    await lio.writeFile(join(dir, BUNDLE_FILES.receipts), receipts.map((r) => JSON.stringify(r)).join('\n') + '\n');
    await lio.writeFile(join(dir, BUNDLE_FILES.checkpoints), `${JSON.stringify({ checkpoints: bundle.checkpoints, consistency }, null, 2)}\n`);
    io.stdout(
      `bundle written to ${dir}: ${entries.length} events (${report.value.redacted} with personal fields withheld), ` +
        `${receipts.length} receipts, ${notes.length} checkpoints up to size ${report.value.latest.size}\n`,
    );
    return 0;
  },
};

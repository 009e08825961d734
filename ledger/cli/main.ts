/**
 * `aidtrail`: a thin command-line front over shared/ for HQ staff, auditors
 * and tests. Exit codes: 0 valid / done, 1 invalid input, 2 usage error.
 * Every failure is one line on stderr, never a stack trace.
 */
import { parseArgs } from 'node:util';
import type { Command } from './command';
import { auditChainCommand } from './commands/audit-chain';
import { auditBundleCommand } from './commands/audit-bundle';
import { issueCredentialCommand } from './commands/issue-credential';
import { keygen } from './commands/keygen';
import { merkleRootCommand } from './commands/merkle-root';
import { verifyBundleCommand } from './commands/verify-bundle';
import { verifyCredentialCommand } from './commands/verify-credential';
import { verifyEventCommand } from './commands/verify-event';
import { verifyInclusionCommand } from './commands/verify-inclusion';
import { verifyReceiptCommand } from './commands/verify-receipt';
import { tilesProofCommand } from './commands/tiles-proof';
import { CliError, processIo, type CliIo } from './io';

export const commands: readonly Command[] = [
  keygen,
  issueCredentialCommand,
  verifyCredentialCommand,
  verifyEventCommand,
  merkleRootCommand,
  verifyInclusionCommand,
  verifyReceiptCommand,
  tilesProofCommand,
  // `audit`, and with --chain also against the chain's anchors
  auditChainCommand,
  auditBundleCommand,
  verifyBundleCommand,
];

function help(): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  return [
    'usage: aidtrail <command> [options]',
    '',
    ...commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'exit codes: 0 valid, 1 invalid, 2 usage error. `aidtrail <command> --help` for its options.',
    '',
  ].join('\n');
}

async function runCommand(command: Command, argv: readonly string[], io: CliIo): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    io.stdout(`usage: ${command.usage}\n${command.summary}\n`);
    return 0;
  }
  let parsed;
  try {
    parsed = parseArgs({ args: [...argv], options: command.options, allowPositionals: true, strict: true });
  } catch (e) {
    throw new CliError(2, `${(e as Error).message.split('\n')[0]}\nusage: ${command.usage}`);
  }
  const { positionals, values } = parsed;
  if (positionals.length < command.positionals.min || positionals.length > command.positionals.max) {
    throw new CliError(2, `wrong number of arguments\nusage: ${command.usage}`);
  }
  const missing = (command.required ?? []).filter((name) => values[name] === undefined);
  if (missing.length > 0) {
    throw new CliError(2, `missing ${missing.map((m) => `--${m}`).join(', ')}\nusage: ${command.usage}`);
  }
  return command.run({ values, positionals }, io);
}

export async function main(argv: readonly string[], io: CliIo = processIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.stdout(help());
    return name === undefined ? 2 : 0;
  }
  const command = commands.find((c) => c.name === name);
  if (command === undefined) {
    io.stderr(`aidtrail: unknown command "${name}"\n${help()}`);
    return 2;
  }
  try {
    return await runCommand(command, rest, io);
  } catch (e) {
    if (e instanceof CliError) {
      io.stderr(`aidtrail ${name}: ${e.message}\n`);
      return e.exitCode;
    }
    // A bug, not bad input: still one line, and a distinct exit code.
    io.stderr(`aidtrail ${name}: internal error: ${e instanceof Error ? e.message : String(e)}\n`);
    return 3;
  }
}

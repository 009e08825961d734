import type { ParseArgsConfig } from 'node:util';
import type { CliIo } from './io';

export interface ParsedArgs {
  readonly values: Readonly<Record<string, string | boolean | (string | boolean)[] | undefined>>;
  readonly positionals: readonly string[];
}

/** One `aidtrail <name>` subcommand. `run` resolves to the exit code: 0 valid/done, 1 invalid. */
export interface Command {
  readonly name: string;
  readonly summary: string;
  readonly usage: string;
  readonly options: NonNullable<ParseArgsConfig['options']>;
  /** Options without which the command is a usage error (exit 2). */
  readonly required?: readonly string[];
  readonly positionals: { readonly min: number; readonly max: number };
  readonly run: (args: ParsedArgs, io: CliIo) => Promise<0 | 1>;
}

// Minimal, strict option parsing shared by the CLI commands (node's util.parseArgs underneath).
import { parseArgs, type ParseArgsConfig } from 'node:util';

export class CliUsageError extends Error {}

export function parseCommandArgs<T extends NonNullable<ParseArgsConfig['options']>>(argv: string[], options: T) {
  try {
    return parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  } catch (err) {
    throw new CliUsageError(err instanceof Error ? err.message : String(err));
  }
}

/** Writes exactly one JSON document on stdout (the `--json` contract: nothing else on stdout). */
export function printJson(value: unknown): void {
  process.stdout.write(JSON.stringify(value, null, 2) + '\n');
}

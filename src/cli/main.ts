// The `reglab` command line: parses the command name and hands the rest to that command's module.
// Each command lives in src/cli/commands/<name>.ts and exports `run(argv): Promise<number>`
// (the exit code). Commands are loaded on demand so `reglab lint` never loads TensorFlow.js.
import { CliUsageError } from './args';

type CommandModule = { run(argv: string[]): Promise<number> };

const commands: Record<string, { summary: string; load: () => Promise<CommandModule> }> = {
  run: { summary: 'run <experiment.reglab.json> [--out DIR] [--params-out FILE] [--backend auto|native|wasm|cpu] [--json]', load: () => import('./commands/run') },
  sweep: { summary: 'sweep <experiment.reglab.json> [--out DIR] [--parallel N] [--backend auto|native|wasm|cpu] [--json]', load: () => import('./commands/sweep') },
  lint: { summary: 'lint <files or folders...> [--format text|json|sarif]', load: () => import('./commands/lint') },
  'export-pytorch': { summary: 'export-pytorch <experiment.reglab.json>', load: () => import('./commands/exportPytorch') },
  runs: { summary: 'runs [--out DIR] [--json]', load: () => import('./commands/runs') },
  report: { summary: 'report <run-or-sweep-folder> [--out FILE]', load: () => import('./commands/report') },
};

function usage(): string {
  const lines = ['Usage: reglab <command> [options]', '', 'Commands:'];
  for (const c of Object.values(commands)) lines.push(`  reglab ${c.summary}`);
  return lines.join('\n');
}

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(usage() + '\n');
    return name ? 0 : 2;
  }
  if (name === '--version' || name === '-v') {
    process.stdout.write(`${require('../../package.json').version}\n`);
    return 0;
  }
  const cmd = commands[name];
  if (!cmd) {
    process.stderr.write(`reglab: unknown command '${name}'\n\n${usage()}\n`);
    return 2;
  }
  try {
    return await (await cmd.load()).run(rest);
  } catch (err) {
    if (err instanceof CliUsageError) {
      process.stderr.write(`reglab ${name}: ${err.message}\nUsage: reglab ${cmd.summary}\n`);
      return 2;
    }
    process.stderr.write(`reglab ${name}: ${err instanceof Error ? err.message : String(err)}\n`);
    return 1;
  }
}

main(process.argv.slice(2)).then(
  (code) => { process.exitCode = code; },
  (err) => { process.stderr.write(String(err?.stack ?? err) + '\n'); process.exitCode = 1; },
);

// `reglab export-pytorch <experiment.reglab.json>`: prints a runnable PyTorch script of the
// experiment on stdout (same data, init, batch order, optimizer groups and penalties).
import { CliUsageError, parseCommandArgs } from '../args';
import { ExperimentError } from '../../core/experiment/issues';
import { loadExperimentFile } from '../../core/experiment/load';
import { exportPytorchScript } from '../../core/export/pytorch';

export async function run(argv: string[]): Promise<number> {
  const { positionals } = parseCommandArgs(argv, {});
  if (positionals.length !== 1) throw new CliUsageError(`expected one experiment file, got ${positionals.length}`);
  try {
    process.stdout.write(exportPytorchScript(loadExperimentFile(positionals[0])));
  } catch (err) {
    if (!(err instanceof ExperimentError)) throw err;
    process.stderr.write(`${err.message}\n`);
    return 1;
  }
  return 0;
}

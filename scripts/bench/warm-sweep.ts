// Times a sweep on trainers that are already warm, the way the VS Code extension runs a second
// sweep (it keeps its trainers between sweeps: reglab.training.keepTrainersWarmSeconds): one pool
// with keepIdle runs the sweep `warmUp` times to warm its trainers (V8 keeps optimizing a
// trainer's code over its first few hundred milliseconds of training, and with 2 trainers each
// has run only half the trials of a sweep), then `rounds` more times, timed.
// Run by scripts/bench-sweep.mjs:
//   node --import tsx scripts/bench/warm-sweep.ts <experiment.reglab.json> <parallel> <rounds> <store dir> [warmUp=1]
// Prints one JSON line: {"coldMs", "warmUpMs": [...], "warmMs": [...], "trials", "completed": [...]}.
import path from 'node:path';
import { rmSync } from 'node:fs';
import { loadExperimentFile } from '../../src/core/experiment/load';
import { TrainerPool } from '../../src/core/sweep/pool';
import { runSweep } from '../../src/core/sweep/runSweep';

async function main(): Promise<void> {
  const [file, parallelArg, roundsArg, store, warmUpArg] = process.argv.slice(2);
  if (!file || !parallelArg || !roundsArg || !store) throw new Error('usage: warm-sweep.ts <experiment> <parallel> <rounds> <store dir>');
  const parallel = Number(parallelArg);
  const rounds = Number(roundsArg);
  const warmUp = Math.max(1, Number(warmUpArg ?? 1));
  const trainerPath = path.resolve(__dirname, '../../dist/trainer.js');
  const exp = loadExperimentFile(file);
  const pool = new TrainerPool({ trainerPath, parallel, keepIdle: true });
  pool.start();
  const times: number[] = [];
  const completed: number[] = [];
  let trials = 0;
  try {
    for (let r = 0; r < warmUp + rounds; r++) {
      const storeRoot = path.join(store, `round-${r}`);
      rmSync(storeRoot, { recursive: true, force: true });
      const t0 = performance.now();
      const { summary } = await runSweep(exp, { storeRoot, trainerPath, parallel, pool });
      times.push(performance.now() - t0);
      trials = summary.trials.length;
      completed.push(summary.trials.filter((t) => t.status === 'completed').length);
    }
  } finally {
    pool.close();
  }
  // Wait for the trainers to exit, so their CPU time is counted as this process's children's.
  for (const until = Date.now() + 5000; pool.pids.length && Date.now() < until;) await new Promise((r) => setTimeout(r, 10));
  process.stdout.write(JSON.stringify({ coldMs: times[0], warmUpMs: times.slice(1, warmUp), warmMs: times.slice(warmUp), trials, completed }) + '\n');
}

main().then(() => process.exit(0), (e: unknown) => { console.error(e instanceof Error ? e.stack : String(e)); process.exit(1); });

// `reglab sweep <experiment.reglab.json> [--out DIR] [--parallel N] [--backend B] [--json]`
// Runs the experiment's `sweep` block: every (variant, λ, seed) trial in its own trainer process
// (`--parallel` at once, default cores − 1), each trial a run folder in the store, plus a sweep
// folder whose sweep.json holds per-λ mean ± SE and the chosen λ with the reason.
// Progress goes to stderr; with --json, stdout is one JSON object: sweep.json plus `dir`.
// Ctrl-C stops every trial within a second, keeps what was measured and still writes the summary
// (a second Ctrl-C exits at once).
// Exit codes: 0 the sweep finished and a λ was chosen for every variant (diverged or pruned
//   trials are results, not errors); 1 a trial failed (crashed or killed: results are written
//   but incomplete) or no λ could be chosen, or bad input; 130 cancelled; 2 bad usage.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { CliUsageError, parseCommandArgs, printJson } from '../args';
import { loadExperimentFile } from '../../core/experiment/load';
import { storeRootForExperiment } from '../../core/runs/layout';
import { planSweep, SweepPlanError } from '../../core/sweep/grid';
import { defaultParallel, TrainerPool } from '../../core/sweep/pool';
import { runSweep, type SweepEvent } from '../../core/sweep/runSweep';
import type { SweepSummary, SweepTrialRecord } from '../../core/sweep/types';
import type { BackendName } from '../../core/train/types';

const BACKENDS = ['auto', 'native', 'wasm', 'cpu'];

/** dist/trainer.js beside the bundled CLI; from sources (tests), the repository's dist/. */
export function findTrainer(): string {
  const candidates = [
    process.env.REGLAB_TRAINER,
    path.join(__dirname, 'trainer.js'),
    path.resolve(__dirname, '../../../dist/trainer.js'),
  ].filter((p): p is string => !!p);
  const found = candidates.find((p) => existsSync(p));
  if (!found) throw new Error(`the trainer process script was not found (looked for ${candidates.join(', ')}); run \`npm run build\``);
  return found;
}

function fmt(v: number | undefined): string {
  if (v === undefined || !Number.isFinite(v)) return String(v);
  return Math.abs(v) >= 1e-3 || v === 0 ? Number(v.toPrecision(4)).toString() : v.toExponential(2);
}

function trialLabel(t: SweepTrialRecord): string {
  return `${t.variant ? `${t.variant} ` : ''}λ=${fmt(t.value)} seed ${t.seed}`;
}

export function exitCode(summary: SweepSummary): number {
  if (summary.status === 'stopped') return 130;
  if ((summary.counts.failed ?? 0) > 0) return 1;
  if (summary.selections.some((s) => s.chosen === undefined && !s.baseline)) return 1;
  return 0;
}

export async function run(argv: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs(argv, {
    out: { type: 'string' },
    parallel: { type: 'string' },
    backend: { type: 'string', default: 'auto' },
    json: { type: 'boolean', default: false },
  });
  if (positionals.length !== 1) throw new CliUsageError(`expected one experiment file, got ${positionals.length}`);
  let parallel: number | undefined;
  if (values.parallel !== undefined) {
    parallel = Number(values.parallel);
    if (!Number.isInteger(parallel) || parallel < 1) throw new CliUsageError(`--parallel must be an integer >= 1, got "${values.parallel}"`);
  }
  if (!BACKENDS.includes(values.backend!)) throw new CliUsageError(`--backend must be ${BACKENDS.join(', ')}, got "${values.backend}"`);
  const log = (line: string) => process.stderr.write(line + '\n');

  const file = positionals[0];
  // The trainers start now: their start-up (Node, TensorFlow.js) overlaps loading, validating
  // and planning the experiment here. A bad experiment closes them again.
  const trainerPath = findTrainer();
  const pool = new TrainerPool({ trainerPath, parallel: parallel ?? defaultParallel() });
  pool.start();
  let exp;
  try {
    exp = loadExperimentFile(file);
    planSweep(exp); // fail fast on a bad sweep block, before any folder is made
  } catch (err) {
    pool.close();
    if (err instanceof SweepPlanError) throw new Error(`${exp?.sourceFile ?? file}: ${err.message}`);
    throw err;
  }
  const storeRoot = storeRootForExperiment(file, values.out);
  const ctrl = new AbortController();
  let interrupts = 0;
  const onSigint = () => {
    if (++interrupts > 1) process.exit(130);
    log('[reglab] cancelling every trial (Ctrl-C again to quit at once)…');
    ctrl.abort();
  };
  process.on('SIGINT', onSigint);
  let total = 0;
  let ended = 0;
  const printedNotes = new Set<string>();
  const onEvent = (e: SweepEvent) => {
    if (e.type === 'sweep-started') {
      total = e.summary.trials.length;
      log(`[reglab] sweep ${e.summary.id}: ${e.summary.param} over ${e.summary.values.length} values × ${e.summary.seeds.length} seeds` +
        `${e.summary.variants.length ? ` × ${e.summary.variants.length} variants` : ''} = ${total} trials, ${e.summary.parallel} at a time`);
      log(`[reglab] folder ${e.dir}`);
      for (const n of e.summary.notes) { log(`[reglab] note: ${n}`); printedNotes.add(n); }
    } else if (e.type === 'trial-ended') {
      const t = e.trial;
      ended++;
      const metric = t.metric !== undefined ? ` ${fmt(t.metric)}` : '';
      const why = t.status !== 'completed' && t.reason ? ` (${t.reason})` : '';
      log(`[${ended}/${total}] ${trialLabel(t)}: ${t.status}${metric} after ${t.epochsCompleted}/${t.epochsPlanned} epochs, ${((t.wallMs ?? 0) / 1000).toFixed(1)} s${why}`);
    }
  };
  let result;
  try {
    result = await runSweep(exp, {
      storeRoot, trainerPath, pool, parallel: parallel ?? defaultParallel(), backend: values.backend as BackendName | 'auto',
      signal: ctrl.signal, onEvent,
    });
  } finally {
    process.removeListener('SIGINT', onSigint);
    pool.close(); // trainers started for a sweep that could not run
  }
  const { summary, dir } = result;
  const paramOf = (variant?: string) => summary.selections.find((s) => s.variant === variant)?.param ?? summary.param;
  for (const p of summary.points) {
    const stats = p.n ? `${summary.metric} ${fmt(p.mean)} ± ${fmt(p.se)} (n=${p.n})` : 'no result';
    log(`  ${p.variant ? `${p.variant} ` : ''}${paramOf(p.variant)}=${fmt(p.value)}: ${stats}${p.excluded ? `  [not eligible: ${p.excluded}]` : ''}`);
  }
  for (const s of summary.selections) {
    const head = s.variant ? `${s.variant}: ` : '';
    log(s.baseline ? `[reglab] ${head}${s.why}` : `[reglab] ${head}chosen ${s.param ?? summary.param} = ${s.chosen === undefined ? 'none' : fmt(s.chosen)} (${s.rule}). ${s.why}`);
  }
  // Notes the results added (pruned trials, a choice at the edge of the grid).
  for (const n of summary.notes) if (!printedNotes.has(n)) log(`[reglab] note: ${n}`);
  log(`[reglab] sweep ${summary.status} in ${((summary.wallMs ?? 0) / 1000).toFixed(1)} s: ` +
    Object.entries(summary.counts).map(([k, n]) => `${n} ${k}`).join(', '));
  if (values.json) printJson({ ...summary, dir });
  else process.stdout.write(`${summary.status} ${dir}\n`);
  return exitCode(summary);
}

// Real runs for the panel tests and previews: trains an L1 run (MLP on the spiral, AdamW with
// biases excluded, so norms show decayed and undecayed groups, sparsity and histograms) and an
// L1-vs-L2 sweep with the CLI, then turns the store into the messages the extension host sends.
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { sweepViewFromSummary } from '../../src/core/charts';
import type { HostToWebview, RunListEntry } from '../../src/core/panel/protocol';
import { listStore, readJsonFile, readRun } from '../../src/core/runs';

// __filename, not __dirname: under tsx's ESM loader (scripts/preview-webview.mjs) only __filename is right.
const root = path.resolve(path.dirname(__filename), '../..');

export const L1_RUN = {
  name: 'spiral-l1-adamw',
  seed: 0,
  data: { source: 'synthetic', name: 'spiral', samples: 400, noise: 0.2, valFraction: 0.5 },
  model: { hidden: [16, 16], activation: 'relu', norm: 'none', bias: true },
  optimizer: { type: 'adamw', lr: 0.01, weightDecay: 0.01 },
  paramGroups: 'exclude-bias-norm',
  penalty: { l1: 0.001, l2: 0, params: 'weights', l1Mode: 'proximal' },
  training: { epochs: 80, batchSize: 32, shuffle: true },
};

export const L1_L2_SWEEP = {
  name: 'l1-vs-l2-sparsity',
  seed: 0,
  data: { source: 'synthetic', name: 'sparse-linear', samples: 300, noise: 0.5, features: 30, informative: 5, valFraction: 0.4 },
  model: { hidden: [], activation: 'linear', norm: 'none', bias: true },
  optimizer: { type: 'sgd', lr: 0.05 },
  penalty: { l1: 0, l2: 0, params: 'weights', l1Mode: 'proximal' },
  training: { epochs: 40, batchSize: 32, shuffle: true },
  sweep: {
    param: 'penalty.l1', values: [0, 0.0001, 0.001, 0.01, 0.1], seeds: [0, 1, 2], metric: 'valLoss', select: '1se',
    compare: [{ name: 'L1 (proximal)', param: 'penalty.l1', set: {} }, { name: 'L2', param: 'penalty.l2', set: {} }],
  },
};

function cli(args: string[]): void {
  const r = spawnSync(process.execPath, ['--import', 'tsx', path.join(root, 'src/cli/main.ts'), ...args], { cwd: root, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`reglab ${args.join(' ')} exited with ${r.status}: ${r.stderr}`);
}

/** Trains the run and the sweep into `<dir>/store`; returns the store root. */
export function trainRealStore(dir: string, opts: { sweep?: boolean } = {}): string {
  mkdirSync(dir, { recursive: true });
  const store = path.join(dir, 'store');
  const runFile = path.join(dir, 'spiral-l1.reglab.json');
  writeFileSync(runFile, JSON.stringify(L1_RUN, null, 2));
  cli(['run', runFile, '--out', store]);
  if (opts.sweep !== false) {
    const sweepFile = path.join(dir, 'l1-vs-l2.reglab.json');
    writeFileSync(sweepFile, JSON.stringify(L1_L2_SWEEP, null, 2));
    cli(['sweep', sweepFile, '--out', store, '--parallel', '2']);
  }
  return store;
}

/** The messages the extension host would send for this store: runs list, each run's data, sweeps. */
export function hostMessages(store: string): { runs: HostToWebview; runData: Map<string, HostToWebview>; sweeps: HostToWebview[] } {
  const listing = listStore(store);
  const entries: RunListEntry[] = [
    ...listing.sweeps.map((s): RunListEntry => ({ id: s.id, kind: 'sweep', name: s.name, status: s.status === 'running' ? 'running' : s.status === 'completed' ? 'completed' : 'incomplete', epochsCompleted: s.trials.length, epochsPlanned: s.trials.length })),
    ...listing.runs.map((r): RunListEntry => ({ id: r.id, kind: 'run', name: r.name, status: r.status, epochsCompleted: r.epochsCompleted, epochsPlanned: r.epochsPlanned,
      ...(r.final && Number.isFinite(r.final.valLoss) ? { valLoss: r.final.valLoss } : {}), ...(r.sweep ? { sweep: r.sweep } : {}) })),
  ];
  const runData = new Map<string, HostToWebview>();
  for (const r of listing.runs) {
    const { run, metrics } = readRun(r.dir);
    const { dir: _d, ...summary } = run;
    runData.set(r.id, { type: 'runData', runId: r.id, summary, metrics });
  }
  const sweeps = listing.sweeps.map((s): HostToWebview => {
    const exp = readJsonFile<Record<string, any>>(path.join(s.dir, 'experiment.json'));
    return { type: 'sweep', sweep: sweepViewFromSummary(s, exp.ok ? exp.value : undefined) };
  });
  return { runs: { type: 'runs', runs: entries }, runData, sweeps };
}

// A run store on disk, written with the store's own writers, for the report tests and previews:
// one L1 run with histograms, and a 2-variant × 5-λ × 3-seed sweep (one failed, one diverged trial)
// whose per-λ statistics and selection come from the sweep module's own functions.
import path from 'node:path';
import type { ResolvedExperiment } from '../../src/core/experiment/types';
import { RunWriter, createSweepFolder, writeSweepSummary, trialLink } from '../../src/core/runs';
import { selectLambda, sweepPoints } from '../../src/core/sweep/selection';
import type { SweepSummary, SweepTrialRecord } from '../../src/core/sweep/types';
import type { EpochMetrics } from '../../src/core/train/types';
import { makeMetrics } from './charts-fixtures';

export function experiment(name: string, over: Partial<ResolvedExperiment> = {}): ResolvedExperiment {
  return {
    name, seed: 0, baseDir: '/tmp',
    data: { source: 'synthetic', name: 'spiral', samples: 400, noise: 0.2, valFraction: 0.5 },
    model: { hidden: [16, 16], activation: 'relu', norm: 'none', bias: true },
    optimizer: { type: 'adamw', lr: 0.01, momentum: 0, dampening: 0, nesterov: false, betas: [0.9, 0.999], eps: 1e-8, amsgrad: false, weightDecay: 0.01 },
    paramGroups: 'exclude-bias-norm',
    penalty: { l1: 1e-3, l2: 0, params: 'weights', l1Mode: 'proximal', activationL1: 0, activationL2: 0 },
    training: { epochs: 60, batchSize: 32, shuffle: true },
    ...over,
  };
}

export function writeRun(root: string, name: string, metrics: EpochMetrics[], exp = experiment(name), sweep?: { id: string; param: string; value: number; seed: number; variant?: string }, status: 'completed' | 'diverged' = 'completed') {
  const w = RunWriter.create({ root, experiment: exp, name, sweep });
  for (const m of metrics) w.appendEpoch(m);
  const summary = w.finish({ status, backend: 'wasm', ...(status === 'diverged' ? { divergence: { epoch: metrics.length, step: 3, message: 'loss is NaN' } } : {}) });
  return { dir: w.dir, summary };
}

export function writeSingleRun(root: string) {
  return writeRun(root, 'spiral-l1', makeMetrics(60, { l1: true, histEvery: 15 }));
}

export function writeSweep(root: string): { dir: string; summary: SweepSummary } {
  const base = experiment('spiral-wd-sweep', { penalty: { l1: 0, l2: 0, params: 'all', l1Mode: 'subgradient', activationL1: 0, activationL2: 0 } });
  const { id, dir } = createSweepFolder(root, base);
  const values = [0, 1e-4, 1e-3, 1e-2, 1e-1];
  const variants = ['adam-l2', 'adamw'];
  const seeds = [0, 1, 2];
  const trials: SweepTrialRecord[] = [];
  let index = 0;
  for (const variant of variants) {
    for (const [k, value] of values.entries()) {
      for (const seed of seeds) {
        const spec = { index: index++, variant, value, seed };
        if (variant === 'adamw' && k === 4 && seed === 2) {
          trials.push({ ...spec, status: 'failed', reason: 'trainer process exited with code 137 (SIGKILL)', epochsCompleted: 0, epochsPlanned: 40 });
          continue;
        }
        const shift = (variant === 'adam-l2' ? 0.06 : 0) + 0.03 * (k - 3) ** 2 + 0.01 * (seed - 1);
        const metrics = makeMetrics(40, { histEvery: 10 }).map((m) => ({ ...m, valLoss: m.valLoss + shift }));
        const diverged = variant === 'adam-l2' && k === 0 && seed === 1;
        if (diverged) { metrics.length = 12; metrics[11] = { ...metrics[11], trainLoss: NaN, valLoss: NaN }; }
        const run = writeRun(root, `${base.name} ${variant} wd=${value} seed ${seed}`, metrics, base, { id, param: 'optimizer.weightDecay', value, seed, variant }, diverged ? 'diverged' : 'completed');
        trials.push({ ...spec, status: run.summary.status, runId: run.summary.id, path: trialLink(dir, run.dir),
          metric: diverged ? undefined : metrics[metrics.length - 1].valLoss, epochsCompleted: metrics.length, epochsPlanned: 40 });
      }
    }
  }
  const points = sweepPoints(trials, values, variants);
  const selections = variants.map((v) => selectLambda(points.filter((p) => p.variant === v), '1se', 'min', 'valLoss', 'optimizer.weightDecay', v));
  const summary: SweepSummary = {
    kind: 'sweep', id, name: base.name, status: 'completed', startedAt: new Date().toISOString(), param: 'optimizer.weightDecay', metric: 'valLoss',
    direction: 'min', select: '1se', values, seeds, variants, earlyStopping: { kind: 'none' }, parallel: 2, trials, points, selections,
    notes: ['With AdamW the effective decay per step is lr·λ.'], counts: {},
  };
  writeSweepSummary(dir, summary);
  return { dir: path.resolve(dir), summary };
}

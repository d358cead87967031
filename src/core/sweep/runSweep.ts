// Runs a whole sweep: plans the trials, creates the sweep folder, trains the trials in a pool of
// trainer processes, applies early stopping, and keeps sweep.json up to date (atomically) so an
// interrupted sweep is still readable. Used by `reglab sweep` and the VS Code extension.
import type { ResolvedExperiment } from '../experiment/types';
import { createSweepFolder, SweepSummaryFile, trialLink, writeSweepSummary } from '../runs/sweepFolder';
import { RunWriter } from '../runs/runWriter';
import type { BackendName, EpochMetrics, RunSummary } from '../train/types';
import { Pruner } from './earlyStopping';
import { planSweep, type SweepPlan } from './grid';
import { defaultParallel, TrainerPool } from './pool';
import { buildSweepSummary, pendingRecords, trialMetric, type SweepHeader } from './summary';
import type { SweepSummary, SweepTrialRecord } from './types';

export interface RunSweepOptions {
  /** Store root: `.reglab/runs` or `--out`. */
  storeRoot: string;
  /** Absolute path of dist/trainer.js. */
  trainerPath: string;
  parallel?: number;
  backend?: BackendName | 'auto';
  /** Aborting cancels every trial (within a second); the sweep ends `stopped`. */
  signal?: AbortSignal;
  graceMs?: number;
  onEvent?: (e: SweepEvent) => void;
  onStderr?: (line: string, trialIndex: number | undefined) => void;
  /** Extra options for the forked trainers (tests run TypeScript trainers through tsx). */
  execArgv?: string[];
  /** Nice value of the trainer processes (see PoolOptions.priority). */
  priority?: number;
  /**
   * A pool whose trainers were started (TrainerPool.start) while the caller loaded the
   * experiment; its own options (parallel, grace, stderr, ...) then apply instead of these.
   */
  pool?: TrainerPool;
}

export type SweepEvent =
  | { type: 'sweep-started'; dir: string; summary: SweepSummary }
  | { type: 'trial-started'; trial: SweepTrialRecord; pid: number }
  | { type: 'epoch'; trial: SweepTrialRecord; metrics: Omit<EpochMetrics, 'histograms'> }
  /** `summary`: the trial's run summary (undefined when it never ran); `sweep`: the sweep's state with it. */
  | { type: 'trial-ended'; trial: SweepTrialRecord; summary?: RunSummary; sweep: SweepSummary }
  | { type: 'sweep-ended'; dir: string; summary: SweepSummary };

export async function runSweep(base: ResolvedExperiment, opts: RunSweepOptions): Promise<{ dir: string; summary: SweepSummary; plan: SweepPlan }> {
  const plan = planSweep(base);
  const folder = createSweepFolder(opts.storeRoot, base);
  const parallel = Math.max(1, Math.min(opts.parallel ?? defaultParallel(), plan.trials.length));
  const started = Date.now();
  const header: SweepHeader = { id: folder.id, status: 'running', startedAt: new Date(started).toISOString(), parallel, pid: process.pid };
  const records = pendingRecords(plan);
  // sweep.json: on disk before sweep-started, then rewritten in the background as trials start and
  // end (the extension host runs sweeps in-process: no synchronous rewrite per trial), and
  // written durably at the end.
  const summaryFile = new SweepSummaryFile(folder.dir);
  const save = () => {
    const s = buildSweepSummary(plan, records, header);
    summaryFile.update(s);
    return s;
  };
  const emit = opts.onEvent ?? (() => {});
  const first = buildSweepSummary(plan, records, header);
  writeSweepSummary(folder.dir, first);
  emit({ type: 'sweep-started', dir: folder.dir, summary: first });

  const pool = opts.pool ?? new TrainerPool({ trainerPath: opts.trainerPath, parallel, graceMs: opts.graceMs, onStderr: opts.onStderr, execArgv: opts.execArgv, priority: opts.priority });
  const pruner = new Pruner(plan.earlyStopping, plan.direction, plan.metric, base.training.epochs);
  // Early stopping judges every epoch as it ends; otherwise progress may come in batches.
  const progress = pruner.enabled ? { progressIntervalMs: 0 } : {};
  const onAbort = () => pool.cancel('cancelled by the user');
  if (opts.signal?.aborted) onAbort();
  opts.signal?.addEventListener('abort', onAbort);

  try {
    await pool.run(
      plan.trials.length,
      (i) => {
        const t = plan.trials[i];
        const variant = plan.variants.find((v) => v.name === t.variant)!;
        const run = RunWriter.prepare({
          root: opts.storeRoot,
          experiment: t.experiment,
          name: t.runName,
          sweep: { id: folder.id, param: variant.param, value: t.value, seed: t.seed, ...(t.variant !== undefined ? { variant: t.variant } : {}) },
        });
        Object.assign(records[i], { status: 'running', runId: run.id, path: trialLink(folder.dir, run.dir) });
        return { trialIndex: i, experiment: t.experiment, runDir: run.dir, ...(opts.backend ? { backend: opts.backend } : {}), ...progress };
      },
      (e) => {
        if (e.type === 'trial-started') {
          save();
          emit({ type: 'trial-started', trial: records[e.trialIndex], pid: e.pid });
        } else if (e.type === 'epoch') {
          const r = records[e.trialIndex];
          r.epochsCompleted = e.metrics.epoch;
          emit({ type: 'epoch', trial: r, metrics: e.metrics });
          const value = e.metrics[plan.metric];
          if (pruner.enabled && typeof value === 'number' && r.prunedAtEpoch === undefined) {
            const d = pruner.report(e.trialIndex, e.metrics.epoch, value);
            if (d.prune && e.metrics.epoch < r.epochsPlanned) {
              r.prunedAtEpoch = e.metrics.epoch;
              pool.stopTrial(e.trialIndex, 'pruned', d.reason);
            }
          }
        } else {
          const r = records[e.trialIndex];
          const s = e.summary;
          r.wallMs = e.wallMs;
          if (!s) {
            r.status = e.failure ? 'failed' : 'stopped';
            r.reason = e.failure ?? 'cancelled before it started';
          } else {
            r.status = s.status;
            r.epochsCompleted = s.epochsCompleted;
            const m = trialMetric(s, plan.metric);
            if (m !== undefined) r.metric = m; else delete r.metric;
            if (s.reason) r.reason = s.reason;
            else if (s.divergence) r.reason = s.divergence.message;
            if (s.status !== 'pruned') delete r.prunedAtEpoch;
          }
          emit({ type: 'trial-ended', trial: r, ...(s ? { summary: s } : {}), sweep: save() });
        }
      },
    );
  } finally {
    opts.signal?.removeEventListener('abort', onAbort);
  }
  header.status = pool.isCancelled ? 'stopped' : 'completed';
  header.finishedAt = new Date().toISOString();
  header.wallMs = Date.now() - started;
  delete header.pid;
  const summary = buildSweepSummary(plan, records, header);
  await summaryFile.final(summary);
  emit({ type: 'sweep-ended', dir: folder.dir, summary });
  return { dir: folder.dir, summary, plan };
}

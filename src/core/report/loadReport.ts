// Reads a run folder or a sweep folder from the run store into ReportData.
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { sweepViewFromSummary } from '../charts/sweepView';
import { isRunFolder, readJsonFile, readRun, readSweep, RUN_FILES, SWEEP_FILES } from '../runs';
import type { EpochMetrics } from '../train/types';
import type { ReportData, ReportRun, ReportTrial } from './types';

export class ReportInputError extends Error {}

function readExperiment(dir: string, file: string, warnings: string[]): Record<string, unknown> | undefined {
  const r = readJsonFile<Record<string, unknown>>(path.join(dir, file));
  if (r.ok && r.value && typeof r.value === 'object') return r.value;
  if (!r.ok && !r.missing) warnings.push(r.error);
  return undefined;
}

function loadRun(dir: string, warnings: string[]): ReportRun {
  const { run, metrics, warnings: w } = readRun(dir);
  warnings.push(...w);
  const { dir: _abs, ...summary } = run;
  return { folder: path.basename(dir), summary, metrics, experiment: readExperiment(dir, RUN_FILES.experiment, warnings) };
}

/** Only what the curves need: no per-parameter stats or histograms. */
function lossesOnly(metrics: EpochMetrics[]): EpochMetrics[] {
  return metrics.map((m) => ({ epoch: m.epoch, trainLoss: m.trainLoss, penalty: m.penalty, valLoss: m.valLoss, valAccuracy: m.valAccuracy, lr: m.lr, groups: [], params: {}, timeMs: m.timeMs }));
}

export function loadReportData(folder: string, now = new Date()): ReportData {
  const dir = path.resolve(folder);
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new ReportInputError(`${folder}: not a folder (expected a run or sweep folder under .reglab/runs/)`);
  const warnings: string[] = [];
  const generatedAt = now.toISOString();

  if (existsSync(path.join(dir, SWEEP_FILES.sweep))) {
    const { sweep, warnings: w } = readSweep(dir);
    warnings.push(...w);
    if (!sweep) throw new ReportInputError(`${folder}: unreadable sweep summary: ${w.join('; ')}`);
    const experiment = readExperiment(dir, SWEEP_FILES.experiment, warnings);
    const view = sweepViewFromSummary(sweep, experiment);
    const trials: ReportTrial[] = [];
    const curves: Extract<ReportData, { kind: 'sweep' }>['curves'] = [];
    const runsById = new Map<string, ReportRun>();
    for (const t of sweep.trials) {
      const runId = t.runId ?? t.path ?? `trial-${t.index}`;
      trials.push({ variant: t.variant ?? '', value: t.value, seed: t.seed, status: t.status, metric: t.metric ?? undefined,
        epochsCompleted: t.epochsCompleted, epochsPlanned: t.epochsPlanned, reason: t.reason ?? (t.prunedAtEpoch ? `pruned at epoch ${t.prunedAtEpoch}` : undefined), runId });
      if (!t.path) continue;
      const runDir = path.resolve(dir, t.path);
      if (!existsSync(runDir) || !isRunFolder(runDir)) { warnings.push(`${runDir}: trial run folder missing; its curve is left out`); continue; }
      const run = loadRun(runDir, warnings);
      runsById.set(runId, run);
      if (run.metrics.length) curves.push({ runId, name: trialName(t.variant, sweep.param, t.value, t.seed), variant: t.variant ?? '', value: t.value, seed: t.seed, metrics: lossesOnly(run.metrics) });
    }
    const chosenRuns: Extract<ReportData, { kind: 'sweep' }>['chosenRuns'] = [];
    for (const sel of view.selections) {
      if (sel.chosen === undefined) continue;
      const point = view.variants.find((v) => v.name === sel.variant)?.points.find((p) => p.value === sel.chosen);
      const trial = point?.trials.find((t) => runsById.has(t.runId) && runsById.get(t.runId)!.metrics.length);
      if (trial) chosenRuns.push({ ...runsById.get(trial.runId)!, variant: sel.variant });
    }
    return { kind: 'sweep', title: sweep.name, generatedAt, sweep: view, trials, curves, chosenRuns,
      experiment, warnings };
  }

  if (isRunFolder(dir)) {
    const run = loadRun(dir, warnings);
    return { kind: 'run', title: run.summary.name, generatedAt, run, warnings };
  }
  throw new ReportInputError(`${folder}: neither a run folder (${RUN_FILES.meta}, ${RUN_FILES.summary}) nor a sweep folder (${SWEEP_FILES.sweep})`);
}

function trialName(variant: string | undefined, param: string, value: number, seed: number): string {
  return `${variant ? `${variant} · ` : ''}${param.split('.').pop()}=${value} · seed ${seed}`;
}

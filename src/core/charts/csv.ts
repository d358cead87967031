// CSV exports of what the charts show, from the full data (not the decimated points).
import type { SweepView } from '../panel/protocol';
import type { EpochMetrics } from '../train/types';
import type { RunSeries } from './runCharts';
import { paramNames } from './series';

function cell(v: unknown): string {
  if (v === undefined || v === null) return '';
  if (typeof v === 'number') return String(v); // NaN and Infinity stay visible
  const s = String(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

function table(header: string[], rows: unknown[][]): string {
  return [header, ...rows].map((r) => r.map(cell).join(',')).join('\n') + '\n';
}

/** One row per epoch: losses, penalty, lr, then ‖p‖₂, % zeros and % |w|<1e-3 per parameter. */
export function metricsCsv(metrics: readonly EpochMetrics[]): string {
  const names = paramNames(metrics);
  const header = ['epoch', 'trainLoss', 'penalty', 'valLoss', 'valAccuracy', 'lr', 'timeMs',
    ...names.flatMap((n) => [`${n}.l2`, `${n}.zeroFrac`, `${n}.smallFrac`])];
  const rows = metrics.map((m) => [m.epoch, m.trainLoss, m.penalty, m.valLoss, m.valAccuracy, m.lr, m.timeMs,
    ...names.flatMap((n) => [m.params[n]?.l2, m.params[n]?.zeroFrac, m.params[n]?.smallFrac])]);
  return table(header, rows);
}

/** Long format for overlays: run, epoch, trainLoss, penalty, valLoss, valAccuracy. */
export function runsCsv(runs: readonly RunSeries[]): string {
  const rows = runs.flatMap((r) => r.metrics.map((m) => [r.name, m.epoch, m.trainLoss, m.penalty, m.valLoss, m.valAccuracy]));
  return table(['run', 'epoch', 'trainLoss', 'penalty', 'valLoss', 'valAccuracy'], rows);
}

/** One row per (variant, value): mean, SE, n, and whether it is the chosen one. */
export function sweepCsv(sweep: SweepView): string {
  const rows = sweep.variants.flatMap((v) => v.points.map((p) => [v.name, p.value, p.mean, p.se, p.n,
    sweep.selections.some((s) => s.variant === v.name && s.chosen === p.value) ? 'yes' : '', p.excluded]));
  return table(['variant', sweep.param, `mean ${sweep.metric}`, 'se', 'n', 'chosen', 'excluded'], rows);
}

/** Weight histograms at every checkpoint: one row per bin. */
export function histogramsCsv(metrics: readonly EpochMetrics[]): string {
  const rows: unknown[][] = [];
  for (const m of metrics) {
    for (const [name, h] of Object.entries(m.histograms ?? {})) {
      h.counts.forEach((c, i) => rows.push([name, m.epoch, h.edges[i], h.edges[i + 1], c]));
    }
  }
  return table(['param', 'epoch', 'binStart', 'binEnd', 'count'], rows);
}

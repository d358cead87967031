// Charts of one run: loss curves (data loss and penalty apart), per-parameter weight norms
// (decayed and undecayed told apart), sparsity for L1 runs.
import type { EpochMetrics, RunSummary } from '../train/types';
import { lineConfig, lineDataset, type LineConfig, type LineDataset } from './common';
import { epochSeries, moduleIndex, paramNames, prefersLogScale, DEFAULT_MAX_POINTS } from './series';
import { lineWidth, seriesColor, type ChartTheme } from './theme';

export interface RunSeries {
  id: string;
  name: string;
  metrics: EpochMetrics[];
  summary?: RunSummary;
}

export interface SeriesOptions {
  maxPoints?: number;
}

function statusNote(run: RunSeries): string | undefined {
  const s = run.summary;
  if (!s) return undefined;
  if (s.status === 'diverged' && s.divergence) return `diverged at epoch ${s.divergence.epoch} (${s.divergence.message})`;
  if (s.status !== 'completed') return `${s.status}${s.reason ? `: ${s.reason}` : ''} after ${s.epochsCompleted} of ${s.epochsPlanned} epochs`;
  return undefined;
}

/** Train data loss and validation loss on the left axis; the penalty on its own right axis. */
export function lossChart(run: RunSeries, theme: ChartTheme, opts: SeriesOptions = {}): LineConfig {
  const max = opts.maxPoints ?? DEFAULT_MAX_POINTS;
  const train = epochSeries(run.metrics, (m) => m.trainLoss, max);
  const val = epochSeries(run.metrics, (m) => m.valLoss, max);
  const penalty = epochSeries(run.metrics, (m) => m.penalty, max);
  const hasPenalty = penalty.some((p) => p.y !== 0);
  const datasets: LineDataset[] = [
    lineDataset('train data loss', train, seriesColor(theme, 0)),
    lineDataset('validation loss', val, seriesColor(theme, 1)),
  ];
  if (hasPenalty) {
    datasets.push(lineDataset('penalty (right axis)', penalty, seriesColor(theme, 3), { yAxisID: 'y1', borderDash: [6, 3] }));
  }
  const notes = [`${run.name}`, hasPenalty ? 'data loss (left) and penalty (right, dashed) on separate axes' : 'no penalty', statusNote(run)];
  return lineConfig(theme, {
    title: 'Loss',
    subtitle: notes.filter(Boolean).join(' · '),
    x: { title: 'epoch' },
    y: { title: 'data loss', log: prefersLogScale([train, val]) },
    y1: hasPenalty ? { title: 'penalty', log: prefersLogScale([penalty]) } : undefined,
  }, datasets);
}

/** ‖p‖₂ of every parameter over epochs: colour by layer, solid = decayed, dashed = not decayed. */
export function weightNormChart(run: RunSeries, theme: ChartTheme, opts: SeriesOptions = {}): LineConfig {
  const max = opts.maxPoints ?? DEFAULT_MAX_POINTS;
  const last = run.metrics[run.metrics.length - 1];
  const names = paramNames(run.metrics);
  // Decayed group first in the legend, then undecayed: the legend reads as two groups.
  const ordered = [...names].sort((a, b) => Number(last.params[b].decayed) - Number(last.params[a].decayed));
  const layers = [...new Set(names.map(moduleIndex))];
  const datasets = ordered.map((name) => {
    const decayed = last.params[name].decayed;
    const color = seriesColor(theme, layers.indexOf(moduleIndex(name)));
    return lineDataset(`${decayed ? 'decayed' : 'not decayed'} · ${name}`, epochSeries(run.metrics, (m) => m.params[name]?.l2, max), color, {
      borderDash: decayed ? [] : [6, 4],
      borderWidth: lineWidth(theme, decayed ? 2 : 1.5),
    });
  });
  const data = datasets.map((d) => d.data);
  return lineConfig(theme, {
    title: 'Weight norms ‖p‖₂',
    subtitle: `${run.name} · solid: decayed (weight decay or penalty reaches it) · dashed: not decayed · colour: layer`,
    x: { title: 'epoch' },
    y: { title: '‖p‖₂', log: prefersLogScale(data) },
  }, datasets);
}

/** True when the run shows sparsity worth charting (an L1 run, or exact zeros appeared). */
export function hasSparsity(metrics: readonly EpochMetrics[], l1 = 0): boolean {
  return l1 > 0 || metrics.some((m) => Object.values(m.params).some((p) => p.zeroFrac > 0));
}

/** % exact zeros (solid) and % |w| < 1e-3 (dashed) of each weight matrix over epochs. */
export function sparsityChart(run: RunSeries, theme: ChartTheme, opts: SeriesOptions = {}): LineConfig {
  const max = opts.maxPoints ?? DEFAULT_MAX_POINTS;
  const last = run.metrics[run.metrics.length - 1];
  const names = paramNames(run.metrics).filter((n) => last.params[n].kind === 'weight');
  const layers = [...new Set(names.map(moduleIndex))];
  const datasets: LineDataset[] = [];
  for (const name of names) {
    const color = seriesColor(theme, layers.indexOf(moduleIndex(name)));
    datasets.push(lineDataset(`${name} · exact zeros`, epochSeries(run.metrics, (m) => pct(m.params[name]?.zeroFrac), max), color));
    datasets.push(lineDataset(`${name} · |w| < 1e-3`, epochSeries(run.metrics, (m) => pct(m.params[name]?.smallFrac), max), color, { borderDash: [6, 4] }));
  }
  return lineConfig(theme, {
    title: 'Sparsity of weight matrices',
    subtitle: `${run.name} · solid: % exactly 0 · dashed: % with |w| < 1e-3`,
    x: { title: 'epoch' },
    y: { title: '% of entries', min: 0, max: 100 },
  }, datasets);
}

function pct(f: number | undefined): number | undefined {
  return f === undefined ? undefined : 100 * f;
}

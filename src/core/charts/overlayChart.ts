// Several runs on one chart (the overlay view, and the report of a sweep): one decimated line per
// run; colours cycle through the palette, then dash patterns, so 50 runs stay tellable apart.
import type { EpochMetrics } from '../train/types';
import { lineConfig, lineDataset, type LineConfig } from './common';
import type { RunSeries } from './runCharts';
import { epochSeries, prefersLogScale, DEFAULT_MAX_POINTS } from './series';
import { formatValue } from './sweepAxis';
import { cycleDash, lineWidth, seriesColor, type ChartTheme } from './theme';

export type OverlayMetric = 'valLoss' | 'trainLoss' | 'penalty' | 'valAccuracy';

const LABEL: Record<OverlayMetric, string> = {
  valLoss: 'validation loss',
  trainLoss: 'train data loss',
  penalty: 'penalty',
  valAccuracy: 'validation accuracy',
};

/** Points drawn in total across an overlay: Chart.js's update cost grows with it, the picture does not. */
export const OVERLAY_POINT_BUDGET = 12_000;

/** Points per series for n overlaid series: the default cap, shared out under the total budget. */
export function overlayMaxPoints(n: number): number {
  return Math.max(64, Math.min(DEFAULT_MAX_POINTS, Math.floor(OVERLAY_POINT_BUDGET / Math.max(1, n))));
}

export function overlayChart(runs: readonly RunSeries[], metric: OverlayMetric, theme: ChartTheme, opts: { maxPoints?: number } = {}): LineConfig {
  const max = opts.maxPoints ?? overlayMaxPoints(runs.length);
  const pick = (m: EpochMetrics) => m[metric];
  const datasets = runs.map((r, i) => lineDataset(r.name, epochSeries(r.metrics, pick, max), seriesColor(theme, i), { borderDash: cycleDash(theme, i) }));
  const cfg = lineConfig(theme, {
    title: `Overlay: ${LABEL[metric]}`,
    subtitle: `${runs.length} run${runs.length === 1 ? '' : 's'}`,
    x: { title: 'epoch' },
    y: { title: LABEL[metric], log: metric !== 'valAccuracy' && prefersLogScale(datasets.map((d) => d.data)) },
  }, datasets);
  // Beyond a dozen runs a legend is a wall of text; tooltips name the run instead.
  cfg.options!.plugins!.legend!.display = runs.length <= 12;
  return cfg;
}

/** A trial's curve in a sweep overlay. */
export interface TrialCurve extends RunSeries {
  variant: string;
  value: number;
  seed: number;
}

/**
 * Every trial of a sweep on one chart: colour = λ, dash = compare variant, seeds share a style;
 * the legend lists each (variant, λ) once.
 */
export function sweepOverlayChart(curves: readonly TrialCurve[], param: string, metric: OverlayMetric, theme: ChartTheme, opts: { maxPoints?: number } = {}): LineConfig {
  const max = opts.maxPoints ?? overlayMaxPoints(curves.length);
  const values = [...new Set(curves.map((c) => c.value))].sort((a, b) => a - b);
  const variants = [...new Set(curves.map((c) => c.variant))];
  const short = param.split('.').pop();
  const ordered = [...curves].sort((a, b) => variants.indexOf(a.variant) - variants.indexOf(b.variant) || a.value - b.value || a.seed - b.seed);
  const datasets = ordered.map((c) => lineDataset(
    `${c.variant ? `${c.variant} · ` : ''}${short} = ${formatValue(c.value)}`,
    epochSeries(c.metrics, (m) => m[metric], max),
    seriesColor(theme, values.indexOf(c.value)),
    { borderDash: [[], [6, 3], [2, 2], [10, 3, 2, 3]][variants.indexOf(c.variant) % 4], borderWidth: lineWidth(theme, 1.25) },
  ));
  const cfg = lineConfig(theme, {
    title: `${LABEL[metric]} of every trial`,
    subtitle: `${curves.length} trials · colour: ${short}${variants.length > 1 ? ' · dash: variant' : ''} · seeds share a style`,
    x: { title: 'epoch' },
    y: { title: LABEL[metric], log: metric !== 'valAccuracy' && prefersLogScale(datasets.map((d) => d.data)) },
  }, datasets);
  const seen = new Set<string>();
  const first = datasets.map((d) => (seen.has(d.label!) ? false : (seen.add(d.label!), true)));
  cfg.options!.plugins!.legend!.labels!.filter = (item) => first[item.datasetIndex ?? 0];
  return cfg;
}

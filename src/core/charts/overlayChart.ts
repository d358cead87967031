// Several runs on one chart (the overlay view, and the report of a sweep): one decimated line per
// run; colours cycle through the palette, then dash patterns, so 50 runs stay tellable apart.
import type { EpochMetrics } from '../train/types';
import { lineConfig, lineDataset, type LineConfig } from './common';
import type { RunSeries } from './runCharts';
import { epochSeries, prefersLogScale, DEFAULT_MAX_POINTS } from './series';
import { cycleDash, seriesColor, type ChartTheme } from './theme';

export type OverlayMetric = 'valLoss' | 'trainLoss' | 'penalty' | 'valAccuracy';

const LABEL: Record<OverlayMetric, string> = {
  valLoss: 'validation loss',
  trainLoss: 'train data loss',
  penalty: 'penalty',
  valAccuracy: 'validation accuracy',
};

export function overlayChart(runs: readonly RunSeries[], metric: OverlayMetric, theme: ChartTheme, opts: { maxPoints?: number } = {}): LineConfig {
  const max = opts.maxPoints ?? DEFAULT_MAX_POINTS;
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

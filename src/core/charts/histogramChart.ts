// Weight histograms at checkpoint epochs: one chart per parameter, one stepped outline per
// checkpoint, older checkpoints fainter, so shrinkage towards 0 under decay is visible at a glance.
import type { EpochMetrics, Histogram } from '../train/types';
import { lineConfig, lineDataset, type LineConfig } from './common';
import type { XY } from './decimate';
import { seriesColor, withAlpha, lineWidth, type ChartTheme } from './theme';

export interface Checkpoint {
  epoch: number;
  hist: Histogram;
}

/** Checkpoints per parameter, in epoch order. */
export function histogramCheckpoints(metrics: readonly EpochMetrics[]): Map<string, Checkpoint[]> {
  const out = new Map<string, Checkpoint[]>();
  for (const m of metrics) {
    if (!m.histograms) continue;
    for (const [name, hist] of Object.entries(m.histograms)) {
      if (!out.has(name)) out.set(name, []);
      out.get(name)!.push({ epoch: m.epoch, hist });
    }
  }
  return out;
}

/** At most `max` checkpoints, evenly spread, always the first and the last. */
export function pickCheckpoints(cps: readonly Checkpoint[], max = 5): Checkpoint[] {
  if (cps.length <= max) return cps.slice();
  const idx = new Set<number>();
  for (let k = 0; k < max; k++) idx.add(Math.round((k * (cps.length - 1)) / (max - 1)));
  return [...idx].sort((a, b) => a - b).map((i) => cps[i]);
}

/** A histogram as the outline of its bars: (edge_i, count_i) held until the next edge. */
export function histogramOutline(h: Histogram): XY[] {
  const n = h.counts.length;
  if (h.edges.length !== n + 1) throw new RangeError(`histogram has ${h.edges.length} edges for ${n} counts (expected ${n + 1})`);
  const pts: XY[] = [{ x: h.edges[0], y: 0 }];
  for (let i = 0; i < n; i++) pts.push({ x: h.edges[i], y: h.counts[i] });
  pts.push({ x: h.edges[n], y: n ? h.counts[n - 1] : 0 }, { x: h.edges[n], y: 0 });
  return pts;
}

export function histogramChart(name: string, checkpoints: readonly Checkpoint[], theme: ChartTheme, colorIndex = 0): LineConfig {
  const cps = pickCheckpoints(checkpoints);
  const color = seriesColor(theme, colorIndex);
  const datasets = cps.map((cp, k) => {
    const latest = k === cps.length - 1;
    const alpha = cps.length === 1 ? 1 : 0.3 + (0.7 * k) / (cps.length - 1);
    return lineDataset(`epoch ${cp.epoch}`, histogramOutline(cp.hist), withAlpha(color, alpha), {
      stepped: 'after',
      fill: latest ? 'origin' : false,
      backgroundColor: withAlpha(color, 0.18),
      borderWidth: lineWidth(theme, latest ? 2 : 1.25),
    });
  });
  return lineConfig(theme, {
    title: `Histogram of ${name}`,
    subtitle: cps.length > 1 ? `checkpoints at epochs ${cps.map((c) => c.epoch).join(', ')} (latest filled)` : undefined,
    x: { title: 'value' },
    y: { title: 'count', min: 0 },
  }, datasets);
}

// Turning per-epoch metrics into chart points: non-finite values (a diverged run's NaN/Inf loss)
// are left out rather than drawn as cliffs, and long series are decimated.
import type { EpochMetrics } from '../train/types';
import { decimateMinMax, type XY } from './decimate';

/** Default cap on points per series: ~2 per pixel column of a typical panel chart. */
export const DEFAULT_MAX_POINTS = 400;

export function epochSeries(metrics: readonly EpochMetrics[], pick: (m: EpochMetrics) => number | undefined, maxPoints = DEFAULT_MAX_POINTS): XY[] {
  const pts: XY[] = [];
  for (const m of metrics) {
    const y = pick(m);
    if (typeof y === 'number' && Number.isFinite(y)) pts.push({ x: m.epoch, y });
  }
  return decimateMinMax(pts, maxPoints);
}

/** Parameter names in model order (as they appear in the first epoch's stats). */
export function paramNames(metrics: readonly EpochMetrics[]): string[] {
  const last = metrics[metrics.length - 1];
  return last ? Object.keys(last.params) : [];
}

/** "0.weight" -> 0: the module index, so a layer's weight and bias share a colour. */
export function moduleIndex(name: string): number {
  const m = /^(\d+)\./.exec(name);
  return m ? Number(m[1]) : 0;
}

/** Whether values span enough decades for a logarithmic axis to read better than a linear one. */
export function prefersLogScale(series: readonly XY[][]): boolean {
  let lo = Infinity;
  let hi = -Infinity;
  for (const s of series) for (const p of s) {
    if (p.y <= 0) return false;
    if (p.y < lo) lo = p.y;
    if (p.y > hi) hi = p.y;
  }
  return Number.isFinite(lo) && hi / lo > 20;
}

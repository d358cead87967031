// Per-parameter summaries reported every epoch (norms, sparsity) and value histograms at a few
// checkpoint epochs. Computed on the host from one read of each parameter per epoch.
import type { Histogram, ParamStats } from './types';

/** |w| below this counts as "small" (ParamStats.smallFrac). */
export const SMALL_THRESHOLD = 1e-3;
export const HISTOGRAM_BINS = 30;

export function paramStats(values: Float32Array, info: Pick<ParamStats, 'group' | 'decayed' | 'kind'>): ParamStats {
  let l2 = 0;
  let l1 = 0;
  let maxAbs = 0;
  let zeros = 0;
  let small = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    const a = Math.abs(v);
    l2 += v * v;
    l1 += a;
    if (a > maxAbs || Number.isNaN(a)) maxAbs = a;
    if (v === 0) zeros++;
    if (a < SMALL_THRESHOLD) small++;
  }
  const n = values.length || 1;
  return { l2: Math.sqrt(l2), l1, maxAbs, zeroFrac: zeros / n, smallFrac: small / n, ...info };
}

/** Equal-width histogram over [min, max] of the values (a unit-wide range when all are equal). */
export function histogram(values: Float32Array, bins = HISTOGRAM_BINS): Histogram {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values) {
    if (!Number.isFinite(v)) continue;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  if (lo === Infinity) { lo = 0; hi = 0; }
  if (hi === lo) { lo -= 0.5; hi += 0.5; }
  const width = (hi - lo) / bins;
  const edges = Array.from({ length: bins + 1 }, (_, i) => (i === bins ? hi : lo + i * width));
  const counts = new Array<number>(bins).fill(0);
  for (const v of values) {
    if (!Number.isFinite(v)) continue;
    counts[Math.min(bins - 1, Math.floor((v - lo) / width))]++;
  }
  return { edges, counts };
}

/** Epochs (1-based) that get histograms: first, 25 %, 50 %, 75 % and last. */
export function histogramEpochs(epochs: number): Set<number> {
  const out = new Set<number>();
  for (const f of [0, 0.25, 0.5, 0.75, 1]) out.add(Math.max(1, Math.min(epochs, Math.round(f * epochs))));
  return out;
}

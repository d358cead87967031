// The x axis of a sweep chart: λ on a log scale, drawn as log10(λ) on a linear axis so that
// λ = 0 (the unregularized baseline, usually part of a grid) can be shown too. A log axis has no
// place for 0, so 0 gets its own slot one grid step (at least one decade) left of the smallest
// positive λ, labelled "0", with a break mark between it and the log part.
// Grids with negative values fall back to a plain linear axis of the raw values.

export interface SweepAxis {
  kind: 'log' | 'linear';
  /** Position of a swept value on the axis. */
  toX(value: number): number;
  /** Tick positions and their labels. */
  ticks: Array<{ x: number; label: string }>;
  /** Where λ = 0 sits (log axis with a 0 in the grid only). */
  zeroX?: number;
  /** Where the break mark goes, between the 0 slot and the smallest positive λ. */
  breakX?: number;
  min: number;
  max: number;
}

/** Compact label of a swept value: 0.001 -> "1e-3", 0.01 -> "0.01", 3e-4 -> "3e-4". */
export function formatValue(v: number): string {
  if (v === 0) return '0';
  const a = Math.abs(v);
  if (a >= 0.01 && a < 1e4) return String(Number(v.toPrecision(3)));
  const [m, e] = v.toExponential(2).split('e');
  return `${String(Number(m))}e${Number(e)}`;
}

export function sweepAxis(values: readonly number[]): SweepAxis {
  const finite = values.filter((v) => Number.isFinite(v));
  if (finite.some((v) => v < 0) || finite.length === 0) return linearAxis(finite);
  const pos = [...new Set(finite.filter((v) => v > 0))].sort((a, b) => a - b);
  const hasZero = finite.includes(0);
  if (pos.length === 0) return { kind: 'log', toX: () => 0, ticks: [{ x: 0, label: '0' }], zeroX: 0, min: -1, max: 1 };
  const logs = pos.map(Math.log10);
  const lo = logs[0];
  const hi = logs[logs.length - 1];
  const steps = logs.slice(1).map((l, i) => l - logs[i]).sort((a, b) => a - b);
  const step = steps.length ? steps[Math.floor(steps.length / 2)] : 1;
  const gap = Math.max(1, step);
  const zeroX = hasZero ? lo - gap : undefined;
  const ticks: SweepAxis['ticks'] = [];
  if (zeroX !== undefined) ticks.push({ x: zeroX, label: '0' });
  // Decade ticks when the grid spans at least one decade; otherwise the grid values themselves.
  if (Math.floor(hi) - Math.ceil(lo) >= 1) {
    for (let d = Math.ceil(lo - 1e-9); d <= Math.floor(hi + 1e-9); d++) ticks.push({ x: d, label: formatValue(10 ** d) });
  } else {
    for (const v of pos) ticks.push({ x: Math.log10(v), label: formatValue(v) });
  }
  const pad = Math.max(0.25, 0.08 * (hi - (zeroX ?? lo)));
  return {
    kind: 'log',
    toX: (v) => (v === 0 && zeroX !== undefined ? zeroX : Math.log10(v)),
    ticks,
    zeroX,
    breakX: zeroX !== undefined ? (zeroX + lo) / 2 : undefined,
    min: (zeroX ?? lo) - pad,
    max: hi + pad,
  };
}

function linearAxis(values: number[]): SweepAxis {
  const lo = values.length ? Math.min(...values) : 0;
  const hi = values.length ? Math.max(...values) : 1;
  const pad = hi > lo ? 0.05 * (hi - lo) : 1;
  const uniq = [...new Set(values)].sort((a, b) => a - b);
  return {
    kind: 'linear',
    toX: (v) => v,
    ticks: uniq.length <= 12 ? uniq.map((v) => ({ x: v, label: formatValue(v) })) : [],
    min: lo - pad,
    max: hi + pad,
  };
}

// The seeded train/validation split and the train-statistics standardization.
import { deriveSeed, Rng } from './rng';

/** Validation rows for n samples: round(n·valFraction), at least 1, leaving at least 1 for training. */
export function validationCount(n: number, valFraction: number): number {
  return Math.min(n - 1, Math.max(1, Math.round(n * valFraction)));
}

/**
 * Row indices of the two parts: the first nVal entries of a permutation drawn from
 * Rng(deriveSeed(seed, "split")) are the validation rows; each part is returned in file order.
 */
export function splitIndices(n: number, valFraction: number, seed: number): { train: number[]; val: number[] } {
  const nVal = validationCount(n, valFraction);
  const perm = new Rng(deriveSeed(seed, 'split')).permutation(n);
  const val = Array.from(perm.subarray(0, nVal)).sort((a, b) => a - b);
  const train = Array.from(perm.subarray(nVal)).sort((a, b) => a - b);
  return { train, val };
}

/** Row-major [rows.length, cols] copy of the chosen rows of a row-major matrix. */
export function takeRows(x: ArrayLike<number>, cols: number, rows: readonly number[]): Float64Array {
  const out = new Float64Array(rows.length * cols);
  rows.forEach((r, i) => { for (let c = 0; c < cols; c++) out[i * cols + c] = x[r * cols + c]; });
  return out;
}

export interface ColumnStats { mean: number[]; std: number[] }

/** Per-column mean and population std (ddof 0, as sklearn's StandardScaler); a constant column gets std 1. */
export function columnStats(x: ArrayLike<number>, rows: number, cols: number): ColumnStats {
  const mean = new Array<number>(cols).fill(0);
  const std = new Array<number>(cols).fill(0);
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) mean[c] += x[r * cols + c];
  for (let c = 0; c < cols; c++) mean[c] /= rows;
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) { const d = x[r * cols + c] - mean[c]; std[c] += d * d; }
  for (let c = 0; c < cols; c++) {
    const s = Math.sqrt(std[c] / rows);
    std[c] = s > 1e-12 * Math.max(1, Math.abs(mean[c])) ? s : 1;
  }
  return { mean, std };
}

/** In place: (x - mean) / std per column. */
export function applyStandardization(x: Float64Array, cols: number, s: ColumnStats): void {
  for (let i = 0; i < x.length; i++) { const c = i % cols; x[i] = (x[i] - s.mean[c]) / s.std[c]; }
}

// Per-λ statistics over seeds and the λ-selection rules:
//   min: the λ with the best mean metric;
//   1se: the largest λ whose mean is within one standard error of the best mean (the simplest
//        model the data cannot tell apart from the best; Hastie, Tibshirani & Friedman, ESL §7.10).
// SE = sample standard deviation (n − 1 in the denominator) / √n.
import type { SweepPoint, SweepSelection, SweepTrialRecord } from './types';

export function meanStdSe(values: number[]): { mean: number; std: number; se: number } {
  const n = values.length;
  if (!n) return { mean: NaN, std: NaN, se: NaN };
  const mean = values.reduce((a, b) => a + b, 0) / n;
  if (n === 1) return { mean, std: 0, se: 0 };
  const ss = values.reduce((a, v) => a + (v - mean) ** 2, 0);
  const std = Math.sqrt(ss / (n - 1));
  return { mean, std, se: std / Math.sqrt(n) };
}

function fmt(v: number): string {
  return Number.isFinite(v) ? Number(v.toPrecision(4)).toString() : String(v);
}

/** Why a point cannot be chosen, from the statuses of its trials; undefined when it can. */
function exclusion(trials: SweepTrialRecord[]): string | undefined {
  const bad = trials.filter((t) => t.status !== 'completed' || t.metric === undefined || !Number.isFinite(t.metric));
  if (!bad.length) return undefined;
  return bad
    .map((t) => {
      const what = t.status === 'completed' ? 'no finite metric' : t.status;
      return `seed ${t.seed}: ${what}${t.prunedAtEpoch ? ` at epoch ${t.prunedAtEpoch}` : ''}`;
    })
    .join('; ');
}

/**
 * One point per (variant, λ), in the order of `variants` then `values`. A baseline variant (one
 * that fixes its own swept field) is trained once per seed; its trials stand for every λ.
 */
export function sweepPoints(trials: SweepTrialRecord[], values: number[], variants: Array<string | undefined>, baselines: ReadonlySet<string> = new Set()): SweepPoint[] {
  const points: SweepPoint[] = [];
  for (const variant of variants) {
    const flat = variant !== undefined && baselines.has(variant);
    for (const value of values) {
      const ts = trials.filter((t) => t.variant === variant && (flat || t.value === value)).sort((a, b) => a.seed - b.seed);
      const finite = ts.filter((t) => t.status === 'completed' && t.metric !== undefined && Number.isFinite(t.metric));
      const vals = finite.map((t) => t.metric as number);
      const { mean, std, se } = meanStdSe(vals);
      const excluded = exclusion(ts);
      points.push({ ...(variant !== undefined ? { variant } : {}), value, n: vals.length, mean, se, std, values: vals, ...(excluded ? { excluded } : {}) });
    }
  }
  return points;
}

/**
 * Applies the rule to the points of one variant. `direction` is "min" for losses and "max" for
 * accuracy. Ties on the best mean go to the larger λ (the simpler model).
 */
export function selectLambda(points: SweepPoint[], rule: 'min' | '1se', direction: 'min' | 'max', metric: string, param: string, variant?: string): SweepSelection {
  const base: SweepSelection = { ...(variant !== undefined ? { variant } : {}), rule, why: '' };
  const eligible = points.filter((p) => !p.excluded && p.n > 0 && Number.isFinite(p.mean));
  if (!eligible.length) {
    return { ...base, why: `No ${param} value can be chosen: every point has a diverged, failed, stopped, pruned or unfinished trial.` };
  }
  const better = (a: number, b: number) => (direction === 'min' ? a < b : a > b);
  let best = eligible[0];
  for (const p of eligible.slice(1)) if (better(p.mean, best.mean) || (p.mean === best.mean && p.value > best.value)) best = p;
  const lowest = direction === 'min' ? 'lowest' : 'highest';
  const seeds = (p: SweepPoint) => `${p.n} seed${p.n === 1 ? '' : 's'}`;
  const bestText = `${fmt(best.mean)} ± ${fmt(best.se)} (SE over ${seeds(best)})`;
  const out: SweepSelection = { ...base, best: best.value, bestMean: best.mean, bestSe: best.se };
  const skipped = points.length - eligible.length;
  const skippedText = skipped ? ` ${skipped} value${skipped === 1 ? ' was' : 's were'} not eligible (see points[].excluded).` : '';
  if (rule === 'min') {
    return { ...out, chosen: best.value, why: `${param} = ${fmt(best.value)} has the ${lowest} mean ${metric}, ${bestText}.${skippedText}` };
  }
  const threshold = direction === 'min' ? best.mean + best.se : best.mean - best.se;
  const within = eligible.filter((p) => (direction === 'min' ? p.mean <= threshold : p.mean >= threshold));
  const chosen = within.reduce((a, p) => (p.value > a.value ? p : a), best);
  const op = direction === 'min' ? '+' : '−';
  const bound = `${fmt(best.mean)} ${op} ${fmt(best.se)} = ${fmt(threshold)}`;
  const why = chosen === best
    ? `${param} = ${fmt(best.value)} has the ${lowest} mean ${metric}, ${bestText}, and no larger value is within one standard error of it (${bound}).${skippedText}`
    : `${param} = ${fmt(chosen.value)} is the largest value whose mean ${metric} (${fmt(chosen.mean)}) is within one standard error of the best (${param} = ${fmt(best.value)}: ${bound}); the 1se rule prefers the more regularized model.${skippedText}`;
  return { ...out, chosen: chosen.value, threshold, why };
}

/**
 * Notes for a selection whose chosen or best λ is the largest or smallest non-zero value of the
 * grid: the curve was not seen to turn there, so the optimum may lie outside the grid. (0 is the
 * unregularized reference, not an edge to extend.) Needs at least two non-zero values.
 */
export function gridEdgeNotes(sel: SweepSelection, values: number[]): string[] {
  if (sel.baseline || sel.chosen === undefined) return [];
  const nonZero = values.filter((v) => v > 0);
  if (nonZero.length < 2) return [];
  const lo = Math.min(...nonZero);
  const hi = Math.max(...nonZero);
  const param = sel.param ?? 'λ';
  const head = sel.variant !== undefined ? `${sel.variant}: ` : '';
  const notes: string[] = [];
  for (const [edge, v, dir] of [['upper', hi, 'above'], ['lower', lo, 'below']] as const) {
    const what = sel.chosen === v ? 'the chosen λ' : sel.best === v ? 'the λ with the best mean' : undefined;
    if (!what) continue;
    notes.push(`${head}${what} (${param} = ${fmt(v)}) is at the ${edge} edge of the grid; extend the grid ${dir} ${fmt(v)} to be sure the optimum is inside.`);
  }
  return notes;
}

// Which λ a finished sweep hands to reglab.applyLambda. A sweep without `compare` has one
// selection. With `compare`, the variant that changes nothing (an empty `set`, e.g. "as written"
// in a Try-in-RegLab preset) is the source as written; otherwise every variant with a chosen λ is
// offered and the user picks.
import type { SweepSummary } from '../../core/sweep/types';

export interface LambdaCandidate {
  /** Variant name ("" without compare). */
  variant: string;
  value: number;
  /** Field the λ goes into (the variant's param, or the sweep's). */
  param: string;
  why: string;
  /** The variant's other overrides, which applyLambda does not write. */
  overrides: Record<string, unknown>;
}

export interface CompareSpec {
  name: string;
  set: Record<string, unknown>;
  param?: string;
}

export function lambdaCandidates(summary: Pick<SweepSummary, 'param' | 'selections'>, compare: CompareSpec[] = []): LambdaCandidate[] {
  const out: LambdaCandidate[] = [];
  for (const sel of summary.selections) {
    if (sel.chosen === undefined || !Number.isFinite(sel.chosen)) continue;
    const variant = sel.variant ?? '';
    const spec = compare.find((c) => c.name === variant);
    out.push({ variant, value: sel.chosen, param: spec?.param ?? summary.param, why: sel.why, overrides: spec?.set ?? {} });
  }
  return out;
}

/** The candidate to apply without asking, when there is an unambiguous one. */
export function defaultCandidate(candidates: LambdaCandidate[]): LambdaCandidate | undefined {
  if (candidates.length === 1) return candidates[0];
  const plain = candidates.filter((c) => Object.keys(c.overrides).length === 0);
  return plain.length === 1 ? plain[0] : undefined;
}

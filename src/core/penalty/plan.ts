// Which parameters a penalty reaches and which penalties are on: plain data, no TensorFlow.js, so
// the PyTorch exporter (and the extension host, which never loads TF.js) can use it.
import type { PenaltySpec } from '../experiment/types';
import type { ParamSpec } from '../model/paramSpecs';

export interface PenaltyPlan {
  spec: PenaltySpec;
  /** Per parameter (model order): does the weight penalty reach it? */
  selected: boolean[];
  hasWeightPenalty: boolean;
  hasActivationPenalty: boolean;
}

export function planPenalty(spec: PenaltySpec, specs: readonly ParamSpec[]): PenaltyPlan {
  const select = selector(spec.params);
  const selected = specs.map(select);
  for (const [k, v] of [['l1', spec.l1], ['l2', spec.l2], ['activationL1', spec.activationL1], ['activationL2', spec.activationL2]] as const) {
    if (!(v >= 0) || !Number.isFinite(v)) throw new Error(`penalty.${k}: expected a finite number >= 0, got ${v}`);
  }
  return {
    spec,
    selected,
    hasWeightPenalty: (spec.l1 > 0 || spec.l2 > 0) && selected.some(Boolean),
    hasActivationPenalty: spec.activationL1 > 0 || spec.activationL2 > 0,
  };
}

function selector(params: string): (s: ParamSpec) => boolean {
  if (params === 'all') return () => true;
  if (params === 'weights') return (s) => s.kind === 'weight';
  let re: RegExp;
  try {
    re = new RegExp(params);
  } catch (err) {
    throw new Error(`penalty.params: expected "all", "weights" or a valid regular expression, got ${JSON.stringify(params)} (${err instanceof Error ? err.message : String(err)})`);
  }
  return (s) => re.test(s.name);
}

// Fills every default of the experiment format into a schema-valid object. Pure: the input is
// not modified. Defaults that depend on another field (lr and weightDecay on optimizer.type)
// are decided here and documented in docs/experiment-format.md and the schema descriptions.
import type {
  BuiltinData, CsvData, DataSpec, Experiment, ModelSpec, OptimizerSpec, PenaltySpec, SweepSpec, SyntheticData, TrainingSpec,
} from './types';

type Raw = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export const DEFAULT_VAL_FRACTION = 0.2;

/** lr when the file gives none: PyTorch's Adam/AdamW default, 0.01 for SGD (which has none). */
export function defaultLr(type: OptimizerSpec['type']): number {
  return type === 'sgd' ? 0.01 : 1e-3;
}

/** weight_decay when the file gives none: 0, except AdamW's 1e-2 as in torch.optim.AdamW. */
export function defaultWeightDecay(type: OptimizerSpec['type']): number {
  return type === 'adamw' ? 1e-2 : 0;
}

export function fillDefaults(raw: Raw, fallbackName = 'experiment'): Experiment {
  const seed: number = raw.seed ?? 0;
  const exp: Experiment = {
    name: raw.name ?? fallbackName,
    seed,
    data: fillData(raw.data),
    model: fillModel(raw.model ?? {}),
    optimizer: fillOptimizer(raw.optimizer ?? {}),
    paramGroups: structuredClone(raw.paramGroups ?? 'all'),
    penalty: fillPenalty(raw.penalty ?? {}),
    training: fillTraining(raw.training ?? {}),
  };
  if (raw.init !== undefined) exp.init = raw.init;
  if (raw.sweep !== undefined) exp.sweep = fillSweep(raw.sweep, seed);
  return exp;
}

function fillData(d: Raw): DataSpec {
  const valFraction: number = d.valFraction ?? DEFAULT_VAL_FRACTION;
  if (d.source === 'synthetic') {
    const s: SyntheticData = { source: 'synthetic', name: d.name, samples: d.samples ?? 400, noise: d.noise ?? 0.1, valFraction };
    if (d.name === 'sparse-linear') { s.features = d.features ?? 50; s.informative = d.informative ?? 5; }
    if (d.name === 'poly') s.degree = d.degree ?? 3;
    return s;
  }
  if (d.source === 'builtin') {
    const b: BuiltinData = { source: 'builtin', name: d.name, valFraction, standardize: d.standardize ?? true };
    return b;
  }
  const c: CsvData = { source: 'csv', train: d.train, target: d.target, task: d.task, standardize: d.standardize ?? false };
  if (d.val !== undefined) c.val = d.val; else c.valFraction = valFraction;
  return c;
}

function fillModel(m: Raw): ModelSpec {
  return { hidden: [...(m.hidden ?? [16, 16])], activation: m.activation ?? 'relu', norm: m.norm ?? 'none', bias: m.bias ?? true };
}

function fillOptimizer(o: Raw): OptimizerSpec {
  const type: OptimizerSpec['type'] = o.type ?? 'sgd';
  return {
    type,
    lr: o.lr ?? defaultLr(type),
    momentum: o.momentum ?? 0,
    dampening: o.dampening ?? 0,
    nesterov: o.nesterov ?? false,
    betas: o.betas ? [o.betas[0], o.betas[1]] : [0.9, 0.999],
    eps: o.eps ?? 1e-8,
    amsgrad: o.amsgrad ?? false,
    weightDecay: o.weightDecay ?? defaultWeightDecay(type),
  };
}

function fillPenalty(p: Raw): PenaltySpec {
  return {
    l1: p.l1 ?? 0,
    l2: p.l2 ?? 0,
    params: p.params ?? 'weights',
    l1Mode: p.l1Mode ?? 'subgradient',
    activationL1: p.activationL1 ?? 0,
    activationL2: p.activationL2 ?? 0,
  };
}

function fillTraining(t: Raw): TrainingSpec {
  return { epochs: t.epochs ?? 100, batchSize: t.batchSize ?? 32, shuffle: t.shuffle ?? true };
}

function fillSweep(s: Raw, seed: number): SweepSpec {
  const out: SweepSpec = { param: s.param, seeds: [...(s.seeds ?? [seed])], metric: s.metric ?? 'valLoss', select: s.select ?? 'min' };
  if (s.values !== undefined) out.values = [...s.values];
  if (s.logspace !== undefined) out.logspace = { ...s.logspace };
  if (s.compare !== undefined) out.compare = structuredClone(s.compare);
  if (s.earlyStopping !== undefined) out.earlyStopping = { ...s.earlyStopping };
  return out;
}


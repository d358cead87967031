// The experiment form's model, pure (no DOM): form values <-> the experiment JSON the panel asks
// the host to save as *.reglab.json. The host validates the result against the schema; this only
// checks what a form can get wrong (numbers, lists) and names the field.

export type CompareKind = 'none' | 'l1-vs-l2' | 'adam-l2-vs-adamw' | 'decay-all-vs-excluded';

export interface FormValues {
  name: string;
  seed: string;
  dataSource: 'synthetic' | 'builtin';
  dataName: string;
  samples: string;
  noise: string;
  valFraction: string;
  hidden: string;
  activation: 'relu' | 'tanh' | 'sigmoid' | 'linear';
  norm: 'none' | 'layernorm' | 'batchnorm';
  bias: boolean;
  optimizer: 'sgd' | 'adam' | 'adamw';
  lr: string;
  momentum: string;
  weightDecay: string;
  paramGroups: 'all' | 'exclude-bias-norm' | 'exclude-1d';
  l1: string;
  l2: string;
  penaltyParams: 'all' | 'weights';
  l1Mode: 'subgradient' | 'proximal';
  epochs: string;
  batchSize: string;
  sweep: boolean;
  sweepParam: string;
  gridKind: 'logspace' | 'values';
  from: string;
  to: string;
  num: string;
  values: string;
  includeZero: boolean;
  seeds: string;
  select: 'min' | '1se';
  compare: CompareKind;
}

export const SYNTHETIC = ['spiral', 'circle', 'xor', 'gauss', 'reg-plane', 'reg-gauss', 'sparse-linear', 'poly'] as const;
export const BUILTIN = ['diabetes', 'breast-cancer', 'digits', 'iris', 'wine'] as const;
export const SWEEP_PARAMS = ['optimizer.weightDecay', 'penalty.l1', 'penalty.l2', 'penalty.activationL1', 'penalty.activationL2', 'optimizer.lr'] as const;

export const DEFAULT_FORM: FormValues = {
  name: 'my-experiment', seed: '0',
  dataSource: 'synthetic', dataName: 'spiral', samples: '400', noise: '0.2', valFraction: '0.5',
  hidden: '16, 16', activation: 'relu', norm: 'none', bias: true,
  optimizer: 'adamw', lr: '0.01', momentum: '0', weightDecay: '0.01', paramGroups: 'exclude-bias-norm',
  l1: '0', l2: '0', penaltyParams: 'weights', l1Mode: 'subgradient',
  epochs: '100', batchSize: '32',
  sweep: false, sweepParam: 'optimizer.weightDecay', gridKind: 'logspace', from: '1e-5', to: '1e-1', num: '5', values: '0, 1e-4, 1e-3, 1e-2', includeZero: true,
  seeds: '0, 1, 2', select: '1se', compare: 'none',
};

export interface FormResult {
  experiment?: Record<string, unknown>;
  /** field -> what is wrong */
  errors: Record<string, string>;
}

function num(v: FormValues, key: keyof FormValues, errors: Record<string, string>, check: { min?: number; max?: number; int?: boolean; positive?: boolean } = {}): number {
  const raw = String(v[key]).trim();
  const x = Number(raw);
  if (raw === '' || !Number.isFinite(x)) { errors[key] = 'expected a number'; return NaN; }
  if (check.int && !Number.isInteger(x)) errors[key] = 'expected a whole number';
  else if (check.positive && x <= 0) errors[key] = 'expected a number > 0';
  else if (check.min !== undefined && x < check.min) errors[key] = `expected a number ≥ ${check.min}`;
  else if (check.max !== undefined && x > check.max) errors[key] = `expected a number ≤ ${check.max}`;
  return x;
}

function list(v: FormValues, key: keyof FormValues, errors: Record<string, string>, check: { int?: boolean; min?: number; allowEmpty?: boolean } = {}): number[] {
  const raw = String(v[key]).trim();
  if (!raw) { if (!check.allowEmpty) errors[key] = 'expected a comma-separated list of numbers'; return []; }
  const parts = raw.split(/[\s,;]+/).filter(Boolean);
  const xs = parts.map(Number);
  const bad = parts.find((p, i) => !Number.isFinite(xs[i]) || (check.int && !Number.isInteger(xs[i])) || (check.min !== undefined && xs[i] < check.min));
  if (bad !== undefined) errors[key] = `"${bad}" is not ${check.int ? 'a whole number' : 'a number'}${check.min !== undefined ? ` ≥ ${check.min}` : ''}`;
  return xs;
}

const COMPARE: Record<Exclude<CompareKind, 'none'>, { param?: string; variants: Array<{ name: string; set: Record<string, unknown>; param?: string }> }> = {
  'l1-vs-l2': { param: 'penalty.l1', variants: [{ name: 'L1', param: 'penalty.l1', set: {} }, { name: 'L2', param: 'penalty.l2', set: {} }, { name: 'none', set: { 'penalty.l1': 0 } }] },
  'adam-l2-vs-adamw': { param: 'optimizer.weightDecay', variants: [{ name: 'Adam + L2 (coupled)', set: { 'optimizer.type': 'adam' } }, { name: 'AdamW (decoupled)', set: { 'optimizer.type': 'adamw' } }] },
  'decay-all-vs-excluded': { param: 'optimizer.weightDecay', variants: [{ name: 'decay on all', set: { paramGroups: 'all' } }, { name: 'biases and norms excluded', set: { paramGroups: 'exclude-bias-norm' } }] },
};

export function formToExperiment(v: FormValues): FormResult {
  const errors: Record<string, string> = {};
  const name = v.name.trim();
  if (!name) errors.name = 'expected a name';
  const data: Record<string, unknown> = v.dataSource === 'synthetic'
    ? { source: 'synthetic', name: v.dataName, samples: num(v, 'samples', errors, { int: true, min: 4 }), noise: num(v, 'noise', errors, { min: 0 }), valFraction: num(v, 'valFraction', errors, { positive: true, max: 0.9 }) }
    : { source: 'builtin', name: v.dataName, valFraction: num(v, 'valFraction', errors, { positive: true, max: 0.9 }) };
  const hidden = list(v, 'hidden', errors, { int: true, min: 1, allowEmpty: true });
  const optimizer: Record<string, unknown> = { type: v.optimizer, lr: num(v, 'lr', errors, { positive: true }), weightDecay: num(v, 'weightDecay', errors, { min: 0 }) };
  if (v.optimizer === 'sgd') optimizer.momentum = num(v, 'momentum', errors, { min: 0 });
  const l1 = num(v, 'l1', errors, { min: 0 });
  const l2 = num(v, 'l2', errors, { min: 0 });
  const experiment: Record<string, unknown> = {
    name,
    seed: num(v, 'seed', errors, { int: true, min: 0 }),
    data,
    model: { hidden, activation: v.activation, norm: v.norm, bias: v.bias },
    optimizer,
    paramGroups: v.paramGroups,
    penalty: { l1, l2, params: v.penaltyParams, ...(l1 > 0 || v.compare === 'l1-vs-l2' ? { l1Mode: v.l1Mode } : {}) },
    training: { epochs: num(v, 'epochs', errors, { int: true, min: 1 }), batchSize: num(v, 'batchSize', errors, { int: true, min: 1 }) },
  };
  if (v.sweep) {
    const cmp = v.compare === 'none' ? undefined : COMPARE[v.compare];
    const sweep: Record<string, unknown> = { param: cmp?.param ?? v.sweepParam };
    if (v.gridKind === 'logspace') {
      const from = num(v, 'from', errors, { positive: true });
      const to = num(v, 'to', errors, { positive: true });
      const n = num(v, 'num', errors, { int: true, min: 2, max: 50 });
      if (!errors.from && !errors.to && from >= to) errors.to = 'expected a value larger than "from"';
      if (v.includeZero) {
        // logspace cannot hold 0: spell the grid out with the baseline first.
        if (!errors.from && !errors.to && !errors.num) sweep.values = [0, ...Array.from({ length: n }, (_, i) => Number((from * (to / from) ** (i / (n - 1))).toPrecision(6)))];
      } else sweep.logspace = { from, to, num: n };
    } else {
      const values = list(v, 'values', errors, { min: 0 });
      if (!errors.values && values.length < 2) errors.values = 'expected at least two values';
      sweep.values = values;
    }
    const seeds = list(v, 'seeds', errors, { int: true, min: 0 });
    sweep.seeds = seeds;
    sweep.metric = 'valLoss';
    sweep.select = v.select;
    if (cmp) sweep.compare = cmp.variants;
    experiment.sweep = sweep;
  }
  return Object.keys(errors).length ? { errors } : { experiment, errors };
}

/** Form values from an experiment (a preset from "Try in RegLab", or a saved file); unknown fields keep defaults. */
export function experimentToForm(e: Record<string, any>, base: FormValues = DEFAULT_FORM): FormValues {
  const v: FormValues = { ...base };
  const s = (x: unknown) => (x === undefined || x === null ? undefined : String(x));
  const set = <K extends keyof FormValues>(k: K, x: FormValues[K] | undefined) => { if (x !== undefined) v[k] = x; };
  set('name', s(e.name));
  set('seed', s(e.seed));
  if (e.data && (e.data.source === 'synthetic' || e.data.source === 'builtin')) {
    set('dataSource', e.data.source);
    set('dataName', s(e.data.name));
    set('samples', s(e.data.samples));
    set('noise', s(e.data.noise));
    set('valFraction', s(e.data.valFraction));
  }
  if (e.model) {
    if (Array.isArray(e.model.hidden)) v.hidden = e.model.hidden.join(', ');
    set('activation', e.model.activation);
    set('norm', e.model.norm);
    if (typeof e.model.bias === 'boolean') v.bias = e.model.bias;
  }
  if (e.optimizer) {
    set('optimizer', e.optimizer.type);
    set('lr', s(e.optimizer.lr));
    set('momentum', s(e.optimizer.momentum));
    set('weightDecay', s(e.optimizer.weightDecay));
  }
  if (e.paramGroups === 'all' || e.paramGroups === 'exclude-bias-norm' || e.paramGroups === 'exclude-1d') v.paramGroups = e.paramGroups;
  if (e.penalty) {
    set('l1', s(e.penalty.l1));
    set('l2', s(e.penalty.l2));
    if (e.penalty.params === 'all' || e.penalty.params === 'weights') v.penaltyParams = e.penalty.params;
    set('l1Mode', e.penalty.l1Mode);
  }
  if (e.training) {
    set('epochs', s(e.training.epochs));
    set('batchSize', s(e.training.batchSize));
  }
  if (e.sweep) {
    v.sweep = true;
    set('sweepParam', e.sweep.param);
    if (e.sweep.logspace) {
      v.gridKind = 'logspace';
      v.includeZero = false;
      set('from', s(e.sweep.logspace.from));
      set('to', s(e.sweep.logspace.to));
      set('num', s(e.sweep.logspace.num));
    } else if (Array.isArray(e.sweep.values)) {
      v.gridKind = 'values';
      v.values = e.sweep.values.join(', ');
    }
    if (Array.isArray(e.sweep.seeds)) v.seeds = e.sweep.seeds.join(', ');
    set('select', e.sweep.select);
  }
  return v;
}

/** "My Experiment!" -> "my-experiment.reglab.json" */
export function experimentFileName(name: string): string {
  const slug = name.trim().toLowerCase().replace(/[^a-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '') || 'experiment';
  return `${slug}.reglab.json`;
}

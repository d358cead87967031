// Expands an experiment's `sweep` block into trials: every variant × every λ × every seed.
// A trial's experiment is the base with the swept field set to λ, the variant's overrides
// applied, `seed` set to the trial's seed (so for a given seed the data split, the batch order
// and the initial weights are the same at every λ) and no `sweep` block.
import type { ResolvedExperiment, SweepMetric, SweepSpec } from '../experiment/types';
import { assertNumericField, FieldPathError, getField, withField } from './fieldPath';
import type { TrialSpec } from './types';

export class SweepPlanError extends Error {}

export interface SweepVariant {
  /** Undefined for a sweep without `compare`. */
  name?: string;
  /** Field the λ goes into for this variant. */
  param: string;
  set: Record<string, unknown>;
  /** The variant's `set` fixes its own swept field: it does not depend on λ. */
  baseline: boolean;
}

export interface ResolvedEarlyStopping {
  kind: 'none' | 'median' | 'successive-halving';
  warmupEpochs: number;
  minTrials: number;
  reductionFactor: number;
}

export interface PlannedTrial extends TrialSpec {
  experiment: ResolvedExperiment;
  /** Display name of the trial's run. */
  runName: string;
}

export interface SweepPlan {
  base: ResolvedExperiment;
  param: string;
  metric: SweepMetric;
  direction: 'min' | 'max';
  select: 'min' | '1se';
  values: number[];
  seeds: number[];
  variants: SweepVariant[];
  earlyStopping: ResolvedEarlyStopping;
  trials: PlannedTrial[];
  notes: string[];
}

/** numpy.logspace(log10(from), log10(to), num), rounded to 12 significant digits (1e-3, not 0.0010000000000000002). */
export function logspace(from: number, to: number, num: number): number[] {
  if (!(from > 0) || !(to > 0)) throw new SweepPlanError(`sweep.logspace: "from" and "to" must be > 0 (got ${from}, ${to})`);
  if (!Number.isInteger(num) || num < 1) throw new SweepPlanError(`sweep.logspace.num must be an integer >= 1 (got ${num})`);
  if (num === 1) return [from];
  const a = Math.log10(from);
  const step = (Math.log10(to) - a) / (num - 1);
  return Array.from({ length: num }, (_, i) => Number((10 ** (a + i * step)).toPrecision(12)));
}

function isClassification(exp: ResolvedExperiment): boolean {
  const d = exp.data;
  if (d.source === 'csv') return d.task === 'classification';
  if (d.source === 'builtin') return d.name !== 'diabetes';
  return ['circle', 'xor', 'gauss', 'spiral'].includes(d.name);
}

function formatValue(v: number): string {
  return Number(v.toPrecision(6)).toString();
}

function resolveEarlyStopping(spec: SweepSpec['earlyStopping'], epochs: number): ResolvedEarlyStopping {
  const es = spec ?? { kind: 'none' as const };
  const r: ResolvedEarlyStopping = {
    kind: es.kind ?? 'none',
    // By default a quarter of the training runs before anything is judged.
    warmupEpochs: es.warmupEpochs ?? Math.max(1, Math.floor(epochs / 4)),
    minTrials: es.minTrials ?? 3,
    reductionFactor: es.reductionFactor ?? 2,
  };
  if (!['none', 'median', 'successive-halving'].includes(r.kind)) throw new SweepPlanError(`sweep.earlyStopping.kind must be "none", "median" or "successive-halving" (got ${JSON.stringify(r.kind)})`);
  if (!Number.isInteger(r.warmupEpochs) || r.warmupEpochs < 0) throw new SweepPlanError(`sweep.earlyStopping.warmupEpochs must be an integer >= 0 (got ${r.warmupEpochs})`);
  if (!Number.isInteger(r.minTrials) || r.minTrials < 1) throw new SweepPlanError(`sweep.earlyStopping.minTrials must be an integer >= 1 (got ${r.minTrials})`);
  if (!(r.reductionFactor > 1)) throw new SweepPlanError(`sweep.earlyStopping.reductionFactor must be > 1 (got ${r.reductionFactor})`);
  return r;
}

/** Checks a `set` override against the base: the parent must exist and a primitive keeps its type. */
function checkOverride(base: ResolvedExperiment, variant: string, path: string, value: unknown): void {
  const where = `sweep.compare "${variant}": set "${path}"`;
  let current: unknown;
  try {
    current = getField(base, path);
    withField(base, path, value);
  } catch (err) {
    throw new SweepPlanError(`${where}: ${(err as Error).message}`);
  }
  if (current !== undefined && current !== null && typeof current !== 'object' && typeof current !== typeof value) {
    throw new SweepPlanError(`${where}: expected a ${typeof current} like the experiment's ${JSON.stringify(current)}, got ${JSON.stringify(value)}`);
  }
}

const LR_PATH = /^(optimizer\.lr|paramGroups(\[\d+\]|\.\d+)\.lr)$/;
const WD_PATH = /^(optimizer\.weightDecay|paramGroups(\[\d+\]|\.\d+)\.weightDecay)$/;

function couplingNotes(base: ResolvedExperiment, variants: SweepVariant[], param: string): string[] {
  const varied = new Set<string>([param, ...variants.flatMap((v) => [v.param, ...Object.keys(v.set)])]);
  const types = new Set<unknown>([base.optimizer.type, ...variants.map((v) => v.set['optimizer.type'] ?? base.optimizer.type)]);
  if (!types.has('adamw')) return [];
  const lrVaried = [...varied].some((p) => LR_PATH.test(p));
  const wdVaried = [...varied].some((p) => WD_PATH.test(p));
  if (lrVaried && (wdVaried || base.optimizer.weightDecay > 0)) {
    return ['AdamW decays each parameter by lr·λ per step (p ← p·(1 − lr·λ)), so sweeping lr also changes the effective decay: compare runs by lr·λ, not λ alone.'];
  }
  return [];
}

export function planSweep(base: ResolvedExperiment): SweepPlan {
  const spec = base.sweep;
  if (!spec) throw new SweepPlanError(`${base.sourceFile ?? 'the experiment'} has no "sweep" block: add one with "param" and "values" or "logspace"`);
  const param = spec.param;
  try {
    assertNumericField(base, param, 'sweep.param');
  } catch (err) {
    if (err instanceof FieldPathError) throw new SweepPlanError(err.message);
    throw err;
  }
  if (spec.values && spec.logspace) throw new SweepPlanError('sweep: give "values" or "logspace", not both');
  let values: number[];
  if (spec.values) values = spec.values;
  else if (spec.logspace) values = logspace(spec.logspace.from, spec.logspace.to, spec.logspace.num);
  else throw new SweepPlanError('sweep: give the values to try in "values" (a list) or "logspace" ({"from", "to", "num"})');
  if (!values.length || values.some((v) => typeof v !== 'number' || !Number.isFinite(v))) {
    throw new SweepPlanError(`sweep.values must be a non-empty list of finite numbers (got ${JSON.stringify(values)})`);
  }
  if (new Set(values).size !== values.length) throw new SweepPlanError(`sweep.values has duplicates: ${JSON.stringify(values)}`);
  const seeds = spec.seeds?.length ? spec.seeds : [base.seed];
  if (new Set(seeds).size !== seeds.length) throw new SweepPlanError(`sweep.seeds has duplicates: ${JSON.stringify(seeds)}`);
  const metric: SweepMetric = spec.metric ?? 'valLoss';
  if (metric === 'valAccuracy' && !isClassification(base)) throw new SweepPlanError('sweep.metric "valAccuracy" needs a classification task; this experiment is a regression');
  const select = spec.select ?? 'min';

  const notes: string[] = [];
  const compare = spec.compare ?? [];
  const variants: SweepVariant[] = compare.length ? [] : [{ param, set: {}, baseline: false }];
  const names = new Set<string>();
  for (const c of compare) {
    if (!c.name || names.has(c.name)) throw new SweepPlanError(`sweep.compare: every variant needs a distinct "name" (${JSON.stringify(c.name)} ${c.name ? 'is repeated' : 'is missing'})`);
    names.add(c.name);
    const vparam = c.param ?? param;
    try {
      assertNumericField(base, vparam, `sweep.compare "${c.name}": param`);
    } catch (err) {
      throw new SweepPlanError((err as Error).message);
    }
    const set = c.set ?? {};
    for (const [p, v] of Object.entries(set)) checkOverride(base, c.name, p, v);
    const baseline = Object.prototype.hasOwnProperty.call(set, vparam);
    if (baseline) notes.push(`Variant "${c.name}" sets ${vparam} itself, so it does not depend on λ: a baseline, trained once per seed and shown at every λ.`);
    variants.push({ name: c.name, param: vparam, set, baseline });
  }
  notes.push(...couplingNotes(base, variants, param));
  if (select === '1se' && seeds.length < 2) notes.push('With one seed there is no standard error: the 1se rule picks the same λ as min. Add seeds to use it.');

  const trials: PlannedTrial[] = [];
  for (const variant of variants) {
    // A baseline gives the same experiment at every λ: train it once per seed (at the first λ).
    for (const value of variant.baseline ? values.slice(0, 1) : values) {
      for (const seed of seeds) {
        let exp = withField(base, variant.param, value);
        for (const [p, v] of Object.entries(variant.set)) exp = withField(exp, p, v);
        exp.seed = seed;
        delete exp.sweep;
        const runName = `${base.name}${variant.name ? `-${variant.name}` : ''}-${variant.param.split('.').pop()}=${formatValue(value)}-s${seed}`;
        trials.push({ index: trials.length, ...(variant.name ? { variant: variant.name } : {}), value, seed, experiment: exp, runName });
      }
    }
  }
  return {
    base, param, metric, direction: metric === 'valAccuracy' ? 'max' : 'min', select, values, seeds, variants,
    earlyStopping: resolveEarlyStopping(spec.earlyStopping, base.training.epochs), trials, notes,
  };
}

// "Try in RegLab": turns the linter's report of one Python optimizer call into an experiment
// preset (optimizer type, lr, λ and grouping of that call on a sandbox that overfits without
// regularization) plus a λ sweep around the call's own λ, so the user can see what the setting does.
// The sweep varies λ alone (no `compare` variants), so its choice maps back to that call. Also computes where λ lives in the source, so
// reglab.applyLambda can write the chosen value back. Pure: no vscode import.
import type { OptimizerReport, SourceRange } from '../../core/lint/types';
import type { OptimizerType, ParamGroupsSpec } from '../../core/experiment/types';
import { DEFAULT_RANGES } from '../../core/lint/optimizers';

export interface PythonOrigin {
  kind: 'python';
  /** Absolute path (or untitled path) of the Python file. */
  file: string;
  /** Range of the optimizer call (1-based, as the linter gives it). */
  call: SourceRange;
  optimizer: string;
  /** The call's source text when the link was made (pure/callAnchor.ts), to find it again after edits. */
  anchor?: string;
}

export interface Preset {
  experiment: Record<string, unknown>;
  /** What the preset could not carry over from the call, for the user. */
  notes: string[];
  origin: PythonOrigin;
}

/**
 * The sandbox: two overlapping Gaussian classes (the best boundary is a line) with 60 training
 * points and a wide MLP (LayerNorm, so the call's norm grouping matters). Unregularized, it fits the
 * training noise and its validation loss is high; decay helps visibly. Measured with reglab sweep
 * (3 seeds, mean ± SE): AdamW lr 1e-3 from 0.745 ± 0.13 (λ = 0) to 0.514 ± 0.055 (λ = 1); Adam lr
 * 1e-3 from 0.76 ± 0.11 (λ = 1e-5) to 0.512 ± 0.053 (λ = 1e-2). The spiral sandbox used before was
 * flat (0.6247 vs 0.6253). About 14 s for 18 trials in one process.
 */
export const SANDBOX = {
  data: { source: 'synthetic', name: 'gauss', samples: 300, noise: 0.5, valFraction: 0.8 },
  model: { hidden: [64, 64], activation: 'relu', norm: 'layernorm', bias: true },
  training: { epochs: 200, batchSize: 10, shuffle: true },
} as const;
/** Training samples of the sandbox (the rest validates). */
const SANDBOX_TRAIN = Math.round(SANDBOX.data.samples * (1 - SANDBOX.data.valFraction));

/** PyTorch's defaults where the call leaves a value out (torch.optim). */
const DEFAULT_LR: Record<OptimizerType, number> = { sgd: 0.01, adam: 1e-3, adamw: 1e-3 };

export function optimizerType(r: OptimizerReport): { type: OptimizerType; note?: string } {
  const name = r.optimizer.toLowerCase();
  if (name === 'sgd') return { type: 'sgd' };
  if (name === 'adamw' || name === 'adamw_torch') return { type: 'adamw' };
  if (name === 'adam') return { type: r.decoupled ? 'adamw' : 'adam' };
  const type: OptimizerType = r.decoupled ? 'adamw' : name.includes('adam') ? 'adam' : 'sgd';
  return { type, note: `${r.optimizer} is not one of RegLab's optimizers (SGD, Adam, AdamW); the preset uses ${type}, which has the same ${r.decoupled ? 'decoupled' : 'coupled'} weight decay.` };
}

/** The grouping of the call in RegLab terms. */
export function grouping(r: OptimizerReport): { paramGroups: ParamGroupsSpec; note?: string } {
  const noDecay = r.groups.filter((g) => g.selection === 'no-decay');
  if (!noDecay.length) return { paramGroups: 'all' };
  // A "no decay" group that really has decay 0 excludes biases and norms; one that inherits the
  // optimizer's λ decays everything, which is the bug the sandbox should show.
  const excluded = noDecay.every((g) => g.weightDecay.value === 0);
  if (!excluded) return { paramGroups: 'all', note: 'The call\'s "no decay" group inherits the optimizer\'s weight decay, so every parameter is decayed: the preset reproduces that ("paramGroups": "all").' };
  const byDim = noDecay.some((g) => /\bn?dim\b|ndim|dim\(\)/i.test(g.params));
  return { paramGroups: byDim ? 'exclude-1d' : 'exclude-bias-norm' };
}

function baseName(file: string): string {
  const name = file.split(/[\\/]/).pop() ?? file;
  return name.replace(/\.py$/i, '');
}

/** The λ grid: the user's default grid plus the call's own value, sorted, without duplicates. */
export function sweepValues(grid: number[], current: number | null): number[] {
  const values = new Set(grid.filter((v) => Number.isFinite(v) && v >= 0));
  if (current !== null && Number.isFinite(current) && current >= 0) values.add(current);
  return [...values].sort((a, b) => a - b);
}

/**
 * The λ grid around the call's own λ: λ/100 … λ·100 in decades, inside the usual range of the
 * optimizer's kind of decay (the linter's weight-decay-range defaults: coupled L2 for SGD and Adam,
 * decoupled for AdamW), plus 0 as the unregularized reference. Without a usable λ (unresolved, or
 * 0), the user's default grid.
 */
export function lambdaGrid(current: number | null, type: OptimizerType, defaultGrid: number[]): number[] {
  if (current === null || !Number.isFinite(current) || current <= 0) return sweepValues(defaultGrid, current);
  const range = DEFAULT_RANGES[type === 'adamw' ? 'decoupled' : 'coupled'];
  const values = [0, current];
  for (let k = -2; k <= 2; k++) {
    const v = Number((current * 10 ** k).toPrecision(12));
    if (v >= range.min && v <= range.max) values.push(v);
  }
  return sweepValues(values, current);
}

export function presetFromOptimizer(r: OptimizerReport, file: string, defaultGrid: number[]): Preset {
  const notes: string[] = [];
  const { type, note: typeNote } = optimizerType(r);
  if (typeNote) notes.push(typeNote);
  const { paramGroups, note: groupNote } = grouping(r);
  if (groupNote) notes.push(groupNote);

  const lr = r.lr.value !== null && r.lr.value > 0 ? r.lr.value : DEFAULT_LR[type];
  if (r.lr.value === null) notes.push(`lr ${r.lr.expression ? `\`${r.lr.expression}\` ` : ''}could not be resolved; the preset uses ${lr}.`);
  const wd = r.weightDecay.value;
  if (wd === null) notes.push(`weight_decay ${r.weightDecay.expression ? `\`${r.weightDecay.expression}\` ` : ''}could not be resolved; the preset starts at 0 and sweeps the default grid.`);
  const lrs = new Set(r.groups.map((g) => g.lr.value));
  if (lrs.size > 1) notes.push('The call gives groups different learning rates; the sandbox uses one lr for all.');

  if (type === 'sgd') notes.push(`SGD's weight decay shrinks the weights by lr·λ per step; the sandbox trains ${SANDBOX.training.epochs * Math.ceil(SANDBOX_TRAIN / SANDBOX.training.batchSize)} steps, so λ shows its effect only where lr·λ·steps is near 1 or more.`);

  const line = r.line;
  const experiment: Record<string, unknown> = {
    name: `try-${r.optimizer.toLowerCase()}-${baseName(file)}-L${line}`,
    seed: 0,
    data: { ...SANDBOX.data },
    model: { ...SANDBOX.model, hidden: [...SANDBOX.model.hidden] },
    optimizer: { type, lr, weightDecay: wd ?? 0 },
    paramGroups,
    training: { ...SANDBOX.training },
    sweep: {
      param: 'optimizer.weightDecay',
      values: lambdaGrid(wd, type, defaultGrid),
      seeds: [0, 1, 2],
      metric: 'valLoss',
      select: 'min',
    },
  };
  return { experiment, notes, origin: { kind: 'python', file, call: { line: r.line, column: r.column, endLine: r.endLine, endColumn: r.endColumn }, optimizer: r.optimizer } };
}

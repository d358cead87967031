// "Try in RegLab": turns the linter's report of one Python optimizer call into an experiment
// preset (optimizer type, lr, λ and grouping of that call on a small sandbox model) plus a λ sweep
// over the user's default grid and the call's own λ, so the user can see what the setting does.
// The sweep varies λ alone (no `compare` variants), so its choice maps back to that call. Also computes where λ lives in the source, so
// reglab.applyLambda can write the chosen value back. Pure: no vscode import.
import type { OptimizerReport, SourceRange } from '../../core/lint/types';
import type { OptimizerType, ParamGroupsSpec } from '../../core/experiment/types';

export interface PythonOrigin {
  kind: 'python';
  /** Absolute path (or untitled path) of the Python file. */
  file: string;
  /** Range of the optimizer call (1-based, as the linter gives it). */
  call: SourceRange;
  optimizer: string;
}

export interface Preset {
  experiment: Record<string, unknown>;
  /** What the preset could not carry over from the call, for the user. */
  notes: string[];
  origin: PythonOrigin;
}

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

  const line = r.line;
  const experiment: Record<string, unknown> = {
    name: `try-${r.optimizer.toLowerCase()}-${baseName(file)}-L${line}`,
    seed: 0,
    data: { source: 'synthetic', name: 'spiral', samples: 400, noise: 0.2, valFraction: 0.5 },
    model: { hidden: [16, 16], activation: 'relu', norm: 'layernorm', bias: true },
    optimizer: { type, lr, weightDecay: wd ?? 0 },
    paramGroups,
    training: { epochs: 40, batchSize: 32, shuffle: true },
    sweep: {
      param: 'optimizer.weightDecay',
      values: sweepValues(defaultGrid, wd),
      seeds: [0, 1],
      metric: 'valLoss',
      select: 'min',
    },
  };
  return { experiment, notes, origin: { kind: 'python', file, call: { line: r.line, column: r.column, endLine: r.endLine, endColumn: r.endColumn }, optimizer: r.optimizer } };
}

// What a sweep produces: sweep.json in the sweep folder (rewritten atomically as trials finish).
// Reports (`reglab report`), `reglab sweep --json` and the VS Code panel read this shape.
import type { SweepMetric, SweepSpec } from '../experiment/types';
import type { RunStatus } from '../train/types';

/** A trial: one (variant, λ, seed) point of the grid, trained as one run. */
export interface TrialSpec {
  /** Position in the expanded grid (variant-major, then λ, then seed). */
  index: number;
  variant?: string;
  /** The swept field's value (λ). */
  value: number;
  seed: number;
}

export interface SweepTrialRecord extends TrialSpec {
  status: RunStatus | 'pending' | 'running';
  /** Run id and folder, relative to the sweep folder (e.g. "../20261129-…"). */
  runId?: string;
  path?: string;
  /** The sweep metric at the last completed epoch (undefined when no epoch finished). */
  metric?: number;
  epochsCompleted: number;
  epochsPlanned: number;
  /** Why the trial failed / was stopped / was pruned. */
  reason?: string;
  /** Pruned trials: the epoch at which early stopping stopped it. */
  prunedAtEpoch?: number;
  wallMs?: number;
}

/** Per-(variant, λ) statistics over seeds. */
export interface SweepPoint {
  variant?: string;
  value: number;
  /** Number of trials with a finite metric that count toward the mean. */
  n: number;
  mean: number;
  /** Standard error of the mean: sample std (n − 1) / √n; 0 when n = 1. */
  se: number;
  std: number;
  /** The per-seed metric values that went into the mean, in seed order. */
  values: number[];
  /** Set when the point cannot be chosen (a trial diverged, failed, was pruned, ...). */
  excluded?: string;
}

export interface SweepSelection {
  variant?: string;
  /** The field λ went into for this variant (compare[].param, else sweep.param). */
  param?: string;
  /** True for a variant that fixes its own swept field: the same at every λ, nothing to choose. */
  baseline?: boolean;
  rule: 'min' | '1se';
  /** λ chosen by the rule, or undefined when no point was eligible. */
  chosen?: number;
  /** λ with the best mean. */
  best?: number;
  bestMean?: number;
  bestSe?: number;
  /** 1se only: the bound the chosen mean had to be within. */
  threshold?: number;
  /** One sentence saying why this λ. */
  why: string;
}

export type SweepStatus = 'running' | 'completed' | 'stopped' | 'incomplete';

export interface SweepSummary {
  kind: 'sweep';
  id: string;
  name: string;
  status: SweepStatus;
  startedAt: string;
  finishedAt?: string;
  experimentFile?: string;
  param: string;
  metric: SweepMetric;
  /** "min" for losses, "max" for accuracy. */
  direction: 'min' | 'max';
  select: 'min' | '1se';
  values: number[];
  seeds: number[];
  variants: string[];
  earlyStopping: NonNullable<SweepSpec['earlyStopping']>;
  parallel: number;
  trials: SweepTrialRecord[];
  points: SweepPoint[];
  selections: SweepSelection[];
  /** Remarks such as the lr·λ coupling of AdamW when both are swept. */
  notes: string[];
  counts: Partial<Record<SweepTrialRecord['status'], number>>;
  wallMs?: number;
  /** Process running the sweep: a `running` sweep whose process is gone is listed as `incomplete`. */
  pid?: number;
}

// What a report holds: everything the report's inline script needs to draw, as plain JSON.
import type { SweepView } from '../panel/protocol';
import type { EpochMetrics, RunSummary } from '../train/types';

/** A run with its metrics; `dir` is the folder name only (no absolute paths in a shared file). */
export interface ReportRun {
  folder: string;
  summary: RunSummary;
  metrics: EpochMetrics[];
  /** The resolved experiment (experiment.json), when readable. */
  experiment?: Record<string, unknown>;
}

/** One trial of a sweep as the trials table lists it. */
export interface ReportTrial {
  variant: string;
  value: number;
  seed: number;
  status: string;
  metric?: number;
  epochsCompleted: number;
  epochsPlanned: number;
  reason?: string;
  runId: string;
}

export type ReportData =
  | { kind: 'run'; title: string; generatedAt: string; run: ReportRun; warnings: string[] }
  | {
    kind: 'sweep';
    title: string;
    generatedAt: string;
    sweep: SweepView;
    trials: ReportTrial[];
    /** Per-epoch losses of every trial that has metrics (params and histograms left out). */
    curves: Array<{ runId: string; name: string; variant: string; value: number; seed: number; metrics: EpochMetrics[] }>;
    /** The chosen trial of each variant (first seed), in full: weight norms, sparsity, histograms. */
    chosenRuns: Array<ReportRun & { variant: string }>;
    experiment?: Record<string, unknown>;
    warnings: string[];
  };

// What the training service tells the rest of the extension (panel, status bar): plain data.
import type { EpochMetrics, RunSummary } from '../../core/train/types';
import type { SweepSummary } from '../../core/sweep/types';
import type { ProgressEntry } from '../../core/panel/protocol';

export type TrainingEvent =
  | { type: 'started'; runId: string; name: string; epochsPlanned: number; sweepId?: string }
  | { type: 'epoch'; runId: string; metrics: EpochMetrics }
  | { type: 'finished'; runId: string; summary: RunSummary }
  | { type: 'sweep'; sweep: SweepSummary }
  | { type: 'idle' };

/** The part of the training service the panel reads. */
export interface TrainingView {
  progress(): ProgressEntry[];
  /** Metrics received so far for a run that is training now. */
  live(runId: string): EpochMetrics[] | undefined;
  stop(runId?: string): void;
}

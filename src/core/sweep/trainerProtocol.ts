// Messages between a trainer pool (CLI or extension host) and its forked trainer processes
// (dist/trainer.js). One module imported by both sides so the shapes cannot drift. The channel
// uses Node's "advanced" serialization (structured clone), so NaN and Infinity survive.
import type { ResolvedExperiment } from '../experiment/types';
import type { BackendName, EpochMetrics, RunSummary } from '../train/types';

/** One trial handed to a trainer: what to train and the run folder (already created) to write. */
export interface TrialAssignment {
  trialIndex: number;
  experiment: ResolvedExperiment;
  /** Absolute path of a run folder prepared by RunWriter.prepare (meta.json, experiment.json). */
  runDir: string;
  backend?: BackendName | 'auto';
  /**
   * Epoch progress is batched: an epoch is sent at once when this long has passed since the last
   * send, else with the next send (at most this much later). 0 sends every epoch as it ends (early
   * stopping acts on each epoch). Default PROGRESS_INTERVAL_MS. metrics.jsonl is written per epoch
   * either way; this only spares both processes a message per epoch.
   */
  progressIntervalMs?: number;
}

/** Default batching interval of epoch progress (see TrialAssignment.progressIntervalMs). */
export const PROGRESS_INTERVAL_MS = 50;

export type StopReason = 'user' | 'pruned';

/** Parent → trainer. */
export type ToTrainer =
  | { type: 'start'; trial: TrialAssignment }
  /** Abort the running trial after the current step; its status becomes stopped / pruned. */
  | { type: 'stop'; trialIndex: number; reason: StopReason; detail?: string };

/** Per-epoch progress: the epoch's metrics without histograms (those stay on disk). */
export interface EpochProgress {
  type: 'epoch';
  trialIndex: number;
  epochsPlanned: number;
  metrics: Omit<EpochMetrics, 'histograms'>;
}

/** Several epochs' progress in one message, oldest first (see TrialAssignment.progressIntervalMs). */
export interface EpochsProgress {
  type: 'epochs';
  trialIndex: number;
  epochsPlanned: number;
  metrics: Array<Omit<EpochMetrics, 'histograms'>>;
}

/** Trainer → parent. */
export type FromTrainer =
  | { type: 'ready'; pid: number }
  | { type: 'started'; trialIndex: number; runDir: string }
  | EpochProgress
  | EpochsProgress
  /** The trial ended (any status, including failed for an error inside training). */
  | { type: 'done'; trialIndex: number; summary: RunSummary };

export function isFromTrainer(m: unknown): m is FromTrainer {
  return !!m && typeof m === 'object' && typeof (m as { type?: unknown }).type === 'string' &&
    ['ready', 'started', 'epoch', 'epochs', 'done'].includes((m as { type: string }).type);
}

export function isToTrainer(m: unknown): m is ToTrainer {
  if (!m || typeof m !== 'object') return false;
  const t = (m as { type?: unknown }).type;
  if (t === 'start') return typeof (m as { trial?: { runDir?: unknown } }).trial?.runDir === 'string';
  return t === 'stop';
}

/** Environment every trainer process gets: one BLAS thread each, so N trainers use N cores. */
export const TRAINER_ENV = { OPENBLAS_NUM_THREADS: '1', OMP_NUM_THREADS: '1' } as const;

/**
 * V8 flags of every trainer process. Each new trainer spends most of its fixed cost in V8's
 * optimizing compiler, on background threads that compete with the other trainers' training when
 * every core has one: with a quarter of the default inlining budget (920 bytes of bytecode per
 * function) that compile time is ~30% lower (0.31 -> 0.22 CPU s in the bench sweep), the
 * training itself is no slower, and `--parallel 2` sweeps are 5-10% faster (npm run bench).
 */
export const TRAINER_V8_FLAGS = ['--max-inlined-bytecode-size-cumulative=200'] as const;

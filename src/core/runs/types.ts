// Shapes of what the run store keeps besides the shared RunSummary / EpochMetrics types.
import type { RunSummary } from '../train/types';

/** meta.json: written when a run starts, so a run killed before its summary can still be listed. */
export interface RunMeta {
  id: string;
  name: string;
  startedAt: string;
  epochsPlanned: number;
  experimentFile?: string;
  sweep?: RunSummary['sweep'];
  /** Process that trained the run (diagnostics only). */
  pid?: number;
}

/** One run as the store lists it: its summary (synthesized for `incomplete` runs) and folder. */
export interface StoredRun extends RunSummary {
  /** Absolute path of the run folder. */
  dir: string;
  /** Training now: a trial without summary that its live sweep (process alive) lists as running. */
  live?: boolean;
}

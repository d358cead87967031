// Trains one trial into its prepared run folder: loads the data, trains with an abort signal,
// appends each epoch to metrics.jsonl as it finishes, and closes the run with its final status.
// Runs inside a trainer process; it never throws (an error becomes a `failed` run).
import type { Dataset } from '../data/types';
import type { ResolvedExperiment } from '../experiment/types';
import { RunWriter } from '../runs/runWriter';
import type { EpochMetrics, RunSummary, TrainOptions, TrainResult } from '../train/types';
import type { StopReason, TrialAssignment } from './trainerProtocol';

export interface TrialDeps {
  train(exp: ResolvedExperiment, data: Dataset, opts: TrainOptions): Promise<TrainResult>;
  loadDataset(exp: ResolvedExperiment): Promise<Dataset> | Dataset;
}

export interface TrialControl {
  signal: AbortSignal;
  /** Why the signal fired (read after training returns). */
  stopReason(): { reason: StopReason; detail?: string } | undefined;
  onEpoch(m: EpochMetrics): void;
}

export async function runTrial(a: TrialAssignment, deps: TrialDeps, control: TrialControl): Promise<RunSummary> {
  const writer = RunWriter.open(a.runDir);
  let backend = 'unknown';
  try {
    const data = await deps.loadDataset(a.experiment);
    const result = await deps.train(a.experiment, data, {
      backend: a.backend ?? 'auto',
      signal: control.signal,
      onEpoch: (m) => {
        writer.appendEpoch(m);
        control.onEpoch(m);
      },
    });
    backend = result.backend;
    // BatchNorm running statistics travel with the parameters, as `reglab run --params-out` writes them.
    const params = { ...result.params, ...result.buffers };
    if (result.status === 'stopped') {
      const why = control.stopReason();
      if (why?.reason === 'pruned') return await writer.finishAsync({ status: 'pruned', backend, params, reason: why.detail ?? 'stopped early by the sweep' });
      return await writer.finishAsync({ status: 'stopped', backend, params, reason: why?.detail ?? 'cancelled' });
    }
    return await writer.finishAsync({ status: result.status, backend, params, ...(result.divergence ? { divergence: result.divergence } : {}) });
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    return await writer.finishAsync({ status: 'failed', backend, reason: `error in the trainer: ${message}` });
  }
}

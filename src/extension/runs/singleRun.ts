// One experiment trained in one trainer process (the sweep's pool with a single trial), so a plain
// run, like every sweep trial, never trains inside the extension host. The extension passes a
// pool of warm trainers (warmTrainers.ts), started before it loaded the experiment, so a run
// starts on a trainer that has already paid its warm-up. Pure Node: no vscode.
import type { ResolvedExperiment } from '../../core/experiment/types';
import { RunWriter } from '../../core/runs/runWriter';
import { TrainerPool } from '../../core/sweep/pool';
import type { EpochProgress } from '../../core/sweep/trainerProtocol';
import type { BackendName, RunSummary } from '../../core/train/types';

/**
 * Nice value of trainer processes started from the editor: the lowest priority, so trials use
 * every idle cycle while the extension host, the workbench and its webviews (and anything else
 * the user runs) get the CPU first. On 2 cores two trainers otherwise compete with the host and
 * Chromium's renderer. Measured (docs/vscode-extension.md, 2-process sweep with the panel open,
 * 2 ms lag resolution, 3 alternating runs each at load ~10): host p99 9.0-12.7 ms at nice 10,
 * 7.1-7.6 ms at nice 19, sweep wall time unchanged (6.6-9.2 s).
 */
export const TRAINER_PRIORITY = 19;

export interface SingleRunOptions {
  storeRoot: string;
  trainerPath: string;
  backend?: BackendName | 'auto';
  signal?: AbortSignal;
  onStarted?: (run: { id: string; dir: string; name: string; epochsPlanned: number }) => void;
  onEpoch?: (e: EpochProgress) => void;
  /** The process id of the trainer that took the run. */
  onTrainer?: (pid: number) => void;
  onStderr?: (line: string) => void;
  /** Trainers already started (keepIdle pool); the run uses one and leaves the pool open. */
  pool?: TrainerPool;
}

export async function runInTrainer(exp: ResolvedExperiment, opts: SingleRunOptions): Promise<{ id: string; dir: string; summary?: RunSummary }> {
  const pool = opts.pool ?? new TrainerPool({ trainerPath: opts.trainerPath, parallel: 1, priority: TRAINER_PRIORITY, onStderr: (line) => opts.onStderr?.(line) });
  let run: { id: string; dir: string } | undefined;
  const onAbort = (): void => pool.cancel('cancelled by the user');
  if (opts.signal?.aborted) onAbort();
  opts.signal?.addEventListener('abort', onAbort);
  try {
    const [summary] = await pool.run(
      1,
      () => {
        run = RunWriter.prepare({ root: opts.storeRoot, experiment: exp });
        opts.onStarted?.({ ...run, name: exp.name, epochsPlanned: exp.training.epochs });
        return { trialIndex: 0, experiment: exp, runDir: run.dir, ...(opts.backend ? { backend: opts.backend } : {}) };
      },
      (e) => {
        if (e.type === 'epoch') opts.onEpoch?.(e);
        else if (e.type === 'trial-started') opts.onTrainer?.(e.pid);
      },
    );
    if (!run) throw new Error('the run was cancelled before it started');
    return { ...run, ...(summary ? { summary } : {}) };
  } finally {
    opts.signal?.removeEventListener('abort', onAbort);
  }
}

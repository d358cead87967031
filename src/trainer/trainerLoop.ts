// The message loop of a trainer process: trains the trials it is sent, one at a time, writing
// each into its run folder and streaming per-epoch progress to the parent. A 'stop' message,
// SIGTERM or SIGINT aborts the running trial after the current step (what was measured is kept);
// losing the parent ends the process. The engine (TensorFlow.js) starts loading as soon as the
// process starts, while the parent is still planning the sweep, not when the first trial arrives.
import { runTrial, type TrialDeps } from '../core/sweep/runTrial';
import { isToTrainer, PROGRESS_INTERVAL_MS, type EpochProgress, type FromTrainer, type StopReason, type TrialAssignment } from '../core/sweep/trainerProtocol';
import { ProgressBatch } from './progressBatch';

interface Current {
  trialIndex: number;
  controller: AbortController;
  stop?: { reason: StopReason; detail?: string };
}

let current: Current | undefined;
const queue: TrialAssignment[] = [];
let exiting = false;
let deps: TrialDeps | undefined;
let engine: Promise<TrialDeps>;

function send(m: FromTrainer): void {
  if (process.connected) process.send!(m);
}

function stopCurrent(reason: StopReason, detail: string): void {
  if (!current || current.controller.signal.aborted) return;
  current.stop = { reason, detail };
  current.controller.abort();
}

async function drain(): Promise<void> {
  if (current) return;
  while (queue.length && !exiting) {
    const trial = queue.shift()!;
    const controller = new AbortController();
    const cur: Current = { trialIndex: trial.trialIndex, controller };
    current = cur;
    send({ type: 'started', trialIndex: trial.trialIndex, runDir: trial.runDir });
    deps ??= await engine;
    const epochsPlanned = trial.experiment.training.epochs;
    const progress = new ProgressBatch<EpochProgress['metrics']>(trial.progressIntervalMs ?? PROGRESS_INTERVAL_MS, (metrics) => {
      if (metrics.length === 1) send({ type: 'epoch', trialIndex: trial.trialIndex, epochsPlanned, metrics: metrics[0] });
      else send({ type: 'epochs', trialIndex: trial.trialIndex, epochsPlanned, metrics });
    });
    const summary = await runTrial(trial, deps, {
      signal: controller.signal,
      stopReason: () => cur.stop,
      onEpoch: (m) => {
        const { histograms: _h, ...metrics } = m;
        progress.add(metrics);
      },
    });
    progress.flush();
    current = undefined;
    send({ type: 'done', trialIndex: trial.trialIndex, summary });
  }
  if (exiting) process.exit(0);
}

/** Starts listening to the parent and starts loading the engine (`load`). */
export function startTrainerLoop(load: () => Promise<TrialDeps>): void {
  engine = load();
  // A failure surfaces when the first trial awaits the engine (and fails that trial's process).
  engine.catch(() => undefined);
  process.on('message', (m: unknown) => {
    if (!isToTrainer(m)) return;
    if (m.type === 'start') {
      queue.push(m.trial);
      void drain();
    } else if (current && current.trialIndex === m.trialIndex) {
      stopCurrent(m.reason, m.detail ?? (m.reason === 'user' ? 'cancelled' : 'stopped early by the sweep'));
    }
  });

  function shutdown(why: string): void {
    exiting = true;
    queue.length = 0;
    if (current) stopCurrent('user', why); // drain() exits once the run is closed
    else process.exit(0);
  }

  process.on('SIGTERM', () => shutdown('cancelled (SIGTERM)'));
  process.on('SIGINT', () => shutdown('cancelled (Ctrl-C)'));
  process.on('disconnect', () => shutdown('cancelled: the parent process went away'));

  send({ type: 'ready', pid: process.pid });
}

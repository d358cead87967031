// A pool of forked trainer processes (dist/trainer.js): up to `parallel` trials train at once,
// one per process, each process reused for the next trial. A trainer that crashes or is killed
// costs only its own trial (marked `failed` with the exit code or signal and its last stderr
// lines); a fresh process takes the next trial. cancel() stops every trial within a second:
// a 'stop' message first (the trial closes its run as `stopped`), SIGKILL after a grace period.
// start() forks the trainers before run() is called, so that their start-up (Node, TensorFlow.js,
// wasm) overlaps the caller's own work (loading and planning the sweep). With keepIdle (the VS Code
// extension's warm trainers, warmTrainers.ts) trainers outlive a batch and run() may be called
// again: a trainer that already ran trials skips the warm-up (TF.js load, V8 optimizing its hot
// paths), and one that died meanwhile is replaced without costing a trial.
import { fork, type ChildProcess } from 'node:child_process';
import os from 'node:os';
import { finalizeAbandonedRun } from '../runs/finalizeRun';
import type { RunSummary } from '../train/types';
import { isFromTrainer, TRAINER_ENV, TRAINER_V8_FLAGS, type EpochProgress, type StopReason, type ToTrainer, type TrialAssignment } from './trainerProtocol';

export interface PoolOptions {
  /** Absolute path of the trainer entry (dist/trainer.js). */
  trainerPath: string;
  /** Trainer processes at most; default: cores − 1, at least 1. */
  parallel?: number;
  /** How long a stopped trainer may take to close its run before SIGKILL (ms). */
  graceMs?: number;
  env?: NodeJS.ProcessEnv;
  execArgv?: string[];
  /**
   * Scheduling priority (nice value, -20..19) of the trainer processes. The VS Code extension
   * sets a positive value so the editor keeps the CPU it needs while trials saturate the cores.
   */
  priority?: number;
  /** Every stderr line of every trainer (for a log channel or --verbose). */
  onStderr?: (line: string, trialIndex: number | undefined) => void;
  /**
   * Trainers left without a trial stay alive (idle) instead of exiting, and the pool can run
   * further batches: run() resolves when its trials have ended, not when its trainers exited.
   * close() ends them.
   */
  keepIdle?: boolean;
}

export type PoolEvent =
  | { type: 'trial-started'; trialIndex: number; runDir: string; pid: number }
  | EpochProgress
  /** summary is undefined when the trial never ran (cancelled first, or its folder could not be made: see failure). */
  | { type: 'trial-ended'; trialIndex: number; summary?: RunSummary; wallMs: number; failure?: string };

export function defaultParallel(): number {
  const cores = typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length;
  return Math.max(1, cores - 1);
}

const STDERR_TAIL_LINES = 30;
const PRUNE_GRACE_MS = 5000;

/** The useful part of a dead trainer's output: its first error line and its last lines. */
function describeOutput(tail: string[]): string {
  if (!tail.length) return '';
  // Node prints the source line of a throw before the message: prefer "SomeError: message".
  const errorLine = tail.find((l) => /^\s*(Uncaught )?[A-Za-z]*(Error|Exception)\b.*:/.test(l)) ?? tail.find((l) => /error|exception|abort/i.test(l));
  const last = tail.slice(-3).filter((l) => l !== errorLine && !/^\s*(at |Node\.js v|\}|\^)/.test(l));
  return `; last output: ${[errorLine, ...last].filter(Boolean).map((l) => l!.trim()).join(' | ')}`;
}

interface Worker {
  child: ChildProcess;
  trial?: TrialAssignment;
  trialStartedAt: number;
  stderrTail: string[];
  /** The current trial was told to stop (cancel or prune): a crash now is not a failure. */
  stopSent?: StopReason;
  killTimer?: NodeJS.Timeout;
  /** Told to exit (its channel closed): never given a trial again. */
  retiring?: boolean;
  /** The trainer said it received its current trial ('started'). */
  acknowledged?: boolean;
  /** It was kept idle after a batch: dying before acknowledging a trial does not fail the trial. */
  wasIdle?: boolean;
}

export class TrainerPool {
  private readonly workers = new Set<Worker>();
  private parallel: number;
  private readonly graceMs: number;
  private cancelled = false;
  private queue: number[] = [];
  /** Resolves run(); set while a batch runs. */
  private finished?: () => void;
  private emit: (e: PoolEvent) => void = () => {};
  private prepare: (index: number) => TrialAssignment = () => { throw new Error('pool not running'); };
  private results: Array<RunSummary | undefined> = [];
  private readonly ended = new Set<number>();
  /** Assignments of trials whose warm trainer died before receiving them: given to another trainer as they are. */
  private readonly retry: TrialAssignment[] = [];

  constructor(private readonly opts: PoolOptions) {
    this.parallel = Math.max(1, Math.floor(opts.parallel ?? defaultParallel()));
    this.graceMs = opts.graceMs ?? 500;
  }

  get isCancelled(): boolean {
    return this.cancelled;
  }

  /** Process ids of the trainers alive now (started, training or about to exit). */
  get pids(): number[] {
    return [...this.workers].flatMap((w) => (w.child.pid ? [w.child.pid] : []));
  }

  /** Process ids of the trainers without a trial that can take one. */
  get idlePids(): number[] {
    return this.usable().flatMap((w) => (w.child.pid ? [w.child.pid] : []));
  }

  /** A batch is running (run() has not resolved yet). */
  get isRunning(): boolean {
    return this.finished !== undefined;
  }

  /**
   * Forks trainer processes now, up to `count` (default: as many as run() may use) alive and
   * usable, before the trials are known, so their start-up overlaps the caller's work. run() gives
   * them trials; without keepIdle those it does not need exit. A pool that is started but never
   * run must be close()d.
   */
  start(count = this.parallel): void {
    const want = Math.min(this.parallel, Math.max(0, Math.floor(count)));
    for (let i = this.usable().length + this.busy().length; i < want && !this.cancelled; i++) this.spawn();
  }

  /** Changes how many trainers run() uses at most; idle trainers beyond it exit. */
  setParallel(parallel: number): void {
    this.parallel = Math.max(1, Math.floor(parallel));
    const extra = this.usable().length + this.busy().length - this.parallel;
    for (const w of this.usable().slice(0, Math.max(0, extra))) this.retire(w);
  }

  /** keepIdle: a cancelled pool (its batch over) may run batches again, on the trainers it kept. */
  reopen(): void {
    if (this.opts.keepIdle && !this.isRunning) this.cancelled = false;
  }

  /** Lets idle trainers (started, or kept idle, without a trial) exit. */
  close(): void {
    for (const w of this.workers) if (!w.trial) this.retire(w);
  }

  /** Idle trainers alive and reachable (a dead one's channel is closed before its exit event). */
  private usable(): Worker[] {
    return [...this.workers].filter((w) => !w.trial && !w.retiring && w.child.connected && w.child.exitCode === null && w.child.signalCode === null);
  }

  private busy(): Worker[] {
    return [...this.workers].filter((w) => !!w.trial);
  }

  /**
   * Runs trials 0..count−1 in order. `prepare(i)` is called when trial i is about to start and
   * returns its assignment (its run folder created then, so cancelled trials leave no folder).
   * Resolves with each trial's summary (undefined for trials cancelled before they started).
   * Without keepIdle a pool runs one batch (it resolves once its trainers exited): make a new
   * pool for the next. With keepIdle, run() can be called again once the last one resolved
   * (a cancelled one after reopen()).
   */
  run(count: number, prepare: (index: number) => TrialAssignment, onEvent: (e: PoolEvent) => void = () => {}): Promise<Array<RunSummary | undefined>> {
    if (this.isRunning) throw new Error('the trainer pool is already running a batch');
    this.queue = Array.from({ length: count }, (_, i) => i);
    this.results = new Array(count).fill(undefined);
    this.ended.clear();
    this.retry.length = 0;
    this.prepare = prepare;
    this.emit = onEvent;
    return new Promise((resolve) => {
      this.finished = () => resolve(this.results);
      const want = Math.min(this.parallel, count);
      const idle = this.usable();
      if (!this.opts.keepIdle) for (const w of idle.slice(want)) this.retire(w);
      if (!count) return this.finish();
      if (this.cancelled && this.opts.keepIdle) {
        // Cancelled before this batch (and not reopened): nothing starts; the trainers stay idle.
        for (let i = 0; i < count; i++) this.endTrial(i, undefined, 0);
        return this.finish();
      }
      for (const w of idle.slice(0, want)) this.next(w);
      for (let i = Math.min(idle.length, want); i < want; i++) this.next(this.spawn());
      this.finishIfDone(); // every trial failed to prepare: no trainer will report
    });
  }

  /** Resolves run() (once). */
  private finish(): void {
    const f = this.finished;
    this.finished = undefined;
    f?.();
  }

  /** keepIdle: run() resolves when every trial has ended (its trainers stay). */
  private finishIfDone(): void {
    if (this.opts.keepIdle && this.finished && this.ended.size === this.results.length && !this.busy().length) this.finish();
  }

  /** Stops one running trial (early stopping); it ends as `pruned` with `detail` as the reason. */
  stopTrial(trialIndex: number, reason: StopReason, detail: string): void {
    for (const w of this.workers) if (w.trial?.trialIndex === trialIndex) this.sendStop(w, reason, detail);
  }

  /**
   * Stops every trial: queued ones never start, running ones stop now (SIGKILL after the grace
   * period). Without keepIdle the trainers then exit; with it, those that close their run in time
   * stay idle, and the pool runs nothing until reopen().
   */
  cancel(detail = 'cancelled'): void {
    if (this.cancelled) return;
    this.cancelled = true;
    for (const i of this.queue) this.endTrial(i, undefined, 0);
    this.queue = [];
    for (const w of this.workers) {
      if (!w.trial) {
        if (!this.opts.keepIdle) this.retire(w);
      }
      else if (!w.stopSent) this.sendStop(w, 'user', detail);
      else {
        // Already being pruned: it still has to be gone within the cancel's grace period.
        this.clearKillTimer(w);
        w.killTimer = setTimeout(() => w.child.kill('SIGKILL'), this.graceMs);
      }
    }
    this.finishIfDone();
  }

  private sendStop(w: Worker, reason: StopReason, detail: string): void {
    if (!w.trial || w.stopSent) return;
    w.stopSent = reason;
    this.send(w, { type: 'stop', trialIndex: w.trial.trialIndex, reason, detail });
    // A cancel must be quick; a pruned trial may take longer to close (killing it would also
    // cost the next trial a fresh trainer).
    const grace = reason === 'user' ? this.graceMs : Math.max(this.graceMs, PRUNE_GRACE_MS);
    w.killTimer = setTimeout(() => w.child.kill('SIGKILL'), grace);
  }

  private send(w: Worker, m: ToTrainer): void {
    try {
      if (w.child.connected) w.child.send(m);
    } catch { /* the exit handler deals with a dead trainer */ }
  }

  private spawn(): Worker {
    const child = fork(this.opts.trainerPath, [], {
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
      serialization: 'advanced',
      env: { ...process.env, ...this.opts.env, ...TRAINER_ENV },
      execArgv: [...TRAINER_V8_FLAGS, ...(this.opts.execArgv ?? [])],
    });
    if (this.opts.priority !== undefined && child.pid) {
      try {
        os.setPriority(child.pid, this.opts.priority);
      } catch { /* not permitted here: the trainer keeps the default priority */ }
    }
    const w: Worker = { child, trialStartedAt: 0, stderrTail: [] };
    this.workers.add(w);
    const collect = (chunk: Buffer) => {
      for (const line of chunk.toString('utf8').split('\n')) {
        if (!line.trim()) continue;
        w.stderrTail.push(line);
        if (w.stderrTail.length > STDERR_TAIL_LINES) w.stderrTail.shift();
        this.opts.onStderr?.(line, w.trial?.trialIndex);
      }
    };
    child.stderr!.on('data', collect);
    child.stdout!.on('data', collect);
    child.on('error', (err) => w.stderrTail.push(`spawn error: ${err.message}`));
    child.on('message', (m) => this.onMessage(w, m));
    child.on('exit', (code, signal) => this.onExit(w, code, signal));
    return w;
  }

  /** Gives the worker the next trial (or retires it when none is left). */
  private next(w: Worker): void {
    const started = this.assign(w);
    if (started) this.emit(started);
  }

  /** next() without the trial-started event, which the caller emits (returned). */
  private assign(w: Worker): PoolEvent | undefined {
    w.stopSent = undefined;
    w.acknowledged = false;
    const again = this.cancelled ? undefined : this.retry.shift();
    const index = again ? again.trialIndex : this.cancelled ? undefined : this.queue.shift();
    if (index === undefined) {
      w.trial = undefined;
      if (this.opts.keepIdle) {
        // Stays, idle, for the next batch (also after a cancel: it closed its run in time); a
        // stop's kill deadline no longer applies.
        this.clearKillTimer(w);
        w.wasIdle = true;
      } else this.retire(w);
      return undefined;
    }
    this.clearKillTimer(w);
    let assignment: TrialAssignment;
    if (again) assignment = again;
    else {
      try {
        assignment = this.prepare(index);
      } catch (err) {
        // Could not even create the run folder: the trial fails, the pool goes on.
        this.endTrial(index, undefined, 0, `could not prepare the trial: ${(err as Error).message}`);
        return this.assign(w);
      }
    }
    w.trial = assignment;
    w.trialStartedAt = Date.now();
    w.stderrTail = [];
    this.send(w, { type: 'start', trial: assignment });
    return again ? undefined : { type: 'trial-started', trialIndex: index, runDir: assignment.runDir, pid: w.child.pid ?? 0 };
  }

  /**
   * Closes the trainer's channel (it exits then). A kill deadline already set by a stop stays
   * armed until the exit (a cancelled trainer is gone within the grace period even when it closed
   * its run in time but is slow to exit); otherwise one is set, so a trainer that does not exit
   * cannot hold the pool open.
   */
  private retire(w: Worker): void {
    w.retiring = true;
    w.killTimer ??= setTimeout(() => w.child.kill('SIGKILL'), this.graceMs);
    if (w.child.connected) w.child.disconnect(); // the trainer exits when its channel closes
  }

  private clearKillTimer(w: Worker): void {
    clearTimeout(w.killTimer);
    w.killTimer = undefined;
  }

  private onMessage(w: Worker, m: unknown): void {
    if (!isFromTrainer(m) || !w.trial) return;
    if (m.type === 'ready' || m.trialIndex !== w.trial.trialIndex) return;
    if (m.type === 'started') w.acknowledged = true;
    else if (m.type === 'epoch') this.emit(m);
    else if (m.type === 'epochs') {
      for (const metrics of m.metrics) this.emit({ type: 'epoch', trialIndex: m.trialIndex, epochsPlanned: m.epochsPlanned, metrics });
    } else if (m.type === 'done') {
      const wallMs = Date.now() - w.trialStartedAt;
      // The trainer gets its next trial before the parent records this one (sweep.json, logs),
      // so it does not wait for that; the events keep their order (this trial ended, next started).
      const started = this.assign(w);
      this.endTrial(m.trialIndex, m.summary, wallMs);
      if (started) this.emit(started);
      this.finishIfDone();
    }
  }

  private onExit(w: Worker, code: number | null, signal: NodeJS.Signals | null): void {
    this.clearKillTimer(w);
    this.workers.delete(w);
    const t = w.trial;
    if (t && w.wasIdle && !w.acknowledged && !w.stopSent && !this.cancelled) {
      // A warm trainer that had died (or died just now) before it saw its trial: the trial has not
      // begun (its folder holds only what prepare wrote), so a fresh trainer takes it as it is.
      w.trial = undefined;
      this.retry.push(t);
      this.next(this.spawn());
    } else if (t) {
      w.trial = undefined;
      const how = signal ? `was killed by ${signal}` : `exited with code ${code}`;
      const tail = describeOutput(w.stderrTail);
      let summary: RunSummary | undefined;
      try {
        summary = w.stopSent
          ? finalizeAbandonedRun(t.runDir, w.stopSent === 'pruned' ? 'pruned' : 'stopped', `${w.stopSent === 'pruned' ? 'pruned' : 'cancelled'}; the trainer ${how} before closing the run`)
          : finalizeAbandonedRun(t.runDir, 'failed', `the trainer process (pid ${w.child.pid}) ${how}${tail}`);
      } catch { /* the folder is gone: the record below still says what happened */ }
      this.endTrial(t.trialIndex, summary, Date.now() - w.trialStartedAt, summary ? undefined : `the trainer ${how}`);
      if (this.queue.length && !this.cancelled) this.next(this.spawn()); // replace the lost trainer
    }
    if (!this.workers.size) {
      // Every trainer is gone: whatever has not ended cannot run any more.
      for (let i = 0; i < this.results.length; i++) this.endTrial(i, undefined, 0, 'no trainer process was left to run it');
      this.finish();
    } else this.finishIfDone();
  }

  private endTrial(index: number, summary: RunSummary | undefined, wallMs: number, failure?: string): void {
    if (this.ended.has(index)) return;
    this.ended.add(index);
    this.results[index] = summary;
    this.emit({ type: 'trial-ended', trialIndex: index, summary, wallMs, ...(failure ? { failure } : {}) });
  }
}

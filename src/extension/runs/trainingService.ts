// Runs experiments and sweeps in trainer child processes (dist/trainer.js, through the sweep
// pool), never in the extension host. Streams live epochs to the panel, keeps the status bar
// current, measures the host's event-loop lag while training, and hands finished sweeps to
// LambdaTarget for reglab.applyLambda. Created on first use. Trainers are taken (warm when a
// previous run left them idle, see core/sweep/warmTrainers.ts) or forked before the experiment is
// loaded, so their start-up overlaps it, and stay idle for reglab.training.keepTrainersWarmSeconds
// after the run or sweep.
import * as vscode from 'vscode';
import path from 'node:path';
import { existsSync, statSync } from 'node:fs';
import { loadExperimentFile } from '../../core/experiment/load';
import { ExperimentError } from '../../core/experiment/issues';
import type { ResolvedExperiment } from '../../core/experiment/types';
import { DEFAULT_STORE_DIR, readRunAsync } from '../../core/runs';
import { runSweep, type SweepEvent } from '../../core/sweep/runSweep';
import { defaultParallel, TrainerPool } from '../../core/sweep/pool';
import { WarmTrainers } from '../../core/sweep/warmTrainers';
import type { EpochMetrics, RunSummary } from '../../core/train/types';
import type { ProgressEntry } from '../../core/panel/protocol';
import { ContextKey } from '../commandIds';
import { log } from '../log';
import { readSettings } from '../settings';
import { SETTING_KEYS, type RegLabSettings } from '../pure/settingsTypes';
import { containingFolder, experimentInputs } from '../pure/workspacePaths';
import { expectedBackend, machineProbe } from '../pure/expectedBackend';
import type { CompareSpec } from '../pure/lambdaChoice';
import { EventLoopLagMonitor, formatLag, type LagStats } from './eventLoopLag';
import type { LambdaTarget } from './lambdaTarget';
import { runInTrainer, TRAINER_PRIORITY } from './singleRun';
import { TrainingStatusBar } from './statusBar';
import type { TrainingEvent, TrainingView } from './trainingEvents';

interface Job {
  kind: 'run' | 'sweep';
  name: string;
  abort: AbortController;
  runsPlanned: number;
  runsFinished: number;
  epochsPerRun: number;
  /** Epochs of finished runs (a pruned or failed run counts as fully done). */
  epochsDone: number;
  parallel: number;
  sweepId?: string;
  /** Timing of the job (Date.now()): when the command reached the service, its first epoch, its end. */
  times: { startedAt: number; firstEpochAt?: number; endedAt?: number };
  /** Trainer processes that ran its trials. */
  pids: Set<number>;
}

/** Timing and trainers of the last finished run or sweep (RegLabApi, for tests and measurements). */
export interface JobRecord {
  kind: 'run' | 'sweep';
  name: string;
  startedAt: number;
  firstEpochAt?: number;
  endedAt?: number;
  trainerPids: number[];
}

const KEEP_WARM_SECTION = `reglab.${SETTING_KEYS.keepTrainersWarmSeconds}`;

function resolvedParallel(settings: RegLabSettings): number {
  return settings.parallelTrials > 0 ? settings.parallelTrials : defaultParallel();
}

interface LiveRun {
  job: Job;
  name: string;
  epochsPlanned: number;
  startedAt: number;
  metrics: EpochMetrics[];
}

export class TrainingService implements TrainingView, vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<TrainingEvent>();
  readonly onEvent = this.emitter.event;
  private readonly jobs = new Set<Job>();
  private readonly liveRuns = new Map<string, LiveRun>();
  private statusBar: TrainingStatusBar | undefined;
  private readonly lag = new EventLoopLagMonitor();
  private lagContext = { processes: 0, what: [] as string[] };
  /** The backend runs reported in the current busy period (the expected one until the first does). */
  private backend: string | undefined;
  private expected: string | undefined;
  private statusTimer: NodeJS.Timeout | undefined;
  private finishedInSession = 0;
  /** Event-loop lag of the last busy period (from the first job's start to the last job's end). */
  lastLag: (LagStats & { trainerProcesses: number; what: string }) | undefined;
  /** The last run or sweep that ended. */
  lastJob: JobRecord | undefined;
  private readonly warm: WarmTrainers<TrainerPool>;
  private readonly configListener: vscode.Disposable;

  constructor(private readonly extensionUri: vscode.Uri, private readonly lambdaTarget: LambdaTarget) {
    this.warm = new WarmTrainers<TrainerPool>({
      create: (_key, parallel) => new TrainerPool({ trainerPath: this.trainerPath, parallel, priority: TRAINER_PRIORITY, keepIdle: true, onStderr: (line) => log.debug(`trainer: ${line}`) }),
      keepMs: readSettings().keepTrainersWarmSeconds * 1000,
      // Trust revoked: VS Code stops the extension host (dispose ends them; there is no API event
      // for it); checked here too before any are kept.
      allowed: () => vscode.workspace.isTrusted,
      onClose: (why, pids) => {
        if (pids.length) log.info(`idle trainer process${pids.length === 1 ? '' : 'es'} ${pids.join(', ')} ended: ${why}`);
      },
    });
    this.configListener = vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration(KEEP_WARM_SECTION)) this.warm.setKeepMs(readSettings().keepTrainersWarmSeconds * 1000);
      if (e.affectsConfiguration('reglab.parallelTrials')) this.warm.trimIdle(resolvedParallel(readSettings()));
    });
  }

  /** Idle (warm) trainer processes alive now. */
  get idleTrainerPids(): number[] {
    return this.warm.idlePids;
  }

  /** Idle trainers exit now, and those of running jobs when they end (reglab.stopAll). */
  closeIdleTrainers(why: string): void {
    this.warm.closeAll(why);
  }

  /**
   * Trainers for a run or sweep, taken before its experiment is loaded: warm ones when the last
   * run left them (same trainer script, backend and priority), else forked now, so the start-up
   * overlaps the loading. `start` of them are made ready; release() hands them back.
   */
  private takeTrainers(settings: RegLabSettings, start: number): { pool: TrainerPool; release: () => void } {
    const trainerPath = this.trainerPath;
    // The script's mtime: a rebuilt trainer (development) is not served by old processes.
    const key = JSON.stringify({ trainerPath, mtime: statSync(trainerPath).mtimeMs, backend: settings.backend, priority: TRAINER_PRIORITY });
    const parallel = resolvedParallel(settings);
    const pool = this.warm.acquire(key, parallel, Math.min(start, parallel));
    return { pool, release: () => this.warm.release(pool, key, resolvedParallel(readSettings())) };
  }

  get isRunning(): boolean {
    return this.jobs.size > 0;
  }

  private get trainerPath(): string {
    const p = path.join(this.extensionUri.fsPath, 'dist', 'trainer.js');
    if (!existsSync(p)) throw new Error(`the trainer entry point is missing (${p}); run \`npm run build\``);
    return p;
  }

  // ----------------------------------------------------------------------------------------------
  // Loading and checks

  private folders(): string[] {
    return (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file').map((f) => f.uri.fsPath);
  }

  /**
   * Loads and checks an experiment file; shows the problem and returns undefined when it is bad.
   * The message is not awaited: the trainers taken for the run are handed back at once, not when
   * the user dismisses it.
   */
  private async load(uri: vscode.Uri): Promise<{ exp: ResolvedExperiment; storeRoot: string } | undefined> {
    const folders = this.folders();
    const folder = containingFolder(uri.fsPath, folders);
    if (!folder) {
      void vscode.window.showErrorMessage(`RegLab: ${uri.fsPath} is outside the workspace; RegLab trains only experiments inside it.`);
      return undefined;
    }
    let exp: ResolvedExperiment;
    try {
      exp = loadExperimentFile(uri.fsPath);
    } catch (err) {
      if (err instanceof ExperimentError) {
        log.warn(`experiment rejected:\n${err.message}`);
        void this.showExperimentError(err);
        return undefined;
      }
      throw err;
    }
    for (const input of experimentInputs(exp)) {
      if (!containingFolder(input, folders)) {
        void vscode.window.showErrorMessage(`RegLab: ${path.basename(uri.fsPath)} reads ${input}, which is outside the workspace; data and init files must lie inside it.`);
        return undefined;
      }
    }
    return { exp, storeRoot: path.join(folder, DEFAULT_STORE_DIR) };
  }

  /** The first issue with its file:line:column; "Show" puts the cursor there. */
  private async showExperimentError(err: ExperimentError): Promise<void> {
    const first = err.issues[0];
    const open = 'Show';
    const more = err.issues.length > 1 ? ` (and ${err.issues.length - 1} more, see the RegLab log)` : '';
    const pick = await vscode.window.showErrorMessage(`RegLab: ${first ? `${path.basename(first.file)}:${first.line}:${first.column}: ${first.path ? `${first.path}: ` : ''}${first.message}${first.expected ? ` (expected ${first.expected})` : ''}` : err.message}${more}`, open);
    if (pick === open && first) {
      const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(first.file));
      const pos = new vscode.Position(Math.max(0, first.line - 1), Math.max(0, first.column - 1));
      await vscode.window.showTextDocument(doc, { selection: new vscode.Range(pos, pos) });
    }
  }

  // ----------------------------------------------------------------------------------------------
  // Jobs

  private begin(job: Job, setting: RegLabSettings['backend']): void {
    if (!this.jobs.size) {
      this.lag.start();
      this.lagContext = { processes: 0, what: [] };
      // Known before any trainer reports it (no TF.js in the host: pure/expectedBackend.ts).
      this.backend = undefined;
      try {
        this.expected = expectedBackend(setting, this.trainerPath, machineProbe(this.trainerPath));
      } catch {
        this.expected = undefined; // no trainer: the job fails with the reason
      }
    }
    this.jobs.add(job);
    this.lagContext.processes = Math.max(this.lagContext.processes, [...this.jobs].reduce((n, j) => n + j.parallel, 0));
    this.lagContext.what.push(`${job.kind} "${job.name}"`);
    void vscode.commands.executeCommand('setContext', ContextKey.Running, true);
    this.updateStatus();
  }

  private end(job: Job): void {
    this.jobs.delete(job);
    job.times.endedAt = Date.now();
    this.lastJob = { kind: job.kind, name: job.name, ...job.times, trainerPids: [...job.pids] };
    for (const [id, r] of this.liveRuns) if (r.job === job) this.liveRuns.delete(id);
    if (!this.jobs.size) {
      const stats = this.lag.stop();
      if (stats) this.lastLag = { ...stats, trainerProcesses: this.lagContext.processes, what: this.lagContext.what.join(', ') };
      if (stats) log.info(`[perf] extension host event-loop lag during ${this.lagContext.what.join(', ')} (${this.lagContext.processes} trainer process${this.lagContext.processes === 1 ? '' : 'es'}): ${formatLag(stats)}`);
      void vscode.commands.executeCommand('setContext', ContextKey.Running, false);
      this.emitter.fire({ type: 'idle' });
    }
    this.updateStatus();
  }

  private runStarted(job: Job, runId: string, name: string, epochsPlanned: number): void {
    this.liveRuns.set(runId, { job, name, epochsPlanned, startedAt: Date.now(), metrics: [] });
    this.emitter.fire({ type: 'started', runId, name, epochsPlanned, ...(job.sweepId ? { sweepId: job.sweepId } : {}) });
    this.updateStatusSoon();
  }

  private epoch(runId: string, metrics: EpochMetrics): void {
    const r = this.liveRuns.get(runId);
    if (!r) return;
    r.job.times.firstEpochAt ??= Date.now();
    r.metrics.push(metrics);
    this.emitter.fire({ type: 'epoch', runId, metrics });
    this.updateStatusSoon();
  }

  private runEnded(job: Job, runId: string | undefined, summary: RunSummary | undefined): void {
    job.runsFinished++;
    job.epochsDone += job.epochsPerRun;
    if (runId) this.liveRuns.delete(runId);
    this.finishedInSession++;
    if (summary) {
      // The panel gets the summary without the host's folder path.
      const { dir: _dir, ...plain } = summary as RunSummary & { dir?: string };
      summary = plain;
      if (summary.backend && summary.backend !== 'unknown') this.backend = summary.backend;
      if (runId) this.emitter.fire({ type: 'finished', runId, summary });
      log.info(`run ${summary.name}: ${summary.status}${summary.reason ? ` (${summary.reason})` : ''}, ${summary.epochsCompleted}/${summary.epochsPlanned} epochs on ${summary.backend}${summary.final ? `, val loss ${summary.final.valLoss.toPrecision(4)}` : ''}`);
    }
    this.updateStatusSoon();
  }

  // ----------------------------------------------------------------------------------------------
  // Status

  progress(): ProgressEntry[] {
    const now = Date.now();
    return [...this.liveRuns].map(([runId, r]) => {
      const epoch = r.metrics.length;
      const etaMs = epoch > 0 ? ((now - r.startedAt) / epoch) * (r.epochsPlanned - epoch) : undefined;
      return { runId, name: r.name, epoch, epochsPlanned: r.epochsPlanned, status: 'running' as const, ...(etaMs !== undefined ? { etaMs } : {}) };
    });
  }

  live(runId: string): EpochMetrics[] | undefined {
    return this.liveRuns.get(runId)?.metrics;
  }

  private updateStatusSoon(): void {
    this.statusTimer ??= setTimeout(() => {
      this.statusTimer = undefined;
      this.updateStatus();
    }, 200);
  }

  private updateStatus(): void {
    const jobs = [...this.jobs];
    let total = 0, finished = 0, epochsTotal = 0, epochsDone = 0;
    for (const j of jobs) {
      total += j.runsPlanned;
      finished += j.runsFinished;
      epochsTotal += j.runsPlanned * j.epochsPerRun;
      epochsDone += j.epochsDone;
    }
    for (const r of this.liveRuns.values()) epochsDone += r.metrics.length;
    // Remaining time: the slowest running run; queued trials are not estimated.
    const etas = this.progress().map((p) => p.etaMs).filter((e): e is number => e !== undefined);
    const etaMs = etas.length ? Math.max(...etas) : undefined;
    if (!jobs.length && !this.statusBar) return;
    this.statusBar ??= new TrainingStatusBar();
    this.statusBar.update({
      running: this.liveRuns.size,
      // Idle: how many runs finished since the editor started.
      finished: jobs.length ? finished : this.finishedInSession,
      total: jobs.length ? total : this.finishedInSession,
      progress: epochsTotal ? epochsDone / epochsTotal : 1,
      backend: this.backend ?? this.expected,
      ...(etaMs !== undefined ? { etaMs } : {}),
    });
  }

  // ----------------------------------------------------------------------------------------------
  // Commands

  async runExperiment(uri: vscode.Uri): Promise<void> {
    const startedAt = Date.now();
    const settings = readSettings(uri);
    const trainers = this.takeTrainers(settings, 1);
    try {
      await this.runExperimentOn(uri, settings, trainers.pool, startedAt);
    } finally {
      trainers.release();
    }
  }

  private async runExperimentOn(uri: vscode.Uri, settings: RegLabSettings, pool: TrainerPool, startedAt: number): Promise<void> {
    const loaded = await this.load(uri);
    if (!loaded) return;
    const { exp, storeRoot } = loaded;
    const job: Job = { kind: 'run', name: exp.name, abort: new AbortController(), runsPlanned: 1, runsFinished: 0, epochsPerRun: exp.training.epochs, epochsDone: 0, parallel: 1, times: { startedAt }, pids: new Set() };
    this.begin(job, settings.backend);
    let runId: string | undefined;
    try {
      const result = await runInTrainer(exp, {
        storeRoot,
        trainerPath: this.trainerPath,
        pool,
        backend: settings.backend,
        signal: job.abort.signal,
        onStarted: (run) => {
          runId = run.id;
          log.info(`run ${exp.name} started: ${run.dir}`);
          this.runStarted(job, run.id, run.name, run.epochsPlanned);
        },
        onEpoch: (e) => runId && this.epoch(runId, e.metrics),
        onTrainer: (pid) => job.pids.add(pid),
        onStderr: (line) => log.debug(`trainer: ${line}`),
      });
      this.runEnded(job, result.id, result.summary ?? (await readRunAsync(result.dir)).run);
    } finally {
      this.end(job);
    }
  }

  async runSweep(uri: vscode.Uri): Promise<void> {
    const startedAt = Date.now();
    const settings = readSettings(uri);
    const trainers = this.takeTrainers(settings, resolvedParallel(settings));
    try {
      await this.runSweepOn(uri, settings, trainers.pool, startedAt);
    } finally {
      trainers.release();
    }
  }

  private async runSweepOn(uri: vscode.Uri, settings: RegLabSettings, pool: TrainerPool, startedAt: number): Promise<void> {
    const loaded = await this.load(uri);
    if (!loaded) return;
    const { storeRoot } = loaded;
    let exp = loaded.exp;
    if (!exp.sweep) {
      exp = { ...exp, sweep: { param: 'optimizer.weightDecay', values: settings.defaultGrid, seeds: [exp.seed], metric: 'valLoss', select: 'min' } };
      log.info(`${path.basename(uri.fsPath)} has no "sweep" block: sweeping optimizer.weightDecay over reglab.sweep.defaultGrid ${JSON.stringify(settings.defaultGrid)}`);
    }
    const parallel = resolvedParallel(settings);
    const origin = this.lambdaTarget.originFor(uri.fsPath);
    const job: Job = { kind: 'sweep', name: exp.name, abort: new AbortController(), runsPlanned: 0, runsFinished: 0, epochsPerRun: exp.training.epochs, epochsDone: 0, parallel, times: { startedAt }, pids: new Set() };
    this.begin(job, settings.backend);
    try {
      const { summary } = await runSweep(exp, {
        storeRoot,
        trainerPath: this.trainerPath,
        pool,
        parallel,
        priority: TRAINER_PRIORITY,
        backend: settings.backend,
        signal: job.abort.signal,
        onStderr: (line) => log.debug(`trainer: ${line}`),
        onEvent: (e: SweepEvent) => {
          switch (e.type) {
            case 'sweep-started':
              job.sweepId = e.summary.id;
              job.runsPlanned = e.summary.trials.length;
              job.parallel = Math.min(parallel, e.summary.trials.length);
              log.info(`sweep ${exp.name} started: ${e.summary.trials.length} trials, ${job.parallel} trainer processes, ${e.dir}`);
              this.emitter.fire({ type: 'sweep', sweep: e.summary });
              this.updateStatus(); // 0/N done, with the backend, before any trial reports
              break;
            case 'trial-started':
              job.pids.add(e.pid);
              if (e.trial.runId) this.runStarted(job, e.trial.runId, `${exp.name} ${e.trial.variant ? `${e.trial.variant} ` : ''}λ=${e.trial.value} seed ${e.trial.seed}`, e.trial.epochsPlanned);
              break;
            case 'epoch':
              if (e.trial.runId) this.epoch(e.trial.runId, e.metrics);
              break;
            case 'trial-ended':
              // The summary and the sweep's state come with the event: nothing is re-read from disk.
              this.runEnded(job, e.trial.runId, e.summary);
              this.emitter.fire({ type: 'sweep', sweep: e.sweep });
              break;
            case 'sweep-ended':
              this.emitter.fire({ type: 'sweep', sweep: e.summary });
              break;
          }
        },
      });
      log.info(`sweep ${exp.name} ${summary.status} in ${((summary.wallMs ?? 0) / 1000).toFixed(1)} s: ${summary.selections.map((s) => `${s.variant ? `${s.variant}: ` : ''}${s.why}`).join('; ')}`);
      if (summary.status === 'completed') this.lambdaTarget.sweepFinished(summary, origin, exp.sweep?.compare as CompareSpec[] | undefined);
      else void vscode.window.showInformationMessage(`RegLab: sweep "${exp.name}" ${summary.status}.`);
    } finally {
      this.end(job);
    }
  }

  /** Stops one run (a sweep trial stops its whole sweep), one sweep, or everything. */
  stop(runId?: string): void {
    for (const job of this.jobs) {
      const match = runId === undefined || job.sweepId === runId || this.liveRuns.get(runId)?.job === job;
      if (match && !job.abort.signal.aborted) {
        log.info(`stopping ${job.kind} "${job.name}"`);
        job.abort.abort();
      }
    }
  }

  /** The status bar's text (tests). */
  get statusText(): string | undefined {
    return this.statusBar?.text;
  }

  dispose(): void {
    this.stop();
    this.warm.dispose();
    this.configListener.dispose();
    clearTimeout(this.statusTimer);
    this.statusBar?.dispose();
    this.emitter.dispose();
  }
}

// Writes one run folder as training goes: meta and the resolved experiment first, then one
// metrics line per epoch, then params.json and summary.json atomically at the end.
// Each epoch's line is written with a synchronous write (in the kernel once appendEpoch returns,
// so a killed process loses at most the epoch in flight). Against a machine crash the file is
// flushed to disk with fdatasync on libuv's thread pool at most once per FLUSH_INTERVAL_MS (a
// group commit, as a database's "sync every second"): a power loss loses at most the last second
// of epochs, training never waits on the disk, and a fast run (hundreds of epochs a second) does
// not keep the disk and a thread busy with back-to-back flushes. finish() flushes synchronously
// before the summary is written; finishAsync() (the trainer's) does the same flushes overlapped.
import { closeSync, fdatasync, fdatasyncSync, openSync, writeSync } from 'node:fs';
import path from 'node:path';
import type { ResolvedExperiment } from '../experiment/types';
import type { BackendName, EpochMetrics, ParamTable, RunStatus, RunSummary } from '../train/types';
import { jsonText, writeFilesAtomicDurable, writeJsonAtomic } from './atomicWrite';
import { RUN_FILES } from './layout';
import { createUniqueFolder } from './runId';
import { MetricsTally } from './metricsTally';
import { readJsonFile } from './readJson';
import type { RunMeta } from './types';

/** At most one fdatasync of metrics.jsonl per this interval while a run trains. */
export const FLUSH_INTERVAL_MS = 1000;

export interface CreateRunOptions {
  /** Store root (`.reglab/runs` or `--out`). */
  root: string;
  experiment: ResolvedExperiment;
  /** Display name; defaults to the experiment's name. */
  name?: string;
  sweep?: RunSummary['sweep'];
}

export interface FinishRunOptions {
  status: RunStatus;
  backend: BackendName | string;
  params?: ParamTable;
  divergence?: RunSummary['divergence'];
  reason?: string;
}

export class RunWriter {
  readonly id: string;
  readonly dir: string;
  readonly meta: RunMeta;
  private metricsFd: number | undefined;
  private syncing = false;
  private dirty = false;
  private lastSyncAt = -Infinity;
  private syncTimer: NodeJS.Timeout | undefined;
  private closeWhenSynced = false;
  private readonly tally = new MetricsTally();
  private summary?: RunSummary;

  private constructor(id: string, dir: string, meta: RunMeta) {
    this.id = id;
    this.dir = dir;
    this.meta = meta;
  }

  /**
   * Creates the run folder with meta.json and experiment.json, without opening it for writing.
   * A sweep does this in the parent process so that even a trainer that dies at once leaves a
   * folder to mark `failed`.
   */
  static prepare(opts: CreateRunOptions): { id: string; dir: string; meta: RunMeta } {
    const name = opts.name ?? opts.experiment.name;
    const { id, dir } = createUniqueFolder(opts.root, name);
    const meta: RunMeta = {
      id,
      name,
      startedAt: new Date().toISOString(),
      epochsPlanned: opts.experiment.training.epochs,
      ...(opts.experiment.sourceFile ? { experimentFile: opts.experiment.sourceFile } : {}),
      ...(opts.sweep ? { sweep: opts.sweep } : {}),
    };
    // Not fsync'd: a machine crash at this point loses a run with nothing measured yet; the
    // durable summary.json at the end flushes the folder.
    writeJsonAtomic(path.join(dir, RUN_FILES.experiment), opts.experiment, { durable: false });
    writeJsonAtomic(path.join(dir, RUN_FILES.meta), meta, { durable: false });
    return { id, dir, meta };
  }

  /** Opens a prepared run folder for appending metrics (in the process that trains). */
  static open(dir: string): RunWriter {
    const m = readJsonFile<RunMeta>(path.join(dir, RUN_FILES.meta));
    if (!m.ok) throw new Error(`cannot open run folder: ${m.error}`);
    const w = new RunWriter(m.value.id, dir, m.value);
    w.metricsFd = openSync(path.join(dir, RUN_FILES.metrics), 'a');
    return w;
  }

  static create(opts: CreateRunOptions): RunWriter {
    return RunWriter.open(RunWriter.prepare(opts).dir);
  }

  get epochsWritten(): number {
    return this.tally.count;
  }

  /** Appends one epoch (written before returning) and starts flushing it to disk. */
  appendEpoch(m: EpochMetrics): void {
    if (this.metricsFd === undefined) throw new Error(`run ${this.id} is already finished`);
    writeSync(this.metricsFd, JSON.stringify(m) + '\n');
    this.tally.add(m);
    this.flushSoon();
  }

  /**
   * One fdatasync at a time, at most one per FLUSH_INTERVAL_MS; epochs written meanwhile are
   * covered by the next one.
   */
  private flushSoon(): void {
    if (this.syncing || this.syncTimer) { this.dirty = true; return; }
    const fd = this.metricsFd;
    if (fd === undefined) return;
    const wait = this.lastSyncAt + FLUSH_INTERVAL_MS - performance.now();
    if (wait > 0) {
      this.syncTimer = setTimeout(() => {
        this.syncTimer = undefined;
        this.dirty = false;
        this.flushSoon();
      }, wait);
      this.syncTimer.unref(); // finish() flushes anyway; a pending flush must not keep a process alive
      return;
    }
    this.syncing = true;
    this.lastSyncAt = performance.now();
    fdatasync(fd, () => {
      this.syncing = false;
      if (this.closeWhenSynced) { this.closeWhenSynced = false; closeSync(fd); return; }
      if (this.dirty) { this.dirty = false; this.flushSoon(); }
    });
  }

  private closeMetrics(): void {
    const fd = this.metricsFd;
    if (fd === undefined) return;
    this.metricsFd = undefined;
    clearTimeout(this.syncTimer);
    this.syncTimer = undefined;
    fdatasyncSync(fd);
    // An fdatasync may still be running on the thread pool: close the fd after it, not under it.
    if (this.syncing) this.closeWhenSynced = true;
    else closeSync(fd);
  }

  /** closeMetrics() with its flush on the thread pool: resolves when the file is on disk. */
  private closeMetricsAsync(): Promise<void> {
    const fd = this.metricsFd;
    if (fd === undefined) return Promise.resolve();
    this.metricsFd = undefined;
    clearTimeout(this.syncTimer);
    this.syncTimer = undefined;
    return new Promise((resolve, reject) => fdatasync(fd, (err) => {
      if (this.syncing) this.closeWhenSynced = true;
      else closeSync(fd);
      if (err) reject(err); else resolve();
    }));
  }

  /** Writes params.json (when given) and summary.json, both atomically; closes the metrics file. */
  finish(opts: FinishRunOptions): RunSummary {
    if (this.summary) return this.summary;
    this.closeMetrics();
    if (opts.params) writeJsonAtomic(path.join(this.dir, RUN_FILES.params), opts.params);
    const summary = this.summaryOf(opts);
    writeJsonAtomic(path.join(this.dir, RUN_FILES.summary), summary);
    this.summary = summary;
    return summary;
  }

  /**
   * finish() for a process that trains one run after another (a trainer): the same files with
   * the same guarantees (metrics.jsonl and params.json on disk before summary.json appears), but
   * the flushes of metrics.jsonl, params.json and summary.json run at once on the thread pool
   * instead of one after another (each is a disk round trip, about 1-2 ms here, far more on a
   * network disk).
   */
  async finishAsync(opts: FinishRunOptions): Promise<RunSummary> {
    if (this.summary) return this.summary;
    const metricsOnDisk = this.closeMetricsAsync();
    const summary = this.summaryOf(opts);
    await writeFilesAtomicDurable([
      ...(opts.params ? [{ file: path.join(this.dir, RUN_FILES.params), text: jsonText(opts.params) }] : []),
      { file: path.join(this.dir, RUN_FILES.summary), text: jsonText(summary) },
    ], [metricsOnDisk]);
    this.summary = summary;
    return summary;
  }

  private summaryOf(opts: FinishRunOptions): RunSummary {
    const final = this.tally.final();
    const best = this.tally.bestEpoch();
    const summary: RunSummary = {
      id: this.id,
      name: this.meta.name,
      status: opts.status,
      backend: opts.backend,
      startedAt: this.meta.startedAt,
      finishedAt: new Date().toISOString(),
      epochsCompleted: this.tally.count,
      epochsPlanned: this.meta.epochsPlanned,
      ...(final ? { final } : {}),
      ...(best ? { best } : {}),
      ...(opts.divergence ? { divergence: opts.divergence } : {}),
      ...(opts.reason ? { reason: opts.reason } : {}),
      ...(this.meta.experimentFile ? { experimentFile: this.meta.experimentFile } : {}),
      ...(this.meta.sweep ? { sweep: this.meta.sweep } : {}),
    };
    return summary;
  }
}

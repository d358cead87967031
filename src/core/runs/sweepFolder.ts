// A sweep's own folder: sweep.json (the SweepSummary, rewritten atomically as trials finish) and
// the resolved base experiment. Trials are ordinary run folders beside it, linked by relative path.
import path from 'node:path';
import type { ResolvedExperiment } from '../experiment/types';
import type { SweepSummary } from '../sweep/types';
import { jsonText, writeFilesAtomicDurable, writeJsonAtomic } from './atomicWrite';
import { LatestFileWriter } from './latestWriter';
import { SWEEP_FILES } from './layout';
import { createUniqueFolder } from './runId';

export function createSweepFolder(root: string, experiment: ResolvedExperiment): { id: string; dir: string } {
  const f = createUniqueFolder(root, `${experiment.name}-sweep`);
  // Not fsync'd (as a run folder's prepared files): a machine crash now loses a sweep with nothing
  // measured yet, and the final sweep.json's durable write flushes the folder. An fsync here would
  // block the caller's thread, the VS Code extension host's among them, at every sweep's start.
  writeJsonAtomic(path.join(f.dir, SWEEP_FILES.experiment), experiment, { durable: false });
  return f;
}

/** Rewrites sweep.json; only the final version (status no longer `running`) is fsync'd. */
export function writeSweepSummary(dir: string, summary: SweepSummary): void {
  writeJsonAtomic(path.join(dir, SWEEP_FILES.sweep), summary, { durable: summary.status !== 'running' });
}

/**
 * sweep.json of a running sweep, rewritten in the background (LatestFileWriter) while trials run,
 * then written synchronously and fsync'd once the sweep is over (`final`), after any background
 * write still in flight, so the final file is never overwritten by an older state.
 */
export class SweepSummaryFile {
  private readonly background: LatestFileWriter;

  constructor(private readonly dir: string) {
    this.background = new LatestFileWriter(path.join(dir, SWEEP_FILES.sweep));
  }

  /** A running sweep's current state: written soon, without blocking. */
  update(summary: SweepSummary): void {
    this.background.write(jsonText(summary));
  }

  /** The final state (any status): on disk, durable, when this resolves (flushed on libuv's
   * thread pool, not on the caller's thread). */
  async final(summary: SweepSummary): Promise<void> {
    await this.background.idle();
    await writeFilesAtomicDurable([{ file: path.join(this.dir, SWEEP_FILES.sweep), text: jsonText(summary) }]);
  }
}

/** The link stored in sweep.json for a trial run: a path relative to the sweep folder. */
export function trialLink(sweepDir: string, runDir: string): string {
  return path.relative(sweepDir, runDir).split(path.sep).join('/');
}

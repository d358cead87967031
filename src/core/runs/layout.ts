// Where things live in the run store. One folder per run or sweep under the store root
// (`.reglab/runs/` in the workspace, or `--out`). Names here are part of the on-disk contract.
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';

export const DEFAULT_STORE_DIR = path.join('.reglab', 'runs');

/** Files of a run folder. */
export const RUN_FILES = {
  /** Written first: id, name, start time, planned epochs, sweep membership. Lets a killed run be listed. */
  meta: 'meta.json',
  /** The resolved experiment, every default filled in. */
  experiment: 'experiment.json',
  /** One EpochMetrics JSON object per line, appended after every epoch and flushed with fdatasync. */
  metrics: 'metrics.jsonl',
  /** Final parameters ({name: nested array}), written atomically at the end. */
  params: 'params.json',
  /** RunSummary, written atomically at the end. Its absence means the run is `incomplete`. */
  summary: 'summary.json',
} as const;

/** Files of a sweep folder. */
export const SWEEP_FILES = {
  /** SweepSummary, rewritten atomically whenever a trial finishes. */
  sweep: 'sweep.json',
  /** The resolved base experiment (with its `sweep` block). */
  experiment: 'experiment.json',
} as const;

/** The store root for a workspace folder and an optional `--out`. */
export function storeRoot(cwd: string, out?: string): string {
  return out ? path.resolve(cwd, out) : path.join(cwd, DEFAULT_STORE_DIR);
}

/**
 * The workspace a folder belongs to: the nearest folder at or above `dir` that already has a
 * `.reglab/` folder, else `dir` itself.
 */
export function workspaceOfDir(dir: string): string {
  const start = path.resolve(dir);
  for (let d = start; ; d = path.dirname(d)) {
    const marker = path.join(d, '.reglab');
    if (existsSync(marker) && statSync(marker).isDirectory()) return d;
    if (path.dirname(d) === d) return start;
  }
}

/** Store root for an experiment file: `--out` (relative to cwd) or `.reglab/runs` of its workspace. */
export function storeRootForExperiment(experimentFile: string, out?: string, cwd = process.cwd()): string {
  if (out) return path.resolve(cwd, out);
  return path.join(workspaceOfDir(path.dirname(path.resolve(experimentFile))), DEFAULT_STORE_DIR);
}

// Lists a run store: every run folder and sweep folder under the root. Listing never throws:
// unreadable folders and files come back as warnings and are skipped.
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import type { SweepSummary } from '../sweep/types';
import { SWEEP_FILES } from './layout';
import { readJsonFile } from './readJson';
import { isRunFolder, readRun } from './runReader';
import type { StoredRun } from './types';

export interface StoredSweep extends SweepSummary {
  dir: string;
}

export interface StoreListing {
  root: string;
  runs: StoredRun[];
  sweeps: StoredSweep[];
  warnings: string[];
}

function processAlive(pid: number | undefined): boolean {
  if (!pid) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function isSweepSummary(v: unknown): v is SweepSummary {
  if (!v || typeof v !== 'object') return false;
  const s = v as Record<string, unknown>;
  return s.kind === 'sweep' && typeof s.id === 'string' && Array.isArray(s.trials) && typeof s.param === 'string';
}

/**
 * Reads a sweep folder. A sweep still marked `running` whose process is gone was killed: it is
 * reported `incomplete`, and its unfinished trials take the status their run folders show.
 */
export function readSweep(dir: string): { sweep?: StoredSweep; warnings: string[] } {
  const file = path.join(dir, SWEEP_FILES.sweep);
  const r = readJsonFile<unknown>(file);
  if (!r.ok) return { warnings: [r.error] };
  if (!isSweepSummary(r.value)) return { warnings: [`${file}: not a sweep summary (needs kind "sweep", id, param, trials); skipped`] };
  const sweep: StoredSweep = { ...r.value, dir };
  const warnings: string[] = [];
  if (sweep.status === 'running' && !processAlive(sweep.pid)) {
    sweep.status = 'incomplete';
    for (const t of sweep.trials) {
      if (t.status !== 'running' && t.status !== 'pending') continue;
      if (!t.path) { t.status = 'incomplete'; continue; }
      const runDir = path.resolve(dir, t.path);
      if (!existsSync(runDir)) { t.status = 'incomplete'; continue; }
      const { run, warnings: w } = readRun(runDir);
      warnings.push(...w);
      t.status = run.status;
      t.epochsCompleted = run.epochsCompleted;
    }
  }
  return { sweep, warnings };
}

/** Every run and sweep under `root`, oldest first (ids sort by start time). */
export function listStore(root: string): StoreListing {
  const listing: StoreListing = { root, runs: [], sweeps: [], warnings: [] };
  let names: string[];
  try {
    names = readdirSync(root);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') listing.warnings.push(`${root}: ${(err as Error).message}`);
    return listing;
  }
  for (const name of names.sort()) {
    if (name.startsWith('.')) continue;
    const dir = path.join(root, name);
    try {
      if (!statSync(dir).isDirectory()) continue;
      if (existsSync(path.join(dir, SWEEP_FILES.sweep))) {
        const { sweep, warnings } = readSweep(dir);
        listing.warnings.push(...warnings);
        if (sweep) listing.sweeps.push(sweep);
      } else if (isRunFolder(dir)) {
        const { run, warnings } = readRun(dir);
        listing.warnings.push(...warnings);
        listing.runs.push(run);
      }
    } catch (err) {
      listing.warnings.push(`${dir}: ${(err as Error).message}; skipped`);
    }
  }
  // A run without summary looks incomplete; if its live sweep says it is running, it is training.
  const training = new Set(listing.sweeps.filter((s) => s.status === 'running').flatMap((s) => s.trials.filter((t) => t.status === 'running' && t.runId).map((t) => t.runId)));
  for (const r of listing.runs) if (r.status === 'incomplete' && training.has(r.id)) r.live = true;
  return listing;
}

// Lists a run store: every run folder and sweep folder under the root. Listing never throws:
// unreadable folders and files come back as warnings and are skipped.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { access } from 'node:fs/promises';
import path from 'node:path';
import type { SweepSummary } from '../sweep/types';
import { SWEEP_FILES } from './layout';
import { readJsonFile, readJsonFileAsync, type ReadJson } from './readJson';
import { isRunFolder, readRun, readRunAsync, type ReadRunResult } from './runReader';
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
  const out = sweepOf(dir, readJsonFile<unknown>(path.join(dir, SWEEP_FILES.sweep)));
  for (const { trial, runDir } of out.orphans) {
    const r = existsSync(runDir) ? readRun(runDir) : undefined;
    settle(trial, r, out.warnings);
  }
  return { sweep: out.sweep, warnings: out.warnings };
}

/** readSweep without blocking (the extension host lists sweeps with it). */
export async function readSweepAsync(dir: string): Promise<{ sweep?: StoredSweep; warnings: string[] }> {
  const out = sweepOf(dir, await readJsonFileAsync<unknown>(path.join(dir, SWEEP_FILES.sweep)));
  for (const { trial, runDir } of out.orphans) {
    const r = await access(runDir).then(() => readRunAsync(runDir), () => undefined);
    settle(trial, r, out.warnings);
  }
  return { sweep: out.sweep, warnings: out.warnings };
}

type Trial = SweepSummary['trials'][number];

/** The sweep in a parsed sweep.json, and (for a killed sweep) the unfinished trials to look up. */
function sweepOf(dir: string, r: ReadJson<unknown>): { sweep?: StoredSweep; warnings: string[]; orphans: Array<{ trial: Trial; runDir: string }> } {
  const file = path.join(dir, SWEEP_FILES.sweep);
  if (!r.ok) return { warnings: [r.error], orphans: [] };
  if (!isSweepSummary(r.value)) return { warnings: [`${file}: not a sweep summary (needs kind "sweep", id, param, trials); skipped`], orphans: [] };
  const sweep: StoredSweep = { ...r.value, dir };
  const orphans: Array<{ trial: Trial; runDir: string }> = [];
  if (sweep.status === 'running' && !processAlive(sweep.pid)) {
    sweep.status = 'incomplete';
    for (const t of sweep.trials) {
      if (t.status !== 'running' && t.status !== 'pending') continue;
      if (!t.path) { t.status = 'incomplete'; continue; }
      orphans.push({ trial: t, runDir: path.resolve(dir, t.path) });
    }
  }
  return { sweep, warnings: [], orphans };
}

/** An unfinished trial of a killed sweep takes the status its run folder shows (incomplete without one). */
function settle(t: Trial, r: ReadRunResult | undefined, warnings: string[]): void {
  if (!r) { t.status = 'incomplete'; return; }
  warnings.push(...r.warnings);
  t.status = r.run.status;
  t.epochsCompleted = r.run.epochsCompleted;
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

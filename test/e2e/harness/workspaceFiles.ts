// What the end-to-end tests check on disk: the lint findings the CLI reports for a file (the
// expectation the editor must match), and the runs and sweeps RegLab stored under .reglab/runs/.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from './paths';

export interface CliFinding {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  rule: string;
  severity: string;
  message: string;
  fixes: { title: string; edits: { line: number; column: number; endLine: number; endColumn: number; newText: string }[] }[];
}

/** `reglab lint <file> --format json`: the findings the extension must show for the file. */
export function cliLint(file: string): CliFinding[] {
  const r = spawnSync(process.execPath, [path.join(repoRoot, 'bin/reglab.js'), 'lint', file, '--format', 'json'], {
    encoding: 'utf8',
    timeout: 60_000,
  });
  if (r.status !== 0 && r.status !== 1) throw new Error(`reglab lint ${file} failed (exit ${r.status}): ${r.stderr}`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(r.stdout);
  } catch {
    throw new Error(`reglab lint --format json did not print JSON: ${r.stdout.slice(0, 500)}\n${r.stderr}`);
  }
  const findings = Array.isArray(parsed) ? parsed : (parsed as { findings?: unknown }).findings;
  if (!Array.isArray(findings)) throw new Error(`reglab lint --format json: no findings array in ${r.stdout.slice(0, 500)}`);
  return findings as CliFinding[];
}

export interface StoredRun {
  dir: string;
  summary: { id: string; name: string; status: string; epochsCompleted: number; epochsPlanned: number; final?: { valLoss: number } };
}

export interface StoredSweep {
  dir: string;
  sweep: {
    id: string;
    name: string;
    status: string;
    param: string;
    values: number[];
    trials: { status: string }[];
    selections: { variant?: string; chosen?: number; why: string }[];
  };
}

function walk(dir: string, depth: number): string[] {
  if (!existsSync(dir) || depth < 0) return [];
  return readdirSync(dir).flatMap((n) => {
    const p = path.join(dir, n);
    return statSync(p).isDirectory() ? [p, ...walk(p, depth - 1)] : [];
  });
}

function readJson<T>(file: string): T | undefined {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as T;
  } catch {
    return undefined; // not written yet, or being replaced
  }
}

/** Runs (folders with summary.json) under the workspace's .reglab/runs/, sweep trials included. */
export function storedRuns(workspaceDir: string): StoredRun[] {
  return walk(path.join(workspaceDir, '.reglab', 'runs'), 3)
    .map((dir) => ({ dir, summary: readJson<StoredRun['summary']>(path.join(dir, 'summary.json')) }))
    .filter((r): r is StoredRun => !!r.summary);
}

/** Sweeps (folders with sweep.json) under the workspace's .reglab/runs/. */
export function storedSweeps(workspaceDir: string): StoredSweep[] {
  return walk(path.join(workspaceDir, '.reglab', 'runs'), 2)
    .map((dir) => ({ dir, sweep: readJson<StoredSweep['sweep']>(path.join(dir, 'sweep.json')) }))
    .filter((s): s is StoredSweep => !!s.sweep);
}

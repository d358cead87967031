// Reads run folders defensively: a killed or half-copied run is still listed (as `incomplete`),
// and a corrupt line or file becomes a warning naming the file, never an exception.
import { existsSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { EpochMetrics, RunStatus, RunSummary } from '../train/types';
import { RUN_FILES } from './layout';
import { MetricsTally } from './metricsTally';
import { readJsonFile, readJsonFileAsync, type ReadJson } from './readJson';
import type { RunMeta, StoredRun } from './types';

const STATUSES: ReadonlySet<RunStatus> = new Set(['completed', 'diverged', 'failed', 'stopped', 'pruned', 'incomplete']);

function isEpochMetrics(v: unknown): v is EpochMetrics {
  if (!v || typeof v !== 'object') return false;
  const m = v as Record<string, unknown>;
  return typeof m.epoch === 'number' && Number.isInteger(m.epoch) && m.epoch >= 1 &&
    (typeof m.trainLoss === 'number' || m.trainLoss === null) &&
    (typeof m.valLoss === 'number' || m.valLoss === null);
}

/** JSON has no NaN: a diverged epoch's losses are stored as null and read back as NaN. */
function reviveLosses(m: EpochMetrics): EpochMetrics {
  for (const k of ['trainLoss', 'penalty', 'valLoss'] as const) if ((m as unknown as Record<string, unknown>)[k] === null) m[k] = NaN;
  return m;
}

/**
 * Every valid line of metrics.jsonl, in order. A line that does not parse (a torn last write,
 * a hand edit) is skipped with a warning giving its line number.
 */
export function readMetrics(dir: string): { metrics: EpochMetrics[]; warnings: string[] } {
  const file = path.join(dir, RUN_FILES.metrics);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    return { metrics: [], warnings: unreadable(file, err) };
  }
  return parseMetrics(file, text);
}

function unreadable(file: string, err: unknown): string[] {
  return (err as NodeJS.ErrnoException).code !== 'ENOENT' ? [`${file}: ${(err as Error).message}`] : [];
}

/** readMetrics without blocking: the file is read on libuv's thread pool. */
export async function readMetricsAsync(dir: string): Promise<{ metrics: EpochMetrics[]; warnings: string[] }> {
  const file = path.join(dir, RUN_FILES.metrics);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    return { metrics: [], warnings: unreadable(file, err) };
  }
  return parseMetrics(file, text);
}

/** The metrics lines of `text` (the content of `file`). */
export function parseMetrics(file: string, text: string): { metrics: EpochMetrics[]; warnings: string[] } {
  const warnings: string[] = [];
  const metrics: EpochMetrics[] = [];
  const lines = text.split('\n');
  lines.forEach((line, i) => {
    if (!line.trim()) return;
    let v: unknown;
    try {
      v = JSON.parse(line);
    } catch {
      const last = i === lines.length - 1 || (i === lines.length - 2 && lines[lines.length - 1] === '');
      warnings.push(`${file}:${i + 1}: skipped a ${last ? 'truncated' : 'corrupt'} metrics line (not valid JSON)`);
      return;
    }
    if (!isEpochMetrics(v)) {
      warnings.push(`${file}:${i + 1}: skipped a metrics line without a numeric epoch, trainLoss and valLoss`);
      return;
    }
    metrics.push(reviveLosses(v));
  });
  return { metrics, warnings };
}

function isRunSummary(v: unknown): v is RunSummary {
  if (!v || typeof v !== 'object') return false;
  const s = v as Record<string, unknown>;
  return typeof s.id === 'string' && typeof s.status === 'string' && STATUSES.has(s.status as RunStatus) &&
    typeof s.epochsCompleted === 'number';
}

/** Builds the summary of a run that has no (valid) summary.json from its meta and metrics. */
export function synthesizeSummary(dir: string, meta: RunMeta | undefined, metrics: EpochMetrics[], status: RunStatus, reason?: string): RunSummary {
  const tally = new MetricsTally();
  for (const m of metrics) tally.add(m);
  const final = tally.final();
  const best = tally.bestEpoch();
  return {
    id: meta?.id ?? path.basename(dir),
    name: meta?.name ?? path.basename(dir),
    status,
    backend: 'unknown',
    startedAt: meta?.startedAt ?? '',
    epochsCompleted: metrics.length,
    epochsPlanned: meta?.epochsPlanned ?? metrics.length,
    ...(final ? { final } : {}),
    ...(best ? { best } : {}),
    ...(reason ? { reason } : {}),
    ...(meta?.experimentFile ? { experimentFile: meta.experimentFile } : {}),
    ...(meta?.sweep ? { sweep: meta.sweep } : {}),
  };
}

/** True when the folder looks like a run folder (has meta, experiment or summary). */
export function isRunFolder(dir: string): boolean {
  return [RUN_FILES.meta, RUN_FILES.summary, RUN_FILES.experiment].some((f) => existsSync(path.join(dir, f)));
}

export interface ReadRunResult {
  run: StoredRun;
  metrics: EpochMetrics[];
  warnings: string[];
}

/**
 * Reads one run folder. Without a valid summary.json the run is `incomplete` (the process that
 * trained it stopped before writing one) and its figures come from the metrics that did land.
 */
export function readRun(dir: string): ReadRunResult {
  const { metrics, warnings } = readMetrics(dir);
  const s = readJsonFile<unknown>(path.join(dir, RUN_FILES.summary));
  return runOf(dir, metrics, warnings, s, () => readJsonFile<RunMeta>(path.join(dir, RUN_FILES.meta)));
}

/** readRun without blocking (the extension host opens runs with it). */
export async function readRunAsync(dir: string): Promise<ReadRunResult> {
  const [{ metrics, warnings }, s] = await Promise.all([readMetricsAsync(dir), readJsonFileAsync<unknown>(path.join(dir, RUN_FILES.summary))]);
  const m = s.ok && isRunSummary(s.value) ? undefined : await readJsonFileAsync<RunMeta>(path.join(dir, RUN_FILES.meta));
  return runOf(dir, metrics, warnings, s, () => m!);
}

function runOf(dir: string, metrics: EpochMetrics[], warnings: string[], s: ReadJson<unknown>, readMeta: () => ReadJson<RunMeta>): ReadRunResult {
  if (s.ok && isRunSummary(s.value)) return { run: { ...s.value, dir }, metrics, warnings };
  if (s.ok) warnings.push(`${path.join(dir, RUN_FILES.summary)}: not a run summary (needs id, status, epochsCompleted); listed as incomplete`);
  else if (!s.missing) warnings.push(`${s.error}; listed as incomplete`);
  const m = readMeta();
  if (!m.ok && !m.missing) warnings.push(m.error);
  const meta = m.ok && m.value && typeof m.value === 'object' ? m.value : undefined;
  return { run: { ...synthesizeSummary(dir, meta, metrics, 'incomplete'), dir }, metrics, warnings };
}

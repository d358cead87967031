// The runs list for the panel, read without blocking the extension host: asynchronous reads of
// each run's small summary.json (or meta.json for a run without one) and each sweep's sweep.json,
// never a finished run's metrics.jsonl (which can hold thousands of epochs). Metrics are read
// only for the runs the panel opens.
// Pure Node: no vscode import.
import { access, readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { RUN_FILES, SWEEP_FILES, readSweepAsync, type StoredSweep } from '../../core/runs';
import type { RunMeta } from '../../core/runs/types';
import type { RunSummary } from '../../core/train/types';
import type { RunListEntry } from '../../core/panel/protocol';

export function runEntry(r: RunSummary): RunListEntry {
  const valLoss = r.final?.valLoss ?? r.best?.valLoss;
  return {
    id: r.id,
    kind: 'run',
    name: r.name,
    status: r.status,
    startedAt: r.startedAt,
    epochsCompleted: r.epochsCompleted,
    epochsPlanned: r.epochsPlanned,
    ...(valLoss !== undefined && Number.isFinite(valLoss) ? { valLoss } : {}),
    ...(r.sweep ? { sweep: r.sweep } : {}),
  };
}

export function sweepEntry(s: StoredSweep): RunListEntry {
  const done = s.trials.filter((t) => t.status !== 'pending' && t.status !== 'running').length;
  return {
    id: s.id,
    kind: 'sweep',
    name: s.name,
    status: s.status === 'completed' ? 'completed' : s.status === 'stopped' ? 'stopped' : s.status === 'running' ? 'running' : 'incomplete',
    startedAt: s.startedAt,
    epochsCompleted: done,
    epochsPlanned: s.trials.length,
  };
}

async function exists(file: string): Promise<boolean> {
  return access(file).then(() => true, () => false);
}

async function readJson(file: string): Promise<unknown> {
  return JSON.parse(await readFile(file, 'utf8'));
}

function isSummary(v: unknown): v is RunSummary {
  const s = v as Partial<RunSummary> | null;
  return !!s && typeof s === 'object' && typeof s.id === 'string' && typeof s.status === 'string' && typeof s.epochsCompleted === 'number';
}

function isMeta(v: unknown): v is RunMeta {
  const m = v as Partial<RunMeta> | null;
  return !!m && typeof m === 'object' && typeof m.id === 'string' && typeof m.name === 'string';
}

async function countLines(file: string): Promise<number> {
  try {
    const text = await readFile(file, 'utf8');
    let n = 0;
    for (const line of text.split('\n')) if (line.trim()) n++;
    return n;
  } catch {
    return 0;
  }
}

export interface StoreIndex {
  entries: Array<RunListEntry & { dir: string }>;
  warnings: string[];
}

type Entry = RunListEntry & { dir: string };

/**
 * Entries of finished runs and sweeps by folder, with the folder's modification time when they
 * were read. summary.json and sweep.json are replaced by a rename, which changes the folder's
 * mtime (appending metrics does not), and a finished run's summary is written once: a re-listing
 * (several a second during a sweep) then reads only the folders that changed.
 */
export class IndexCache {
  private readonly entries = new Map<string, { stamp: string; entry: Entry }>();

  get(dir: string, stamp: string): Entry | undefined {
    const c = this.entries.get(dir);
    return c && c.stamp === stamp ? c.entry : undefined;
  }

  set(dir: string, stamp: string, entry: Entry): void {
    this.entries.set(dir, { stamp, entry });
  }

  /** Forgets folders that are gone. */
  keepOnly(dirs: Set<string>): void {
    for (const d of this.entries.keys()) if (!dirs.has(d)) this.entries.delete(d);
  }
}

/** One run folder as a list entry; a folder without a valid summary is `incomplete`. */
async function indexRun(dir: string, warnings: string[]): Promise<Entry | undefined> {
  const summaryFile = path.join(dir, RUN_FILES.summary);
  try {
    const s = await readJson(summaryFile);
    if (isSummary(s)) return { ...runEntry(s), dir };
    warnings.push(`${summaryFile}: not a run summary; listed as incomplete`);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') warnings.push(`${summaryFile}: ${(err as Error).message}; listed as incomplete`);
  }
  const metaFile = path.join(dir, RUN_FILES.meta);
  try {
    const m = await readJson(metaFile);
    if (!isMeta(m)) {
      warnings.push(`${metaFile}: not run metadata; skipped`);
      return undefined;
    }
    const epochs = await countLines(path.join(dir, RUN_FILES.metrics));
    return {
      id: m.id, kind: 'run', name: m.name, status: 'incomplete', startedAt: m.startedAt,
      epochsCompleted: epochs, epochsPlanned: m.epochsPlanned, ...(m.sweep ? { sweep: m.sweep } : {}), dir,
    };
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') warnings.push(`${metaFile}: ${(err as Error).message}; skipped`);
    return undefined;
  }
}

/** A run training now (from the host's trainer pool, or a live sweep's sweep.json), with the epochs it reported. */
export interface LiveRun {
  runId: string;
  epoch: number;
  epochsPlanned: number;
}

/**
 * Marks the entries of runs that are training now as `running`, with the epochs reported so far: a
 * run being trained has no summary yet, so on disk it looks `incomplete`. (A sweep needs no mark:
 * its sweep.json says `running` while its process lives.)
 */
export function markLive<T extends RunListEntry>(entries: T[], live: LiveRun[]): T[] {
  const runs = new Map(live.map((r) => [r.runId, r]));
  return entries.map((e) => {
    const r = e.kind === 'run' ? runs.get(e.id) : undefined;
    return r ? { ...e, status: 'running', epochsCompleted: Math.max(r.epoch, e.epochsCompleted ?? 0), epochsPlanned: r.epochsPlanned } : e;
  });
}

/**
 * Every run and sweep under `root`, newest first. Never throws. With a cache, finished runs and
 * sweeps whose file is unchanged since the last listing are not read again.
 */
export async function indexStore(root: string, cache?: IndexCache): Promise<StoreIndex> {
  const out: StoreIndex = { entries: [], warnings: [] };
  let names: string[];
  try {
    names = await readdir(root);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') out.warnings.push(`${root}: ${(err as Error).message}`);
    return out;
  }
  const liveTrials: LiveRun[] = [];
  const visible = names.filter((n) => !n.startsWith('.'));
  cache?.keepOnly(new Set(visible.map((n) => path.join(root, n))));
  const found = await Promise.all(visible.map(async (name) => {
    const dir = path.join(root, name);
    try {
      const st = await stat(dir);
      if (!st.isDirectory()) return undefined;
      const stamp = String(st.mtimeMs);
      const cached = cache?.get(dir, stamp);
      if (cached) return cached;
      if (await exists(path.join(dir, SWEEP_FILES.sweep))) {
        const { sweep, warnings } = await readSweepAsync(dir);
        out.warnings.push(...warnings);
        // readSweep keeps `running` only while the sweep's process is alive.
        if (sweep?.status === 'running') {
          for (const t of sweep.trials) if (t.status === 'running' && t.runId) liveTrials.push({ runId: t.runId, epoch: 0, epochsPlanned: t.epochsPlanned });
        }
        if (!sweep) return undefined;
        const entry = { ...sweepEntry(sweep), dir };
        // Written once more when the sweep ends; a killed sweep's status depends on its process.
        if (sweep.status === 'completed' || sweep.status === 'stopped') cache?.set(dir, stamp, entry);
        return entry;
      }
      const entry = await indexRun(dir, out.warnings);
      // A run without summary may still be training (or be finalized later): read it each time.
      if (entry && entry.status !== 'incomplete') cache?.set(dir, stamp, entry);
      return entry;
    } catch (err) {
      out.warnings.push(`${dir}: ${(err as Error).message}; skipped`);
      return undefined;
    }
  }));
  // A trial that its live sweep says is running has no summary yet: it is training, not incomplete.
  const entries = found.filter((e): e is RunListEntry & { dir: string } => !!e);
  out.entries = markLive(entries, liveTrials.filter((t) => entries.some((e) => e.id === t.runId && e.status === 'incomplete')))
    .sort((a, b) => ((a.startedAt ?? '') < (b.startedAt ?? '') ? 1 : (a.startedAt ?? '') > (b.startedAt ?? '') ? -1 : 0));
  return out;
}

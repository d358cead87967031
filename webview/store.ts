// What the panel knows: the runs list, loaded runs (with live epochs appended), sweeps, progress.
import type { ProgressEntry, RunListEntry, SweepView } from '../src/core/panel/protocol';
import type { EpochMetrics, RunSummary } from '../src/core/train/types';
import type { RunSeries } from '../src/core/charts';

export interface LoadedRun {
  id: string;
  summary?: RunSummary;
  metrics: EpochMetrics[];
  live: boolean;
}

export class Store {
  runs: RunListEntry[] = [];
  readonly loaded = new Map<string, LoadedRun>();
  readonly sweeps = new Map<string, SweepView>();
  progress: ProgressEntry[] = [];

  entry(id: string): RunListEntry | undefined {
    return this.runs.find((r) => r.id === id);
  }

  /** Display name: the list's name, the summary's name, or the id. */
  name(id: string): string {
    return this.entry(id)?.name ?? this.loaded.get(id)?.summary?.name ?? id;
  }

  series(id: string): RunSeries | undefined {
    const r = this.loaded.get(id);
    return r ? { id, name: this.name(id), metrics: r.metrics, summary: r.summary } : undefined;
  }

  setRunData(id: string, summary: RunSummary | undefined, metrics: EpochMetrics[], live: boolean): void {
    this.loaded.set(id, { id, summary, metrics: [...metrics].sort((a, b) => a.epoch - b.epoch), live });
  }

  /** Appends a live epoch; a repeated or out-of-order epoch replaces the one it repeats. */
  appendEpoch(id: string, m: EpochMetrics): void {
    let r = this.loaded.get(id);
    if (!r) { r = { id, metrics: [], live: true }; this.loaded.set(id, r); }
    r.live = true;
    const last = r.metrics[r.metrics.length - 1];
    if (!last || m.epoch > last.epoch) r.metrics.push(m);
    else {
      const i = r.metrics.findIndex((x) => x.epoch >= m.epoch);
      if (r.metrics[i].epoch === m.epoch) r.metrics[i] = m; else r.metrics.splice(i, 0, m);
    }
  }

  finish(id: string, summary: RunSummary): void {
    const r = this.loaded.get(id);
    if (r) { r.summary = summary; r.live = false; }
    const e = this.entry(id);
    if (e) { e.status = summary.status; e.epochsCompleted = summary.epochsCompleted; }
  }

  /**
   * A loaded run that has finished but holds fewer epochs than its summary or list entry says it
   * completed: live epochs were missed (a fast run can end before the panel is ready to receive
   * them, and a late live snapshot can replace them): read it from disk instead.
   */
  missingEpochs(id: string): number {
    const r = this.loaded.get(id);
    if (!r || this.isRunning(id)) return 0;
    const expected = Math.max(this.entry(id)?.epochsCompleted ?? 0, r.summary?.epochsCompleted ?? 0);
    return Math.max(0, expected - r.metrics.length);
  }

  isRunning(id: string): boolean {
    return this.progress.some((p) => p.runId === id && (p.status === 'running')) || this.entry(id)?.status === 'running' || !!this.loaded.get(id)?.live;
  }

  /** Milliseconds to go: the host's estimate, else mean epoch time × epochs left. */
  eta(p: ProgressEntry): number | undefined {
    if (p.etaMs !== undefined) return p.etaMs;
    const ms = this.loaded.get(p.runId)?.metrics.map((m) => m.timeMs).filter((t) => Number.isFinite(t));
    if (!ms?.length) return undefined;
    const recent = ms.slice(-20);
    return (recent.reduce((a, b) => a + b, 0) / recent.length) * Math.max(0, p.epochsPlanned - p.epoch);
  }
}

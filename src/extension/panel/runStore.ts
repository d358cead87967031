// The runs list the panel shows: every run and sweep under `.reglab/runs/` of each workspace folder,
// re-read when a run's meta/summary or a sweep's summary changes (a FileSystemWatcher, debounced;
// metrics appends are ignored: live progress comes from the trainer pool). Ids the webview sends
// back are looked up here; they are never used as paths.
import * as vscode from 'vscode';
import path from 'node:path';
import { DEFAULT_STORE_DIR, listStore, readRun, readSweep, type StoredSweep } from '../../core/runs';
import type { StoredRun } from '../../core/runs/types';
import type { RunListEntry } from '../../core/panel/protocol';
import { log } from '../log';

const REFRESH_DEBOUNCE_MS = 400;

export function runEntry(r: StoredRun): RunListEntry {
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

export class RunStore implements vscode.Disposable {
  private readonly runDirs = new Map<string, string>();
  private readonly sweepDirs = new Map<string, string>();
  private readonly changed = new vscode.EventEmitter<void>();
  /** Fires (debounced) when runs or sweeps appear, finish or disappear. */
  readonly onDidChange = this.changed.event;
  private readonly disposables: vscode.Disposable[] = [this.changed];
  private timer: NodeJS.Timeout | undefined;

  constructor() {
    const watcher = vscode.workspace.createFileSystemWatcher(`**/${DEFAULT_STORE_DIR.split(path.sep).join('/')}/*/{meta.json,summary.json,sweep.json}`);
    const poke = (): void => this.changedSoon();
    this.disposables.push(watcher, watcher.onDidCreate(poke), watcher.onDidChange(poke), watcher.onDidDelete(poke), vscode.workspace.onDidChangeWorkspaceFolders(poke));
  }

  /** Store roots of the workspace folders. */
  roots(): string[] {
    return (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file').map((f) => path.join(f.uri.fsPath, DEFAULT_STORE_DIR));
  }

  changedSoon(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.changed.fire(), REFRESH_DEBOUNCE_MS);
  }

  /** Lists every store; newest first. */
  list(): RunListEntry[] {
    const t0 = performance.now();
    const entries: Array<RunListEntry & { t: string }> = [];
    this.runDirs.clear();
    this.sweepDirs.clear();
    for (const root of this.roots()) {
      const listing = listStore(root);
      for (const w of listing.warnings) log.warn(`runs: ${w}`);
      for (const r of listing.runs) {
        this.runDirs.set(r.id, r.dir);
        entries.push({ ...runEntry(r), t: r.startedAt });
      }
      for (const s of listing.sweeps) {
        this.sweepDirs.set(s.id, s.dir);
        entries.push({ ...sweepEntry(s), t: s.startedAt });
      }
    }
    log.trace(`runs listed in ${(performance.now() - t0).toFixed(1)} ms (${entries.length})`);
    return entries.sort((a, b) => (a.t < b.t ? 1 : a.t > b.t ? -1 : 0)).map(({ t: _t, ...e }) => e);
  }

  private dirOf(map: Map<string, string>, id: string): string | undefined {
    if (!map.has(id)) this.list();
    return map.get(id);
  }

  readRun(id: string): ReturnType<typeof readRun> | undefined {
    const dir = this.dirOf(this.runDirs, id);
    return dir ? readRun(dir) : undefined;
  }

  readSweep(id: string): StoredSweep | undefined {
    const dir = this.dirOf(this.sweepDirs, id);
    if (!dir) return undefined;
    const { sweep, warnings } = readSweep(dir);
    for (const w of warnings) log.warn(`runs: ${w}`);
    return sweep;
  }

  dispose(): void {
    clearTimeout(this.timer);
    for (const d of this.disposables) d.dispose();
  }
}

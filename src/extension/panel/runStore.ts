// The runs list the panel shows: every run and sweep under `.reglab/runs/` of each workspace folder
// (read asynchronously, summaries only: panel/runIndex.ts), re-listed when a run's meta/summary
// or a sweep's summary changes (a FileSystemWatcher, throttled; metrics appends are ignored: live
// progress comes from the trainer pool). Ids the webview sends back are looked up in the last
// listing; they are never used as paths.
import * as vscode from 'vscode';
import path from 'node:path';
import { DEFAULT_STORE_DIR, readRunAsync, readSweepAsync, type ReadRunResult, type StoredSweep } from '../../core/runs';
import type { RunListEntry } from '../../core/panel/protocol';
import { log } from '../log';
import { IndexCache, indexStore } from './runIndex';

const REFRESH_DELAY_MS = 400;

export class RunStore implements vscode.Disposable {
  private runDirs = new Map<string, string>();
  private sweepDirs = new Map<string, string>();
  private readonly changed = new vscode.EventEmitter<void>();
  /** Fires (debounced) when runs or sweeps appear, finish or disappear. */
  readonly onDidChange = this.changed.event;
  private readonly disposables: vscode.Disposable[] = [this.changed];
  private timer: NodeJS.Timeout | undefined;
  /** Per store root: finished runs and sweeps already read (runIndex.ts). */
  private readonly caches = new Map<string, IndexCache>();

  constructor() {
    const watcher = vscode.workspace.createFileSystemWatcher(`**/${DEFAULT_STORE_DIR.split(path.sep).join('/')}/*/{meta.json,summary.json,sweep.json}`);
    const poke = (): void => this.changedSoon();
    this.disposables.push(watcher, watcher.onDidCreate(poke), watcher.onDidChange(poke), watcher.onDidDelete(poke), vscode.workspace.onDidChangeWorkspaceFolders(poke));
  }

  /** Store roots of the workspace folders. */
  roots(): string[] {
    return (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file').map((f) => path.join(f.uri.fsPath, DEFAULT_STORE_DIR));
  }

  /**
   * Fires at most REFRESH_DELAY_MS after the first of a burst of changes. Not a debounce that
   * restarts on every change: during a sweep files change more often than that, and the list
   * would never be refreshed until the sweep ended.
   */
  changedSoon(): void {
    this.timer ??= setTimeout(() => {
      this.timer = undefined;
      this.changed.fire();
    }, REFRESH_DELAY_MS);
  }

  /** Lists every store, newest first. */
  async list(): Promise<RunListEntry[]> {
    const t0 = performance.now();
    const indexes = await Promise.all(this.roots().map((r) => {
      let cache = this.caches.get(r);
      if (!cache) this.caches.set(r, (cache = new IndexCache()));
      return indexStore(r, cache);
    }));
    const runDirs = new Map<string, string>();
    const sweepDirs = new Map<string, string>();
    const entries: RunListEntry[] = [];
    for (const ix of indexes) {
      for (const w of ix.warnings) log.warn(`runs: ${w}`);
      for (const { dir, ...e } of ix.entries) {
        (e.kind === 'sweep' ? sweepDirs : runDirs).set(e.id, dir);
        entries.push(e);
      }
    }
    this.runDirs = runDirs;
    this.sweepDirs = sweepDirs;
    entries.sort((a, b) => ((a.startedAt ?? '') < (b.startedAt ?? '') ? 1 : (a.startedAt ?? '') > (b.startedAt ?? '') ? -1 : 0));
    log.trace(`runs listed in ${(performance.now() - t0).toFixed(1)} ms (${entries.length})`);
    return entries;
  }

  private async dirOf(kind: 'run' | 'sweep', id: string): Promise<string | undefined> {
    const map = (): Map<string, string> => (kind === 'run' ? this.runDirs : this.sweepDirs);
    if (!map().has(id)) await this.list();
    return map().get(id);
  }

  /** A run with its metrics, read asynchronously (its metrics.jsonl can be large). */
  async readRun(id: string): Promise<ReadRunResult | undefined> {
    const dir = await this.dirOf('run', id);
    return dir ? readRunAsync(dir) : undefined;
  }

  async readSweep(id: string): Promise<StoredSweep | undefined> {
    const dir = await this.dirOf('sweep', id);
    if (!dir) return undefined;
    const { sweep, warnings } = await readSweepAsync(dir);
    for (const w of warnings) log.warn(`runs: ${w}`);
    return sweep;
  }

  dispose(): void {
    clearTimeout(this.timer);
    for (const d of this.disposables) d.dispose();
  }
}

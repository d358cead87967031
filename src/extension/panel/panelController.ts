// Answers the panel's messages and keeps it up to date: the runs list (from the run store), run
// data and sweep results on request, live epochs and progress from the training service, file
// exports through save dialogs, and experiment files written from the form (inside the workspace).
import * as vscode from 'vscode';
import path from 'node:path';
import type { HostToWebview, WebviewToHost } from '../../core/panel/protocol';
import { sweepViewFromSummary } from '../../core/charts/sweepView';
import { resolveExperiment } from '../../core/experiment/load';
import { ExperimentError } from '../../core/experiment/issues';
import { Command } from '../commandIds';
import { log } from '../log';
import { containingFolder, experimentFileName } from '../pure/workspacePaths';
import type { PythonOrigin } from '../pure/presetFromOptimizer';
import { parseLinks } from '../pure/originLinks';
import type { TrainingEvent, TrainingView } from '../runs/trainingEvents';
import { RegLabPanel, type PanelHandler } from './panel';
import { LiveFeed } from './liveFeed';
import { markLive } from './runIndex';
import type { RunStore } from './runStore';

const PROGRESS_INTERVAL_MS = 250;
const PRESETS_KEY = 'reglab.pendingPresets';
/** Presets remembered at most (the newest). */
const MAX_PRESETS = 20;
/** The runs list is re-read and posted at most this often (the first change after a quiet spell at once). */
const RUNS_INTERVAL_MS = 300;

export class PanelController implements PanelHandler, vscode.Disposable {
  private training: TrainingView | undefined;
  private lastProgress = 0;
  private progressTimer: NodeJS.Timeout | undefined;
  /**
   * Python calls of the presets "Try in RegLab" sent, by preset id: the form sends the id back
   * when it saves, so the experiment file is linked to its call whatever it is named. Kept in
   * the workspace state too, so a reload of the window between preset and save loses nothing.
   */
  private readonly presets: Map<string, PythonOrigin>;
  private readonly disposables: vscode.Disposable[] = [];
  /** The latest state of the sweep trained in this session, re-sent when the webview reloads. */
  private lastSweep: HostToWebview | undefined;
  /** Listings are asynchronous: only the latest one requested is posted (never an older over a newer). */
  private listSeq = 0;
  private presetSeq = 0;
  private lastRunsPost = -Infinity;
  private runsTimer: NodeJS.Timeout | undefined;
  /** Live epochs, batched into a few posts a second. */
  private readonly feed = new LiveFeed((runs) => this.post({ type: 'epochs', runs }));

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly store: RunStore,
    /** Called when the form saved an experiment that came from a Python call. */
    private readonly onExperimentFromPreset: (file: vscode.Uri, origin: PythonOrigin) => void,
    private readonly state?: vscode.Memento,
  ) {
    this.presets = new Map(Object.entries(parseLinks(state?.get(PRESETS_KEY))));
    this.disposables.push(store.onDidChange(() => this.postRunsSoon()));
  }

  /** Connects the training service once it exists (it is created on first use). */
  attachTraining(training: TrainingView, events: vscode.Event<TrainingEvent>): void {
    this.training = training;
    this.disposables.push(events((e) => this.onTraining(e)));
  }

  show(): RegLabPanel {
    return RegLabPanel.createOrShow(this.extensionUri, this);
  }

  post(message: HostToWebview): void {
    RegLabPanel.current?.post(message);
  }

  /** Remembers a preset's Python call; returns the id the form sends back when it saves. */
  rememberPreset(origin: PythonOrigin): string {
    const id = `preset-${Date.now().toString(36)}-${(++this.presetSeq).toString(36)}`;
    this.presets.set(id, origin);
    while (this.presets.size > MAX_PRESETS) this.presets.delete(this.presets.keys().next().value!);
    void this.state?.update(PRESETS_KEY, Object.fromEntries(this.presets));
    return id;
  }

  ready(panel: RegLabPanel): void {
    void this.postRuns(panel);
    this.feed.clear(); // the live data below includes what was buffered
    if (this.lastSweep) panel.post(this.lastSweep);
    if (this.training) {
      panel.post({ type: 'progress', entries: this.training.progress() });
      for (const e of this.training.progress()) {
        const metrics = this.training.live(e.runId);
        if (metrics) panel.post({ type: 'runData', runId: e.runId, metrics, live: true });
      }
    }
  }

  /**
   * Posts the runs list: the store on disk, with what is training now marked `running` (a run
   * being trained has no summary yet and would list as incomplete).
   */
  private async postRuns(panel = RegLabPanel.current): Promise<void> {
    if (!panel) return;
    const seq = ++this.listSeq;
    const listed = await this.store.list();
    if (seq !== this.listSeq) return;
    const runs = this.training ? markLive(listed, this.training.progress()) : listed;
    panel.post({ type: 'runs', runs });
  }

  /**
   * The runs list soon: at once after a quiet spell, else at most every RUNS_INTERVAL_MS (a sweep
   * ends a trial every few hundred milliseconds, and each listing reads every run's summary).
   */
  private postRunsSoon(): void {
    if (this.runsTimer) return;
    const wait = this.lastRunsPost + RUNS_INTERVAL_MS - performance.now();
    const go = (): void => {
      this.runsTimer = undefined;
      this.lastRunsPost = performance.now();
      void this.postRuns();
    };
    if (wait <= 0) go();
    else this.runsTimer = setTimeout(go, wait);
  }

  private postProgress(): void {
    if (!this.training || !RegLabPanel.current) return;
    const now = Date.now();
    const send = (): void => {
      this.lastProgress = Date.now();
      this.progressTimer = undefined;
      this.post({ type: 'progress', entries: this.training?.progress() ?? [] });
    };
    if (now - this.lastProgress >= PROGRESS_INTERVAL_MS) send();
    else this.progressTimer ??= setTimeout(send, PROGRESS_INTERVAL_MS - (now - this.lastProgress));
  }

  private onTraining(e: TrainingEvent): void {
    if (e.type === 'sweep') this.lastSweep = { type: 'sweep', sweep: sweepViewFromSummary(e.sweep) };
    if (!RegLabPanel.current) return;
    switch (e.type) {
      case 'started':
        this.post({ type: 'runData', runId: e.runId, metrics: [], live: true });
        this.postProgress();
        this.store.changedSoon(); // its folder exists: list it (as running)
        break;
      case 'epoch':
        this.feed.push(e.runId, e.metrics);
        this.postProgress();
        break;
      case 'finished':
        this.feed.flush(); // every epoch before the run's end
        this.post({ type: 'runFinished', runId: e.runId, summary: e.summary });
        this.postProgress();
        this.postRunsSoon();
        break;
      case 'sweep':
        if (this.lastSweep) this.post(this.lastSweep);
        // The final summary is on disk before this event: list it now, not after the file watcher.
        if (e.sweep.status !== 'running') void this.postRuns();
        break;
      case 'idle':
        this.feed.flush();
        this.post({ type: 'progress', entries: [] });
        void this.postRuns();
        break;
    }
  }

  async handle(m: WebviewToHost, panel: RegLabPanel): Promise<void> {
    switch (m.type) {
      case 'ready':
        return;
      case 'refreshRuns':
        await this.postRuns(panel);
        return;
      case 'openRun':
        for (const id of m.runIds) await this.sendRun(panel, id);
        return;
      case 'openTrial':
        await this.sendRun(panel, m.runId);
        panel.post({ type: 'show', view: 'curves', runId: m.runId });
        return;
      case 'openSweep': {
        const sweep = await this.store.readSweep(m.sweepId);
        if (sweep) panel.post({ type: 'sweep', sweep: sweepViewFromSummary(sweep) });
        else panel.post({ type: 'notice', level: 'warning', message: `Sweep ${m.sweepId} is not in .reglab/runs/ any more.` });
        return;
      }
      case 'stop':
        if (this.training) this.training.stop(m.runId);
        return;
      case 'savePng': {
        const bytes = Buffer.from(m.dataUrl.slice('data:image/png;base64,'.length), 'base64');
        await this.saveFile(m.suggestedName, { 'PNG image': ['png'] }, bytes, panel);
        return;
      }
      case 'saveCsv':
        await this.saveFile(m.suggestedName, { CSV: ['csv'] }, Buffer.from(m.csv, 'utf8'), panel);
        return;
      case 'saveExperiment':
        await this.saveExperiment(m, panel);
        return;
      case 'log': {
        const text = `panel: ${m.message}`;
        if (m.level === 'error') log.error(text);
        else if (m.level === 'warning') log.warn(text);
        else log.info(text);
        return;
      }
    }
  }

  private async sendRun(panel: RegLabPanel, id: string): Promise<void> {
    const live = this.training?.live(id);
    if (live) {
      panel.post({ type: 'runData', runId: id, metrics: live, live: true });
      return;
    }
    const r = await this.store.readRun(id);
    if (!r) {
      panel.post({ type: 'notice', level: 'warning', message: `Run ${id} is not in .reglab/runs/ any more.` });
      return;
    }
    for (const w of r.warnings) log.warn(`runs: ${w}`);
    const { dir: _dir, ...summary } = r.run;
    panel.post({ type: 'runData', runId: id, summary, metrics: r.metrics });
  }

  private defaultFolder(): vscode.Uri | undefined {
    return vscode.workspace.workspaceFolders?.[0]?.uri;
  }

  private async saveFile(name: string, filters: Record<string, string[]>, bytes: Uint8Array, panel: RegLabPanel): Promise<void> {
    const base = this.defaultFolder();
    const target = await vscode.window.showSaveDialog({ defaultUri: base ? vscode.Uri.joinPath(base, name) : undefined, filters, title: `Save ${name}` });
    if (!target) return;
    await vscode.workspace.fs.writeFile(target, bytes);
    panel.post({ type: 'notice', level: 'info', message: `Saved ${vscode.workspace.asRelativePath(target)}` });
  }

  private async saveExperiment(m: Extract<WebviewToHost, { type: 'saveExperiment' }>, panel: RegLabPanel): Promise<void> {
    const folders = (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file');
    if (!folders.length) {
      panel.post({ type: 'notice', level: 'error', message: 'Open a folder first: experiment files are saved inside the workspace.' });
      return;
    }
    const target = await vscode.window.showSaveDialog({
      defaultUri: vscode.Uri.joinPath(folders[0]!.uri, m.suggestedName),
      filters: { 'RegLab experiment': ['json'] },
      title: 'Save RegLab experiment',
    });
    if (!target) return;
    const file = experimentFileName(target.fsPath);
    if (!containingFolder(file, folders.map((f) => f.uri.fsPath))) {
      panel.post({ type: 'notice', level: 'error', message: `${file} is outside the workspace; experiment files are saved inside it.` });
      return;
    }
    // (An older panel sent its preset's label inside the experiment: not part of the format.)
    const { source: _source, ...experiment } = m.experiment as Record<string, unknown> & { source?: unknown };
    const text = JSON.stringify(experiment, null, 2) + '\n';
    try {
      // The engine's own loader: schema, semantic and file checks, with positions in `text`.
      resolveExperiment(text, { sourceFile: file, baseDir: path.dirname(file) });
    } catch (err) {
      const message = err instanceof ExperimentError ? err.issues.map((i) => `${i.path || 'experiment'}: ${i.message}`).join('; ') : String(err);
      log.warn(`experiment not saved (${file}): ${message}`);
      panel.post({ type: 'notice', level: 'error', message: `Not saved: ${message}` });
      return;
    }
    const uri = vscode.Uri.file(file);
    await vscode.workspace.fs.writeFile(uri, Buffer.from(text, 'utf8'));
    log.info(`experiment saved: ${file}`);
    const origin = m.presetId ? this.presets.get(m.presetId) : undefined;
    if (origin) {
      this.onExperimentFromPreset(uri, origin);
      log.info(`${path.basename(file)} is linked to ${origin.optimizer}(...) in ${origin.file}:${origin.call.line}: its sweeps offer to apply λ there`);
    }
    panel.post({ type: 'notice', level: 'info', message: `Saved ${path.basename(file)}` });
    if (m.then === 'run') await vscode.commands.executeCommand(Command.RunExperiment, uri);
    else if (m.then === 'sweep') await vscode.commands.executeCommand(Command.RunSweep, uri);
    else await vscode.window.showTextDocument(uri, { preview: false, viewColumn: vscode.ViewColumn.One });
  }

  dispose(): void {
    clearTimeout(this.progressTimer);
    clearTimeout(this.runsTimer);
    this.feed.dispose();
    for (const d of this.disposables) d.dispose();
  }
}

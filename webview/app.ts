// The RegLab panel: tabs of views over the runs the host sends, a runs list, a progress strip.
// Redraws are batched per animation frame; charts update in place, so live epochs stay cheap.
import { PANEL_VIEWS, PROTOCOL_VERSION, isHostMessage, type HostToWebview, type PanelView } from '../src/core/panel/protocol';
import { ChartSlot, onThemeChange, readTheme } from './lib/chartSlot';
import { h } from './lib/dom';
import { experimentToForm } from './formModel';
import { Store } from './store';
import type { Host, PersistedState } from './vscodeApi';
import type { View, ViewContext } from './views/context';
import { ExperimentView } from './views/experimentView';
import { OverlayView } from './views/overlayView';
import { RunChartsView } from './views/runChartsView';
import { progressStrip, runsList } from './views/sidebar';
import { SweepView } from './views/sweepView';

/** Messages the notice bar shows at once. */
const MAX_NOTICES = 4;
/**
 * Redraws driven by live data (epochs, progress, sweep updates) come at most this often: on a
 * small machine the renderer's redraws compete for the CPU with the trainers and the extension host.
 */
export const LIVE_REDRAW_MS = 200;
const LIVE_MESSAGES: ReadonlySet<HostToWebview['type']> = new Set(['epoch', 'epochs', 'progress', 'sweep', 'runs', 'runFinished']);

const TABS: Array<[PanelView, string]> = [
  ['curves', 'Loss'], ['norms', 'Weight norms'], ['sparsity', 'Sparsity'], ['histograms', 'Histograms'],
  ['sweep', 'Sweep'], ['overlay', 'Overlay'], ['experiment', 'New experiment'],
];

export class App {
  readonly store = new Store();
  readonly ui: PersistedState;
  private readonly views: Record<PanelView, View>;
  private readonly experimentView = new ExperimentView();
  private mountedKey = '';
  private mountedView?: View;
  private frame = 0;
  private liveTimer = 0;
  private lastRenderAt = -Infinity;
  private readonly el = {
    tabs: h('nav', { class: 'tabs', role: 'tablist' }),
    progress: h('div', { class: 'progress-slot' }),
    sidebar: h('aside', { class: 'sidebar' }),
    main: h('main', { class: 'view', tabindex: -1 }),
    notice: h('div', { class: 'notice', role: 'status', hidden: true }),
    noticeText: h('span', { class: 'notice-text' }),
  };
  private noticeTimer = 0;
  /** Runs read again from disk, by id, with the epoch count they were short of (once each). */
  private readonly reloads = new Map<string, number>();
  private notices: Array<{ level: 'info' | 'warning' | 'error'; message: string }> = [];
  /** Duration of the last redraw (ms), for diagnostics. */
  lastRenderMs = 0;

  constructor(private readonly host: Host, root: HTMLElement) {
    const saved = host.loadState();
    this.ui = {
      view: saved.view && PANEL_VIEWS.includes(saved.view) && saved.view !== 'runs' ? saved.view : 'curves',
      focusedRunId: saved.focusedRunId,
      overlayIds: Array.isArray(saved.overlayIds) ? saved.overlayIds : [],
      overlayMetric: saved.overlayMetric ?? 'valLoss',
      sweepId: saved.sweepId,
      expandedSweeps: Array.isArray(saved.expandedSweeps) ? saved.expandedSweeps : [],
      form: saved.form,
      formPresetId: typeof saved.formPresetId === 'string' ? saved.formPresetId : undefined,
    };
    const runView = (v: 'curves' | 'norms' | 'sparsity' | 'histograms') => new RunChartsView(v);
    this.views = {
      runs: runView('curves'), curves: runView('curves'), norms: runView('norms'), sparsity: runView('sparsity'),
      histograms: runView('histograms'), sweep: new SweepView(), overlay: new OverlayView(), experiment: this.experimentView,
    };
    const csv = h('button', { class: 'secondary', title: 'Export the data of this view as CSV', onclick: () => this.exportCsv() }, 'Export CSV');
    root.append(h('div', { class: 'app' },
      h('header', { class: 'toolbar' }, this.el.tabs, h('div', { class: 'toolbar-actions' }, csv)),
      this.el.progress,
      this.el.notice,
      h('div', { class: 'body' }, this.el.sidebar, this.el.main)));
    // The notice is a bar in the layout (it pushes the view down, never covers a control).
    this.el.notice.append(this.el.noticeText, h('button', { class: 'icon notice-close', title: 'Dismiss', 'aria-label': 'dismiss', onclick: () => this.dismissNotice() }, '×'));
    // Tabs as a WAI-ARIA tablist: arrow keys move between views.
    this.el.tabs.addEventListener('keydown', (e) => {
      if (e.key !== 'ArrowRight' && e.key !== 'ArrowLeft') return;
      const i = TABS.findIndex(([v]) => v === this.ui.view);
      const next = TABS[(i + (e.key === 'ArrowRight' ? 1 : TABS.length - 1)) % TABS.length][0];
      this.ui.view = next;
      this.persist();
      this.render();
      (this.el.tabs.querySelector(`[data-view="${next}"]`) as HTMLElement | null)?.focus();
    });
    host.onMessage((m) => this.receive(m));
    onThemeChange(() => { this.mountedKey = ''; this.drawn.clear(); this.schedule(); });
    window.addEventListener('error', (e) => host.post({ type: 'log', level: 'error', message: `panel: ${e.message}`.slice(0, 2000) }));
    host.post({ type: 'ready', protocol: PROTOCOL_VERSION });
    // Restore what was on screen before a reload: ask for the data again.
    const want = [...new Set([this.ui.focusedRunId, ...this.ui.overlayIds].filter((x): x is string => !!x))];
    if (want.length) host.post({ type: 'openRun', runIds: want });
    if (this.ui.sweepId) host.post({ type: 'openSweep', sweepId: this.ui.sweepId });
    this.schedule();
  }

  private context(): ViewContext {
    return {
      store: this.store,
      ui: this.ui,
      theme: readTheme(),
      host: this.host,
      focusRun: (id, view) => this.focusRun(id, view),
      chartBox: (slot, name) => this.chartBox(slot, name),
      changed: () => { this.persist(); this.schedule(); },
      notify: (level, message) => this.notify(level, message),
    };
  }

  receive(m: unknown): void {
    if (!isHostMessage(m)) return;
    const msg = m as HostToWebview;
    switch (msg.type) {
      case 'runs':
        this.store.runs = msg.runs;
        break;
      case 'runData':
        this.store.setRunData(msg.runId, msg.summary, msg.metrics, !!msg.live);
        if (msg.live && (!this.ui.focusedRunId || !this.store.isRunning(this.ui.focusedRunId) || this.ui.focusedRunId === msg.runId)) {
          this.ui.focusedRunId = msg.runId;
          if (this.ui.view === 'experiment') this.ui.view = 'curves';
          this.persist();
        }
        break;
      case 'epoch':
        this.store.appendEpoch(msg.runId, msg.metrics);
        break;
      case 'epochs':
        for (const r of msg.runs) for (const m of r.metrics) this.store.appendEpoch(r.runId, m);
        break;
      case 'runFinished':
        this.store.finish(msg.runId, msg.summary);
        break;
      case 'progress':
        this.store.progress = msg.entries;
        break;
      case 'sweep':
        this.store.sweeps.set(msg.sweep.id, msg.sweep);
        if (!this.ui.sweepId) { this.ui.sweepId = msg.sweep.id; this.persist(); }
        break;
      case 'experimentPreset':
        this.ui.form = experimentToForm(msg.experiment, this.ui.form);
        this.ui.formPresetId = msg.presetId;
        this.experimentView.setValues(this.ui.form);
        this.ui.view = 'experiment';
        this.persist();
        if (msg.source) this.notify('info', `Preset from ${msg.source}`);
        break;
      case 'show':
        this.ui.view = msg.view === 'runs' ? 'curves' : msg.view;
        if (msg.runId) this.focusRun(msg.runId, this.ui.view);
        if (msg.sweepId) {
          this.ui.sweepId = msg.sweepId;
          if (!this.store.sweeps.has(msg.sweepId)) this.host.post({ type: 'openSweep', sweepId: msg.sweepId });
        }
        this.persist();
        break;
      case 'notice':
        this.notify(msg.level, msg.message);
        break;
    }
    // Epochs only add data; a run ends (or stops running) with one of the other messages.
    if (msg.type !== 'epoch' && msg.type !== 'epochs') this.reloadIncomplete();
    if (LIVE_MESSAGES.has(msg.type)) this.scheduleLive();
    else this.schedule();
  }

  /** Asks the host for the loaded runs that finished with epochs missing (see Store.missingEpochs). */
  private reloadIncomplete(): void {
    const want: string[] = [];
    for (const id of this.store.loaded.keys()) {
      const missing = this.store.missingEpochs(id);
      if (missing > 0 && this.reloads.get(id) !== missing) {
        this.reloads.set(id, missing);
        want.push(id);
      }
    }
    if (want.length) this.host.post({ type: 'openRun', runIds: want });
  }

  focusRun(id: string, view?: PanelView): void {
    this.ui.focusedRunId = id;
    if (view) this.ui.view = view;
    if (!this.store.loaded.has(id)) this.host.post({ type: 'openRun', runIds: [id] });
    this.persist();
    this.schedule();
  }

  private persist(): void {
    this.host.saveState(this.ui);
  }

  schedule(): void {
    if (this.frame) return;
    clearTimeout(this.liveTimer);
    this.liveTimer = 0;
    this.frame = requestAnimationFrame(() => { this.frame = 0; this.render(); });
  }

  /** A redraw for live data: the next frame, but no sooner than LIVE_REDRAW_MS after the last redraw. */
  private scheduleLive(): void {
    if (this.frame || this.liveTimer) return;
    const wait = this.lastRenderAt + LIVE_REDRAW_MS - performance.now();
    if (wait <= 0) this.schedule();
    else this.liveTimer = window.setTimeout(() => { this.liveTimer = 0; this.schedule(); }, wait);
  }

  /** Redraws now (tests and the benchmark call this directly). */
  render(): void {
    const t0 = performance.now();
    const ctx = this.context();
    // Tabs, progress and the runs list are rebuilt only when what they show changed: a live
    // epoch then costs one chart update, not a DOM rebuild of 50 list rows.
    this.rebuildIf('tabs', this.ui.view, () => {
      // A clicked tab is replaced by the rebuild: keep the keyboard focus on the selected one.
      const hadFocus = this.el.tabs.contains(document.activeElement);
      this.el.tabs.replaceChildren(...TABS.map(([v, label]) => h('button', {
        role: 'tab', class: 'tab', 'aria-selected': String(v === this.ui.view), 'data-view': v, tabindex: v === this.ui.view ? 0 : -1,
        onclick: () => { this.ui.view = v; this.persist(); this.schedule(); },
      }, label)));
      if (hadFocus) (this.el.tabs.querySelector('[aria-selected="true"]') as HTMLElement | null)?.focus();
    });
    this.rebuildIf('progress', JSON.stringify(this.store.progress.map((p) => [p, this.store.eta(p)])),
      () => this.el.progress.replaceChildren(progressStrip(ctx) ?? ''));
    const u = this.ui;
    const liveRows = this.store.progress.map((p) => [p.runId, p.status, p.epoch]);
    const sweepStates = [...this.store.sweeps.values()].map((s) => [s.id, s.status]);
    this.rebuildIf('sidebar', JSON.stringify([this.store.runs, liveRows, sweepStates, u.view, u.focusedRunId, u.overlayIds, u.sweepId, u.expandedSweeps]),
      () => this.el.sidebar.replaceChildren(runsList(ctx)));
    const view = this.views[this.ui.view];
    const key = `${this.ui.view}#${view.key(ctx)}`;
    if (key !== this.mountedKey || view !== this.mountedView) {
      this.mountedView?.destroy();
      this.el.main.replaceChildren();
      this.mountedView = view;
      this.mountedKey = key;
      view.mount(ctx, this.el.main);
    } else {
      view.update(ctx);
    }
    this.lastRenderAt = performance.now();
    this.lastRenderMs = this.lastRenderAt - t0;
  }

  private readonly drawn = new Map<string, string>();

  private rebuildIf(part: string, signature: string, rebuild: () => void): void {
    if (this.drawn.get(part) === signature) return;
    this.drawn.set(part, signature);
    rebuild();
  }

  private chartBox(slot: ChartSlot, name: string): HTMLElement {
    slot.titlesInHeader();
    const png = h('button', { class: 'chart-export secondary small', title: 'Save this chart as PNG', onclick: () => {
      if (!slot.chart) return;
      this.host.post({ type: 'savePng', dataUrl: slot.toPng(readTheme().background), suggestedName: name });
    } }, 'PNG');
    slot.element.append(png);
    return slot.element;
  }

  private exportCsv(): void {
    const out = this.views[this.ui.view].csv?.(this.context());
    if (!out) { this.notify('info', 'This view has no data to export.'); return; }
    this.host.post({ type: 'saveCsv', csv: out.csv, suggestedName: out.name });
  }

  /**
   * Shows a message in the notice bar. Messages that arrive while it is shown are added below
   * (the last few), so "Try in RegLab"'s notes do not replace the preset's own notice.
   */
  private notify(level: 'info' | 'warning' | 'error', message: string): void {
    this.notices = [...this.notices.filter((n) => n.message !== message), { level, message }].slice(-MAX_NOTICES);
    this.el.noticeText.replaceChildren(...this.notices.map((n) => h('div', { class: `notice-line notice-line-${n.level}` }, n.message)));
    const worst = this.notices.some((n) => n.level === 'error') ? 'error' : this.notices.some((n) => n.level === 'warning') ? 'warning' : 'info';
    this.el.notice.className = `notice notice-${worst}`;
    this.el.notice.hidden = false;
    clearTimeout(this.noticeTimer);
    this.noticeTimer = window.setTimeout(() => this.dismissNotice(), (worst === 'error' ? 8000 : 4000) + 2000 * (this.notices.length - 1));
  }

  private dismissNotice(): void {
    clearTimeout(this.noticeTimer);
    this.notices = [];
    this.el.notice.hidden = true;
  }
}

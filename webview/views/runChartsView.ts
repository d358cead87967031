// The views of one run: loss curves, weight norms, sparsity, histograms (all from src/core/charts).
import {
  hasSparsity, histogramChart, histogramCheckpoints, histogramsCsv, lossChart, metricsCsv, sparsityChart, weightNormChart, type LineConfig, type RunSeries,
} from '../../src/core/charts';
import type { PanelView } from '../../src/core/panel/protocol';
import { ChartSlot } from '../lib/chartSlot';
import { h } from '../lib/dom';
import { emptyState, fileStem, type View, type ViewContext } from './context';
import { runHeader } from './runHeader';

type RunView = Extract<PanelView, 'curves' | 'norms' | 'sparsity' | 'histograms'>;

const SINGLE: Record<Exclude<RunView, 'histograms'>, { build: (r: RunSeries, ctx: ViewContext) => LineConfig; label: string }> = {
  curves: { build: (r, ctx) => lossChart(r, ctx.theme), label: 'loss' },
  norms: { build: (r, ctx) => weightNormChart(r, ctx.theme), label: 'weight-norms' },
  sparsity: { build: (r, ctx) => sparsityChart(r, ctx.theme), label: 'sparsity' },
};

export class RunChartsView implements View {
  private slots = new Map<string, ChartSlot>();
  private header?: HTMLElement;

  constructor(private readonly view: RunView) {}

  private run(ctx: ViewContext): RunSeries | undefined {
    const id = ctx.ui.focusedRunId;
    const s = id ? ctx.store.series(id) : undefined;
    return s && s.metrics.length ? s : undefined;
  }

  key(ctx: ViewContext): string {
    const r = this.run(ctx);
    const hists = this.view === 'histograms' && r ? [...histogramCheckpoints(r.metrics).keys()].join(',') : '';
    const sparse = this.view === 'sparsity' && r ? String(hasSparsity(r.metrics)) : '';
    return `${this.view}|${ctx.ui.focusedRunId ?? ''}|${r ? 1 : 0}|${hists}|${sparse}`;
  }

  mount(ctx: ViewContext, el: HTMLElement): void {
    const id = ctx.ui.focusedRunId;
    if (!id) { el.append(emptyState('No run selected', 'Pick a run in the list, or run an experiment (RegLab: Run Experiment).')); return; }
    this.header = runHeader(ctx, id);
    el.append(this.header);
    const r = this.run(ctx);
    if (!r) { el.append(emptyState('Waiting for the first epoch', 'Curves appear as soon as the run reports an epoch.')); return; }
    const stem = fileStem(r.name);
    if (this.view === 'histograms') {
      const cps = histogramCheckpoints(r.metrics);
      if (!cps.size) { el.append(emptyState('No histograms yet', 'Weight histograms are recorded at checkpoint epochs.')); return; }
      const grid = h('div', { class: 'chart-grid' });
      [...cps.keys()].forEach((name) => {
        const slot = new ChartSlot('hist', `histogram of ${name}`);
        this.slots.set(name, slot);
        grid.append(ctx.chartBox(slot, `${stem}-hist-${fileStem(name)}.png`));
      });
      el.append(grid);
    } else {
      if (this.view === 'sparsity' && !hasSparsity(r.metrics)) el.append(h('p', { class: 'hint' }, 'No exact zeros in this run: sparsity appears with an L1 penalty (proximal mode reaches exact zeros).'));
      const slot = new ChartSlot('main', SINGLE[this.view].label);
      this.slots.set('main', slot);
      el.append(ctx.chartBox(slot, `${stem}-${SINGLE[this.view].label}.png`));
    }
    this.update(ctx);
  }

  update(ctx: ViewContext): void {
    const r = this.run(ctx);
    const id = ctx.ui.focusedRunId;
    if (id && this.header) { const next = runHeader(ctx, id); this.header.replaceWith(next); this.header = next; }
    if (!r) return;
    if (this.view === 'histograms') {
      const cps = histogramCheckpoints(r.metrics);
      [...cps.keys()].forEach((name, i) => this.slots.get(name)?.set(histogramChart(name, cps.get(name)!, ctx.theme, i)));
    } else {
      this.slots.get('main')?.set(SINGLE[this.view].build(r, ctx));
    }
  }

  destroy(): void {
    for (const s of this.slots.values()) s.destroy();
    this.slots.clear();
    this.header = undefined;
  }

  csv(ctx: ViewContext) {
    const r = this.run(ctx);
    if (!r) return undefined;
    if (this.view === 'histograms') return { csv: histogramsCsv(r.metrics), name: `${fileStem(r.name)}-histograms.csv` };
    return { csv: metricsCsv(r.metrics), name: `${fileStem(r.name)}-metrics.csv` };
  }
}

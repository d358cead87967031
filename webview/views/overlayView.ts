// Several runs on one chart: the runs ticked in the list, one metric at a time.
import { overlayChart, runsCsv, type RunSeries } from '../../src/core/charts';
import { ChartSlot } from '../lib/chartSlot';
import { h } from '../lib/dom';
import type { PersistedState } from '../vscodeApi';
import { emptyState, type View, type ViewContext } from './context';

const METRICS: Array<[PersistedState['overlayMetric'], string]> = [
  ['valLoss', 'validation loss'], ['trainLoss', 'train data loss'], ['penalty', 'penalty'], ['valAccuracy', 'validation accuracy'],
];

export class OverlayView implements View {
  private slot?: ChartSlot;
  private status?: HTMLElement;

  private runs(ctx: ViewContext): RunSeries[] {
    return ctx.ui.overlayIds.map((id) => ctx.store.series(id)).filter((r): r is RunSeries => !!r && r.metrics.length > 0);
  }

  key(ctx: ViewContext): string {
    return `overlay|${ctx.ui.overlayIds.length ? 1 : 0}`;
  }

  mount(ctx: ViewContext, el: HTMLElement): void {
    if (!ctx.ui.overlayIds.length) { el.append(emptyState('No runs ticked', 'Tick runs in the list to compare them here.')); return; }
    const select = h('select', { 'aria-label': 'metric' }, ...METRICS.map(([v, label]) => h('option', { value: v, selected: v === ctx.ui.overlayMetric }, label)));
    select.addEventListener('change', () => { ctx.ui.overlayMetric = select.value as PersistedState['overlayMetric']; ctx.changed(); });
    const clear = h('button', { class: 'secondary', onclick: () => { ctx.ui.overlayIds = []; ctx.changed(); } }, 'Clear selection');
    this.status = h('span', { class: 'muted' });
    this.slot = new ChartSlot('main', 'overlay');
    el.append(h('div', { class: 'view-controls' }, h('label', {}, 'Metric ', select), clear, this.status), ctx.chartBox(this.slot, 'overlay.png'));
    this.update(ctx);
  }

  update(ctx: ViewContext): void {
    if (!this.slot || !this.status) return;
    const runs = this.runs(ctx);
    const waiting = ctx.ui.overlayIds.length - runs.length;
    this.status.textContent = `${runs.length} run${runs.length === 1 ? '' : 's'}${waiting > 0 ? ` (${waiting} loading)` : ''}`;
    this.slot.set(overlayChart(runs, ctx.ui.overlayMetric, ctx.theme));
  }

  destroy(): void {
    this.slot?.destroy();
    this.slot = undefined;
  }

  csv(ctx: ViewContext) {
    const runs = this.runs(ctx);
    return runs.length ? { csv: runsCsv(runs), name: 'overlay.csv' } : undefined;
  }
}

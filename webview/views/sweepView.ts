// The sweep view: validation metric against log λ (±1 SE, chosen λ, one line per compare variant),
// the selection sentences and the trials table. Clicking a point or a row opens that trial.
import type { ActiveElement, Chart, ChartEvent } from 'chart.js';
import { sweepChart, sweepCsv, type SweepPoint } from '../../src/core/charts';
import type { SweepView as SweepData } from '../../src/core/panel/protocol';
import { ChartSlot } from '../lib/chartSlot';
import { h } from '../lib/dom';
import { trialsTable, type TrialRow } from '../lib/tables';
import { emptyState, fileStem, type View, type ViewContext } from './context';

function rows(sweep: SweepData): TrialRow[] {
  return sweep.variants.flatMap((v) => v.points.flatMap((p) => p.trials.map((t) => ({
    variant: v.name, value: p.value, seed: t.seed, status: t.status, metric: t.metric, reason: t.reason, runId: t.runId,
    epochsCompleted: t.epochsCompleted, epochsPlanned: t.epochsPlanned,
  }))));
}

export class SweepView implements View {
  private slot?: ChartSlot;
  private details?: HTMLElement;

  private sweep(ctx: ViewContext): SweepData | undefined {
    return ctx.ui.sweepId ? ctx.store.sweeps.get(ctx.ui.sweepId) : undefined;
  }

  key(ctx: ViewContext): string {
    return `sweep|${ctx.ui.sweepId ?? ''}|${this.sweep(ctx) ? 1 : 0}`;
  }

  mount(ctx: ViewContext, el: HTMLElement): void {
    const sweep = this.sweep(ctx);
    if (!ctx.ui.sweepId) { el.append(emptyState('No sweep selected', 'Pick a sweep in the list, or run one (RegLab: Run λ Sweep).')); return; }
    if (!sweep) { el.append(emptyState('Loading the sweep…', 'Its summary is read from .reglab/runs/.')); return; }
    this.slot = new ChartSlot('main', 'sweep chart');
    this.details = h('div', { class: 'sweep-details' });
    el.append(h('p', { class: 'hint' }, 'Click a point (or a table row) to open that trial.'), ctx.chartBox(this.slot, `${fileStem(sweep.name)}-sweep.png`), this.details);
    this.update(ctx);
  }

  update(ctx: ViewContext): void {
    const sweep = this.sweep(ctx);
    if (!sweep || !this.slot || !this.details) return;
    const cfg = sweepChart(sweep, ctx.theme);
    const open = (runId: string) => {
      ctx.host.post({ type: 'openTrial', sweepId: sweep.id, runId });
      ctx.focusRun(runId, 'curves');
    };
    cfg.options!.onClick = (_e: ChartEvent, els: ActiveElement[], chart: Chart) => {
      const el = els[0];
      if (!el) return;
      const raw = chart.data.datasets[el.datasetIndex].data[el.index] as unknown as SweepPoint;
      if (raw?.runIds?.length) open(raw.runIds[0]);
    };
    cfg.options!.onHover = (e: ChartEvent, els: ActiveElement[]) => {
      const target = e.native?.target as HTMLElement | undefined;
      if (target) target.style.cursor = els.length ? 'pointer' : 'default';
    };
    this.slot.set(cfg);
    const multi = sweep.variants.length > 1;
    const running = sweep.status === 'running';
    this.details.replaceChildren(
      ...(running ? [h('p', { class: 'run-header' }, h('span', { class: 'muted' }, 'This sweep is running; its chart fills in as trials finish.'),
        h('button', { class: 'secondary', onclick: () => ctx.host.post({ type: 'stop', runId: sweep.id }) }, 'Stop sweep'))] : []),
      ...sweep.selections.map((s) => h('p', { class: 'selection' }, multi && s.variant ? `${s.variant}: ${s.why}` : s.why)),
      ...(sweep.notes?.length ? [h('ul', { class: 'notes' }, ...sweep.notes.map((n) => h('li', {}, n)))] : []),
      trialsTable(sweep, rows(sweep), open),
    );
  }

  destroy(): void {
    this.slot?.destroy();
    this.slot = undefined;
    this.details = undefined;
  }

  csv(ctx: ViewContext) {
    const s = this.sweep(ctx);
    return s ? { csv: sweepCsv(s), name: `${fileStem(s.name)}-sweep.csv` } : undefined;
  }
}

// The report's inline script: reads the embedded data and draws every chart with the same chart
// builders as the VS Code panel. Redraws when the colour scheme changes.
import './report.css';
import {
  histogramChart, histogramCheckpoints, sweptLabel, hasSparsity, lossChart, sparsityChart, sweepChart, sweepOverlayChart, weightNormChart,
  type RunSeries, type TrialCurve,
} from '../../src/core/charts';
import type { ReportData, ReportRun } from '../../src/core/report/types';
import { ChartSlot, onThemeChange, readTheme } from '../lib/chartSlot';
import { fmtNum, h } from '../lib/dom';
import { experimentFacts, statusBadge, trialsTable } from '../lib/tables';

type Draw = () => void;

function runSection(run: ReportRun, slots: Array<[ChartSlot, Draw]>, heading?: string): HTMLElement {
  const series: RunSeries = { id: run.folder, name: run.summary.name, metrics: run.metrics, summary: run.summary };
  const add = (cls: string, label: string, build: () => Parameters<ChartSlot['set']>[0]) => {
    const slot = new ChartSlot(cls, label);
    slots.push([slot, () => slot.set(build())]);
    return slot.element;
  };
  const s = run.summary;
  const section = h('section', { class: 'run' });
  if (heading) section.append(h('h2', {}, heading));
  section.append(h('p', { class: 'meta' }, statusBadge(s.status), ` ${s.epochsCompleted}/${s.epochsPlanned} epochs · backend ${s.backend}`,
    s.final ? ` · final train data loss ${fmtNum(s.final.trainLoss)}, validation loss ${fmtNum(s.final.valLoss)}` : '',
    s.best ? ` · best validation loss ${fmtNum(s.best.valLoss)} at epoch ${s.best.epoch}` : '',
    s.reason ? ` · ${s.reason}` : '', s.divergence ? ` · diverged at epoch ${s.divergence.epoch}: ${s.divergence.message}` : ''));
  if (!run.metrics.length) {
    section.append(h('p', { class: 'muted' }, 'No epoch was recorded for this run.'));
    return section;
  }
  const l1 = Number((run.experiment as any)?.penalty?.l1 ?? 0);
  const charts = [
    add('', 'loss curves', () => lossChart(series, readTheme())),
    add('', 'weight norms', () => weightNormChart(series, readTheme())),
  ];
  if (hasSparsity(run.metrics, l1)) charts.push(add('', 'sparsity', () => sparsityChart(series, readTheme())));
  section.append(h('div', { class: 'grid' }, ...charts));
  const hists = histogramCheckpoints(run.metrics);
  if (hists.size) {
    section.append(h('h3', {}, 'Weight histograms at checkpoints'));
    const names = [...hists.keys()];
    section.append(h('div', { class: 'grid small' }, ...names.map((name, i) => add('hist', `histogram of ${name}`, () => histogramChart(name, hists.get(name)!, readTheme(), i)))));
  }
  return section;
}

/** What a sweep varies, e.g. "penalty.l1 in L1 (proximal), penalty.l2 in L2 over 0.001, 0.01, 0.1, 1; seeds 0, 1". */
function sweptFact(data: Extract<ReportData, { kind: 'sweep' }>): string {
  const sw = data.sweep;
  const distinct = new Set(Object.values(sw.variantParams ?? {}));
  const params = sw.variantParams && distinct.size > 1
    ? Object.entries(sw.variantParams).map(([variant, param]) => `${param} in ${variant}`).join(', ')
    : sw.param;
  const values = [...new Set(data.trials.map((t) => t.value))].sort((a, b) => a - b);
  const seeds = [...new Set(data.trials.map((t) => t.seed))].sort((a, b) => a - b);
  return `${params} over ${values.map(fmtNum).join(', ')}; seeds ${seeds.join(', ')}`;
}

function render(data: ReportData, root: HTMLElement): Array<[ChartSlot, Draw]> {
  const slots: Array<[ChartSlot, Draw]> = [];
  const generated = new Date(data.generatedAt);
  if (data.kind === 'run') {
    const exp = data.run.experiment as Record<string, any> | undefined;
    root.append(h('h1', {}, data.title), h('p', { class: 'meta' }, `RegLab run report · ${data.run.folder} · started ${data.run.summary.startedAt || '—'}`), experimentFacts(exp) ?? '');
    root.append(runSection(data.run, slots, 'Training'));
  } else {
    const sw = data.sweep;
    const exp = data.experiment as Record<string, any> | undefined;
    root.append(h('h1', {}, data.title),
      h('p', { class: 'meta' }, `RegLab λ sweep report · ${sw.variantParams ? [...new Set(Object.values(sw.variantParams))].join(' / ') : sw.param} · ${data.trials.length} trials · select "${sw.select}" on ${sw.metric}${sw.status ? ` · ${sw.status}` : ''}`),
      experimentFacts(exp, sweptFact(data)) ?? '');
    root.append(h('h2', {}, `${sw.metric} against ${sweptLabel(sw)}`));
    const chart = new ChartSlot('wide', 'sweep chart');
    slots.push([chart, () => chart.set(sweepChart(sw, readTheme()))]);
    root.append(chart.element);
    for (const sel of sw.selections) root.append(h('p', { class: 'selection' }, sw.variants.length > 1 && sel.variant ? `${sel.variant}: ${sel.why}` : sel.why));
    if (!sw.selections.length) root.append(h('p', { class: 'selection' }, 'No λ was chosen (no trial finished with a finite metric).'));
    if (sw.notes?.length) root.append(h('ul', { class: 'notes' }, ...sw.notes.map((n) => h('li', {}, n))));
    const counts = new Map<string, number>();
    for (const t of data.trials) counts.set(t.status, (counts.get(t.status) ?? 0) + 1);
    root.append(h('h2', {}, 'Trials'),
      h('p', { class: 'meta' }, ...[...counts].flatMap(([status, n], i) => [i ? ' · ' : '', `${n} `, statusBadge(status)])),
      trialsTable(sw, data.trials));
    if (data.curves.length) {
      root.append(h('h2', {}, 'Validation loss of every trial'));
      const curves: TrialCurve[] = data.curves.map((c) => ({ id: c.runId, name: c.name, metrics: c.metrics, variant: c.variant, value: c.value, seed: c.seed }));
      const ov = new ChartSlot('wide', 'validation loss of every trial');
      slots.push([ov, () => ov.set(sweepOverlayChart(curves, sw.param, 'valLoss', readTheme()))]);
      root.append(ov.element);
    }
    for (const run of data.chosenRuns) {
      const value = run.summary.sweep?.value;
      root.append(runSection(run, slots, `Chosen trial${run.variant ? ` (${run.variant})` : ''}: ${sw.param} = ${value ?? '?'}, seed ${run.summary.sweep?.seed ?? '?'}`));
    }
  }
  if (data.warnings.length) {
    root.append(h('h2', {}, 'Warnings'), h('ul', { class: 'warnings' }, ...data.warnings.map((w) => h('li', {}, w))));
  }
  root.append(h('footer', {}, `Generated by RegLab on ${generated.toISOString().replace('T', ' ').slice(0, 16)} UTC. This file is self-contained: data, Chart.js and chart code are inline; it makes no network requests.`));
  return slots;
}

function start() {
  const root = document.getElementById('report')!;
  const raw = document.getElementById('reglab-data')?.textContent;
  if (!raw) { root.textContent = 'This report has no data block.'; return; }
  const data = JSON.parse(raw) as ReportData;
  const slots = render(data, root);
  const drawAll = () => { for (const [, draw] of slots) draw(); };
  drawAll();
  onThemeChange(drawAll);
  document.documentElement.dataset.rendered = String(slots.length);
}

start();

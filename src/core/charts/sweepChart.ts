// The sweep chart: the validation metric against log λ, one line per compare variant, the mean
// over seeds with ±1 standard-error bars, each seed's trial as a faint dot (clickable: it carries
// the trial's run id), the chosen λ marked, and for the "1se" rule the threshold it used.
import type { SweepView, SweepVariantView } from '../panel/protocol';
import { lineConfig, type LineConfig, type LineDataset } from './common';
import type { XY } from './decimate';
import type { OverlayOptions } from './overlaysPlugin';
import { prefersLogScale } from './series';
import { formatValue, sweepAxis } from './sweepAxis';
import { lineWidth, seriesColor, withAlpha, type ChartTheme } from './theme';

/** A point of the sweep chart; `runIds` are the trials behind it (what a click opens). */
export interface SweepPoint extends XY {
  value: number;
  lo?: number;
  hi?: number;
  runIds: string[];
  variant: string;
  n?: number;
  se?: number;
  seed?: number;
  /** Why this λ cannot be chosen (a trial diverged, failed, was pruned, ...). */
  excluded?: string;
}

const METRIC_LABEL: Record<SweepView['metric'], string> = {
  valLoss: 'validation loss',
  valAccuracy: 'validation accuracy',
  trainLoss: 'training loss',
};

export function variantLabel(v: SweepVariantView): string {
  return v.name || 'mean over seeds';
}

/** Best point of a variant (lowest mean, or highest for accuracy). */
export function bestPoint(sweep: SweepView, variant: SweepVariantView) {
  const higherBetter = sweep.metric === 'valAccuracy';
  let best: SweepVariantView['points'][number] | undefined;
  for (const p of variant.points) {
    if (p.mean === undefined || !Number.isFinite(p.mean)) continue;
    if (!best || (higherBetter ? p.mean > best.mean! : p.mean < best.mean!)) best = p;
  }
  return best;
}

/** The swept field's name, or "λ" when compare variants sweep different fields (L1 vs L2). */
export function sweptLabel(sweep: SweepView): string {
  const params = sweep.variantParams ? new Set(Object.values(sweep.variantParams)) : new Set([sweep.param]);
  return params.size > 1 ? 'λ' : [...params][0];
}

/**
 * A loss that spans more than 20× across the grid (a large λ that underfits next to the good
 * ones) reads on a log axis: on a linear one the λ worth choosing sit flat near 0. Every value
 * drawn must be positive, error-bar ends included.
 */
function lossSpansDecades(sweep: SweepView, datasets: LineDataset[]): boolean {
  if (sweep.metric === 'valAccuracy') return false;
  const drawn = datasets.map((d) => (d.data as SweepPoint[]).flatMap((p) => [{ x: p.x, y: p.y }, ...(p.lo !== undefined ? [{ x: p.x, y: p.lo }] : [])]));
  return prefersLogScale(drawn);
}

export function sweepChart(sweep: SweepView, theme: ChartTheme): LineConfig {
  const values = sweep.variants.flatMap((v) => v.points.map((p) => p.value));
  const ax = sweepAxis(values);
  const datasets: LineDataset[] = [];
  const multi = sweep.variants.length > 1;
  sweep.variants.forEach((variant, i) => {
    const color = seriesColor(theme, i);
    const means: SweepPoint[] = [];
    const trials: SweepPoint[] = [];
    for (const p of [...variant.points].sort((a, b) => a.value - b.value)) {
      const x = ax.toX(p.value);
      const runIds = p.trials.map((t) => t.runId);
      if (p.mean !== undefined && Number.isFinite(p.mean)) {
        const se = p.se !== undefined && Number.isFinite(p.se) ? p.se : 0;
        means.push({ x, y: p.mean, value: p.value, lo: p.mean - se, hi: p.mean + se, runIds, variant: variant.name, n: p.n, se, ...(p.excluded ? { excluded: p.excluded } : {}) });
      }
      for (const t of p.trials) {
        if (t.metric !== undefined && Number.isFinite(t.metric)) trials.push({ x, y: t.metric, value: p.value, runIds: [t.runId], variant: variant.name, seed: t.seed });
      }
    }
    datasets.push({
      label: variantLabel(variant),
      data: means,
      borderColor: color,
      backgroundColor: color,
      borderWidth: lineWidth(theme, 2),
      pointRadius: 4,
      pointHoverRadius: 6,
      // Points the rule could not choose are hollow.
      pointBackgroundColor: means.map((m) => (m.excluded ? theme.background : color)),
      pointBorderColor: means.map((m) => (m.excluded ? color : theme.background)),
      pointBorderWidth: means.map((m) => (m.excluded ? 2 : 1)),
    });
    if (trials.length) {
      datasets.push({
        label: multi ? `${variantLabel(variant)} · per seed` : 'per seed',
        data: trials,
        showLine: false,
        borderColor: withAlpha(color, 0.45),
        backgroundColor: withAlpha(color, 0.45),
        pointRadius: 2.5,
        pointHoverRadius: 5,
        pointStyle: 'circle',
      });
    }
  });

  const overlays: OverlayOptions = { errorBars: true, vlines: [], hlines: [], font: `${theme.fontSize - 1}px ${theme.fontFamily}`, labelBackground: theme.background };
  // The chosen λ of each variant: a vertical line in the variant's colour (accent when alone) and
  // a diamond on its mean; for the "1se" rule, the threshold the chosen mean had to be within.
  const chosenPoints: SweepPoint[] = [];
  for (const sel of sweep.selections) {
    if (sel.chosen === undefined) continue;
    const vi = Math.max(0, sweep.variants.findIndex((v) => v.name === sel.variant));
    const variant = sweep.variants[vi];
    const color = multi ? seriesColor(theme, vi) : theme.accent;
    const cx = ax.toX(sel.chosen);
    overlays.vlines!.push({ value: cx, color, label: `chosen ${multi && sel.variant ? `${sel.variant} ` : ''}λ = ${formatValue(sel.chosen)}` });
    const point = variant?.points.find((p) => p.value === sel.chosen);
    if (point?.mean !== undefined) {
      chosenPoints.push({ x: cx, y: point.mean, value: sel.chosen, runIds: point.trials.map((t) => t.runId), variant: variant.name, n: point.n, se: point.se });
    }
    const threshold = sel.threshold ?? (sweep.select === '1se' && sel.bestMean !== undefined
      ? (sweep.metric === 'valAccuracy' ? sel.bestMean - (sel.bestSe ?? 0) : sel.bestMean + (sel.bestSe ?? 0)) : undefined);
    if (sweep.select === '1se' && threshold !== undefined && Number.isFinite(threshold)) {
      overlays.hlines!.push({ value: threshold, color: multi ? withAlpha(color, 0.8) : theme.muted, label: `${multi && sel.variant ? `${sel.variant}: ` : ''}best ${sweep.metric === 'valAccuracy' ? '−' : '+'} 1 SE`, dash: [2, 3] });
    }
  }
  if (chosenPoints.length) {
    datasets.push({
      label: `chosen λ (${sweep.select})`,
      data: chosenPoints,
      showLine: false,
      borderColor: theme.accent,
      backgroundColor: theme.accent,
      pointStyle: 'rectRot',
      pointRadius: 8,
      pointHoverRadius: 10,
    });
  }
  if (ax.breakX !== undefined) overlays.xBreak = { value: ax.breakX, color: theme.foreground };

  // Variants that sweep different fields (L1 vs L2) share the λ axis; say which field is which.
  const swept = sweptLabel(sweep);
  const params = sweep.variantParams ? [...new Set(Object.values(sweep.variantParams))] : [sweep.param];
  const axisName = params.length > 1
    ? `λ: ${Object.entries(sweep.variantParams!).map(([v, p]) => `${p} in ${v}`).join(', ')}`
    : swept;
  const paramLabel = `${axisName}${ax.kind === 'log' ? ' (log scale)' : ''}`;
  // The selection sentences are long; the panel and the report print them under the chart.
  const subtitle = [
    'mean over seeds ± 1 standard error; dots: single seeds',
    ax.zeroX !== undefined ? 'λ = 0 is drawn left of the axis break' : '',
    sweep.variants.some((v) => v.points.some((p) => p.excluded && p.mean !== undefined)) ? 'hollow: not eligible (a trial diverged, failed or was stopped)' : '',
  ].filter(Boolean).join(' · ');
  const cfg = lineConfig(theme, {
    title: `${sweep.name}: ${METRIC_LABEL[sweep.metric]} vs ${swept}`,
    subtitle,
    x: { title: paramLabel, min: ax.min, max: ax.max },
    y: { title: METRIC_LABEL[sweep.metric], ...(lossSpansDecades(sweep, datasets) ? { log: true } : {}) },
  }, datasets);
  const o = cfg.options!;
  o.interaction = { mode: 'nearest', intersect: true };
  o.elements = { ...o.elements, line: { ...o.elements?.line, tension: 0 } };
  const labels = new Map(ax.ticks.map((t) => [t.x, t.label]));
  const x = o.scales!.x as Record<string, unknown>;
  x.afterBuildTicks = (scale: { ticks: Array<{ value: number }> }) => { scale.ticks = ax.ticks.map((t) => ({ value: t.x })); };
  x.ticks = { ...(x.ticks as object), callback: (v: number | string) => labels.get(Number(v)) ?? '' };
  o.plugins!.reglabOverlays = overlays;
  o.plugins!.tooltip = {
    ...o.plugins!.tooltip,
    callbacks: {
      title: (items) => items.length ? `${swept} = ${formatValue((items[0].raw as SweepPoint).value)}` : '',
      label: (item) => {
        const p = item.raw as SweepPoint;
        const who = p.variant ? `${p.variant}: ` : '';
        if (p.seed !== undefined) return `${who}seed ${p.seed}: ${fmt(p.y)}`;
        return `${who}${fmt(p.y)} ± ${fmt(p.se ?? 0)} (n = ${p.n ?? 0})${p.excluded ? ` · not eligible: ${p.excluded}` : ''}`;
      },
    },
  };
  return cfg;
}

function fmt(v: number): string {
  return Math.abs(v) >= 1e-3 && Math.abs(v) < 1e4 ? v.toFixed(4) : v.toExponential(3);
}

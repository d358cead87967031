import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  decimateMinMax, lossChart, weightNormChart, sparsityChart, hasSparsity, histogramChart, histogramCheckpoints,
  histogramOutline, pickCheckpoints, histogramsCsv, sweepChart, sweepAxis, formatValue, overlayChart, metricsCsv, sweepCsv,
  themeFromCssVariables, withAlpha, logTickLabel, overlayMaxPoints, tooltipNumber, type SweepPoint,
} from '../../src/core/charts';
import { coversData } from '../../src/core/charts/overlaysPlugin';
import { makeMetrics, makeSweep, theme } from './charts-fixtures';

test('decimation bounds the point count and keeps endpoints and extremes', () => {
  const pts = Array.from({ length: 10_000 }, (_, i) => ({ x: i + 1, y: Math.sin(i / 50) + (i === 7777 ? 40 : 0) - (i === 3333 ? 30 : 0) }));
  for (const max of [4, 5, 100, 401]) {
    const d = decimateMinMax(pts, max);
    assert.ok(d.length <= max, `${d.length} > ${max}`);
    assert.deepEqual(d[0], pts[0]);
    assert.deepEqual(d[d.length - 1], pts[pts.length - 1]);
    assert.ok(d.some((p) => p.y === pts[7777].y), 'spike kept');
    assert.ok(d.some((p) => p.y === pts[3333].y), 'dip kept');
    for (let i = 1; i < d.length; i++) assert.ok(d[i].x > d[i - 1].x, 'x order kept');
  }
  // A series that already fits is returned unchanged.
  assert.deepEqual(decimateMinMax(pts.slice(0, 50), 100), pts.slice(0, 50));
  assert.throws(() => decimateMinMax(pts, 3), /at least 4/);
});

test('loss chart: train, val and penalty on its own axis, non-finite values left out', () => {
  const metrics = makeMetrics(30);
  metrics[29].valLoss = NaN;
  const cfg = lossChart({ id: 'r', name: 'run A', metrics }, theme);
  const ds = cfg.data.datasets;
  assert.deepEqual(ds.map((d) => d.label), ['train data loss', 'validation loss', 'penalty (right axis)']);
  assert.equal(ds[2].yAxisID, 'y1');
  assert.ok(cfg.options!.scales!.y1, 'penalty axis exists');
  assert.equal(ds[0].data.length, 30);
  assert.equal(ds[1].data.length, 29, 'NaN val loss dropped');
  assert.deepEqual(ds[0].data[4], { x: 5, y: metrics[4].trainLoss });
  assert.equal(ds[0].borderColor, theme.series[0]);
  // Without a penalty there is no penalty series or axis.
  for (const m of metrics) m.penalty = 0;
  const cfg0 = lossChart({ id: 'r', name: 'run A', metrics }, theme);
  assert.equal(cfg0.data.datasets.length, 2);
  assert.equal(cfg0.options!.scales!.y1, undefined);
});

test('loss chart of 1,000 epochs with a spike: bounded points, spike kept', () => {
  const metrics = makeMetrics(1000, { spikeAt: 613 });
  const cfg = lossChart({ id: 'r', name: 'long', metrics }, theme, { maxPoints: 200 });
  const train = cfg.data.datasets[0].data;
  assert.ok(train.length <= 200);
  assert.ok(train.some((p) => p.x === 613 && p.y === 50));
  assert.equal(train[train.length - 1].x, 1000);
});

test('weight norms: decayed solid first, undecayed dashed, same colour per layer', () => {
  const cfg = weightNormChart({ id: 'r', name: 'run', metrics: makeMetrics(10) }, theme);
  const ds = cfg.data.datasets;
  assert.deepEqual(ds.map((d) => d.label), ['decayed · 0.weight', 'decayed · 2.weight', 'not decayed · 0.bias', 'not decayed · 2.bias']);
  assert.deepEqual(ds[0].borderDash, []);
  assert.ok((ds[2].borderDash as number[]).length > 0);
  assert.equal(ds[0].borderColor, ds[2].borderColor, '0.weight and 0.bias share the layer colour');
  assert.notEqual(ds[0].borderColor, ds[1].borderColor);
  assert.equal(ds[0].data[0].y, makeMetrics(10)[0].params['0.weight'].l2);
});

test('sparsity: percentages of exact zeros and |w|<1e-3 for weight matrices only', () => {
  const metrics = makeMetrics(20, { l1: true });
  assert.ok(hasSparsity(metrics));
  assert.ok(!hasSparsity(makeMetrics(5)));
  assert.ok(hasSparsity(makeMetrics(5), 1e-3), 'an L1 run shows sparsity even before zeros appear');
  const cfg = sparsityChart({ id: 'r', name: 'l1', metrics }, theme);
  assert.deepEqual(cfg.data.datasets.map((d) => d.label), ['0.weight · exact zeros', '0.weight · |w| < 1e-3', '2.weight · exact zeros', '2.weight · |w| < 1e-3']);
  assert.equal(cfg.data.datasets[0].data[9].y, 100 * metrics[9].params['0.weight'].zeroFrac);
  assert.equal(cfg.options!.scales!.y!.max, 100);
});

test('histograms: outlines from edges and counts, checkpoints picked evenly with first and last', () => {
  const outline = histogramOutline({ edges: [0, 1, 2], counts: [3, 5] });
  assert.deepEqual(outline, [{ x: 0, y: 0 }, { x: 0, y: 3 }, { x: 1, y: 5 }, { x: 2, y: 5 }, { x: 2, y: 0 }]);
  assert.throws(() => histogramOutline({ edges: [0, 1], counts: [1, 2] }), /3 edges|2 edges/);
  const cps = histogramCheckpoints(makeMetrics(100, { histEvery: 10 })).get('0.weight')!;
  assert.equal(cps.length, 11);
  const picked = pickCheckpoints(cps, 5);
  assert.deepEqual(picked.map((c) => c.epoch), [1, 30, 50, 80, 100]);
  const cfg = histogramChart('0.weight', cps, theme);
  assert.equal(cfg.data.datasets.length, 5);
  assert.equal(cfg.data.datasets[4].label, 'epoch 100');
  assert.equal(cfg.data.datasets[4].fill, 'origin');
  assert.equal(cfg.data.datasets[4].stepped, 'after');
});

test('sweep axis: log10 positions, λ = 0 one step left of the smallest λ with a break', () => {
  const ax = sweepAxis([0, 1e-4, 1e-3, 1e-2]);
  assert.equal(ax.kind, 'log');
  assert.ok(Math.abs(ax.toX(1e-3) - -3) < 1e-12);
  assert.equal(ax.zeroX, -5);
  assert.equal(ax.toX(0), -5);
  assert.equal(ax.breakX, -4.5);
  assert.ok(ax.min < -5 && ax.max > -2);
  assert.deepEqual(ax.ticks.map((t) => t.label), ['0', '1e-4', '1e-3', '0.01']);
  // A coarse grid: the 0 slot is one grid step (two decades) away.
  assert.equal(sweepAxis([0, 1e-6, 1e-4, 1e-2]).zeroX, -8);
  // Without 0: no break.
  assert.equal(sweepAxis([1e-3, 1e-1]).zeroX, undefined);
  // Negative values: linear axis of raw values.
  assert.equal(sweepAxis([-1, 0, 1]).kind, 'linear');
  assert.equal(formatValue(3e-4), '3e-4');
  assert.equal(formatValue(0.05), '0.05');
});

test('sweep chart: mean ± SE per λ, per-seed dots, chosen λ marked, one line per variant', () => {
  const sweep = makeSweep({ zero: true, select: '1se' });
  const cfg = sweepChart(sweep, theme);
  const ds = cfg.data.datasets;
  const mean = ds[0].data as SweepPoint[];
  assert.equal(mean.length, 5);
  assert.equal(mean[0].x, -5, 'λ = 0 at its slot');
  const p = sweep.variants[0].points[2];
  assert.deepEqual([mean[2].lo, mean[2].hi], [p.mean! - p.se!, p.mean! + p.se!]);
  assert.deepEqual(mean[2].runIds, ['run-2-0', 'run-2-1', 'run-2-2']);
  assert.equal(ds[1].label, 'per seed');
  assert.equal(ds[1].data.length, 15);
  assert.equal((ds[1].data[0] as SweepPoint).runIds.length, 1);
  const chosen = ds.find((d) => d.label === 'chosen λ (1se)')!;
  assert.equal((chosen.data[0] as SweepPoint).value, 1e-2);
  assert.equal(chosen.data[0].x, -2);
  const ov = cfg.options!.plugins!.reglabOverlays!;
  assert.equal(ov.errorBars, true);
  assert.equal(ov.vlines![0].value, -2);
  assert.match(ov.vlines![0].label!, /λ = 0\.01/);
  assert.equal(ov.hlines![0].value, 0.53, '1se threshold line');
  assert.equal(ov.xBreak!.value, -4.5);
  assert.match(String(cfg.options!.plugins!.subtitle!.text), /λ = 0 is drawn left of the axis break/);

  const cmp = sweepChart(makeSweep({ variants: ['L1', 'L2', 'none'], select: 'min' }), theme);
  const lines = cmp.data.datasets.filter((d) => d.showLine !== false);
  assert.deepEqual(lines.map((d) => d.label), ['L1', 'L2', 'none']);
  assert.equal(new Set(lines.map((d) => d.borderColor)).size, 3);
  assert.equal(cmp.options!.plugins!.reglabOverlays!.vlines!.length, 3);
  assert.equal(cmp.options!.plugins!.reglabOverlays!.hlines!.length, 0, 'no 1se line under "min"');
});

test('sweep chart: a loss spanning more than 20x across λ gets a log y axis; a narrow one, a non-positive bar end or accuracy a linear one', () => {
  const yType = (cfg: ReturnType<typeof sweepChart>) => (cfg.options!.scales!.y as { type?: string }).type;
  const narrow = makeSweep();
  assert.equal(yType(sweepChart(narrow, theme)), 'linear');
  const wide = makeSweep();
  const last = wide.variants[0].points[3];
  last.mean = 30; last.trials.forEach((t) => { t.metric = 30; });
  assert.equal(yType(sweepChart(wide, theme)), 'logarithmic');
  const barBelowZero = makeSweep();
  const p = barBelowZero.variants[0].points[3];
  p.mean = 30; p.se = 31; p.trials.forEach((t) => { t.metric = 30; });
  assert.equal(yType(sweepChart(barBelowZero, theme)), 'linear', 'mean − SE ≤ 0 cannot be drawn on a log axis');
  const accuracy = { ...wide, metric: 'valAccuracy' as const };
  assert.equal(yType(sweepChart(accuracy, theme)), 'linear');
});

test('overlay: one line per run, bounded points, legend hidden beyond a dozen runs', () => {
  const runs = Array.from({ length: 50 }, (_, i) => ({ id: `r${i}`, name: `run ${i}`, metrics: makeMetrics(1000) }));
  const cfg = overlayChart(runs, 'valLoss', theme, { maxPoints: 300 });
  assert.equal(cfg.data.datasets.length, 50);
  assert.ok(cfg.data.datasets.every((d) => d.data.length <= 300));
  assert.equal(cfg.options!.plugins!.legend!.display, false);
  assert.notDeepEqual(cfg.data.datasets[0].borderDash, cfg.data.datasets[6].borderDash, 'second palette cycle is dashed');
  assert.equal(overlayChart(runs.slice(0, 3), 'trainLoss', theme).options!.plugins!.legend!.display, true);
});

test('CSV exports hold the full data', () => {
  const csv = metricsCsv(makeMetrics(3)).trim().split('\n');
  assert.equal(csv.length, 4);
  assert.match(csv[0], /^epoch,trainLoss,penalty,valLoss,valAccuracy,lr,timeMs,0\.weight\.l2,/);
  const hist = histogramsCsv(makeMetrics(20, { histEvery: 10 })).trim().split('\n');
  assert.equal(hist[0], 'param,epoch,binStart,binEnd,count');
  assert.equal(hist.length, 1 + 3 * 4, '3 checkpoints × 4 bins');
  assert.match(hist[1], /^0\.weight,1,-1,-0\.5,1$/);
  const s = sweepCsv(makeSweep()).trim().split('\n');
  assert.equal(s.length, 5);
  assert.match(s[3], /,yes,$/);
});

test('theme: CSS variables with fallbacks; alpha colours', () => {
  const t = themeFromCssVariables(() => '');
  assert.equal(t.series.length, 6);
  assert.ok(t.series.every((c) => c.startsWith('#')));
  assert.equal(withAlpha('#ff0000', 0.5), 'rgba(255, 0, 0, 0.5)');
  assert.equal(withAlpha('#f00', 0.5), 'rgba(255, 0, 0, 0.5)');
  assert.equal(withAlpha('rgb(1, 2, 3)', 0.2), 'rgba(1, 2, 3, 0.2)');
});

test('log-axis tick labels: 1, 2, 5 per decade, compact', () => {
  assert.deepEqual([0.001, 0.002, 0.003, 0.005, 0.01, 0.07, 1, 20, 5e-5, 3e-5, 0].map(logTickLabel), ['0.001', '0.002', '', '0.005', '0.01', '', '1', '20', '5e-5', '', '']);
  // Chart.js's log scale also ticks at 1.5 × 10^k (between 1 and 2): those stay unlabelled.
  assert.deepEqual([0.15, 1.5, 15, 1.5e-5, 2.5, 0.2, 200].map(logTickLabel), ['', '', '', '', '', '0.2', '200']);
});

test('overlay point budget: fewer points per series as runs are added, within bounds', () => {
  assert.equal(overlayMaxPoints(1), 400);
  assert.equal(overlayMaxPoints(50), 240);
  assert.equal(overlayMaxPoints(1000), 64);
  const runs = Array.from({ length: 50 }, (_, i) => ({ id: `r${i}`, name: `run ${i}`, metrics: makeMetrics(1000) }));
  const total = overlayChart(runs, 'valLoss', theme).data.datasets.reduce((n, d) => n + d.data.length, 0);
  assert.ok(total <= 12_000, `${total} points`);
});

test('sweep chart: a λ whose trials include a diverged one is drawn hollow and said so', () => {
  const sweep = makeSweep();
  sweep.variants[0].points[1].excluded = 'seed 1 diverged';
  const cfg = sweepChart(sweep, theme);
  const ds = cfg.data.datasets[0];
  assert.equal((ds.data[1] as SweepPoint).excluded, 'seed 1 diverged');
  assert.equal((ds.pointBackgroundColor as string[])[1], theme.background);
  assert.equal((ds.pointBackgroundColor as string[])[0], theme.series[0]);
  assert.match(String(cfg.options!.plugins!.subtitle!.text), /hollow: not eligible/);
});

test('tooltips: "epoch N" titles and 4 significant digits', () => {
  const cfg = lossChart({ id: 'r', name: 'run', metrics: makeMetrics(5) }, theme);
  const cb = cfg.options!.plugins!.tooltip!.callbacks! as any;
  assert.equal(cb.title([{ parsed: { x: 3, y: 0.123456 } }]), 'epoch 3');
  assert.equal(cb.label({ dataset: { label: 'validation loss' }, parsed: { x: 3, y: 0.123456 } }), 'validation loss: 0.1235');
  assert.equal(tooltipNumber(1.23456e-5), '1.235e-5');
});

test('reference-line labels: coversData finds a point or error bar under a label box', () => {
  // 1 unit = 100 px on x; y grows downwards from 500 px at 0.
  const scales = { x: { getPixelForValue: (v: number) => v * 100 }, y: { getPixelForValue: (v: number) => 500 - v * 100 } };
  const chart = (data: unknown[]) => ({ data: { datasets: [{ data }] }, scales }) as unknown as Parameters<typeof coversData>[0];
  // A label box at x 0..120 px, y 270..286 px (values ~2.14..2.3).
  assert.equal(coversData(chart([{ x: 0.5, y: 2.2 }]), 0, 270, 120, 16), true, 'a point inside');
  assert.equal(coversData(chart([{ x: 3, y: 2.2 }]), 0, 270, 120, 16), false, 'a point right of it');
  assert.equal(coversData(chart([{ x: 0.5, y: 1 }]), 0, 270, 120, 16), false, 'a point below it');
  assert.equal(coversData(chart([{ x: 0.5, y: 1, lo: 0.5, hi: 3 }]), 0, 270, 120, 16), true, 'an error bar through it');
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { gridEdgeNotes, meanStdSe, selectLambda, sweepPoints } from '../../src/core/sweep/selection';
import type { SweepTrialRecord } from '../../src/core/sweep/types';

function trials(table: Record<number, number[]>, variant?: string): SweepTrialRecord[] {
  return Object.entries(table).flatMap(([v, ms]) => ms.map((metric, seed) => ({
    index: 0, value: Number(v), seed, metric, status: 'completed' as const, epochsCompleted: 10, epochsPlanned: 10,
    ...(variant ? { variant } : {}),
  })));
}

// Hand-computed: λ=0.001 mean 0.52, sd 0.02, se 0.02/√3 = 0.0115470; λ=0.01 mean 0.49, sd 0.01,
// se 0.01/√3 = 0.0057735; λ=0.1 mean 0.495 (within 0.49 + 0.0057735 = 0.4957735); λ=1 mean 0.65.
const table = { 0.001: [0.5, 0.52, 0.54], 0.01: [0.48, 0.5, 0.49], 0.1: [0.49, 0.5, 0.495], 1: [0.6, 0.7, 0.65] };
const values = [0.001, 0.01, 0.1, 1];

test('mean, sample standard deviation and standard error', () => {
  const r = meanStdSe([0.5, 0.52, 0.54]);
  assert.ok(Math.abs(r.mean - 0.52) < 1e-12);
  assert.ok(Math.abs(r.std - 0.02) < 1e-12);
  assert.ok(Math.abs(r.se - 0.02 / Math.sqrt(3)) < 1e-12);
  assert.deepEqual(meanStdSe([3]), { mean: 3, std: 0, se: 0 });
});

test('per-λ points carry n, mean and SE', () => {
  const pts = sweepPoints(trials(table), values, [undefined]);
  assert.equal(pts.length, 4);
  assert.equal(pts[1].n, 3);
  assert.ok(Math.abs(pts[1].mean - 0.49) < 1e-12);
  assert.ok(Math.abs(pts[1].se - 0.0057735) < 1e-6);
  assert.deepEqual(pts[1].values, [0.48, 0.5, 0.49]);
});

test('min picks the lowest mean; 1se the largest λ within one SE of it', () => {
  const pts = sweepPoints(trials(table), values, [undefined]);
  const min = selectLambda(pts, 'min', 'min', 'valLoss', 'optimizer.weightDecay');
  assert.equal(min.chosen, 0.01);
  assert.match(min.why, /optimizer\.weightDecay = 0\.01 has the lowest mean valLoss, 0\.49 ± 0\.005774 \(SE over 3 seeds\)/);
  const se = selectLambda(pts, '1se', 'min', 'valLoss', 'optimizer.weightDecay');
  assert.equal(se.chosen, 0.1);
  assert.equal(se.best, 0.01);
  assert.ok(Math.abs((se.threshold as number) - 0.4957735) < 1e-6);
  assert.match(se.why, /largest value whose mean valLoss \(0\.495\) is within one standard error of the best/);
});

test('1se for accuracy (maximized) goes the other way', () => {
  const acc = { 0.001: [0.9, 0.92, 0.94], 0.01: [0.93, 0.95, 0.94], 0.1: [0.93, 0.94, 0.935], 1: [0.7, 0.72, 0.71] };
  const pts = sweepPoints(trials(acc), values, [undefined]);
  assert.equal(selectLambda(pts, 'min', 'max', 'valAccuracy', 'penalty.l2').chosen, 0.01);
  // best 0.94, se 0.01/√3; threshold 0.934226; λ=0.1 mean 0.935 qualifies, λ=1 does not
  assert.equal(selectLambda(pts, '1se', 'max', 'valAccuracy', 'penalty.l2').chosen, 0.1);
});

test('a point with a diverged, failed or pruned trial is excluded and the reason kept', () => {
  const ts = trials(table);
  const bad = ts.find((t) => t.value === 0.01 && t.seed === 1)!;
  bad.status = 'diverged';
  bad.metric = NaN;
  const pruned = ts.find((t) => t.value === 1 && t.seed === 2)!;
  pruned.status = 'pruned';
  pruned.prunedAtEpoch = 4;
  const pts = sweepPoints(ts, values, [undefined]);
  assert.equal(pts[1].excluded, 'seed 1: diverged');
  assert.equal(pts[1].n, 2);
  assert.equal(pts[3].excluded, 'seed 2: pruned at epoch 4');
  const min = selectLambda(pts, 'min', 'min', 'valLoss', 'λ');
  // 0.001 (0.52) vs 0.1 (0.495): 0.1 wins once 0.01 is out
  assert.equal(min.chosen, 0.1);
  assert.match(min.why, /2 values were not eligible/);
});

test('no eligible point: no choice and a sentence saying why', () => {
  const ts = trials({ 0.1: [NaN] });
  ts[0].status = 'failed';
  const s = selectLambda(sweepPoints(ts, [0.1], [undefined]), '1se', 'min', 'valLoss', 'penalty.l1');
  assert.equal(s.chosen, undefined);
  assert.match(s.why, /No penalty\.l1 value can be chosen/);
});

test('variants are summarized separately', () => {
  const ts = [...trials(table, 'adam'), ...trials({ 0.001: [1, 1, 1], 0.01: [2, 2, 2], 0.1: [3, 3, 3], 1: [4, 4, 4] }, 'adamw')];
  const pts = sweepPoints(ts, values, ['adam', 'adamw']);
  assert.equal(pts.length, 8);
  assert.equal(selectLambda(pts.filter((p) => p.variant === 'adamw'), '1se', 'min', 'valLoss', 'λ', 'adamw').chosen, 0.001);
});

test('a chosen or best λ at the largest or smallest non-zero grid value gets a note to extend the grid', () => {
  const grid = [0, 1e-4, 1e-3, 1e-2, 1e-1, 1];
  const pick = (means: number[], rule: 'min' | '1se', variant?: string) => {
    const t: Record<number, number[]> = {};
    grid.forEach((v, i) => { t[v] = [means[i] - 0.01, means[i] + 0.01]; });
    return { ...selectLambda(sweepPoints(trials(t, variant), grid, [variant]), rule, 'min', 'valLoss', 'optimizer.weightDecay', variant), param: 'optimizer.weightDecay' };
  };
  // Loss still falling at λ = 1: the chosen λ is the top of the grid.
  const top = pick([0.9, 0.8, 0.7, 0.6, 0.5, 0.4], 'min');
  assert.equal(top.chosen, 1);
  assert.deepEqual(gridEdgeNotes(top, grid), ['the chosen λ (optimizer.weightDecay = 1) is at the upper edge of the grid; extend the grid above 1 to be sure the optimum is inside.']);
  // Best at the smallest non-zero value (0 is the reference, not an edge), chosen too with min.
  const low = pick([0.5, 0.3, 0.4, 0.5, 0.6, 0.7], 'min', 'adam');
  assert.equal(low.chosen, 1e-4);
  assert.deepEqual(gridEdgeNotes(low, grid), ['adam: the chosen λ (optimizer.weightDecay = 0.0001) is at the lower edge of the grid; extend the grid below 0.0001 to be sure the optimum is inside.']);
  // 1se moves the choice inside, but the best mean is still at the lower edge.
  const se = pick([0.5, 0.3, 0.305, 0.6, 0.6, 0.7], '1se');
  assert.equal(se.chosen, 1e-3);
  assert.equal(se.best, 1e-4);
  assert.match(gridEdgeNotes(se, grid).join('\n'), /^the λ with the best mean \(optimizer\.weightDecay = 0\.0001\) is at the lower edge of the grid; extend the grid below 0\.0001/);
  // A U-shaped curve: nothing to say. λ = 0 chosen: not an edge note either.
  assert.deepEqual(gridEdgeNotes(pick([0.9, 0.8, 0.5, 0.6, 0.7, 0.9], '1se'), grid), []);
  assert.deepEqual(gridEdgeNotes(pick([0.1, 0.8, 0.5, 0.6, 0.7, 0.9], 'min'), grid), []);
  // Baselines, no choice, or a grid with one non-zero value: no note.
  assert.deepEqual(gridEdgeNotes({ rule: 'min', baseline: true, why: '' }, grid), []);
  assert.deepEqual(gridEdgeNotes({ rule: 'min', why: '' }, grid), []);
  assert.deepEqual(gridEdgeNotes({ rule: 'min', chosen: 0.1, best: 0.1, why: '' }, [0, 0.1]), []);
});

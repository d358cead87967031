import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Pruner } from '../../src/core/sweep/earlyStopping';

const es = (kind: 'none' | 'median' | 'successive-halving', over = {}) => ({ kind, warmupEpochs: 2, minTrials: 3, reductionFactor: 2, ...over });

test('off by default: never prunes', () => {
  const p = new Pruner(es('none'), 'min', 'valLoss', 10);
  assert.equal(p.enabled, false);
  for (let t = 0; t < 5; t++) for (let e = 1; e <= 10; e++) assert.equal(p.report(t, e, t * 10).prune, false);
});

test('median rule: prunes a trial worse than the median of earlier trials at the same epoch, after warm-up', () => {
  const p = new Pruner(es('median'), 'min', 'valLoss', 10);
  // Three earlier trials, losses at epochs 1..3
  const curves = [[1, 0.8, 0.6], [1, 0.7, 0.5], [1, 0.9, 0.7]];
  curves.forEach((c, t) => c.forEach((v, i) => assert.equal(p.report(t, i + 1, v).prune, false)));
  // Trial 3 is bad at epoch 1 but epoch 1 is inside the warm-up.
  assert.equal(p.report(3, 1, 5).prune, false);
  // Epoch 2: its best so far is 2.0; median of earlier best-so-far at epoch 2 = 0.8.
  const d = p.report(3, 2, 2);
  assert.equal(d.prune, true);
  assert.match((d as { reason: string }).reason, /best valLoss 2 by epoch 2 is worse than the median 0\.8 of 3 earlier trials/);
  // A trial as good as the median continues (strictly worse is needed).
  const q = new Pruner(es('median'), 'min', 'valLoss', 10);
  curves.forEach((c, t) => c.forEach((v, i) => q.report(t, i + 1, v)));
  q.report(4, 1, 1);
  assert.equal(q.report(4, 2, 0.8).prune, false);
});

test('median rule uses the best value so far and needs minTrials earlier trials', () => {
  const p = new Pruner(es('median', { minTrials: 2 }), 'min', 'valLoss', 10);
  p.report(0, 1, 1); p.report(0, 2, 0.5);
  p.report(1, 1, 1); p.report(1, 2, 0.6);
  p.report(2, 1, 0.4); // good early
  assert.equal(p.report(2, 2, 0.9).prune, false, 'best so far 0.4 < median 0.55');
  const lone = new Pruner(es('median'), 'min', 'valLoss', 10);
  lone.report(0, 1, 0.1); lone.report(0, 2, 0.1);
  lone.report(1, 1, 9);
  assert.equal(lone.report(1, 2, 9).prune, false, 'only one earlier trial: not enough evidence');
});

test('median rule for accuracy (maximized)', () => {
  const p = new Pruner(es('median'), 'max', 'valAccuracy', 10);
  for (let t = 0; t < 3; t++) { p.report(t, 1, 0.5); p.report(t, 2, 0.9); }
  p.report(3, 1, 0.5);
  assert.equal(p.report(3, 2, 0.6).prune, true);
});

test('successive halving: rungs at w·η^k; keeps the best half of those that reached the rung', () => {
  const p = new Pruner(es('successive-halving'), 'min', 'valLoss', 20);
  assert.deepEqual(p.rungEpochs, [2, 4, 8, 16]);
  const at2 = [0.5, 0.4, 0.3, 0.9, 0.35];
  const decisions = at2.map((v, t) => { p.report(t, 1, 1); return p.report(t, 2, v).prune; });
  // trial 0, 1: fewer than minTrials at the rung; trial 2: best 1 of 3 -> 0.3 kept;
  // trial 3: 0.9 vs best 2 of 4 (0.3, 0.4) -> pruned; trial 4: 0.35 in best 2 of 5 -> kept.
  assert.deepEqual(decisions, [false, false, false, true, false]);
  // Off-rung epochs never prune.
  assert.equal(p.report(3, 3, 100).prune, false);
});

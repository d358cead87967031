import { test } from 'node:test';
import assert from 'node:assert/strict';
import { logspace, planSweep } from '../../src/core/sweep/grid';
import { buildSweepSummary, pendingRecords } from '../../src/core/sweep/summary';
import { exitCode } from '../../src/cli/commands/sweep';
import { getField, parseFieldPath, withField } from '../../src/core/sweep/fieldPath';
import type { ResolvedExperiment, SweepSpec } from '../../src/core/experiment/types';
import { smallExperiment } from './sweep-helpers';

function withSweep(sweep: Partial<SweepSpec> & Record<string, unknown>, over: Partial<ResolvedExperiment> = {}): ResolvedExperiment {
  return smallExperiment({ ...over, sweep: { param: 'optimizer.weightDecay', seeds: [0], metric: 'valLoss', select: 'min', ...sweep } as SweepSpec });
}

test('field paths: dots and [index]', () => {
  assert.deepEqual(parseFieldPath('paramGroups[0].weightDecay'), ['paramGroups', 0, 'weightDecay']);
  assert.deepEqual(parseFieldPath('paramGroups.1.lr'), ['paramGroups', 1, 'lr']);
  assert.throws(() => parseFieldPath('a..b'), /not a field path/);
  const e = smallExperiment();
  assert.equal(getField(e, 'optimizer.betas[1]'), 0.999);
  const e2 = withField(e, 'penalty.l1', 0.5);
  assert.equal(e2.penalty.l1, 0.5);
  assert.equal(e.penalty.l1, 0, 'the original is not changed');
  assert.throws(() => withField(e, 'nope.x', 1), /no object at "nope"/);
});

test('logspace matches numpy.logspace and rounds away float noise', () => {
  assert.deepEqual(logspace(1e-5, 1e-1, 5), [1e-5, 1e-4, 1e-3, 1e-2, 1e-1]);
  assert.deepEqual(logspace(0.01, 1, 3), [0.01, 0.1, 1]);
  assert.deepEqual(logspace(2, 2, 1), [2]);
  assert.throws(() => logspace(0, 1, 3), /must be > 0/);
});

test('grid: every λ on every seed; trial seed is the seed; λ lands in the field; no sweep block', () => {
  const plan = planSweep(withSweep({ values: [0, 0.1, 1], seeds: [3, 4] }));
  assert.equal(plan.trials.length, 6);
  assert.deepEqual(plan.trials.map((t) => [t.value, t.seed]), [[0, 3], [0, 4], [0.1, 3], [0.1, 4], [1, 3], [1, 4]]);
  for (const t of plan.trials) {
    assert.equal(t.experiment.optimizer.weightDecay, t.value);
    assert.equal(t.experiment.seed, t.seed);
    assert.equal(t.experiment.sweep, undefined);
  }
  // Same seed, different λ: the experiments differ only in the swept field.
  const a = structuredClone(plan.trials[0].experiment);
  const b = structuredClone(plan.trials[2].experiment);
  a.optimizer.weightDecay = b.optimizer.weightDecay = 0;
  assert.deepEqual(a, b);
  assert.match(plan.trials[3].runName, /weightDecay=0\.1-s4$/);
});

test('seeds default to the experiment seed; logspace expands', () => {
  const e = withSweep({ logspace: { from: 1e-4, to: 1e-2, num: 3 } }, { seed: 7 });
  delete (e.sweep as Partial<SweepSpec>).seeds;
  const plan = planSweep(e);
  assert.deepEqual(plan.values, [1e-4, 1e-3, 1e-2]);
  assert.deepEqual(plan.seeds, [7]);
});

test('sweep.param must name a numeric field: clear errors', () => {
  assert.throws(() => planSweep(withSweep({ param: 'optimizer.weightDcay', values: [1] })), /sweep\.param "optimizer\.weightDcay" does not name a field/);
  assert.throws(() => planSweep(withSweep({ param: 'optimizer.type', values: [1] })), /must name a numeric field; it holds string "adamw"/);
  assert.throws(() => planSweep(withSweep({ param: 'model.hidden', values: [1] })), /it holds an array/);
  assert.throws(() => planSweep(withSweep({ values: [1], logspace: { from: 1, to: 2, num: 2 } })), /not both/);
  assert.throws(() => planSweep(withSweep({})), /give the values to try/);
  assert.throws(() => planSweep(withSweep({ values: [1, 1] })), /duplicates/);
  assert.throws(() => planSweep(smallExperiment()), /no "sweep" block/);
  // An explicit group may omit lr/weightDecay (inherited): still a valid target.
  const g = withSweep({ param: 'paramGroups[0].weightDecay', values: [0.1] }, { paramGroups: [{ match: 'weight' }] });
  assert.equal((planSweep(g).trials[0].experiment.paramGroups as Array<{ weightDecay?: number }>)[0].weightDecay, 0.1);
});

test('compare: variants over the same grid; per-variant param; set wins over λ (baseline)', () => {
  const plan = planSweep(withSweep({
    param: 'penalty.l2', values: [0.01, 0.1], seeds: [0, 1],
    compare: [
      { name: 'L2', set: {} },
      { name: 'L1', param: 'penalty.l1', set: {} },
      { name: 'none', set: { 'penalty.l2': 0 } },
    ],
  } as never));
  assert.equal(plan.trials.length, 10, 'L2 and L1: 2 λ × 2 seeds each; the baseline once per seed');
  const l1 = plan.trials.filter((t) => t.variant === 'L1');
  assert.deepEqual(l1.map((t) => [t.experiment.penalty.l1, t.experiment.penalty.l2]), [[0.01, 0], [0.01, 0], [0.1, 0], [0.1, 0]]);
  const none = plan.trials.filter((t) => t.variant === 'none');
  assert.equal(none.length, 2);
  assert.ok(none.every((t) => t.experiment.penalty.l2 === 0 && t.experiment.penalty.l1 === 0));
  assert.ok(plan.notes.some((n) => /Variant "none" sets penalty\.l2 itself.*trained once per seed/.test(n)));
  assert.deepEqual(plan.variants.map((v) => v.baseline), [false, false, true]);
  // Summaries: each variant chooses in its own field; the baseline chooses nothing and that is fine.
  const records = pendingRecords(plan).map((r) => ({ ...r, status: 'completed' as const, metric: 1 + r.value * (r.variant === 'L1' ? -1 : 1) + r.seed / 100 }));
  const s = buildSweepSummary(plan, records, { id: 'x', status: 'completed', startedAt: '', parallel: 1 });
  assert.deepEqual(s.selections.map((x) => [x.variant, x.param, x.chosen, !!x.baseline]), [['L2', 'penalty.l2', 0.01, false], ['L1', 'penalty.l1', 0.1, false], ['none', 'penalty.l2', undefined, true]]);
  assert.match(s.selections[2].why, /Variant "none" fixes penalty\.l2 itself: a baseline/);
  const flat = s.points.filter((p) => p.variant === 'none');
  assert.deepEqual(flat.map((p) => [p.value, p.n]), [[0.01, 2], [0.1, 2]], 'the baseline is shown at every λ');
  assert.equal(flat[0].mean, flat[1].mean);
  assert.equal(exitCode(s), 0);
  assert.throws(() => planSweep(withSweep({ values: [1], compare: [{ name: 'x', set: { 'optimizer.lr': 'fast' } }] })), /compare "x": set "optimizer\.lr": expected a number/);
  assert.throws(() => planSweep(withSweep({ values: [1], compare: [{ name: 'x', set: {} }, { name: 'x', set: {} }] })), /distinct "name"/);
});

test('Adam (coupled) vs AdamW over the same λ grid; lr swept with AdamW gets the lr·λ note', () => {
  const plan = planSweep(withSweep({ values: [1e-3, 1e-2], compare: [{ name: 'adam', set: { 'optimizer.type': 'adam' } }, { name: 'adamw', set: { 'optimizer.type': 'adamw' } }] }));
  assert.deepEqual(plan.trials.map((t) => t.experiment.optimizer.type), ['adam', 'adam', 'adamw', 'adamw']);
  assert.ok(!plan.notes.some((n) => /lr·λ/.test(n)), 'λ alone: no coupling note');
  const lr = planSweep(withSweep({ values: [1e-3, 1e-2], compare: [{ name: 'fast', set: { 'optimizer.lr': 0.1 } }, { name: 'slow', set: { 'optimizer.lr': 0.001 } }] }));
  assert.ok(lr.notes.some((n) => /lr·λ/.test(n)));
});

test('metric direction and early-stopping defaults', () => {
  const p = planSweep(withSweep({ values: [1], metric: 'valAccuracy', earlyStopping: { kind: 'median' } }));
  assert.equal(p.direction, 'max');
  assert.deepEqual(p.earlyStopping, { kind: 'median', warmupEpochs: 1, minTrials: 3, reductionFactor: 2 });
  assert.equal(planSweep(withSweep({ values: [1] })).earlyStopping.kind, 'none');
  const reg = smallExperiment({ data: { source: 'builtin', name: 'diabetes', valFraction: 0.3 } });
  reg.sweep = { param: 'penalty.l2', values: [1], seeds: [0], metric: 'valAccuracy', select: 'min' };
  assert.throws(() => planSweep(reg), /needs a classification task/);
});

// sweepViewFromSummary: the sweep summary written by the sweep runner, reduced to what the panel
// and the report chart.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sweepViewFromSummary } from '../../src/core/charts';
import { writeSweep } from './report-fixtures';

test('per variant and λ: mean, SE, n and trials in seed order; selections; failed trials kept', () => {
  const { summary } = writeSweep(mkdtempSync(path.join(os.tmpdir(), 'reglab-sv-')));
  const view = sweepViewFromSummary(summary);
  assert.deepEqual(view.variants.map((v) => v.name), ['adam-l2', 'adamw']);
  const adamw = view.variants[1];
  assert.deepEqual(adamw.points.map((p) => p.value), [0, 1e-4, 1e-3, 1e-2, 1e-1]);
  const p = adamw.points[3];
  const stat = summary.points.find((x) => x.variant === 'adamw' && x.value === 1e-2)!;
  assert.equal(p.mean, stat.mean);
  assert.equal(p.se, stat.se);
  assert.equal(p.n, 3);
  assert.deepEqual(p.trials.map((t) => t.seed), [0, 1, 2]);
  assert.equal(p.trials[0].epochsPlanned, 40);
  // The λ whose seed-2 trial failed: two seeds count, the failure is listed with its reason.
  const failed = adamw.points[4];
  assert.equal(failed.n, 2);
  assert.equal(failed.trials[2].status, 'failed');
  assert.match(failed.trials[2].reason!, /SIGKILL/);
  assert.ok(failed.excluded, 'a λ with a failed trial is not eligible');
  // The diverged trial of adam-l2 at λ = 0 has no metric and makes that point ineligible.
  const diverged = view.variants[0].points[0];
  assert.equal(diverged.trials[1].status, 'diverged');
  assert.equal(diverged.trials[1].metric, undefined);
  assert.ok(diverged.excluded);
  assert.deepEqual(view.selections.map((s) => [s.variant, s.chosen]), summary.selections.map((s) => [s.variant, s.chosen]));
  assert.equal(view.variantParams, undefined, 'same field in every variant');
});

test('variants sweeping different fields (L1 vs L2) are named from the experiment', () => {
  const { summary } = writeSweep(mkdtempSync(path.join(os.tmpdir(), 'reglab-sv-')));
  const view = sweepViewFromSummary(summary, { sweep: { compare: [{ name: 'adam-l2', param: 'penalty.l2' }, { name: 'adamw' }] } });
  assert.deepEqual(view.variantParams, { 'adam-l2': 'penalty.l2', adamw: 'optimizer.weightDecay' });
  const noCompare = sweepViewFromSummary({ ...summary, variants: [], trials: summary.trials.map((t) => ({ ...t, variant: undefined })), points: summary.points.filter((x) => x.variant === 'adamw').map((x) => ({ ...x, variant: undefined })) });
  assert.deepEqual(noCompare.variants.map((v) => v.name), ['']);
  assert.equal(noCompare.variants[0].points[2].trials.length, 6, 'trials of both former variants now fall under the single line');
});

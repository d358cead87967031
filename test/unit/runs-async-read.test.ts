// The asynchronous readers the extension host uses (readRunAsync, readSweepAsync) give exactly
// what the synchronous ones give: finished, incomplete, torn and missing runs, a killed sweep
// whose trials take their folders' status (one folder gone), a corrupt sweep.json.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { RunWriter, RUN_FILES, SWEEP_FILES, createSweepFolder, readRun, readRunAsync, readSweep, readSweepAsync, trialLink, writeSweepSummary } from '../../src/core/runs';
import type { SweepSummary } from '../../src/core/sweep/types';
import { fakeEpoch, smallExperiment, tempDir } from './sweep-helpers';

test('readRunAsync equals readRun for finished, incomplete, torn and missing runs', async () => {
  const root = tempDir();
  const done = RunWriter.create({ root, experiment: smallExperiment(), name: 'done' });
  for (let e = 1; e <= 4; e++) done.appendEpoch(fakeEpoch(e));
  done.finish({ status: 'completed', backend: 'wasm' });
  const killed = RunWriter.create({ root, experiment: smallExperiment(), name: 'killed' });
  killed.appendEpoch(fakeEpoch(1));
  appendFileSync(path.join(killed.dir, RUN_FILES.metrics), '{"epoch":2,');
  const torn = RunWriter.create({ root, experiment: smallExperiment(), name: 'torn' });
  torn.appendEpoch(fakeEpoch(1));
  writeFileSync(path.join(torn.dir, RUN_FILES.summary), '{"id": "x", "stat');
  for (const dir of [done.dir, killed.dir, torn.dir, path.join(root, 'no-such-run')]) {
    const a = await readRunAsync(dir);
    assert.deepEqual(a, readRun(dir), dir);
  }
  assert.equal((await readRunAsync(done.dir)).metrics.length, 4);
  assert.equal((await readRunAsync(killed.dir)).run.status, 'incomplete');
  assert.equal((await readRunAsync(killed.dir)).warnings.length, 1, 'the torn metrics line is reported');
});

test('readSweepAsync equals readSweep for a killed sweep (one trial folder gone) and a corrupt sweep.json', async () => {
  const root = tempDir();
  const exp = smallExperiment();
  const sw = createSweepFolder(root, exp);
  const t0 = RunWriter.create({ root, experiment: exp, sweep: { id: sw.id, param: 'optimizer.weightDecay', value: 0.01, seed: 0 } });
  t0.appendEpoch(fakeEpoch(1));
  t0.appendEpoch(fakeEpoch(2));
  const t1 = RunWriter.create({ root, experiment: exp, sweep: { id: sw.id, param: 'optimizer.weightDecay', value: 0.1, seed: 0 } });
  const trial = (index: number, value: number, w: RunWriter) => ({ index, value, seed: 0, status: 'running' as const, runId: w.id, path: trialLink(sw.dir, w.dir), epochsCompleted: 0, epochsPlanned: 5 });
  const summary: SweepSummary = {
    kind: 'sweep', id: sw.id, name: exp.name, status: 'running', startedAt: new Date().toISOString(),
    param: 'optimizer.weightDecay', metric: 'valLoss', direction: 'min', select: 'min', values: [0.01, 0.1], seeds: [0],
    variants: [], earlyStopping: { kind: 'none' }, parallel: 2,
    trials: [trial(0, 0.01, t0), trial(1, 0.1, t1)],
    points: [], selections: [], notes: [], counts: { running: 2 },
    pid: 999999999, // no such process: the sweep was killed
  };
  writeSweepSummary(sw.dir, summary);
  rmSync(t1.dir, { recursive: true });
  const a = await readSweepAsync(sw.dir);
  assert.deepEqual(a, readSweep(sw.dir));
  assert.equal(a.sweep?.status, 'incomplete');
  assert.deepEqual(a.sweep?.trials.map((t) => [t.status, t.epochsCompleted]), [['incomplete', 2], ['incomplete', 0]]);
  writeFileSync(path.join(sw.dir, SWEEP_FILES.sweep), '{"kind": "sweep", "id"');
  const bad = await readSweepAsync(sw.dir);
  assert.deepEqual(bad, readSweep(sw.dir));
  assert.equal(bad.sweep, undefined);
  assert.match(bad.warnings[0]!, /not valid JSON/);
});

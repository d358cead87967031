// The panel's runs list (panel/runIndex.ts) agrees with the run store's own listing for finished,
// incomplete and corrupt runs and for sweeps, without reading metrics files of finished runs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { RunWriter, RUN_FILES, listStore } from '../../src/core/runs';
import { indexStore } from '../../src/extension/panel/runIndex';
import { fakeEpoch, smallExperiment, tempDir } from './sweep-helpers';

test('finished, incomplete and corrupt runs: same status and epochs as listStore, newest first', async () => {
  const root = tempDir();
  const done = RunWriter.create({ root, experiment: smallExperiment(), name: 'done' });
  for (let e = 1; e <= 3; e++) done.appendEpoch(fakeEpoch(e, [0.9, 0.5, 0.7][e - 1]!));
  done.finish({ status: 'completed', backend: 'wasm' });
  await new Promise((r) => setTimeout(r, 5));
  const killed = RunWriter.create({ root, experiment: smallExperiment(), name: 'killed', sweep: { id: 'sw', param: 'optimizer.weightDecay', value: 0.1, seed: 1 } });
  killed.appendEpoch(fakeEpoch(1, 0.8));
  killed.appendEpoch(fakeEpoch(2, 0.6));
  await new Promise((r) => setTimeout(r, 5));
  const corrupt = RunWriter.create({ root, experiment: smallExperiment(), name: 'corrupt' });
  corrupt.appendEpoch(fakeEpoch(1, 0.8));
  writeFileSync(path.join(corrupt.dir, RUN_FILES.summary), '{"id": "x", "stat');

  const ix = await indexStore(root);
  const ref = listStore(root);
  assert.equal(ix.entries.length, 3);
  assert.deepEqual(ix.entries.map((e) => e.name), ['corrupt', 'killed', 'done']);
  for (const e of ix.entries) {
    const r = ref.runs.find((x) => x.id === e.id)!;
    assert.equal(e.status, r.status, e.name);
    assert.equal(e.epochsCompleted, r.epochsCompleted, e.name);
    assert.equal(e.epochsPlanned, r.epochsPlanned, e.name);
    assert.equal(e.dir, r.dir);
  }
  assert.equal(ix.entries.find((e) => e.name === 'done')!.valLoss, 0.7);
  assert.deepEqual(ix.entries.find((e) => e.name === 'killed')!.sweep, { id: 'sw', param: 'optimizer.weightDecay', value: 0.1, seed: 1 });
  assert.ok(ix.warnings.some((w) => w.includes('corrupt') || w.includes(RUN_FILES.summary)), ix.warnings.join('\n'));

  // A finished run is listed from its summary alone: its metrics file is not read.
  writeFileSync(path.join(done.dir, RUN_FILES.metrics), 'not json\n');
  const again = await indexStore(root);
  assert.equal(again.entries.find((e) => e.name === 'done')!.epochsCompleted, 3);
  assert.ok(!again.warnings.some((w) => w.includes(done.dir)), again.warnings.join('\n'));
});

test('a missing store is an empty list, not an error', async () => {
  const ix = await indexStore(path.join(tempDir(), 'nope'));
  assert.deepEqual(ix, { entries: [], warnings: [] });
});

// The panel's runs list (panel/runIndex.ts) agrees with the run store's own listing for finished,
// incomplete and corrupt runs and for sweeps, without reading metrics files of finished runs, and
// with its cache re-reads only folders that changed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { RunWriter, RUN_FILES, SWEEP_FILES, createSweepFolder, listStore, writeSweepSummary } from '../../src/core/runs';
import type { SweepSummary } from '../../src/core/sweep/types';
import { IndexCache, indexStore, markLive } from '../../src/extension/panel/runIndex';
import type { RunListEntry } from '../../src/core/panel/protocol';
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

test('a run being trained lists as running with its epochs, not incomplete (host pool or a live sweep on disk)', async () => {
  const root = tempDir();
  const live = RunWriter.create({ root, experiment: smallExperiment(), name: 'training', sweep: { id: 'sw', param: 'optimizer.weightDecay', value: 0.1, seed: 0 } });
  live.appendEpoch(fakeEpoch(1, 0.8));
  live.appendEpoch(fakeEpoch(2, 0.7));
  const dead = RunWriter.create({ root, experiment: smallExperiment(), name: 'killed' });
  dead.appendEpoch(fakeEpoch(1, 0.8));
  const sweepJson = (status: string, pid: number) => ({ kind: 'sweep', id: 'sw', name: 'sw', status, pid, startedAt: new Date().toISOString(), param: 'optimizer.weightDecay',
    trials: [{ index: 0, value: 0.1, seed: 0, status: 'running', runId: live.id, path: `../${path.basename(live.dir)}`, epochsCompleted: 2, epochsPlanned: 5 }] });
  const sweepDir = path.join(root, '00-sw');
  mkdirSync(sweepDir);
  // The sweep's process is alive (this one): its running trial is running.
  writeFileSync(path.join(sweepDir, 'sweep.json'), JSON.stringify(sweepJson('running', process.pid)));
  let ix = await indexStore(root);
  const byName = (n: string) => ix.entries.find((e) => e.name === n)!;
  assert.equal(byName('training').status, 'running');
  assert.equal(byName('training').epochsCompleted, 2);
  assert.equal(byName('killed').status, 'incomplete', 'a run no live sweep claims stays incomplete');
  assert.equal(byName('sw').status, 'running');
  // The sweep's process is gone: the trial is what its folder shows.
  writeFileSync(path.join(sweepDir, 'sweep.json'), JSON.stringify(sweepJson('running', 2 ** 22 + 12345)));
  ix = await indexStore(root);
  assert.equal(byName('training').status, 'incomplete');
  assert.equal(byName('sw').status, 'incomplete');

  // The host's pool knows what it trains: markLive sets running and the epochs reported so far.
  const entries: RunListEntry[] = ix.entries.map(({ dir: _d, ...e }) => e);
  const marked = markLive(entries, [{ runId: dead.id, epoch: 3, epochsPlanned: 60 }]);
  assert.deepEqual(marked.find((e) => e.id === dead.id)!, { ...entries.find((e) => e.id === dead.id)!, status: 'running', epochsCompleted: 3, epochsPlanned: 60 });
  assert.equal(marked.find((e) => e.id === live.id)!.status, 'incomplete', 'others unchanged');
  assert.equal(marked.find((e) => e.kind === 'sweep')!.status, 'incomplete', 'sweeps keep their sweep.json status');
});

test('with a cache, finished runs and sweeps are read once; a folder that changed (summary written, sweep ended) is read again; deleted folders go', async () => {
  const root = tempDir();
  const cache = new IndexCache();
  const done = RunWriter.create({ root, experiment: smallExperiment(), name: 'done' });
  done.appendEpoch(fakeEpoch(1, 0.9));
  done.finish({ status: 'completed', backend: 'wasm' });
  const training = RunWriter.create({ root, experiment: smallExperiment(), name: 'training' });
  training.appendEpoch(fakeEpoch(1, 0.8));
  const sw = createSweepFolder(root, smallExperiment({ name: 'sw' }));
  const sweep = () => ({ kind: 'sweep', id: sw.id, name: 'sw', status: 'completed', startedAt: new Date().toISOString(), param: 'optimizer.weightDecay', trials: [] }) as unknown as SweepSummary;
  writeSweepSummary(sw.dir, sweep());

  const first = await indexStore(root, cache);
  assert.deepEqual(first, await indexStore(root), 'a cached listing equals an uncached one');

  // Rewritten in place (no rename: the folder's mtime stays): the cached entries are served, so
  // the files were not read again.
  writeFileSync(path.join(done.dir, RUN_FILES.summary), '{"id": "x", "stat');
  writeFileSync(path.join(sw.dir, SWEEP_FILES.sweep), '{"kind": "sweep"');
  const again = await indexStore(root, cache);
  assert.equal(again.entries.find((e) => e.name === 'done')!.status, 'completed');
  assert.equal(again.entries.find((e) => e.kind === 'sweep')!.status, 'completed');
  assert.deepEqual(again.warnings, []);

  // A run without summary is read every time (it may be training): its new epochs show.
  training.appendEpoch(fakeEpoch(2, 0.7));
  assert.equal((await indexStore(root, cache)).entries.find((e) => e.name === 'training')!.epochsCompleted, 2);
  // Its summary arrives by a rename: read again, now completed (and from then on cached).
  training.finish({ status: 'completed', backend: 'wasm' });
  assert.equal((await indexStore(root, cache)).entries.find((e) => e.name === 'training')!.status, 'completed');
  // A sweep's new sweep.json (atomic rename) is read again. (The pause: folder mtimes can be
  // as coarse as the kernel's tick.)
  await new Promise((r) => setTimeout(r, 30));
  writeSweepSummary(sw.dir, { ...sweep(), name: 'sw renamed' });
  assert.equal((await indexStore(root, cache)).entries.find((e) => e.kind === 'sweep')!.name, 'sw renamed');
  // Gone from disk: gone from the list.
  rmSync(done.dir, { recursive: true });
  assert.equal((await indexStore(root, cache)).entries.some((e) => e.name === 'done'), false);
});

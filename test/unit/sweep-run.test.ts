// runSweep end to end with the stand-in trainer (sweep-fake-trainer.ts: valLoss = (1 + λ)/epoch
// + seed/100): the summary on disk, a crashing trial, early stopping, cancel, a killed sweep.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { runSweep, type SweepEvent } from '../../src/core/sweep/runSweep';
import { listStore, readRun } from '../../src/core/runs';
import type { ResolvedExperiment, SweepSpec } from '../../src/core/experiment/types';
import type { SweepSummary } from '../../src/core/sweep/types';
import { exitCode } from '../../src/cli/commands/sweep';
import { smallExperiment, tempDir } from './sweep-helpers';

const trainerPath = path.join(__dirname, 'sweep-fake-trainer.ts');
const execArgv = ['--import', 'tsx'];

function experiment(sweep: Partial<SweepSpec>, epochs = 6, name = 'fake'): ResolvedExperiment {
  return smallExperiment({
    name,
    training: { epochs, batchSize: 32, shuffle: true },
    sweep: { param: 'optimizer.weightDecay', values: [0, 1, 2], seeds: [0, 1], metric: 'valLoss', select: 'min', ...sweep },
  });
}

test('a sweep writes sweep.json with per-λ mean ± SE, the choice and links to every trial run', async () => {
  const root = tempDir();
  const events: SweepEvent['type'][] = [];
  const { dir, summary } = await runSweep(experiment({}), { storeRoot: root, trainerPath, execArgv, parallel: 2, onEvent: (e) => events.push(e.type) });
  const onDisk = JSON.parse(readFileSync(path.join(dir, 'sweep.json'), 'utf8')) as SweepSummary;
  assert.equal(onDisk.status, 'completed');
  assert.equal(onDisk.pid, undefined);
  assert.deepEqual(onDisk.counts, { completed: 6 });
  // final epoch 6: valLoss = (1+λ)/6 + seed/100 -> λ=0: mean 1/6 + 0.005, se = 0.005
  const p0 = onDisk.points[0];
  assert.ok(Math.abs(p0.mean - (1 / 6 + 0.005)) < 1e-12);
  assert.ok(Math.abs(p0.se - 0.005) < 1e-12);
  assert.equal(onDisk.selections[0].chosen, 0);
  for (const t of onDisk.trials) {
    const run = readRun(path.resolve(dir, t.path!)).run;
    assert.equal(run.status, 'completed');
    assert.deepEqual(run.sweep, { id: summary.id, param: 'optimizer.weightDecay', value: t.value, seed: t.seed });
    const exp = JSON.parse(readFileSync(path.join(dir, t.path!, 'experiment.json'), 'utf8'));
    assert.equal(exp.optimizer.weightDecay, t.value);
    assert.equal(exp.seed, t.seed);
  }
  assert.equal(events[0], 'sweep-started');
  assert.equal(events.at(-1), 'sweep-ended');
  assert.equal(events.filter((e) => e === 'epoch').length, 36);
  const l = listStore(root);
  assert.equal(l.sweeps.length, 1);
  assert.equal(l.runs.length, 6);
  assert.equal(exitCode(summary), 0);
});

test('a crashed trial is failed with its reason; the sweep still reports and chooses among the rest', async () => {
  const root = tempDir();
  const exp = experiment({ compare: [{ name: 'ok', set: {} }, { name: 'crashy', set: { name: 'crash-at-2' } }] });
  const { summary } = await runSweep(exp, { storeRoot: root, trainerPath, execArgv, parallel: 2 });
  assert.equal(summary.status, 'completed');
  assert.deepEqual(summary.counts, { completed: 6, failed: 6 });
  const f = summary.trials.find((t) => t.variant === 'crashy')!;
  assert.match(f.reason!, /exited with code 3.*simulated crash at epoch 2/);
  assert.equal(f.epochsCompleted, 1);
  assert.equal(summary.selections.find((s) => s.variant === 'ok')!.chosen, 0);
  assert.equal(summary.selections.find((s) => s.variant === 'crashy')!.chosen, undefined);
  assert.equal(exitCode(summary), 1, 'reglab sweep exits 1 when a trial failed');
});

test('median stopping (off by default) prunes hopeless trials and says when', async () => {
  const root = tempDir();
  const exp = experiment({ values: [0, 1, 2, 3], seeds: [0], earlyStopping: { kind: 'median', warmupEpochs: 2, minTrials: 2 } }, 8);
  const { summary } = await runSweep(exp, { storeRoot: root, trainerPath, execArgv, parallel: 1 });
  // λ=0, 1 run fully; λ=2 at epoch 2: 1.5 > median(0.5, 1.0) -> pruned; λ=3 likewise.
  assert.deepEqual(summary.trials.map((t) => t.status), ['completed', 'completed', 'pruned', 'pruned']);
  const p = summary.trials[2];
  assert.equal(p.prunedAtEpoch, 2);
  assert.equal(p.epochsCompleted, 2);
  assert.match(p.reason!, /median stopping rule: best valLoss 1\.5 by epoch 2 is worse than the median 0\.75 of 2 earlier trials/);
  assert.match(summary.notes.join(' '), /pruned 2 trials: λ=2 seed 0 at epoch 2; λ=3 seed 0 at epoch 2/);
  assert.equal(readRun(path.resolve(root, summary.id, p.path!)).run.status, 'pruned');
  assert.equal(summary.selections[0].chosen, 0);
  assert.equal(exitCode(summary), 0, 'pruned trials are results, not failures');
  const off = await runSweep(experiment({ values: [0, 1, 2, 3], seeds: [0] }, 8), { storeRoot: root, trainerPath, execArgv, parallel: 1 });
  assert.deepEqual(off.summary.counts, { completed: 4 }, 'without earlyStopping nothing is pruned');
});

test('successive halving prunes at its rungs; the best trials run to the end', async () => {
  const root = tempDir();
  const exp = experiment({ values: [0, 1, 2, 3, 4], seeds: [0], earlyStopping: { kind: 'successive-halving', warmupEpochs: 2, minTrials: 3, reductionFactor: 2 } }, 8);
  const { summary } = await runSweep(exp, { storeRoot: root, trainerPath, execArgv, parallel: 1 });
  // Rung at epoch 2 (values (1+λ)/2): λ=0, 1 pass while fewer than 3 have reached it; λ=2 is not
  // the best 1 of 3; λ=3, 4 are not among the best 2 of 4 and 5.
  assert.deepEqual(summary.trials.map((t) => t.status), ['completed', 'completed', 'pruned', 'pruned', 'pruned']);
  assert.deepEqual(summary.trials.slice(2).map((t) => t.prunedAtEpoch), [2, 2, 2]);
  assert.match(summary.trials[3].reason!, /successive halving: best valLoss 2 at rung epoch 2 is not among the best 2 of the 4 trials/);
});

test('aborting the signal cancels every trial within a second; the summary is still written', async () => {
  const root = tempDir();
  const ctrl = new AbortController();
  let abortedAt = 0;
  const seen = new Set<number>();
  const { summary } = await runSweep(experiment({}, 10_000), {
    storeRoot: root, trainerPath, execArgv, parallel: 2, signal: ctrl.signal,
    onEvent: (e) => {
      if (e.type !== 'epoch' || abortedAt) return;
      if (e.metrics.epoch >= 2) seen.add(e.trial.index);
      if (seen.size === 2) { abortedAt = Date.now(); ctrl.abort(); } // both running trials have measured something
    },
  });
  assert.ok(Date.now() - abortedAt < 1000, `took ${Date.now() - abortedAt} ms`);
  assert.equal(summary.status, 'stopped');
  assert.deepEqual(summary.counts, { stopped: 6 });
  const ran = summary.trials.filter((t) => t.runId);
  assert.equal(ran.length, 2);
  assert.ok(ran.every((t) => t.epochsCompleted >= 1 && t.reason === 'cancelled by the user'));
  assert.equal(exitCode(summary), 130);
});

test('a sweep process killed with SIGKILL leaves a readable incomplete sweep', async () => {
  const root = tempDir();
  const pidFile = path.join(tempDir(), 'trainer-pids');
  const script = `
    const { runSweep } = require(${JSON.stringify(path.resolve(__dirname, '../../src/core/sweep/runSweep.ts'))});
    const { smallExperiment } = require(${JSON.stringify(path.join(__dirname, 'sweep-helpers.ts'))});
    const exp = smallExperiment({ name: 'victim', training: { epochs: 100000, batchSize: 32, shuffle: true },
      sweep: { param: 'optimizer.weightDecay', values: [0, 1], seeds: [0], metric: 'valLoss', select: 'min' } });
    const seen = new Set();
    runSweep(exp, { storeRoot: ${JSON.stringify(root)}, trainerPath: ${JSON.stringify(trainerPath)}, execArgv: ['--import', 'tsx'], parallel: 2,
      onEvent: (e) => {
        if (e.type === 'trial-started') require('node:fs').appendFileSync(${JSON.stringify(pidFile)}, e.pid + '\\n');
        if (e.type === 'epoch' && e.metrics.epoch >= 3) seen.add(e.trial.index);
        if (seen.size === 2) process.kill(process.pid, 'SIGKILL');
      } });`;
  const child = spawn(process.execPath, ['--import', 'tsx', '-e', script], { stdio: 'inherit' });
  const signal = await new Promise((r) => child.on('exit', (_c, s) => r(s)));
  assert.equal(signal, 'SIGKILL');
  // Orphaned trainers notice the lost parent, close their runs and exit: wait for the exits (a
  // fixed 1 s pause could end before a starved trainer got there), then check what they left.
  const pids = readFileSync(pidFile, 'utf8').split('\n').filter(Boolean).map(Number);
  assert.equal(pids.length, 2);
  const alive = () => pids.filter((pid) => { try { process.kill(pid, 0); return true; } catch { return false; } });
  const deadline = Date.now() + 15_000;
  while (alive().length && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  assert.deepEqual(alive(), [], 'the orphaned trainers exited');
  const l = listStore(root);
  assert.equal(l.sweeps.length, 1);
  assert.equal(l.sweeps[0].status, 'incomplete');
  assert.equal(l.runs.length, 2);
  for (const r of l.runs) {
    assert.ok(['stopped', 'incomplete'].includes(r.status), r.status);
    assert.ok(r.epochsCompleted >= 3, `${r.epochsCompleted} epochs kept`);
  }
  assert.ok(l.sweeps[0].trials.every((t) => t.status === 'stopped' || t.status === 'incomplete'));
});

// The trainer pool with a stand-in trainer (sweep-fake-trainer.ts): crash isolation, SIGKILL
// mid-run, cancel within a second, reuse of processes. The real engine is exercised in
// sweep-trainer.test.ts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { TrainerPool, type PoolEvent } from '../../src/core/sweep/pool';
import { RunWriter, listStore, readRun } from '../../src/core/runs';
import { smallExperiment, tempDir } from './sweep-helpers';

const fakeTrainer = path.join(__dirname, 'sweep-fake-trainer.ts');
const execArgv = ['--import', 'tsx'];

function prepareFor(root: string, names: string[], epochs = 5) {
  return (i: number) => {
    const exp = smallExperiment({ name: names[i], training: { epochs, batchSize: 32, shuffle: true } });
    exp.optimizer.weightDecay = i / 10;
    const { dir } = RunWriter.prepare({ root, experiment: exp });
    return { trialIndex: i, experiment: exp, runDir: dir };
  };
}

test('trials run in parallel processes, progress streams per epoch, processes are reused', async () => {
  const root = tempDir();
  const pool = new TrainerPool({ trainerPath: fakeTrainer, execArgv, parallel: 2 });
  const events: PoolEvent[] = [];
  const names = ['a', 'b', 'c', 'd', 'e'];
  const results = await pool.run(names.length, prepareFor(root, names), (e) => events.push(e));
  assert.deepEqual(results.map((r) => r?.status), ['completed', 'completed', 'completed', 'completed', 'completed']);
  assert.equal(events.filter((e) => e.type === 'epoch').length, 25);
  const pids = new Set(events.flatMap((e) => (e.type === 'trial-started' ? [e.pid] : [])));
  assert.equal(pids.size, 2, 'two trainer processes served five trials');
  const epochsOfC = events.filter((e) => e.type === 'epoch' && e.trialIndex === 2).map((e) => (e as { metrics: { epoch: number } }).metrics.epoch);
  assert.deepEqual(epochsOfC, [1, 2, 3, 4, 5]);
  assert.equal(listStore(root).runs.filter((r) => r.status === 'completed').length, 5);
});

test('a crashing trainer fails only its trial (exit code and stderr in the reason); the others finish', async () => {
  const root = tempDir();
  const pool = new TrainerPool({ trainerPath: fakeTrainer, execArgv, parallel: 2 });
  const names = ['ok0', 'crash-at-3', 'ok2', 'ok3'];
  const results = await pool.run(names.length, prepareFor(root, names));
  assert.deepEqual(results.map((r) => r?.status), ['completed', 'failed', 'completed', 'completed']);
  const failed = results[1]!;
  assert.match(failed.reason!, /exited with code 3/);
  assert.match(failed.reason!, /simulated crash at epoch 3/);
  assert.equal(failed.epochsCompleted, 2, 'the two epochs measured before the crash are kept');
  const onDisk = readRun(listStore(root).runs.find((r) => r.name === 'crash-at-3')!.dir);
  assert.equal(onDisk.run.status, 'failed');
  assert.equal(onDisk.metrics.length, 2);
});

test('SIGKILL of a trainer mid-run: that trial is failed with the signal, the pool replaces the process', async () => {
  const root = tempDir();
  const pool = new TrainerPool({ trainerPath: fakeTrainer, execArgv, parallel: 1 });
  // The victim stops making progress after epoch 3, so the kill lands mid-run however late this
  // process sees epoch 3 (a busy machine used to let a 30-epoch victim finish first).
  const names = ['victim-stall-after-3', 'next'];
  let killed = false;
  let pid = 0;
  const results = await pool.run(names.length, prepareFor(root, names, 30), (e) => {
    if (e.type === 'trial-started' && e.trialIndex === 0) pid = e.pid;
    if (e.type === 'epoch' && e.trialIndex === 0 && e.metrics.epoch === 3 && !killed) { process.kill(pid, 'SIGKILL'); killed = true; }
  });
  assert.ok(killed);
  assert.equal(results[0]?.status, 'failed');
  assert.match(results[0]!.reason!, /killed by SIGKILL/);
  assert.equal(results[0]!.epochsCompleted, 3, 'the three epochs measured before the kill are kept');
  assert.equal(results[1]?.status, 'completed');
  assert.equal(results[1]!.epochsCompleted, 30);
});

test('cancel stops every trial within a second and keeps what was measured; queued trials never start', async () => {
  const root = tempDir();
  const pool = new TrainerPool({ trainerPath: fakeTrainer, execArgv, parallel: 2 });
  const names = ['long0', 'long1', 'queued2', 'queued3'];
  // Cancel once BOTH running trials have measured two epochs (a count over both let one trainer,
  // started late on a busy machine, have measured nothing yet).
  const seen = [0, 0];
  let atCancel: number[] = [];
  let cancelAt = 0;
  const ended: string[] = [];
  const done = pool.run(names.length, prepareFor(root, names, 1000), (e) => {
    if (e.type === 'epoch') seen[e.trialIndex]++;
    if (e.type === 'epoch' && !cancelAt && seen.every((n) => n >= 2)) { atCancel = [...seen]; cancelAt = Date.now(); pool.cancel(); }
    if (e.type === 'trial-ended' && cancelAt) ended.push(`trial ${e.trialIndex} ended after ${Date.now() - cancelAt} ms`);
  });
  const results = await done;
  // From cancel() to every trainer process gone (the promise resolves on the last exit).
  const took = Date.now() - cancelAt;
  assert.ok(took < 1000, `cancel took ${took} ms (${ended.join(', ')})`);
  assert.deepEqual(results.map((r) => r?.status), ['stopped', 'stopped', undefined, undefined]);
  for (const i of [0, 1]) assert.ok(results[i]!.epochsCompleted >= atCancel[i], `trial ${i} keeps its ${atCancel[i]} measured epochs (has ${results[i]!.epochsCompleted})`);
  assert.equal(listStore(root).runs.length, 2, 'queued trials left no folders');
});

test('a cancelled trainer that closed its run but is slow to exit is SIGKILLed at the grace deadline', async () => {
  const root = tempDir();
  const pool = new TrainerPool({ trainerPath: fakeTrainer, execArgv, parallel: 1 });
  let cancelAt = 0;
  let exitedAt = 0;
  const done = pool.run(1, prepareFor(root, ['linger'], 1000), (e) => {
    if (e.type === 'epoch' && !cancelAt) { cancelAt = Date.now(); pool.cancel(); }
  });
  for (const w of (pool as unknown as { workers: Set<{ child: import('node:child_process').ChildProcess }> }).workers) w.child.on('exit', () => (exitedAt = Date.now()));
  const results = await done;
  assert.ok(exitedAt - cancelAt < 1000, `the trainer was gone ${exitedAt - cancelAt} ms after the cancel (it lingers 5 s)`);
  assert.equal(results[0]?.status, 'stopped');
  assert.equal(results[0]!.reason, 'cancelled', 'the trainer closed its run itself');
});

test('a trainer that ignores stop is SIGKILLed after the grace period; its run is stopped, not failed', async () => {
  const root = tempDir();
  const pool = new TrainerPool({ trainerPath: fakeTrainer, execArgv, parallel: 1, graceMs: 300 });
  let cancelAt = 0;
  const done = pool.run(1, prepareFor(root, ['hang']), (e) => {
    // The trainer is busy in its first epoch (and never reads messages) by now or soon after.
    if (e.type === 'trial-started') setTimeout(() => { cancelAt = Date.now(); pool.cancel(); }, 800);
  });
  const results = await done;
  assert.ok(Date.now() - cancelAt < 1000, `took ${Date.now() - cancelAt} ms`);
  assert.equal(results[0]?.status, 'stopped');
  assert.match(results[0]!.reason!, /killed by SIGKILL/);
});

test('a missing trainer script fails each trial with a reason instead of hanging', async () => {
  const root = tempDir();
  const pool = new TrainerPool({ trainerPath: path.join(root, 'no-such-trainer.js'), parallel: 2 });
  const results = await pool.run(3, prepareFor(root, ['x', 'y', 'z']));
  assert.deepEqual(results.map((r) => r?.status), ['failed', 'failed', 'failed']);
  assert.match(results[0]!.reason!, /exited with code 1.*Cannot find module/);
});

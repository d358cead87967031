// TrainerPool with keepIdle (the extension's warm trainers), with real forked trainer processes
// (the fake-engine trainer): a second batch runs on the same processes, a warm trainer that died
// (noticed or not yet) is replaced without failing a trial, setParallel and close() let idle
// trainers exit, and a cancelled batch keeps the trainers that closed their runs in time, runs
// nothing more until reopen(), then runs on them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { TrainerPool, type PoolEvent } from '../../src/core/sweep/pool';
import { RunWriter } from '../../src/core/runs';
import { processAlive, processesGone, smallExperiment, tempDir } from './sweep-helpers';

const fakeTrainer = path.join(__dirname, 'sweep-fake-trainer.ts');
const execArgv = ['--import', 'tsx'];

const alive = processAlive;
const gone = processesGone;

async function batch(pool: TrainerPool, root: string, count: number, name = 't') {
  const events: PoolEvent[] = [];
  const results = await pool.run(count, (i) => {
    const exp = smallExperiment({ name: `${name}${i}`, training: { epochs: 2, batchSize: 32, shuffle: true } });
    return { trialIndex: i, experiment: exp, runDir: RunWriter.prepare({ root, experiment: exp }).dir };
  }, (e) => events.push(e));
  return { results, pids: events.flatMap((e) => (e.type === 'trial-started' ? [e.pid] : [])), events };
}

test('keepIdle: run() resolves with the trainers alive and idle; the next batch runs on the same processes', async () => {
  const root = tempDir();
  const pool = new TrainerPool({ trainerPath: fakeTrainer, execArgv, parallel: 2, keepIdle: true });
  try {
    const first = await batch(pool, root, 3);
    assert.deepEqual(first.results.map((r) => r?.status), ['completed', 'completed', 'completed']);
    const warm = pool.idlePids.sort();
    assert.equal(warm.length, 2, 'both trainers stay, idle');
    assert.ok(warm.every(alive));
    assert.equal(pool.isRunning, false);
    const second = await batch(pool, root, 4, 'u');
    assert.deepEqual(second.results.map((r) => r?.status), ['completed', 'completed', 'completed', 'completed']);
    assert.deepEqual([...new Set(second.pids)].sort(), warm, 'the second batch ran on the warm processes only');
    assert.deepEqual(pool.idlePids.sort(), warm);
  } finally {
    const pids = pool.pids;
    pool.close();
    assert.ok(await gone(pids, 3000), 'close() ends the idle trainers');
  }
});

test('a warm trainer killed while idle is replaced: every trial completes, the survivor is reused', async () => {
  const root = tempDir();
  const pool = new TrainerPool({ trainerPath: fakeTrainer, execArgv, parallel: 2, keepIdle: true });
  try {
    await batch(pool, root, 2);
    // Killed and its exit already noticed: run() does not count it and forks a replacement.
    const [a, b] = pool.idlePids;
    process.kill(a, 'SIGKILL');
    assert.ok(await gone([a], 3000));
    await new Promise((r) => setTimeout(r, 100));
    const second = await batch(pool, root, 2, 'v');
    assert.deepEqual(second.results.map((r) => r?.status), ['completed', 'completed']);
    assert.ok(second.pids.includes(b), 'the surviving warm trainer took a trial');
    assert.ok(!second.pids.includes(a));

    // Killed just before run(), its death not yet seen: the trial it was given goes to a fresh
    // trainer (same run folder), not failed.
    const [c, d] = pool.idlePids;
    process.kill(c, 'SIGKILL');
    process.kill(d, 'SIGKILL');
    const third = await batch(pool, root, 2, 'w');
    assert.deepEqual(third.results.map((r) => r?.status), ['completed', 'completed'], JSON.stringify(third.events.filter((e) => e.type === 'trial-ended')));
    assert.equal(third.events.filter((e) => e.type === 'trial-started').length, 2, 'one started event a trial');
    assert.equal(pool.idlePids.filter((p) => p === c || p === d).length, 0);
    assert.equal(pool.idlePids.length, 2);
  } finally {
    const pids = pool.pids;
    pool.close();
    assert.ok(await gone(pids, 3000));
  }
});

test('start(n) tops up to n usable trainers; setParallel lets the idle ones beyond it exit', async () => {
  const pool = new TrainerPool({ trainerPath: fakeTrainer, execArgv, parallel: 3, keepIdle: true });
  try {
    pool.start(1);
    assert.equal(pool.pids.length, 1);
    pool.start();
    const three = pool.pids;
    assert.equal(three.length, 3);
    pool.setParallel(1);
    const kept = pool.idlePids;
    assert.equal(kept.length, 1);
    assert.ok(await gone(three.filter((p) => !kept.includes(p)), 3000), 'the two beyond the limit exited');
    assert.ok(alive(kept[0]));
  } finally {
    const pids = pool.pids;
    pool.close();
    assert.ok(await gone(pids, 3000));
  }
});

test('a cancelled batch keeps the trainers that stopped in time; after reopen() they run the next batch', async () => {
  const root = tempDir();
  const pool = new TrainerPool({ trainerPath: fakeTrainer, execArgv, parallel: 2, keepIdle: true, graceMs: 1000 });
  try {
    await batch(pool, root, 2);
    const pids = pool.idlePids.sort();
    // Trials that stall after one epoch until stopped; cancelled once both have reported it.
    let epochs = 0;
    const stopped = pool.run(4, (i) => {
      const exp = smallExperiment({ name: `stall-after-1-${i}`, training: { epochs: 5, batchSize: 32, shuffle: true } });
      return { trialIndex: i, experiment: exp, runDir: RunWriter.prepare({ root, experiment: exp }).dir };
    }, (e) => {
      if (e.type === 'epoch' && ++epochs === 2) pool.cancel();
    });
    const results = await stopped;
    assert.deepEqual(results.map((r) => r?.status), ['stopped', 'stopped', undefined, undefined]);
    assert.equal(pool.isCancelled, true);
    await new Promise((r) => setTimeout(r, 1200)); // past the kill deadline: nothing was killed
    assert.deepEqual(pool.idlePids.sort(), pids, 'both trainers closed their runs and stay idle');
    const refused = await batch(pool, root, 1, 'y');
    assert.deepEqual(refused.results, [undefined], 'a cancelled pool starts nothing');
    pool.reopen();
    const next = await batch(pool, root, 2, 'z');
    assert.deepEqual(next.results.map((r) => r?.status), ['completed', 'completed']);
    assert.deepEqual([...new Set(next.pids)].sort(), pids);
  } finally {
    const pids = pool.pids;
    pool.close();
    assert.ok(await gone(pids, 3000));
  }
});

test('keepIdle: a batch whose trials all fail to prepare still resolves, its trainers idle', { timeout: 10_000 }, async () => {
  const pool = new TrainerPool({ trainerPath: fakeTrainer, execArgv, parallel: 2, keepIdle: true });
  try {
    const events: PoolEvent[] = [];
    const results = await pool.run(3, () => { throw new Error('disk full'); }, (e) => events.push(e));
    assert.deepEqual(results, [undefined, undefined, undefined]);
    assert.equal(events.filter((e) => e.type === 'trial-ended' && /disk full/.test(e.failure ?? '')).length, 3);
    assert.equal(pool.isRunning, false);
  } finally {
    const pids = pool.pids;
    pool.close();
    assert.ok(await gone(pids, 3000));
  }
});

test('without keepIdle, cancel still ends every trainer', async () => {
  const pool = new TrainerPool({ trainerPath: fakeTrainer, execArgv, parallel: 2, graceMs: 300 });
  pool.start();
  const pids = pool.pids;
  pool.cancel();
  assert.ok(await gone(pids, 3000));
});

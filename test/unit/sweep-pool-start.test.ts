// TrainerPool.start(): trainers forked before the trials are known (the CLI starts them while it
// loads and plans the experiment) are the ones run() uses; those it does not need exit, and
// close() lets a pool that never runs exit without leaving processes behind.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { readFileSync } from 'node:fs';
import { TrainerPool, type PoolEvent } from '../../src/core/sweep/pool';
import { TRAINER_V8_FLAGS } from '../../src/core/sweep/trainerProtocol';
import { RunWriter } from '../../src/core/runs';
import { processAlive, processesGone, smallExperiment, tempDir } from './sweep-helpers';

const fakeTrainer = path.join(__dirname, 'sweep-fake-trainer.ts');
const execArgv = ['--import', 'tsx'];

const alive = processAlive;
const gone = processesGone;

test('started trainers run the trials; the one not needed exits; all are gone when run() resolves', async () => {
  const root = tempDir();
  const pool = new TrainerPool({ trainerPath: fakeTrainer, execArgv, parallel: 3 });
  pool.start();
  const started = pool.pids;
  assert.equal(started.length, 3, 'three trainers forked before run()');
  pool.start();
  assert.deepEqual(pool.pids, started, 'a second start() forks nothing more');
  const events: PoolEvent[] = [];
  const results = await pool.run(2, (i) => {
    const exp = smallExperiment({ name: `t${i}`, training: { epochs: 3, batchSize: 32, shuffle: true } });
    return { trialIndex: i, experiment: exp, runDir: RunWriter.prepare({ root, experiment: exp }).dir };
  }, (e) => events.push(e));
  assert.deepEqual(results.map((r) => r?.status), ['completed', 'completed']);
  const used = events.flatMap((e) => (e.type === 'trial-started' ? [e.pid] : []));
  assert.equal(used.length, 2);
  for (const pid of used) assert.ok(started.includes(pid), `trial ran in a started trainer (pid ${pid})`);
  assert.equal(events.filter((e) => e.type === 'epoch').length, 6, 'every epoch of both trials is reported');
  assert.ok(await gone(started, 2000), 'every trainer, the unneeded one included, has exited');
});

test('close() on a started pool that never runs lets its trainers exit', async () => {
  const pool = new TrainerPool({ trainerPath: fakeTrainer, execArgv, parallel: 2 });
  pool.start();
  const pids = pool.pids;
  assert.equal(pids.length, 2);
  await new Promise((r) => setTimeout(r, 300)); // let them get going (loading their engine)
  pool.close();
  assert.ok(await gone(pids, 3000), 'both trainers exited after close()');
});

test('trainers are forked with the trainer V8 flags before the caller\'s own', async () => {
  const pool = new TrainerPool({ trainerPath: fakeTrainer, execArgv, parallel: 1 });
  pool.start();
  const [pid] = pool.pids;
  try {
    const args = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
    assert.ok(TRAINER_V8_FLAGS.length > 0);
    for (const flag of TRAINER_V8_FLAGS) assert.ok(args.includes(flag), `${flag} in ${args.join(' ')}`);
    assert.ok(args.indexOf(TRAINER_V8_FLAGS[0]) < args.indexOf('--import'), 'the trainer flags come first: a caller can still override them');
  } finally {
    pool.close();
  }
  assert.ok(await gone([pid], 3000));
});

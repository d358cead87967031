// The extension runs trainer processes at a lower scheduling priority (nice), so the editor keeps
// the CPU it needs while trials saturate the cores: the pool applies PoolOptions.priority.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import os from 'node:os';
import path from 'node:path';
import { TrainerPool } from '../../src/core/sweep/pool';
import { RunWriter } from '../../src/core/runs';
import { TRAINER_PRIORITY } from '../../src/extension/runs/singleRun';
import { smallExperiment, tempDir } from './sweep-helpers';

test('trainer processes get the requested nice value; without it they keep the parent\'s', async () => {
  assert.ok(TRAINER_PRIORITY > 0 && TRAINER_PRIORITY < 20);
  const seen: Record<string, number> = {};
  for (const [label, priority] of [['niced', TRAINER_PRIORITY], ['default', undefined]] as const) {
    const root = tempDir();
    const pool = new TrainerPool({ trainerPath: path.join(__dirname, 'sweep-fake-trainer.ts'), execArgv: ['--import', 'tsx'], parallel: 1, ...(priority !== undefined ? { priority } : {}) });
    const results = await pool.run(1, (i) => {
      const exp = smallExperiment({ name: `prio-${label}`, training: { epochs: 3, batchSize: 32, shuffle: true } });
      return { trialIndex: i, experiment: exp, runDir: RunWriter.prepare({ root, experiment: exp }).dir };
    }, (e) => {
      if (e.type === 'trial-started') seen[label] = os.getPriority(e.pid);
    });
    assert.equal(results[0]?.status, 'completed');
  }
  assert.equal(seen.niced, TRAINER_PRIORITY);
  assert.equal(seen.default, os.getPriority(process.pid));
});

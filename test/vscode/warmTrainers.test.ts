// Warm trainers (reglab.training.keepTrainersWarmSeconds): a second sweep runs on the trainer
// processes the first one left idle (same pids, none forked), a Run takes one of them too, Stop
// All leaves no trainer process of the extension host (idle or running a sweep), and a bad
// experiment with keeping off leaves none either. The time from
// the Sweep command to the first epoch and the sweep's total time, first (cold: no trainer
// alive) and second (warm), go to warm.json beside the bundled tests for the runner to print.
// REGLAB_WARM_ROUNDS=n (a measurement) repeats cold + warm n times, for this sweep and for the
// examples' diabetes λ sweep (15 trials).
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { suite, test } from 'mocha';
import { EXTENSION_ID, examplesUri, waitFor } from './helpers';
import type { RegLabApi } from '../../src/extension/extension';

const SWEEP = {
  name: 'it-warm-sweep',
  data: { source: 'synthetic', name: 'circle', samples: 200, noise: 0.1, valFraction: 0.5 },
  model: { hidden: [8], activation: 'tanh', norm: 'none', bias: true },
  optimizer: { type: 'adamw', lr: 0.01, weightDecay: 0.01 },
  training: { epochs: 100, batchSize: 50, shuffle: true },
  sweep: { param: 'optimizer.weightDecay', values: [0, 0.01], seeds: [0, 1], metric: 'valLoss', select: 'min' },
};

/** Trainer processes (dist/trainer.js) that are children of this extension host. */
function trainerChildren(): number[] {
  let out = '';
  try {
    out = execFileSync('ps', ['-o', 'pid=,args=', '--ppid', String(process.pid)], { encoding: 'utf8' });
  } catch { /* ps exits 1 when there is no child at all */ }
  return out.split('\n').filter((l) => /trainer\.js/.test(l)).map((l) => Number(l.trim().split(/\s+/)[0]));
}

async function noTrainerLeft(what: string): Promise<void> {
  await waitFor(what, () => (trainerChildren().length === 0 ? true : undefined), 5_000);
}

async function timedSweep(api: RegLabApi, uri: vscode.Uri, name = SWEEP.name): Promise<{ firstEpochMs: number; totalMs: number; pids: number[] }> {
  const t0 = Date.now();
  await vscode.commands.executeCommand('reglab.runSweep', uri);
  const job = api.lastTrainingJob();
  assert.ok(job && job.kind === 'sweep' && job.name === name && job.startedAt >= t0, `no record of the sweep: ${JSON.stringify(job)}`);
  assert.ok(job.firstEpochAt, 'no epoch was reported');
  return { firstEpochMs: job.firstEpochAt - t0, totalMs: job.endedAt! - t0, pids: [...job.trainerPids].sort() };
}

suite('warm trainers', () => {
  test('a second sweep reuses the first one\'s trainer processes; Stop All leaves none', async function () {
    this.timeout(300_000);
    const api = await vscode.extensions.getExtension<RegLabApi>(EXTENSION_ID)!.activate();
    const uri = examplesUri('it-warm-sweep.reglab.json');
    writeFileSync(uri.fsPath, JSON.stringify(SWEEP, null, 2));
    const cfg = vscode.workspace.getConfiguration('reglab');
    await cfg.update('parallelTrials', 2, vscode.ConfigurationTarget.Workspace);
    try {
      // Trainers earlier tests left warm: gone, so the first sweep starts cold.
      await vscode.commands.executeCommand('reglab.stopAll');
      await noTrainerLeft('the idle trainers of earlier tests to exit');

      const rounds = Number(process.env.REGLAB_WARM_ROUNDS ?? 1);
      const diabetes = examplesUri('lambda-sweep.reglab.json');
      const diabetesName = (JSON.parse(readFileSync(diabetes.fsPath, 'utf8')) as { name: string }).name;
      const results: Record<string, Array<{ cold: unknown; warm: unknown }>> = {};
      for (let round = 0; round < rounds; round++) {
        for (const [what, file, name] of [['tiny', uri, SWEEP.name], ...(process.env.REGLAB_WARM_ROUNDS ? [['diabetes', diabetes, diabetesName]] : [])] as Array<[string, vscode.Uri, string]>) {
          const cold = await timedSweep(api, file, name);
          assert.equal(cold.pids.length, 2, `two trainer processes ran the trials: ${cold.pids}`);
          const idle = [...api.idleTrainerPids()].sort();
          assert.deepEqual(idle, cold.pids, 'both trainers stay, idle, after the sweep');
          assert.deepEqual(trainerChildren().sort(), idle, 'and no other trainer process');

          const warm = await timedSweep(api, file, name);
          assert.deepEqual(warm.pids, cold.pids, 'the second sweep ran on the same trainer processes');
          assert.deepEqual(trainerChildren().sort(), idle, 'no trainer was forked for it');
          (results[what] ??= []).push({ cold, warm });
          if (what === 'tiny') {
            await vscode.commands.executeCommand('reglab.runExperiment', file);
            const run = api.lastTrainingJob();
            assert.equal(run?.kind, 'run');
            assert.equal(run.trainerPids.length, 1);
            assert.ok(idle.includes(run.trainerPids[0]), `the run trained in a warm trainer (${run.trainerPids} of ${idle})`);
          }

          await vscode.commands.executeCommand('reglab.stopAll');
          await noTrainerLeft('Stop All to end the idle trainers');
          assert.deepEqual(api.idleTrainerPids(), []);
        }
      }
      writeFileSync(path.join(__dirname, 'warm.json'), JSON.stringify(results, null, 2));
    } finally {
      await cfg.update('parallelTrials', undefined, vscode.ConfigurationTarget.Workspace);
    }
  });

  test('Stop All during a sweep ends its trainers too (they are not kept warm)', async function () {
    this.timeout(120_000);
    const api = await vscode.extensions.getExtension<RegLabApi>(EXTENSION_ID)!.activate();
    const uri = examplesUri('it-warm-long.reglab.json');
    writeFileSync(uri.fsPath, JSON.stringify({ ...SWEEP, name: 'it-warm-long', training: { ...SWEEP.training, epochs: 20_000 } }, null, 2));
    const sweeping = vscode.commands.executeCommand('reglab.runSweep', uri);
    await waitFor('the sweep\'s trials to be training', () => (/ [1-9] running/.test(api.statusText() ?? '') ? true : undefined), 60_000);
    assert.ok(trainerChildren().length > 0);
    await vscode.commands.executeCommand('reglab.stopAll');
    await sweeping;
    await noTrainerLeft('Stop All to end the sweep\'s trainers');
    assert.deepEqual(api.idleTrainerPids(), []);
  });

  test('a bad experiment ends with no trainer left when keeping trainers warm is off', async function () {
    this.timeout(60_000);
    await vscode.extensions.getExtension<RegLabApi>(EXTENSION_ID)!.activate();
    const uri = examplesUri('it-warm-bad.reglab.json');
    writeFileSync(uri.fsPath, JSON.stringify({ ...SWEEP, name: 'it-warm-bad', training: { ...SWEEP.training, epochs: -3 } }, null, 2));
    const cfg = vscode.workspace.getConfiguration('reglab');
    await cfg.update('training.keepTrainersWarmSeconds', 0, vscode.ConfigurationTarget.Workspace);
    try {
      await vscode.commands.executeCommand('reglab.runSweep', uri);
      // The trainers forked before the file was read exit once it is rejected.
      await noTrainerLeft('the trainers started for the rejected sweep to exit');
    } finally {
      await cfg.update('training.keepTrainersWarmSeconds', undefined, vscode.ConfigurationTarget.Workspace);
    }
  });
});

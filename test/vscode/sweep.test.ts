// A small λ sweep through the command, in trainer processes, then reglab.applyLambda writes the
// chosen λ into the experiment file as an undoable edit.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { suite, test } from 'mocha';
import { activate, examplesUri, EXTENSION_ID } from './helpers';
import type { RegLabApi } from '../../src/extension/extension';

const TINY = {
  name: 'it-tiny-sweep',
  data: { source: 'synthetic', name: 'circle', samples: 120, noise: 0.1, valFraction: 0.5 },
  model: { hidden: [4], activation: 'tanh', norm: 'none', bias: true },
  optimizer: { type: 'adamw', lr: 0.01, weightDecay: 0.5 },
  training: { epochs: 3, batchSize: 30, shuffle: true },
  sweep: { param: 'optimizer.weightDecay', values: [0, 0.01], seeds: [0], metric: 'valLoss', select: 'min' },
};

suite('sweep and applyLambda', () => {
  test('runSweep stores the sweep; applyLambda writes its choice into the file', async function () {
    this.timeout(180_000);
    await activate();
    const uri = examplesUri('it-tiny-sweep.reglab.json');
    await vscode.workspace.fs.writeFile(uri, Buffer.from(JSON.stringify(TINY, null, 2)));
    const api = vscode.extensions.getExtension<RegLabApi>(EXTENSION_ID)!.exports;
    const sweeping = vscode.commands.executeCommand('reglab.runSweep', uri);
    // The status bar names the backend from the start: while no trial has finished (0/2 done),
    // no trainer has reported one, so the name comes from the host's own resolution.
    // (Polled every 10 ms: that text is shown from the sweep's start until at least 200 ms after
    // its first trial started, the status bar's update interval.)
    let firstStatus: string | undefined;
    for (const end = Date.now() + 60_000; !firstStatus && Date.now() < end; await new Promise((r) => setTimeout(r, 10))) {
      if (/ 0\/2 done/.test(api.statusText() ?? '')) firstStatus = api.statusText();
    }
    assert.ok(firstStatus, `the status bar never showed the sweep before a trial ended (now: ${api.statusText()})`);
    await sweeping;

    const runs = examplesUri('.reglab', 'runs').fsPath;
    const folder = readdirSync(runs).find((n) => n.includes('it-tiny-sweep-sweep'));
    assert.ok(folder, `no sweep folder in ${readdirSync(runs).join(', ')}`);
    const sweep = JSON.parse(readFileSync(path.join(runs, folder, 'sweep.json'), 'utf8'));
    assert.equal(sweep.status, 'completed');
    assert.equal(sweep.trials.length, 2);
    for (const t of sweep.trials) assert.ok(existsSync(path.resolve(runs, folder, t.path, 'summary.json')));
    const backend = JSON.parse(readFileSync(path.resolve(runs, folder, sweep.trials[0].path, 'summary.json'), 'utf8')).backend as string;
    assert.ok(firstStatus.endsWith(`· ${backend}`) && !firstStatus.includes('…'), `status bar "${firstStatus}" before the trials reported ${backend}`);
    const chosen = sweep.selections[0].chosen as number;
    assert.ok(chosen === 0 || chosen === 0.01);

    await vscode.commands.executeCommand('reglab.applyLambda');
    const doc = await vscode.workspace.openTextDocument(uri);
    assert.equal(JSON.parse(doc.getText()).optimizer.weightDecay, chosen);
    assert.ok(doc.isDirty, 'the edit is in the editor, undoable, not written behind its back');
    await vscode.commands.executeCommand('undo');
    assert.equal(JSON.parse(doc.getText()).optimizer.weightDecay, 0.5);
    await doc.save();
  });
});

// The extension activates, registers the contract's commands and contributes its settings.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { suite, test } from 'mocha';
import { activate, EXTENSION_ID } from './helpers';

suite('activation', () => {
  test('registers every RegLab command', async () => {
    await activate();
    const commands = await vscode.commands.getCommands(true);
    for (const id of ['reglab.openPanel', 'reglab.runExperiment', 'reglab.runSweep', 'reglab.stopAll', 'reglab.lintWorkspace', 'reglab.applyLambda']) {
      assert.ok(commands.includes(id), `${id} is not registered`);
    }
  });

  test('reads its settings with the documented defaults', () => {
    const cfg = vscode.workspace.getConfiguration('reglab');
    assert.equal(cfg.get('backend'), 'auto');
    assert.equal(cfg.get('parallelTrials'), 0);
    assert.deepEqual(cfg.get('lint.disabledRules'), []);
    assert.ok(vscode.extensions.getExtension(EXTENSION_ID)?.isActive);
  });
});

// Experiment files: Run / Sweep / Export to PyTorch CodeLens at the top, and export opens a
// Python document.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { suite, test } from 'mocha';
import { activate, examplesUri } from './helpers';

suite('experiment files', () => {
  test('CodeLens at the top: Run, Sweep, Export to PyTorch', async () => {
    await activate();
    const uri = examplesUri('lambda-sweep.reglab.json');
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri, 10);
    const titles = lenses.filter((l) => l.range.start.line === 0).map((l) => l.command?.title ?? '');
    for (const t of ['Run', 'Sweep', 'Export to PyTorch']) assert.ok(titles.some((x) => x.endsWith(t)), `missing ${t} in ${JSON.stringify(titles)}`);
  });

  test('Export to PyTorch opens an untitled Python script', async () => {
    const uri = examplesUri('spiral-l2.reglab.json');
    await vscode.commands.executeCommand('reglab.exportPytorch', uri);
    const editor = vscode.window.activeTextEditor;
    assert.equal(editor?.document.languageId, 'python');
    assert.ok(editor?.document.isUntitled);
    assert.match(editor!.document.getText(), /import torch/);
  });
});

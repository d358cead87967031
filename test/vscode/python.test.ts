// Python files: diagnostics with rule ids linking to the rule docs, the decay CodeLens, and a
// quick fix that makes the finding go away.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { suite, test } from 'mocha';
import { activate, examplesUri, ruleOf, waitFor } from './helpers';

suite('python', () => {
  test('decayed biases and norms: diagnostic, CodeLens, quick fix', async () => {
    await activate();
    const uri = examplesUri('pytorch', 'decayed_bias_norm.py');
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc);

    const diag = await waitFor('the decayed-bias-norm diagnostic', () =>
      vscode.languages.getDiagnostics(uri).find((d) => ruleOf(d) === 'decayed-bias-norm'));
    assert.equal(diag.source, 'RegLab');
    const target = typeof diag.code === 'object' ? diag.code.target : undefined;
    assert.ok(target?.path.endsWith('docs/rules/decayed-bias-norm.md'), `code target ${target?.toString()}`);

    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri, 100);
    const titles = lenses.map((l) => l.command?.title ?? '');
    assert.ok(titles.some((t) => t.startsWith('AdamW')), `no decay summary lens in ${JSON.stringify(titles)}`);
    assert.ok(titles.some((t) => t.includes('Try in RegLab')));

    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, diag.range, vscode.CodeActionKind.QuickFix.value);
    const preferred = actions.find((a) => a.isPreferred && a.diagnostics?.some((d) => ruleOf(d) === 'decayed-bias-norm'));
    assert.ok(preferred?.edit, 'no preferred quick fix');
    assert.ok(await vscode.workspace.applyEdit(preferred.edit));
    await waitFor('the finding to go', () =>
      vscode.languages.getDiagnostics(uri).some((d) => ruleOf(d) === 'decayed-bias-norm') ? undefined : true);
    await vscode.commands.executeCommand('workbench.action.files.revert');
  });

  test('the corrected twin has no finding', async () => {
    const uri = examplesUri('pytorch', 'decayed_bias_norm_fixed.py');
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
    const lenses = await waitFor('the CodeLens', async () => {
      const l = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri, 100);
      return l.length ? l : undefined;
    });
    assert.ok(lenses.some((l) => l.command?.title.startsWith('AdamW')));
    assert.equal(vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'RegLab').length, 0);
  });
});

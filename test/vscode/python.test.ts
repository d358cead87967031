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
    // (vscode.executeCodeActionProvider does not return action.diagnostics, so match on kind.)
    const preferred = actions.find((a) => a.isPreferred && a.kind?.value === vscode.CodeActionKind.QuickFix.value);
    assert.ok(preferred?.edit, `no preferred quick fix among ${JSON.stringify(actions.map((a) => ({ title: a.title, kind: a.kind?.value, isPreferred: a.isPreferred })))}`);
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

suite('python settings and workspace lint', () => {
  test('severity overrides and disabled rules apply at once (affectsConfiguration)', async () => {
    await activate();
    const uri = examplesUri('pytorch', 'adam_coupled_weight_decay.py');
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
    const find = () => vscode.languages.getDiagnostics(uri).find((d) => ruleOf(d) === 'adam-coupled-weight-decay');
    await waitFor('the adam-coupled-weight-decay diagnostic', find);
    const cfg = vscode.workspace.getConfiguration('reglab');
    try {
      await cfg.update('lint.severity', { 'adam-coupled-weight-decay': 'hint' }, vscode.ConfigurationTarget.Workspace);
      await waitFor('the finding to become a hint', () => (find()?.severity === vscode.DiagnosticSeverity.Hint ? true : undefined));
      await cfg.update('lint.disabledRules', ['adam-coupled-weight-decay'], vscode.ConfigurationTarget.Workspace);
      await waitFor('the disabled rule to disappear', () => (find() ? undefined : true));
    } finally {
      await cfg.update('lint.severity', undefined, vscode.ConfigurationTarget.Workspace);
      await cfg.update('lint.disabledRules', undefined, vscode.ConfigurationTarget.Workspace);
    }
    await waitFor('the finding to come back as a warning', () => (find()?.severity === vscode.DiagnosticSeverity.Warning ? true : undefined));
  });

  test('reglab.lintWorkspace reports findings of files that are not open', async () => {
    const uri = examplesUri('pytorch', 'norm_not_excluded.py');
    assert.ok(!vscode.workspace.textDocuments.some((d) => d.uri.toString() === uri.toString()));
    await vscode.commands.executeCommand('reglab.lintWorkspace');
    const rules = vscode.languages.getDiagnostics(uri).map(ruleOf);
    assert.ok(rules.includes('norm-not-excluded'), JSON.stringify(rules));
    assert.equal(vscode.languages.getDiagnostics(examplesUri('pytorch', 'norm_not_excluded_fixed.py')).length, 0);
  });
});

suite('python while typing', () => {
  test('edits re-lint the document (incrementally): findings follow the code and appear for new calls', async () => {
    await activate();
    const doc = await vscode.workspace.openTextDocument({ language: 'python', content: 'import torch\nfrom torch import nn\nmodel = nn.Linear(4, 2)\n' });
    await vscode.window.showTextDocument(doc);
    const adam = () => vscode.languages.getDiagnostics(doc.uri).find((d) => ruleOf(d) === 'adam-coupled-weight-decay');
    assert.equal(adam(), undefined);
    const edit = new vscode.WorkspaceEdit();
    edit.insert(doc.uri, new vscode.Position(3, 0), 'opt = torch.optim.Adam(model.parameters(), lr=1e-3, weight_decay=1e-4)\n');
    assert.ok(await vscode.workspace.applyEdit(edit));
    const d = await waitFor('the new call to be linted', adam);
    assert.equal(d.range.start.line, 3);
    const shift = new vscode.WorkspaceEdit();
    shift.insert(doc.uri, new vscode.Position(0, 0), '# a comment\n\n');
    assert.ok(await vscode.workspace.applyEdit(shift));
    await waitFor('the finding to move down two lines', () => (adam()?.range.start.line === 5 ? true : undefined));
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });
});

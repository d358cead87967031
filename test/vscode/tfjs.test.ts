// TensorFlow.js code is linted in the editor too (not only by `reglab lint`): a TypeScript
// document with biasRegularizer gets the bias-regularizer diagnostic and its quick fixes; the
// "ignore" fix writes a `//` directive that silences it; removing biasRegularizer clears it.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { suite, test } from 'mocha';
import { activate, ruleOf, waitFor } from './helpers';

const MODEL = `import * as tf from '@tensorflow/tfjs';

const model = tf.sequential();
model.add(tf.layers.dense({ units: 16, inputShape: [4], kernelRegularizer: tf.regularizers.l2({ l2: 1e-4 }), biasRegularizer: tf.regularizers.l2({ l2: 1e-4 }) }));
model.add(tf.layers.dense({ units: 1 }));
`;

suite('tfjs', () => {
  test('a TypeScript TF.js model: bias-regularizer diagnostic, quick fixes, // ignore directive', async () => {
    await activate();
    const doc = await vscode.workspace.openTextDocument({ language: 'typescript', content: MODEL });
    await vscode.window.showTextDocument(doc);
    const findings = () => vscode.languages.getDiagnostics(doc.uri).filter((d) => ruleOf(d) === 'bias-regularizer');
    const diag = await waitFor('the bias-regularizer diagnostic', () => findings()[0]);
    assert.equal(diag.source, 'RegLab');
    assert.equal(diag.range.start.line, 3);

    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', doc.uri, diag.range, vscode.CodeActionKind.QuickFix.value);
    const titles = actions.map((a) => a.title);
    assert.ok(titles.some((t) => /Remove biasRegularizer/.test(t)), `quick fixes: ${JSON.stringify(titles)}`);
    const ignore = actions.find((a) => a.title === 'Ignore bias-regularizer on this line');
    assert.ok(ignore?.edit, `quick fixes: ${JSON.stringify(titles)}`);
    assert.ok(await vscode.workspace.applyEdit(ignore.edit));
    assert.match(doc.lineAt(3).text, /\/\/ reglab: ignore\[bias-regularizer\]$/);
    await waitFor('the ignored finding to go', () => (findings().length ? undefined : true));

    // Without the directive it is back; without biasRegularizer there is nothing to report (and
    // the linter is not even asked).
    const again = new vscode.WorkspaceEdit();
    again.replace(doc.uri, new vscode.Range(0, 0, doc.lineCount, 0), MODEL);
    assert.ok(await vscode.workspace.applyEdit(again));
    await waitFor('the diagnostic to come back', () => findings()[0]);
    const clear = new vscode.WorkspaceEdit();
    clear.replace(doc.uri, new vscode.Range(0, 0, doc.lineCount, 0), MODEL.replace(', biasRegularizer: tf.regularizers.l2({ l2: 1e-4 })', ''));
    assert.ok(await vscode.workspace.applyEdit(clear));
    await waitFor('the diagnostic to go with biasRegularizer', () => (findings().length ? undefined : true));
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });
});

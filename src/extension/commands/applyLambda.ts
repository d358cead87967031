// reglab.applyLambda: writes the λ the last sweep chose into the source it came from (the
// weight_decay literal of a Python optimizer call, or the swept field of the experiment file) as
// one undoable WorkspaceEdit. Refuses, saying why, when the value there is not a literal.
import * as vscode from 'vscode';
import path from 'node:path';
import type { RegLab } from '../reglab';
import { defaultCandidate, type LambdaCandidate } from '../pure/lambdaChoice';
import { experimentLambdaEdit, pythonLambdaEdit, type LambdaEditResult } from '../pure/lambdaEdit';
import { formatNumber } from '../pure/decayTable';
import { parsePython } from '../python/parse';
import { findOriginCall } from '../pure/callAnchor';
import { describeOrigin, type LambdaOrigin } from '../runs/lambdaTarget';
import { log } from '../log';

async function pickCandidate(candidates: LambdaCandidate[]): Promise<LambdaCandidate | undefined> {
  const auto = defaultCandidate(candidates);
  if (auto) return auto;
  const pick = await vscode.window.showQuickPick(
    candidates.map((c) => ({
      label: `${c.variant || 'λ'}: ${c.param} = ${formatNumber(c.value)}`,
      detail: c.why,
      description: Object.keys(c.overrides).length ? `variant also sets ${Object.keys(c.overrides).join(', ')} (not written)` : undefined,
      c,
    })),
    { title: 'RegLab: which variant\'s λ to apply?' },
  );
  return pick?.c;
}

async function computeEdit(reglab: RegLab, doc: vscode.TextDocument, origin: LambdaOrigin, c: LambdaCandidate): Promise<LambdaEditResult> {
  const text = doc.getText();
  if (origin.kind === 'experiment') return experimentLambdaEdit(text, c.param, c.value);
  if (c.param !== 'optimizer.weightDecay') return { ok: false, reason: `the sweep varied ${c.param}, which has no weight_decay argument to write to` };
  // The file may have changed since the sweep started: find the same optimizer call again.
  const result = await reglab.lint.lint(doc);
  // The call whose text matches the one the sweep came from (not just the nearest by line).
  const report = findOriginCall(result?.optimizers ?? [], origin, text);
  if (!report) return { ok: false, reason: `no ${origin.optimizer}(...) call is left in ${vscode.workspace.asRelativePath(doc.uri)}` };
  const root = await parsePython(text);
  return pythonLambdaEdit(root, text, report, c.value);
}

export async function applyLambda(reglab: RegLab): Promise<void> {
  const choice = reglab.lambdaTarget.current;
  if (!choice) {
    void vscode.window.showInformationMessage('RegLab: no sweep result to apply yet. Run a sweep (from an experiment file, or "Try in RegLab" above a Python optimizer call) first.');
    return;
  }
  const c = await pickCandidate(choice.candidates);
  if (!c) return;
  const uri = path.isAbsolute(choice.origin.file) ? vscode.Uri.file(choice.origin.file) : vscode.Uri.parse(choice.origin.file);
  let doc: vscode.TextDocument;
  try {
    doc = await vscode.workspace.openTextDocument(uri);
  } catch (err) {
    void vscode.window.showErrorMessage(`RegLab: cannot open ${describeOrigin(choice.origin)}: ${String(err)}`);
    return;
  }
  const r = await computeEdit(reglab, doc, choice.origin, c);
  if (!r.ok) {
    log.info(`applyLambda refused: ${r.reason}`);
    void vscode.window.showWarningMessage(`RegLab: cannot apply λ = ${formatNumber(c.value)}: ${r.reason}.`);
    return;
  }
  if (!r.edits.length) {
    void vscode.window.showInformationMessage(`RegLab: ${r.description}.`);
    return;
  }
  const edit = new vscode.WorkspaceEdit();
  for (const e of r.edits) edit.replace(doc.uri, new vscode.Range(doc.positionAt(e.offset), doc.positionAt(e.offset + e.length)), e.newText);
  if (!(await vscode.workspace.applyEdit(edit))) {
    void vscode.window.showErrorMessage('RegLab: the edit could not be applied (the file may be read-only).');
    return;
  }
  const first = r.edits[0]!;
  const editor = await vscode.window.showTextDocument(doc, { preview: false });
  const pos = doc.positionAt(first.offset);
  editor.selection = new vscode.Selection(pos, doc.positionAt(first.offset + first.newText.length));
  editor.revealRange(new vscode.Range(pos, pos), vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  log.info(`applyLambda: ${r.description} (${describeOrigin(choice.origin)}, from sweep "${choice.sweepName}")`);
  const note = Object.keys(c.overrides).length ? ` Note: the "${c.variant}" variant also set ${Object.keys(c.overrides).join(', ')}, which was not written.` : '';
  void vscode.window.showInformationMessage(`RegLab: ${r.description} (undo with Ctrl+Z).${note}`);
}

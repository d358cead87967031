// (CodeLens "Fix") Applies one lint fix to the document it was computed for.
import * as vscode from 'vscode';
import type { Fix } from '../../core/lint/types';
import { fixToWorkspaceEdit } from '../python/convert';

export async function applyLintFix(uri: unknown, version: unknown, fix: unknown): Promise<void> {
  if (!(uri instanceof vscode.Uri) || typeof version !== 'number' || !fix || !Array.isArray((fix as Fix).edits)) return;
  const doc = await vscode.workspace.openTextDocument(uri);
  if (doc.version !== version) {
    void vscode.window.showWarningMessage('RegLab: the file changed since this fix was computed; use the refreshed CodeLens or the quick fix.');
    return;
  }
  const ok = await vscode.workspace.applyEdit(fixToWorkspaceEdit(uri, fix as Fix));
  if (!ok) void vscode.window.showErrorMessage(`RegLab: could not apply "${(fix as Fix).title}".`);
}

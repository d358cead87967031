// Linter shapes (1-based, end-exclusive ranges) to VS Code shapes (0-based).
import * as vscode from 'vscode';
import type { Finding, Fix, Severity, SourceRange } from '../../core/lint/types';

export function toRange(r: SourceRange): vscode.Range {
  return new vscode.Range(Math.max(0, r.line - 1), Math.max(0, r.column - 1), Math.max(0, r.endLine - 1), Math.max(0, r.endColumn - 1));
}

export function toSeverity(s: Severity, hint: boolean): vscode.DiagnosticSeverity {
  if (hint) return vscode.DiagnosticSeverity.Hint;
  switch (s) {
    case 'error': return vscode.DiagnosticSeverity.Error;
    case 'warning': return vscode.DiagnosticSeverity.Warning;
    default: return vscode.DiagnosticSeverity.Information;
  }
}

export function fixToWorkspaceEdit(uri: vscode.Uri, fix: Fix): vscode.WorkspaceEdit {
  const edit = new vscode.WorkspaceEdit();
  for (const e of fix.edits) edit.replace(uri, toRange(e), e.newText);
  return edit;
}

/** True when a Diagnostic shown by RegLab stands for this finding. */
export function sameFinding(d: vscode.Diagnostic, f: Finding): boolean {
  const code = typeof d.code === 'object' ? d.code.value : d.code;
  return code === f.rule && d.range.isEqual(toRange(f));
}

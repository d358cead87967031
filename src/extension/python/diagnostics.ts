// Lint findings in the Problems panel: one DiagnosticCollection, refreshed when a Python document
// opens, changes (debounced) or is saved, and cleared when it closes. Each diagnostic's code is the
// rule id and links to docs/rules/<id>.md shipped with the extension.
import * as vscode from 'vscode';
import type { Finding } from '../../core/lint/types';
import { isLintable, type LintService } from './lintService';
import { toRange, toSeverity } from './convert';

export const DIAGNOSTIC_SOURCE = 'RegLab';
const CHANGE_DEBOUNCE_MS = 250;

export class LintDiagnostics implements vscode.Disposable {
  readonly collection = vscode.languages.createDiagnosticCollection('reglab');
  private readonly timers = new Map<string, NodeJS.Timeout>();
  /** Files linted by reglab.lintWorkspace: their diagnostics stay when their editor closes. */
  private readonly workspaceLinted = new Set<string>();
  private readonly disposables: vscode.Disposable[] = [this.collection];

  constructor(private readonly lint: LintService, private readonly extensionUri: vscode.Uri) {
    this.disposables.push(
      vscode.workspace.onDidOpenTextDocument((d) => this.refresh(d)),
      vscode.workspace.onDidChangeTextDocument((e) => e.contentChanges.length && this.refreshSoon(e.document)),
      vscode.workspace.onDidSaveTextDocument((d) => this.refresh(d)),
      vscode.workspace.onDidCloseTextDocument((d) => this.closed(d)),
    );
    for (const d of vscode.workspace.textDocuments) this.refresh(d);
  }

  toDiagnostic(uri: vscode.Uri, f: Finding): vscode.Diagnostic {
    const d = new vscode.Diagnostic(toRange(f), f.message, toSeverity(f.severity, this.lint.isHint(uri, f.rule)));
    d.source = DIAGNOSTIC_SOURCE;
    d.code = { value: f.rule, target: vscode.Uri.joinPath(this.extensionUri, ...f.docs.split('/')) };
    return d;
  }

  set(uri: vscode.Uri, findings: Finding[]): void {
    this.collection.set(uri, findings.map((f) => this.toDiagnostic(uri, f)));
  }

  /** Diagnostics from a workspace-wide lint of a file that may not be open. */
  setFromWorkspaceLint(uri: vscode.Uri, findings: Finding[]): void {
    this.workspaceLinted.add(uri.toString());
    this.set(uri, findings);
  }

  async refresh(doc: vscode.TextDocument): Promise<void> {
    if (!isLintable(doc)) return;
    const version = doc.version;
    const result = await this.lint.lint(doc);
    // A newer version may have been linted meanwhile; only the latest may write.
    if (doc.isClosed || doc.version !== version || !result) return;
    this.set(doc.uri, result.findings);
  }

  private refreshSoon(doc: vscode.TextDocument): void {
    if (!isLintable(doc)) return;
    const key = doc.uri.toString();
    clearTimeout(this.timers.get(key));
    this.timers.set(key, setTimeout(() => {
      this.timers.delete(key);
      void this.refresh(doc);
    }, CHANGE_DEBOUNCE_MS));
  }

  private closed(doc: vscode.TextDocument): void {
    const key = doc.uri.toString();
    clearTimeout(this.timers.get(key));
    this.timers.delete(key);
    this.lint.forget(doc.uri);
    if (!this.workspaceLinted.has(key)) this.collection.delete(doc.uri);
  }

  /** Settings changed: re-lint every open Python document. */
  refreshAll(): void {
    for (const d of vscode.workspace.textDocuments) void this.refresh(d);
  }

  dispose(): void {
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
    for (const d of this.disposables) d.dispose();
  }
}

// CodeLens above every optimizer construction: the resolved decay table in one line, "Fix" when
// a finding on the call has a fix, and "Try in RegLab" (an experiment preset from the call).
import * as vscode from 'vscode';
import { Command } from '../commandIds';
import type { Finding, OptimizerReport } from '../../core/lint/types';
import { isLintable, type LintService } from './lintService';
import { toRange } from './convert';

function overlaps(f: Finding, r: OptimizerReport): boolean {
  const before = f.endLine < r.line || (f.endLine === r.line && f.endColumn <= r.column);
  const after = f.line > r.endLine || (f.line === r.endLine && f.column >= r.endColumn);
  return !before && !after;
}

export class OptimizerCodeLens implements vscode.CodeLensProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;
  private readonly subscription: vscode.Disposable;

  constructor(private readonly lint: LintService) {
    this.subscription = lint.onDidChange(() => this.update());
  }

  update(): void {
    this.changed.fire();
  }

  async provideCodeLenses(doc: vscode.TextDocument, token: vscode.CancellationToken): Promise<vscode.CodeLens[]> {
    if (!isLintable(doc)) return [];
    const result = await this.lint.lint(doc);
    if (!result || token.isCancellationRequested) return [];
    const lenses: vscode.CodeLens[] = [];
    for (const report of result.optimizers) {
      const range = toRange(report).with({ end: toRange(report).start });
      const rules = report.rules.length ? `\nRules: ${report.rules.join(', ')}` : '';
      lenses.push(new vscode.CodeLens(range, { title: report.summary, command: Command.ShowDecayTable, arguments: [doc.uri, range.start], tooltip: `Resolved weight decay of this ${report.optimizer} call: click for the per-group table.${rules}` }));
      const fixable = result.findings.find((f) => overlaps(f, report) && f.fixes.length > 0);
      if (fixable) {
        const fix = fixable.fixes.find((f) => f.isPreferred) ?? fixable.fixes[0]!;
        lenses.push(new vscode.CodeLens(range, { title: '$(wrench) Fix', command: Command.ApplyLintFix, tooltip: fix.title, arguments: [doc.uri, doc.version, fix] }));
      }
      lenses.push(new vscode.CodeLens(range, { title: '$(beaker) Try in RegLab', command: Command.TryInRegLab, tooltip: 'Open the RegLab panel with an experiment preset from this call and sweep λ on a sandbox model', arguments: [doc.uri, report] }));
    }
    return lenses;
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}

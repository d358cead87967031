// Quick fixes from the linter's text edits, offered only on RegLab's own diagnostics. The fix the
// linter marks preferred (or else the first) is `isPreferred`, so "Auto Fix" applies it.
import * as vscode from 'vscode';
import { RULE_IDS } from '../../core/lint/types';
import type { LintService } from './lintService';
import { DIAGNOSTIC_SOURCE } from './diagnostics';
import { fixToWorkspaceEdit, sameFinding, toRange } from './convert';
import { suppressionEdit } from '../pure/suppression';
import { lineCommentPrefix, lintLanguageOf } from '../pure/lintLanguage';

export class LintQuickFixes implements vscode.CodeActionProvider {
  static readonly metadata: vscode.CodeActionProviderMetadata = { providedCodeActionKinds: [vscode.CodeActionKind.QuickFix] };

  constructor(private readonly lint: LintService) {}

  async provideCodeActions(doc: vscode.TextDocument, _range: vscode.Range, context: vscode.CodeActionContext): Promise<vscode.CodeAction[]> {
    const ours = context.diagnostics.filter((d) => {
      const code = typeof d.code === 'object' ? d.code.value : d.code;
      return d.source === DIAGNOSTIC_SOURCE && (RULE_IDS as readonly unknown[]).includes(code);
    });
    if (!ours.length) return [];
    const result = await this.lint.lint(doc);
    if (!result) return [];
    const actions: vscode.CodeAction[] = [];
    for (const diag of ours) {
      const finding = result.findings.find((f) => sameFinding(diag, f));
      if (!finding) continue;
      const preferredIndex = Math.max(0, finding.fixes.findIndex((f) => f.isPreferred));
      finding.fixes.forEach((fix, i) => {
        const action = new vscode.CodeAction(fix.note ? `${fix.title} (${fix.note})` : fix.title, vscode.CodeActionKind.QuickFix);
        action.edit = fixToWorkspaceEdit(doc.uri, fix);
        action.diagnostics = [diag];
        action.isPreferred = i === preferredIndex;
        actions.push(action);
      });
      // Last: silence this rule on this line (the linter reads `# reglab: ignore[rule]`, `//` in JS/TS).
      const line = finding.endLine;
      const e = suppressionEdit(doc.lineAt(line - 1).text, line, finding.rule, lineCommentPrefix(lintLanguageOf(doc.languageId)));
      const ignore = new vscode.CodeAction(`Ignore ${finding.rule} on this line`, vscode.CodeActionKind.QuickFix);
      ignore.edit = new vscode.WorkspaceEdit();
      ignore.edit.replace(doc.uri, toRange(e), e.newText);
      ignore.diagnostics = [diag];
      actions.push(ignore);
    }
    return actions;
  }
}

// Hover on an optimizer construction: the per-group decay table.
import * as vscode from 'vscode';
import { decayTableMarkdown } from '../pure/decayTable';
import { isLintable, type LintService } from './lintService';
import { toRange } from './convert';

export class OptimizerHover implements vscode.HoverProvider {
  constructor(private readonly lint: LintService) {}

  async provideHover(doc: vscode.TextDocument, pos: vscode.Position): Promise<vscode.Hover | undefined> {
    if (!isLintable(doc)) return undefined;
    const result = await this.lint.lint(doc);
    const report = result?.optimizers.find((r) => toRange(r).contains(pos));
    if (!report) return undefined;
    const md = new vscode.MarkdownString(decayTableMarkdown(report));
    md.supportThemeIcons = false;
    md.isTrusted = false;
    return new vscode.Hover(md, toRange(report));
  }
}

// Lints Python documents, and TensorFlow.js code in JavaScript / TypeScript documents
// (pure/lintLanguage.ts), with the core linter (src/core/lint), once per document version and
// settings generation. The linter (and its tree-sitter parser) is loaded on first use, not in
// activate(). Open documents keep their syntax tree (DocumentLinter), so a re-lint after typing
// reparses only what changed. Results are kept for the CodeLens, hover and quick-fix providers,
// which all read the same LintResult.
import * as vscode from 'vscode';
import type { LintLanguage, LintResult, RuleId } from '../../core/lint/types';
import { lintOptionsFromSettings, type EditorLintOptions } from '../pure/lintOptions';
import { lintLanguageOf, mayHaveFindings } from '../pure/lintLanguage';
import { readSettings } from '../settings';
import { log } from '../log';

type LintModule = typeof import('../../core/lint/index');

interface Entry {
  version: number;
  generation: number;
  result: Promise<LintResult | undefined>;
}

export function isLintable(doc: vscode.TextDocument): boolean {
  return lintLanguageOf(doc.languageId) !== undefined && (doc.uri.scheme === 'file' || doc.uri.scheme === 'untitled');
}

const NOTHING: LintResult = { findings: [], optimizers: [], syntaxErrors: false };

export class LintService implements vscode.Disposable {
  private module: Promise<LintModule> | undefined;
  private readonly entries = new Map<string, Entry>();
  private readonly documentLinters = new Map<string, InstanceType<LintModule['DocumentLinter']>>();
  private readonly optionsByFolder = new Map<string, EditorLintOptions>();
  private generation = 0;
  private readonly changed = new vscode.EventEmitter<vscode.Uri | undefined>();
  /** Fires after a document's lint result changed (undefined: every document). */
  readonly onDidChange = this.changed.event;

  private load(): Promise<LintModule> {
    if (!this.module) {
      const t0 = performance.now();
      this.module = import('../../core/lint/index').then((m) => {
        log.info(`linter loaded in ${(performance.now() - t0).toFixed(1)} ms`);
        return m;
      });
      this.module.catch((err) => {
        log.error('could not load the linter', err);
        this.module = undefined;
      });
    }
    return this.module;
  }

  /** Lint options (and editor-only hints) for the folder holding `uri`. */
  options(uri: vscode.Uri): EditorLintOptions {
    const folder = vscode.workspace.getWorkspaceFolder(uri);
    const key = folder?.uri.toString() ?? '';
    let opts = this.optionsByFolder.get(key);
    if (!opts) {
      opts = lintOptionsFromSettings(readSettings(folder ?? uri));
      for (const w of opts.warnings) log.warn(w);
      this.optionsByFolder.set(key, opts);
    }
    return opts;
  }

  isHint(uri: vscode.Uri, rule: RuleId): boolean {
    return this.options(uri).hints.has(rule);
  }

  /** The lint result of this version of the document (cached). */
  lint(doc: vscode.TextDocument): Promise<LintResult | undefined> {
    const key = doc.uri.toString();
    const cached = this.entries.get(key);
    if (cached && cached.version === doc.version && cached.generation === this.generation) return cached.result;
    const text = doc.getText();
    const file = doc.uri.scheme === 'file' ? doc.uri.fsPath : doc.uri.path;
    const language = lintLanguageOf(doc.languageId);
    // A JS/TS document without biasRegularizer has nothing to report: no parser is loaded for it.
    const linted = language && !mayHaveFindings(language, text) ? Promise.resolve(NOTHING) : this.lintDocument(text, file, doc.uri, language);
    const result = linted.then((r) => {
      this.changed.fire(doc.uri);
      return r;
    });
    this.entries.set(key, { version: doc.version, generation: this.generation, result });
    return result;
  }

  /** The cached result for this exact version, if it is already computed or in flight. */
  cached(doc: vscode.TextDocument): Promise<LintResult | undefined> | undefined {
    const e = this.entries.get(doc.uri.toString());
    return e && e.version === doc.version && e.generation === this.generation ? e.result : undefined;
  }

  /** Lints an open document's text, reusing its previous syntax tree. */
  private async lintDocument(text: string, file: string, uri: vscode.Uri, language: LintLanguage | undefined): Promise<LintResult | undefined> {
    try {
      const m = await this.load();
      await m.initParser();
      const key = uri.toString();
      let linter = this.documentLinters.get(key);
      if (!linter) {
        linter = new m.DocumentLinter(file);
        this.documentLinters.set(key, linter);
      }
      const t0 = performance.now();
      // The document's language id decides (an untitled TypeScript buffer has no extension).
      const r = linter.lint(text, { ...this.options(uri).options, ...(language ? { language } : {}) });
      log.trace(`linted ${file} in ${(performance.now() - t0).toFixed(1)} ms: ${r.findings.length} findings, ${r.optimizers.length} optimizers`);
      return r;
    } catch (err) {
      log.error(`lint failed for ${file}`, err);
      return undefined;
    }
  }

  /** Lints text that is not (necessarily) open in an editor. */
  async lintText(text: string, file: string, uri: vscode.Uri): Promise<LintResult | undefined> {
    try {
      const m = await this.load();
      const t0 = performance.now();
      const r = await m.lintSource(text, file, this.options(uri).options);
      log.trace(`linted ${file} in ${(performance.now() - t0).toFixed(1)} ms: ${r.findings.length} findings, ${r.optimizers.length} optimizers`);
      return r;
    } catch (err) {
      log.error(`lint failed for ${file}`, err);
      return undefined;
    }
  }

  forget(uri: vscode.Uri): void {
    this.entries.delete(uri.toString());
    this.documentLinters.get(uri.toString())?.dispose();
    this.documentLinters.delete(uri.toString());
  }

  /** Settings changed: recompute options and every result. */
  invalidate(): void {
    this.generation++;
    this.optionsByFolder.clear();
    this.changed.fire(undefined);
  }

  dispose(): void {
    this.changed.dispose();
    this.entries.clear();
    for (const l of this.documentLinters.values()) l.dispose();
    this.documentLinters.clear();
  }
}

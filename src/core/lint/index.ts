// Entry points of the weight-decay linter: pure data in (source text, file name, options),
// findings and decay tables out. Never throws on any input; a failure inside one analysis drops
// that analysis only.
import { diffEdit, initParser, isParserReady, languageForFile, parseSource, type Tree } from './parser';
import { buildPyIndex } from './pyIndex';
import { buildLazyPyIndex } from './lazyPyIndex';
import { Evaluator } from './evaluate';
import { OptimizerAnalysis, type RawFinding } from './optimizerAnalysis';
import { optimizerSpec, DEFAULT_RANGES, OPTIMIZER_CALL_NAMES } from './optimizers';
import { kerasCompileOptimizers } from './kerasCompile';
import { wrappedOptimizers } from './wrappedOptimizers';
import { l1Findings } from './penalties';
import { configuredOptimizers } from './configuredOptimizers';
import { jsBiasRegularizers, pythonBiasRegularizers } from './regularizers';
import { isSuppressed, suppressionsFrom } from './suppressions';
import { RULES } from './rules';
import { dottedName, field } from './syntax';
import { followIdentifier, formatNumber, referencesInBranches } from './values';
import { callsNamed, qualify, type PyIndex } from './pyIndex';
import type { Node } from './parser';
import type { Finding, LintOptions, LintResult, OptimizerReport } from './types';

export { initParser, isParserReady } from './parser';
export { applyEdits } from './edits';
export { RULES } from './rules';
export * from './types';

/** Lints one file's text. Loads the parser on first use. */
export async function lintSource(source: string, file: string, options: LintOptions = {}): Promise<LintResult> {
  await initParser();
  return lintSourceSync(source, file, options);
}

/** Same as lintSource, after `await initParser()`. */
export function lintSourceSync(source: string, file: string, options: LintOptions = {}, oldTree?: Tree | null): LintResult {
  let tree: Tree | undefined;
  try {
    tree = parseSource(typeof source === 'string' ? source : String(source ?? ''), options.language ?? languageForFile(file), oldTree);
    return lintTree(tree, source, file, options);
  } catch {
    return { findings: [], optimizers: [], syntaxErrors: true };
  } finally {
    tree?.delete();
  }
}

/**
 * Keeps the previous syntax tree of one document so that re-linting after an edit reparses only
 * what changed (tree-sitter incremental parsing). Call dispose() when the document closes.
 */
export class DocumentLinter {
  private tree: Tree | null = null;
  private text = '';

  constructor(private readonly file: string) {}

  lint(source: string, options: LintOptions = {}): LintResult {
    try {
      const lang = options.language ?? languageForFile(this.file);
      if (this.tree) {
        const edit = diffEdit(this.text, source);
        if (edit) this.tree.edit(edit);
      }
      const next = parseSource(source, lang, this.tree);
      this.tree?.delete();
      this.tree = next;
      this.text = source;
      return lintTree(next, source, this.file, options);
    } catch {
      this.dispose();
      return { findings: [], optimizers: [], syntaxErrors: true };
    }
  }

  dispose(): void {
    this.tree?.delete();
    this.tree = null;
    this.text = '';
  }
}

function lintTree(tree: Tree, source: string, file: string, options: LintOptions): LintResult {
  const lang = tree.language.name;
  const raw: RawFinding[] = [];
  const optimizers: OptimizerReport[] = [];
  const root = tree.rootNode;
  let comments: ReturnType<typeof root.descendantsOfType> = [];
  const guard = (f: () => void) => {
    try {
      f();
    } catch {
      // One analysis failing (unexpected syntax shape, deep recursion) must not hide the others.
    }
  };
  if (lang === 'python') {
    // Indexed lazily: only what the analyses ask about is looked up (see lazyPyIndex.ts). A tree
    // with syntax errors gets the full index: error recovery can build nodes around tokens it
    // invented or regrouped (a missing "(", a "def" read as part of a call), which the lazy
    // index's reading of the text would not propose.
    const idx = root.hasError ? buildPyIndex(tree, source) : buildLazyPyIndex(tree, source);
    comments = idx.comments;
    const ev = new Evaluator(idx);
    const analysis = new OptimizerAnalysis(idx, ev, file);
    for (const call of candidateCalls(idx)) {
      guard(() => {
        const callee = field(call, 'function');
        let dotted = dottedName(callee);
        if (!dotted) return;
        let q = qualify(idx, dotted);
        let spec = optimizerSpec(q);
        if (!spec && callee?.type === 'identifier') {
          // opt_cls = torch.optim.AdamW; opt_cls(model.parameters(), ...)
          const target = followIdentifier(idx, callee).node;
          dotted = target !== callee ? dottedName(target) : null;
          if (dotted) {
            q = qualify(idx, dotted);
            spec = optimizerSpec(q);
          }
          // The last class written is not an optimizer we know (DeepSpeedCPUAdam): one written
          // in another branch may be (torch.optim.Adam under `if opt == "cpu_torch_adam"`).
          for (const v of spec ? [] : referencesInBranches(idx, callee, call).reverse()) {
            const alt = qualify(idx, dottedName(v) ?? '');
            if (optimizerSpec(alt)) {
              q = alt;
              spec = optimizerSpec(alt);
              break;
            }
          }
        }
        if (!spec) return;
        const { report, findings } = analysis.analyse(call, spec, q);
        optimizers.push(report);
        raw.push(...findings);
      });
    }
    // wrapper(torch.optim.SGD)(params, ...) and model.compile(optimizer="adamw") (a Keras optimizer
    // named by string, with its defaults): constructions not found by the callee's name.
    guard(() => {
      for (const k of [...wrappedOptimizers(idx), ...kerasCompileOptimizers(idx)]) {
        const { report, findings } = analysis.analyse(k.call, k.spec, k.qualifiedName);
        optimizers.push(report);
        raw.push(...findings);
      }
    });
    // Optimizers configured as framework dicts (mmengine optim_wrapper / mmcv optimizer = dict(type=...)).
    guard(() => {
      for (const c of configuredOptimizers(idx)) {
        const { report, findings } = analysis.configured(c.call, c.spec, c.qualifiedName, c.excluded);
        optimizers.push(report);
        raw.push(...findings);
      }
    });
    guard(() => raw.push(...l1Findings(idx, ev)));
    guard(() => raw.push(...pythonBiasRegularizers(idx)));
  } else {
    comments = root.descendantsOfType('comment');
    guard(() => raw.push(...jsBiasRegularizers(root)));
  }
  const findings = finalize(raw, file, options, suppressionsFrom(comments));
  // Keep the CodeLens summary's ⚠ in line with what is actually reported.
  for (const o of optimizers) {
    const fired = new Set(findings.filter((f) => f.line === o.line && f.column === o.column).map((f) => f.rule));
    o.rules = o.rules.filter((r) => fired.has(r));
    if (!o.rules.some((r) => r !== 'weight-decay-range')) o.summary = o.summary.replace(/ ⚠$/, '');
  }
  return { findings, optimizers, syntaxErrors: root.hasError };
}

/** Calls whose callee could be an optimizer: a known name, or a local alias of one. */
function candidateCalls(idx: PyIndex): Node[] {
  const names = new Set(OPTIMIZER_CALL_NAMES);
  for (const [local, q] of idx.imports) if (optimizerSpec(q)) names.add(local);
  idx.prefetchNames(names);
  for (const a of idx.aliasCandidates(OPTIMIZER_CALL_NAMES)) {
    if (a.target.includes('.') || names.has(a.target)) continue;
    if ((a.value.type === 'attribute' || a.value.type === 'identifier') && OPTIMIZER_CALL_NAMES.has(a.value.text.split('.').pop() ?? '')) names.add(a.target);
  }
  const out: Node[] = [];
  for (const n of names) out.push(...callsNamed(idx, n));
  return out.sort((a, b) => a.startIndex - b.startIndex);
}

function finalize(raw: RawFinding[], file: string, options: LintOptions, suppressed: Map<number, Set<string>>): Finding[] {
  const disabled = new Set(options.disabledRules ?? []);
  const out: Finding[] = [];
  const seen = new Set<string>();
  for (const r of raw) {
    if (disabled.has(r.rule)) continue;
    let message = r.message;
    if (r.rule === 'weight-decay-range') {
      if (!r.range) continue;
      const range = { ...DEFAULT_RANGES[r.range.family], ...(options.weightDecayRange?.[r.range.family] ?? {}) };
      const v = r.range.value;
      if (v >= range.min && v <= range.max) continue;
      const kind = r.range.family === 'decoupled' ? 'decoupled (AdamW-style)' : 'coupled L2';
      message = v > range.max
        ? `weight_decay=${formatNumber(v)} is far above the usual range for ${kind} decay (${formatNumber(range.min)} to ${formatNumber(range.max)}), strong enough to keep ${r.range.optimizer} from fitting.`
        : `weight_decay=${formatNumber(v)} is far below the usual range for ${kind} decay (${formatNumber(range.min)} to ${formatNumber(range.max)}), so it barely regularizes${r.range.family === 'decoupled' ? ' (AdamW shrinks by lr × wd per step)' : ''}.`;
    }
    if (isSuppressed(suppressed, r.rule, r.line, r.endLine)) continue;
    const key = `${r.rule}:${r.line}:${r.column}:${message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const info = RULES[r.rule];
    out.push({
      file, line: r.line, column: r.column, endLine: r.endLine, endColumn: r.endColumn, rule: r.rule,
      severity: options.severity?.[r.rule] ?? info.severity, message, fixes: r.fixes, docs: info.docs,
    });
  }
  return out.sort((a, b) => a.line - b.line || a.column - b.column);
}

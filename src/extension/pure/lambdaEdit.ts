// reglab.applyLambda, the text part: where the chosen λ goes in the source and what to write.
// Python: the `weight_decay=` literal of the optimizer call (or the literals of the decayed group
// dicts written inline in the call; inserted as a keyword when the call relies on the default).
// Experiment files: the swept field, edited with jsonc-parser so comments and layout survive.
// Anything that is not a number literal is refused with a message saying where to change it.
import { findNodeAtLocation, modify, parseTree, type Node as JsonNode } from 'jsonc-parser';
import type { OptimizerReport, SourceRange } from '../../core/lint/types';
import { parseFieldPath } from '../../core/sweep/fieldPath';
import { formatNumber } from './decayTable';
import type { Node as SyntaxNode } from '../../core/lint/parser';

/** An edit by character offsets into the text it was computed from. */
export interface OffsetEdit {
  offset: number;
  length: number;
  newText: string;
}

export type LambdaEditResult = { ok: true; edits: OffsetEdit[]; description: string } | { ok: false; reason: string };

/**
 * λ as a Python float literal that round-trips exactly (the value the sweep trained with):
 * 0.0, 0.01, 1e-5, 3.1622776601e-4.
 */
export function pythonFloat(v: number): string {
  if (!Number.isFinite(v) || v < 0) throw new RangeError(`λ must be a finite number >= 0, got ${v}`);
  const a = Math.abs(v);
  const s = a !== 0 && (a < 1e-3 || a >= 1e16) ? v.toExponential().replace('e+', 'e') : String(v);
  return /[.e]/.test(s) ? s : `${s}.0`;
}

/** Offset of a 1-based line/column in `text`. */
export function offsetAt(text: string, line: number, column: number): number {
  let offset = 0;
  for (let l = 1; l < line; l++) {
    const nl = text.indexOf('\n', offset);
    if (nl < 0) return text.length;
    offset = nl + 1;
  }
  return Math.min(text.length, offset + column - 1);
}

function lineOf(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

// ------------------------------------------------------------------------------------------------
// Experiment files

export function experimentLambdaEdit(text: string, param: string, value: number): LambdaEditResult {
  let path: Array<string | number>;
  try {
    path = parseFieldPath(param);
  } catch (err) {
    return { ok: false, reason: (err as Error).message };
  }
  const root = parseTree(text);
  if (!root || root.type !== 'object') return { ok: false, reason: 'the experiment file is not a JSON object' };
  const node: JsonNode | undefined = findNodeAtLocation(root, path);
  if (node && node.type !== 'number') {
    return { ok: false, reason: `"${param}" at line ${lineOf(text, node.offset)} is ${node.type === 'string' ? `the string ${JSON.stringify(node.value)}` : `a${node.type === 'object' || node.type === 'array' ? 'n' : ''} ${node.type}`}, not a number literal; edit it by hand` };
  }
  const edits = modify(text, path, value, { formattingOptions: { insertSpaces: true, tabSize: 2, eol: text.includes('\r\n') ? '\r\n' : '\n' } })
    .map((e) => ({ offset: e.offset, length: e.length, newText: e.content }));
  if (!edits.length && node?.value === value) return { ok: true, edits: [], description: `"${param}" is already ${formatNumber(value)}` };
  return { ok: true, edits, description: `set "${param}" to ${formatNumber(value)}` };
}

// ------------------------------------------------------------------------------------------------
// Python

function isNumberLiteral(n: SyntaxNode | null): boolean {
  return !!n && (n.type === 'float' || n.type === 'integer');
}

function numericValue(n: SyntaxNode): number {
  return Number(n.text.replace(/_/g, ''));
}

/** The call node that starts at the report's start (the innermost call spanning that range). */
export function findCall(root: SyntaxNode, text: string, call: SourceRange): SyntaxNode | undefined {
  const start = offsetAt(text, call.line, call.column);
  const end = offsetAt(text, call.endLine, call.endColumn);
  let node: SyntaxNode | null = root.descendantForIndex(start, Math.max(start, end - 1));
  while (node && !(node.type === 'call' && node.startIndex <= start && node.endIndex >= end - 1)) node = node.parent;
  if (node) return node;
  // The report may cover only part of the call (e.g. the callee): take the call starting there.
  node = root.descendantForIndex(start);
  while (node && node.type !== 'call') node = node.parent;
  return node ?? undefined;
}

function keywordArg(args: SyntaxNode, name: string): SyntaxNode | undefined {
  return args.namedChildren.find((c): c is SyntaxNode => !!c && c.type === 'keyword_argument' && c.childForFieldName('name')?.text === name);
}

function stringKey(n: SyntaxNode | null): string | undefined {
  if (!n || n.type !== 'string') return undefined;
  const content = n.namedChildren.find((c) => c?.type === 'string_content');
  return content?.text ?? n.text.replace(/^[rbuRBU]*['"]{1,3}|['"]{1,3}$/g, '');
}

function weightDecayPair(dict: SyntaxNode): SyntaxNode | undefined {
  return dict.namedChildren.find((p): p is SyntaxNode => !!p && p.type === 'pair' && stringKey(p.childForFieldName('key')) === 'weight_decay');
}

/**
 * The edit that writes λ into an optimizer call. `report` (the linter's view of the same call)
 * tells whether the decayed groups take their value from elsewhere.
 */
export function pythonLambdaEdit(root: SyntaxNode, text: string, report: Pick<OptimizerReport, 'line' | 'column' | 'endLine' | 'endColumn' | 'optimizer' | 'groups'>, value: number): LambdaEditResult {
  const lit = pythonFloat(value);
  const call = findCall(root, text, report);
  const args = call?.childForFieldName('arguments');
  if (!call || !args || args.type !== 'argument_list') return { ok: false, reason: `no ${report.optimizer}(...) call found at line ${report.line}` };
  const where = `${report.optimizer}(...) at line ${report.line}`;

  const kw = keywordArg(args, 'weight_decay');
  if (kw) {
    const v = kw.childForFieldName('value');
    if (!isNumberLiteral(v)) {
      const group = report.groups.find((g) => g.weightDecay.detail);
      const hint = group?.weightDecay.detail ? ` (${group.weightDecay.detail})` : '';
      return { ok: false, reason: `weight_decay of ${where} is \`${v?.text ?? '?'}\`, not a number literal${hint}; set weight_decay=${lit} where that value is defined` };
    }
    return { ok: true, edits: [{ offset: v!.startIndex, length: v!.endIndex - v!.startIndex, newText: lit }], description: `weight_decay=${lit} in ${where}` };
  }

  // Param groups written inline: [{"params": ..., "weight_decay": 0.1}, {"params": ..., "weight_decay": 0.0}]
  const first = args.namedChildren[0];
  const dicts = first?.type === 'list' ? first.namedChildren.filter((c): c is SyntaxNode => !!c && c.type === 'dictionary') : [];
  const edits: OffsetEdit[] = [];
  let inherits = dicts.length === 0;
  for (const d of dicts) {
    const pair = weightDecayPair(d);
    if (!pair) { inherits = true; continue; }
    const v = pair.childForFieldName('value');
    if (!isNumberLiteral(v)) {
      return { ok: false, reason: `the "weight_decay" of a param group in ${where} is \`${v?.text ?? '?'}\`, not a number literal; set it to ${lit} where that value is defined` };
    }
    if (numericValue(v!) !== 0) edits.push({ offset: v!.startIndex, length: v!.endIndex - v!.startIndex, newText: lit });
  }
  if (!dicts.length) {
    // Groups built elsewhere (a variable): if a decayed group sets its own value, it is not here.
    const own = report.groups.find((g) => g.selection !== 'no-decay' && g.weightDecay.source !== 'inherited' && g.weightDecay.source !== 'optimizer-default');
    if (own && first?.type === 'identifier') {
      const expr = own.weightDecay.expression ? `\`${own.weightDecay.expression}\`` : 'its own value';
      return { ok: false, reason: `the decayed param group passed to ${where} sets weight_decay to ${expr}${own.weightDecay.detail ? ` (${own.weightDecay.detail})` : ''}, not a literal in this call; set it to ${lit} where the groups are built` };
    }
  }
  if (inherits) {
    const last = args.namedChildren.filter((c): c is SyntaxNode => !!c && c.type !== 'comment').pop();
    if (!last) return { ok: false, reason: `${where} has no arguments to add weight_decay to` };
    edits.push({ offset: last.endIndex, length: 0, newText: `, weight_decay=${lit}` });
  }
  if (!edits.length) return { ok: false, reason: `every param group of ${where} has weight_decay 0; there is no decayed group to set λ on` };
  return { ok: true, edits, description: `weight_decay=${lit} in ${where}` };
}

/** Applies offset edits (computed on `text`) and returns the new text. */
export function applyOffsetEdits(text: string, edits: OffsetEdit[]): string {
  let out = text;
  for (const e of [...edits].sort((a, b) => b.offset - a.offset)) out = out.slice(0, e.offset) + e.newText + out.slice(e.offset + e.length);
  return out;
}

// Small, allocation-light helpers over tree-sitter nodes (Python grammar unless noted).
import type { Node } from './parser';
import type { SourceRange } from './types';

export function rangeOf(node: Node): SourceRange {
  const s = node.startPosition;
  const e = node.endPosition;
  return { line: s.row + 1, column: s.column + 1, endLine: e.row + 1, endColumn: e.column + 1 };
}

/** An empty range at the end of a node (for insertions after it). */
export function endOf(node: Node): SourceRange {
  const e = node.endPosition;
  return { line: e.row + 1, column: e.column + 1, endLine: e.row + 1, endColumn: e.column + 1 };
}

export function startOf(node: Node): SourceRange {
  const s = node.startPosition;
  return { line: s.row + 1, column: s.column + 1, endLine: s.row + 1, endColumn: s.column + 1 };
}

// Children are cached per node instance: every read of a child crosses into wasm and allocates.
const namedCache = new WeakMap<Node, Node[]>();
const fieldCache = new WeakMap<Node, Map<string, Node | null>>();

export function named(node: Node | null | undefined): Node[] {
  if (!node) return [];
  let list = namedCache.get(node);
  if (!list) {
    list = node.namedChildren.filter((c): c is Node => c !== null && c.type !== 'comment');
    namedCache.set(node, list);
  }
  return list;
}

export function field(node: Node | null | undefined, name: string): Node | null {
  if (!node) return null;
  let fields = fieldCache.get(node);
  if (!fields) {
    fields = new Map();
    fieldCache.set(node, fields);
  }
  let v = fields.get(name);
  if (v === undefined) {
    v = node.childForFieldName(name);
    fields.set(name, v);
  }
  return v;
}

/** Strips parentheses: ((x)) -> x. */
export function unparen(node: Node | null): Node | null {
  let n = node;
  while (n && n.type === 'parenthesized_expression') n = named(n)[0] ?? null;
  return n;
}

/** "torch.optim.AdamW" for an identifier / attribute chain; null for anything else. */
export function dottedName(node: Node | null): string | null {
  const n = unparen(node);
  if (!n) return null;
  if (n.type === 'identifier') return n.text;
  if (n.type === 'attribute') {
    const obj = dottedName(field(n, 'object'));
    const attr = field(n, 'attribute');
    return obj && attr ? `${obj}.${attr.text}` : null;
  }
  return null;
}

export interface CallArgs {
  positional: Node[];
  keywords: Map<string, Node>;
  /** keyword_argument nodes by name (for edits that remove or replace the whole argument). */
  keywordNodes: Map<string, Node>;
  /** *args or **kwargs present: missing arguments may be hidden in them. */
  hasSplat: boolean;
  splats: Node[];
  list: Node | null;
}

const argsCache = new WeakMap<Node, CallArgs>();

export function callArgs(call: Node): CallArgs {
  let cached = argsCache.get(call);
  if (!cached) {
    cached = readCallArgs(call);
    argsCache.set(call, cached);
  }
  return cached;
}

function readCallArgs(call: Node): CallArgs {
  const list = field(call, 'arguments');
  const out: CallArgs = { positional: [], keywords: new Map(), keywordNodes: new Map(), hasSplat: false, splats: [], list };
  if (!list) return out;
  if (list.type === 'generator_expression') {
    out.positional.push(list);
    return out;
  }
  for (const a of named(list)) {
    if (a.type === 'keyword_argument') {
      const k = field(a, 'name');
      const v = field(a, 'value');
      if (k && v) {
        out.keywords.set(k.text, v);
        out.keywordNodes.set(k.text, a);
      }
    } else if (a.type === 'list_splat' || a.type === 'dictionary_splat') {
      out.hasSplat = true;
      out.splats.push(a);
    } else {
      out.positional.push(a);
    }
  }
  return out;
}

/** Argument by keyword, else by position. */
export function argument(args: CallArgs, keyword: string, position: number): Node | null {
  return args.keywords.get(keyword) ?? (position >= 0 ? args.positional[position] ?? null : null);
}

/** The value of a plain string literal (no interpolation); null otherwise. */
export function stringValue(node: Node | null): string | null {
  const n = unparen(node);
  if (!n) return null;
  if (n.type === 'concatenated_string') {
    let s = '';
    for (const part of named(n)) {
      const v = stringValue(part);
      if (v === null) return null;
      s += v;
    }
    return s;
  }
  if (n.type !== 'string') return null;
  let s = '';
  for (const c of named(n)) {
    if (c.type === 'string_content') s += c.text;
    else if (c.type === 'escape_sequence') s += unescape(c.text);
    else if (c.type === 'interpolation') return null;
  }
  return s;
}

function unescape(seq: string): string {
  const map: Record<string, string> = { n: '\n', t: '\t', '\\': '\\', "'": "'", '"': '"' };
  return map[seq.slice(1)] ?? seq.slice(1);
}

/** Numeric literal, with unary minus and simple arithmetic on literals. */
export function numberLiteral(node: Node | null): number | null {
  const n = unparen(node);
  if (!n) return null;
  if (n.type === 'integer' || n.type === 'float') {
    const t = n.text.replace(/_/g, '').toLowerCase();
    if (/^0[xob]/.test(t)) return Number(t);
    const v = Number(t.replace(/[jl]$/, ''));
    return Number.isFinite(v) ? v : null;
  }
  if (n.type === 'unary_operator') {
    const v = numberLiteral(field(n, 'argument'));
    const op = field(n, 'operator')?.text;
    return v === null ? null : op === '-' ? -v : v;
  }
  return null;
}


/** Indentation (leading whitespace) of the line where node starts. */
export function indentOf(source: string, node: Node): string {
  const lineStart = source.lastIndexOf('\n', node.startIndex - 1) + 1;
  const m = /^[ \t]*/.exec(source.slice(lineStart, node.startIndex));
  return m ? m[0] : '';
}

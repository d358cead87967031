// Text edits (1-based, UTF-16 columns) built from syntax nodes.
import type { Node } from './parser';
import type { TextEdit } from './types';
import { endOf, named, rangeOf } from './syntax';

export function replaceNode(node: Node, newText: string): TextEdit {
  return { ...rangeOf(node), newText };
}

export function insertAfter(node: Node, text: string): TextEdit {
  return { ...endOf(node), newText: text };
}

/** Deletes an argument / pair from a comma-separated list, taking one neighbouring comma with it. */
export function deleteListItem(item: Node, parent: Node | null): TextEdit {
  const siblings = named(parent);
  const i = siblings.findIndex((s) => s.startIndex === item.startIndex && s.endIndex === item.endIndex);
  const prev = i > 0 ? siblings[i - 1] : null;
  const next = i >= 0 && i + 1 < siblings.length ? siblings[i + 1] : null;
  if (prev) {
    const e = prev.endPosition;
    const s = item.endPosition;
    return { line: e.row + 1, column: e.column + 1, endLine: s.row + 1, endColumn: s.column + 1, newText: '' };
  }
  if (next) {
    const s = item.startPosition;
    const e = next.startPosition;
    return { line: s.row + 1, column: s.column + 1, endLine: e.row + 1, endColumn: e.column + 1, newText: '' };
  }
  return { ...rangeOf(item), newText: '' };
}

/** Applies edits to a text (used by tests and by the CLI's future --fix); edits must not overlap. */
export function applyEdits(text: string, edits: TextEdit[]): string {
  const lineStarts = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) lineStarts.push(i + 1);
  const offset = (line: number, column: number) => (lineStarts[line - 1] ?? text.length) + column - 1;
  const sorted = edits.map((e) => ({ start: offset(e.line, e.column), end: offset(e.endLine, e.endColumn), text: e.newText }))
    .sort((a, b) => b.start - a.start || b.end - a.end);
  let out = text;
  for (const e of sorted) out = out.slice(0, e.start) + e.text + out.slice(e.end);
  return out;
}

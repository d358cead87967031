// The "ignore this finding" quick fix: a `# reglab: ignore[rule]` comment on the finding's last
// line (the linter honours it on the first or last line), or the rule added to a directive that
// is already there. Pure text computation on one line.
import type { TextEdit } from '../../core/lint/types';

const DIRECTIVE = /reglab:\s*ignore\[([^\]]*)\]/;

/** The edit that silences `rule` on 1-based `line` whose text is `text` (without the newline). */
export function suppressionEdit(text: string, line: number, rule: string, commentPrefix = '#'): TextEdit {
  const m = DIRECTIVE.exec(text);
  if (m) {
    const listEnd = m.index + m[0].length - 1; // the "]"
    const existing = m[1]!.trim();
    const insert = existing ? `, ${rule}` : rule;
    return { line, column: listEnd + 1, endLine: line, endColumn: listEnd + 1, newText: insert };
  }
  const trimmedEnd = text.replace(/\s+$/, '').length;
  return { line, column: trimmedEnd + 1, endLine: line, endColumn: text.length + 1, newText: `  ${commentPrefix} reglab: ignore[${rule}]` };
}

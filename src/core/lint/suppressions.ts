// Per-line suppressions: `# reglab: ignore[rule-a, rule-b]` (or `// reglab: ignore[...]` in
// JavaScript / TypeScript) on the first or last line of a finding; `reglab: ignore` alone
// silences every rule on that line. Comments come from the syntax tree, never from scanning code.
import type { Node } from './parser';
import type { RuleId } from './types';

const DIRECTIVE = /reglab:\s*ignore(?:\[([^\]]*)\])?/;

/** line (1-based) -> rules silenced there ('*' = all). */
export function suppressionsFrom(comments: (Node | null)[]): Map<number, Set<string>> {
  const out = new Map<number, Set<string>>();
  for (const c of comments) {
    if (!c) continue;
    const m = DIRECTIVE.exec(c.text);
    if (!m) continue;
    const line = c.startPosition.row + 1;
    const set = out.get(line) ?? new Set<string>();
    if (m[1] === undefined || m[1].trim() === '') set.add('*');
    else for (const r of m[1].split(',')) set.add(r.trim());
    out.set(line, set);
  }
  return out;
}

export function isSuppressed(s: Map<number, Set<string>>, rule: RuleId, line: number, endLine: number): boolean {
  for (const l of line === endLine ? [line] : [line, endLine]) {
    const set = s.get(l);
    if (set && (set.has('*') || set.has(rule))) return true;
  }
  return false;
}

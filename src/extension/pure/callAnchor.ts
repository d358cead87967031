// Finds the optimizer call a "Try in RegLab" sweep came from again, in a file that may have
// changed since: the origin keeps the call's source text (its anchor) next to its range, and the
// call whose text matches it wins over one that merely sits near the old line (another AdamW(...)
// added above it must not receive the λ). Pure: no vscode import.
import type { SourceRange } from '../../core/lint/types';
import { offsetAt } from './lambdaEdit';

/** The call's source text with runs of whitespace collapsed (layout changes do not matter). */
export function callAnchor(text: string, range: SourceRange): string {
  const start = offsetAt(text, range.line, range.column);
  const end = offsetAt(text, range.endLine, range.endColumn);
  return text.slice(start, end).replace(/\s+/g, ' ').trim();
}

function tokens(s: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const t of s.match(/[A-Za-z_][\w.]*|\d[\w.+-]*|\S/g) ?? []) out.set(t, (out.get(t) ?? 0) + 1);
  return out;
}

/** Share of tokens two call texts have in common (multiset Jaccard, 0..1). */
export function anchorSimilarity(a: string, b: string): number {
  const ta = tokens(a), tb = tokens(b);
  let common = 0, all = 0;
  for (const k of new Set([...ta.keys(), ...tb.keys()])) {
    const x = ta.get(k) ?? 0, y = tb.get(k) ?? 0;
    common += Math.min(x, y);
    all += Math.max(x, y);
  }
  return all ? common / all : 0;
}

export interface CallOrigin {
  optimizer: string;
  call: SourceRange;
  /** callAnchor of the call when the link was made (older links have none). */
  anchor?: string;
}

/**
 * Among `calls` (the file's optimizer reports now) the one `origin` meant: same optimizer; the
 * text most like the anchor (an unchanged call matches exactly); then the nearest line.
 */
export function findOriginCall<T extends SourceRange & { optimizer: string }>(calls: T[], origin: CallOrigin, text: string): T | undefined {
  const same = calls.filter((c) => c.optimizer === origin.optimizer);
  const score = (c: T): number => (origin.anchor === undefined ? 0 : anchorSimilarity(callAnchor(text, c), origin.anchor));
  return same
    .map((c) => ({ c, s: score(c), d: Math.abs(c.line - origin.call.line) }))
    .sort((a, b) => b.s - a.s || a.d - b.d)[0]?.c;
}

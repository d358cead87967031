// Problems found in an experiment, init or data file, each pinned to a file position, and the
// single error type every loader throws on bad input.

export interface Issue {
  /** File the problem is in (the experiment file, an init table, a CSV file). */
  file: string;
  /** 1-based line and column of the offending value, key or token. */
  line: number;
  column: number;
  /** Field path such as "optimizer.betas[1]", or "column 'x3'" in a CSV file; "" for the whole file. */
  path: string;
  message: string;
  /** What would have been accepted, e.g. "a number > 0" or "one of: sgd, adam, adamw". */
  expected?: string;
  /** 0-based offset and length in the file, for editors (absent when not known). */
  offset?: number;
  length?: number;
}

export function formatIssue(i: Issue): string {
  return `${i.file}:${i.line}:${i.column}: ${i.path ? `${i.path}: ` : ''}${i.message}`;
}

export class ExperimentError extends Error {
  readonly issues: Issue[];
  constructor(issues: Issue[]) {
    super(issues.map(formatIssue).join('\n'));
    this.name = 'ExperimentError';
    this.issues = issues;
  }
}

/** 1-based line/column of every offset of one text. */
export class LineIndex {
  private readonly starts: number[] = [0];
  constructor(text: string) {
    for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) this.starts.push(i + 1);
  }
  position(offset: number): { line: number; column: number } {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid] <= offset) lo = mid; else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - this.starts[lo] + 1 };
  }
}

/** "optimizer.betas[1]" from ["optimizer", "betas", 1]. */
export function formatPath(segments: readonly (string | number)[]): string {
  let out = '';
  for (const s of segments) out += typeof s === 'number' ? `[${s}]` : out ? `.${s}` : s;
  return out;
}

/** Short JSON rendering of a bad value for messages. */
export function showValue(v: unknown): string {
  const s = JSON.stringify(v);
  if (s === undefined) return String(v);
  return s.length > 60 ? `${s.slice(0, 57)}...` : s;
}

// A JSON text parsed with jsonc-parser so every value keeps its offset: problems found later
// (schema, semantics, init shapes) can point at the exact line and column.
import { findNodeAtLocation, getNodeValue, parseTree, printParseErrorCode, type Node, type ParseError } from 'jsonc-parser';
import { ExperimentError, formatPath, LineIndex, type Issue } from './issues';

export type Segment = string | number;

export class JsonDocument {
  readonly lines: LineIndex;
  private constructor(readonly file: string, readonly text: string, readonly root: Node, readonly value: unknown) {
    this.lines = new LineIndex(text);
  }

  /** Parses strict JSON (no comments, no trailing commas, no duplicate keys); throws ExperimentError. */
  static parse(text: string, file: string): JsonDocument {
    const errors: ParseError[] = [];
    const lines = new LineIndex(text);
    const root = parseTree(text, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: true });
    if (errors.length || !root) {
      // Keep the first error: jsonc-parser's recovery makes later ones mostly echoes of it.
      const issues: Issue[] = errors.slice(0, 1).map((e) => ({
        file, ...lines.position(e.offset), path: '', offset: e.offset, length: e.length,
        message: `invalid JSON: ${describeParseError(printParseErrorCode(e.error))}`,
      }));
      if (!issues.length) issues.push({ file, line: 1, column: 1, path: '', message: 'the file is empty; expected a JSON object' });
      throw new ExperimentError(issues);
    }
    const doc = new JsonDocument(file, text, root, getNodeValue(root));
    const dups = doc.duplicateKeys();
    if (dups.length) throw new ExperimentError(dups);
    return doc;
  }

  /** Issue at the node for `segments`; when it does not exist, at its nearest existing ancestor. */
  issueAt(segments: readonly Segment[], message: string, opts: { expected?: string; key?: boolean; path?: string } = {}): Issue {
    const { node, exact } = this.locate(segments);
    // For unknown fields point at the key, not at the value.
    const target = opts.key && exact && node.parent?.type === 'property' ? node.parent.children![0] : node;
    return {
      file: this.file, ...this.lines.position(target.offset), offset: target.offset, length: target.length,
      path: opts.path ?? formatPath(segments), message, ...(opts.expected ? { expected: opts.expected } : {}),
    };
  }

  /** Whether the file itself spells out `segments` (as opposed to a default filling it in). */
  has(segments: readonly Segment[]): boolean {
    return this.locate(segments).exact;
  }

  private locate(segments: readonly Segment[]): { node: Node; exact: boolean } {
    for (let n = segments.length; n >= 0; n--) {
      const node = findNodeAtLocation(this.root, segments.slice(0, n) as Segment[]);
      if (node) return { node, exact: n === segments.length };
    }
    return { node: this.root, exact: segments.length === 0 };
  }

  private duplicateKeys(): Issue[] {
    const issues: Issue[] = [];
    const walk = (node: Node, path: Segment[]): void => {
      if (node.type === 'object') {
        const seen = new Set<string>();
        for (const prop of node.children ?? []) {
          const [key, val] = prop.children ?? [];
          const name = String(key.value);
          if (seen.has(name)) {
            issues.push({
              file: this.file, ...this.lines.position(key.offset), offset: key.offset, length: key.length,
              path: formatPath([...path, name]), message: `duplicate field '${name}' (JSON keeps only the last one)`,
            });
          }
          seen.add(name);
          if (val) walk(val, [...path, name]);
        }
      } else if (node.type === 'array') {
        (node.children ?? []).forEach((c, i) => walk(c, [...path, i]));
      }
    };
    walk(this.root, []);
    return issues;
  }
}

function describeParseError(code: string): string {
  const words: Record<string, string> = {
    InvalidSymbol: 'unexpected character',
    InvalidNumberFormat: 'invalid number',
    PropertyNameExpected: 'expected a field name in double quotes',
    ValueExpected: 'expected a value',
    ColonExpected: "expected ':'",
    CommaExpected: "expected ','",
    CloseBraceExpected: "expected '}'",
    CloseBracketExpected: "expected ']'",
    EndOfFileExpected: 'unexpected text after the end of the JSON value',
    InvalidCommentToken: 'comments are not allowed in JSON',
    UnexpectedEndOfComment: 'unterminated comment',
    UnexpectedEndOfString: 'unterminated string',
    UnexpectedEndOfNumber: 'unterminated number',
    InvalidUnicode: 'invalid unicode escape',
    InvalidEscapeCharacter: 'invalid escape character',
    InvalidCharacter: 'invalid character in string',
  };
  return words[code] ?? code;
}

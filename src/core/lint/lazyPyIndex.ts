// The index of a Python file without syntax errors, answered from the text instead of from a walk
// over every node. A 5,000-line file has ~80,000 nodes and the full query of buildPyIndex costs
// about as much as a third of the parse; the analyses only ever ask about a few names (the
// optimizers' callees, the variables their arguments mention, a few helper calls). So each
// question is answered when it is first asked: the source text proposes the positions where the
// answer can be (every place the identifier `name`, a `def`, an `import`... could stand), the
// syntax tree decides (descendantForIndex walks down from the root: microseconds, a handful of
// nodes). A position inside a string or a comment is proposed and rejected; a real node is never
// missed, because every node looked for contains its keyword or name in the text at its own
// position. Answers are the ones buildPyIndex records, in the same (document) order.
import type { Language } from '@vscode/tree-sitter-wasm';
import type { Node, Tree } from './parser';
import { field } from './syntax';
import { assignmentRecords, attrKey, cachedQuery, finishDefs, recordImport, type Assignment, type Lookup, type PyIndex } from './pyIndex';

const ASSIGNMENTS = '(assignment left: (_) @left right: (_) @right)';

/** Nodes between an identifier and the assignment whose target it is part of: a.b, (a), a, b. */
const TARGET_PARTS = new Set(['attribute', 'parenthesized_expression', 'pattern_list', 'tuple_pattern']);
const LITERAL_LISTS = new Set(['list', 'tuple', 'set']);
const COMPREHENSIONS = new Set(['generator_expression', 'list_comprehension', 'set_comprehension', 'dictionary_comprehension']);
const AUGMENTED_OPERATOR = /(?:\/\/|\*\*|>>|<<|[-+*/%@&|^])=/g;

function isWordChar(code: number): boolean {
  return (code >= 97 && code <= 122) || (code >= 65 && code <= 90) || code === 95 || (code >= 48 && code <= 57);
}

/** Memoized lookup by key. */
function lookup<K, V>(compute: (key: K) => V | undefined): Lookup<K, V> {
  const memo = new Map<K, V | undefined>();
  return {
    get(key: K): V | undefined {
      if (memo.has(key)) return memo.get(key);
      const v = compute(key);
      memo.set(key, v);
      return v;
    },
  };
}

const nonEmpty = <T>(list: T[]): T[] | undefined => (list.length ? list : undefined);
const byStart = (a: Node, b: Node) => a.startIndex - b.startIndex;

export function buildLazyPyIndex(tree: Tree, source: string): PyIndex {
  return new LazyPyIndex(tree, source);
}

class LazyPyIndex implements PyIndex {
  readonly root: Node;
  readonly imports = new Map<string, string>();
  readonly importNodes: Node[] = [];
  readonly functions = new Map<string, Node[]>();
  readonly classes = new Map<string, Node>();
  readonly defs: PyIndex['defs'] = [];
  readonly comments: Node[];
  readonly callsByName = new Map<string, Node[]>();
  readonly assignmentsByTarget: Lookup<string, Assignment[]>;
  readonly assignmentsByAttr: Lookup<string, Assignment[]>;
  readonly assignmentsByScope: Lookup<number, Assignment[]>;
  readonly assignmentByValue: Lookup<number, Assignment>;
  private readonly language: Language;
  private readonly identifierCache = new Map<string, Node[]>();
  private readonly mentionCache = new Map<string, Assignment[]>();
  /** Records of each assignment, by the start of its left side (one object per assignment). */
  private readonly recordCache = new Map<number, Assignment[]>();
  private loops?: { forStatements: Node[]; comprehensions: Node[] };
  private scans = 0;
  private wordIndex?: Map<string, number[]>;
  private augmented?: Node[];

  constructor(tree: Tree, readonly source: string) {
    this.root = tree.rootNode;
    this.language = tree.language;
    for (const n of this.keywordNodes('import', ['import_statement', 'import_from_statement'])) {
      this.importNodes.push(n);
      recordImport(n, this.imports);
    }
    for (const n of this.keywordNodes('def', ['function_definition']).concat(this.keywordNodes('class', ['class_definition']))) {
      this.defs.push({ node: n, start: n.startIndex, end: n.endIndex, isClass: n.type === 'class_definition', maxEnd: 0 });
    }
    finishDefs(this);
    // Suppression directives are the only comments read: `reglab: ignore[...]`.
    this.comments = this.nodesAt('reglab', false, (at) => {
      const n = this.root.descendantForIndex(at, at + 6);
      return n?.type === 'comment' ? n : null;
    });
    this.assignmentsByTarget = lookup((target) => {
      const last = target.slice(target.lastIndexOf('.') + 1);
      return nonEmpty(this.mentioning(last).filter((a) => a.target === target));
    });
    this.assignmentsByAttr = lookup((attr) => nonEmpty(this.mentioning(attr).filter((a) => attrKey(a) === attr)));
    this.assignmentsByScope = lookup((start) => this.inScope(start));
    this.assignmentByValue = lookup((start) => this.valueAt(start));
  }

  get forStatements(): Node[] {
    return (this.loops ??= this.findLoops()).forStatements;
  }

  get comprehensions(): Node[] {
    return (this.loops ??= this.findLoops()).comprehensions;
  }

  get augmentedAssignments(): Node[] {
    if (!this.augmented) {
      const found = new Map<number, Node>();
      for (const m of this.source.matchAll(AUGMENTED_OPERATOR)) {
        const n = this.root.namedDescendantForIndex(m.index, m.index + m[0].length);
        if (n?.type === 'augmented_assignment') found.set(n.startIndex, n);
      }
      this.augmented = [...found.values()].sort(byStart);
    }
    return this.augmented;
  }

  findCalls(name: string): Node[] {
    const src = this.source;
    const calls: Node[] = [];
    for (const at of this.positions(name)) {
      const end = at + name.length;
      if (!mayBeCallee(src, at, end)) continue;
      const paren = skipClosers(src, end, false);
      if (src.charCodeAt(paren) === 40) {
        const call = this.around(at, paren, 'call');
        if (!call) continue;
        const callee = field(call, 'function');
        if (callee?.type === 'identifier' ? callee.startIndex === at && this.endsAt(callee, end) : callee?.type === 'attribute' && callee.startIndex !== at && this.isLastPart(callee, at, end)) calls.push(call);
        continue;
      }
      // name  # a comment, then "(": ask the identifier's parents.
      const id = this.identifierAt(at, name.length);
      const p = id?.parent;
      if (p?.type === 'call') calls.push(p);
      else if (p?.type === 'attribute' && p.startIndex !== at) {
        // x.name(...): the name is the attribute's last part (not its object), the attribute the callee.
        const call = p.parent;
        if (call?.type === 'call') calls.push(call);
      }
    }
    return calls.sort(byStart);
  }

  aliasCandidates(lastNames: ReadonlySet<string>): Assignment[] {
    const out: Assignment[] = [];
    for (const name of lastNames) {
      for (const id of this.identifiers(name)) {
        // The value is the bare name, or the attribute chain it ends (torch.optim.AdamW).
        const p = id.parent;
        const value = p?.type === 'attribute' && p.startIndex !== id.startIndex ? p : id;
        for (const a of this.recordsAroundValue(value, value === p ? p.parent : p)) {
          if (a.value.startIndex === value.startIndex && a.value.endIndex === value.endIndex) out.push(a);
        }
      }
    }
    return out.sort((a, b) => a.start - b.start);
  }

  literalListsMentioning(word: string): Node[] {
    // A list whose items are all strings holds the word in a string (or a comment) of its own:
    // climb from there to the first list, tuple or set. A word in code (an identifier, a keyword
    // argument) cannot be in such a list: its item would not be a string.
    return this.nodesAt(word, false, (at) => {
      const n = this.root.descendantForIndex(at, at + word.length);
      if (n?.type !== 'string_content' && n?.type !== 'comment') return null;
      for (let p = n.parent; p; p = p.parent) {
        if (LITERAL_LISTS.has(p.type)) return p;
        if (p.type === 'module' || p.type === 'block' || p.type.endsWith('statement') || p.type.endsWith('definition')) return null;
      }
      return null;
    });
  }

  /** Positions where `word` occurs (as a whole word when `whole`), each mapped to a node by `decide`; in document order, once each. */
  private nodesAt(word: string, whole: boolean, decide: (at: number) => Node | null): Node[] {
    const src = this.source;
    const found = new Map<number, Node>();
    for (let at = src.indexOf(word); at !== -1; at = src.indexOf(word, at + 1)) {
      if (whole && !isWholeWord(src, at, word.length)) continue;
      const n = decide(at);
      if (n && !found.has(n.startIndex)) found.set(n.startIndex, n);
    }
    return [...found.values()].sort(byStart);
  }

  /** Statements introduced by `keyword`: the smallest named node around the keyword is the statement itself. */
  private keywordNodes(keyword: string, types: string[]): Node[] {
    return this.nodesAt(keyword, true, (at) => {
      const n = this.root.namedDescendantForIndex(at, at + keyword.length);
      return n && types.includes(n.type) ? n : null;
    });
  }

  /** Identifier nodes whose text is `name`. */
  private identifiers(name: string): Node[] {
    let list = this.identifierCache.get(name);
    if (!list) {
      list = this.nodesAt(name, true, (at) => this.identifierAt(at, name.length));
      this.identifierCache.set(name, list);
    }
    return list;
  }

  /** Where the whole word `name` occurs (where identifiers(name) are, when they were looked up already). */
  private positions(name: string): number[] {
    const known = this.identifierCache.get(name);
    if (known) return known.map((id) => id.startIndex);
    const ascii = /^[A-Za-z_][A-Za-z0-9_]*$/.test(name);
    // A file whose analyses ask about many names (a dense file: hundreds) gets every word's
    // positions in one pass; until then, one indexOf scan per name is cheaper.
    if (ascii && !this.wordIndex && ++this.scans > WORD_INDEX_AFTER) this.wordIndex = wordPositions(this.source);
    if (ascii && this.wordIndex) return this.wordIndex.get(name) ?? [];
    const src = this.source;
    const out: number[] = [];
    for (let at = src.indexOf(name); at !== -1; at = src.indexOf(name, at + 1)) if (isWholeWord(src, at, name.length)) out.push(at);
    return out;
  }

  /**
   * The smallest named node around the name at `at` and the one-character token at `token` (the
   * "(" after a callee, the "=" after a target), if it is a `type`. The callee (target) and the
   * token are different children of the call (assignment), so no smaller named node holds both.
   */
  private around(at: number, token: number, type: string): Node | null {
    const n = this.root.namedDescendantForIndex(at, token + 1);
    return n?.type === type ? n : null;
  }

  /** Does this node (starting where a whole word starts) end with the word at `end`? */
  private endsAt(n: Node, end: number): boolean {
    // An ASCII character after the word ends an identifier; after any other, ask the tree.
    return this.source.charCodeAt(end) < 128 || n.endIndex === end;
  }

  /** Is the identifier at `at`..`end` the last part (the attribute) of this attribute node? */
  private isLastPart(attribute: Node, at: number, end: number): boolean {
    const last = field(attribute, 'attribute');
    return last?.type === 'identifier' && last.startIndex === at && this.endsAt(last, end);
  }

  private identifierAt(at: number, length: number): Node | null {
    const n = this.root.descendantForIndex(at, at + length);
    return n && n.startIndex === at && n.type === 'identifier' && n.endIndex === at + length ? n : null;
  }

  prefetchNames(names: Iterable<string>): void {
    const missing = [...new Set(names)].filter((n) => !this.identifierCache.has(n) && /^\w+$/.test(n));
    if (missing.length < 2) return;
    // One pass over the text for all of them (the same whole-word rule as nodesAt).
    const found = new Map<string, Node[]>(missing.map((n) => [n, []]));
    const alternatives = missing.sort((a, b) => b.length - a.length).join('|');
    for (const m of this.source.matchAll(new RegExp(`(?<![A-Za-z_])(?:${alternatives})(?![A-Za-z0-9_])`, 'g'))) {
      const id = this.identifierAt(m.index, m[0].length);
      if (id) found.get(m[0])!.push(id);
    }
    for (const [name, list] of found) this.identifierCache.set(name, list);
  }

  private findLoops(): { forStatements: Node[]; comprehensions: Node[] } {
    const comprehensions = new Map<number, Node>();
    const forStatements = this.nodesAt('for', true, (at) => {
      const n = this.root.namedDescendantForIndex(at, at + 3);
      if (n?.type === 'for_statement') return n;
      if (n?.type === 'for_in_clause') {
        const comp = n.parent;
        if (comp && COMPREHENSIONS.has(comp.type)) comprehensions.set(comp.startIndex, comp);
      }
      return null;
    });
    return { forStatements, comprehensions: [...comprehensions.values()].sort(byStart) };
  }

  /** What one assignment records (cached, so every lookup hands out the same objects). */
  private records(left: Node, right: Node): Assignment[] {
    let list = this.recordCache.get(left.startIndex);
    if (!list) {
      list = left.isNamed && right.isNamed ? assignmentRecords(this, left, right) : [];
      this.recordCache.set(left.startIndex, list);
    }
    return list;
  }

  private recordsOf(assignment: Node): Assignment[] {
    const left = field(assignment, 'left');
    const right = field(assignment, 'right');
    return left && right ? this.records(left, right) : [];
  }

  /** Records of every assignment whose target mentions the identifier `word` (a, a.b.word, (x, word)). */
  private mentioning(word: string): Assignment[] {
    let list = this.mentionCache.get(word);
    if (!list) {
      const src = this.source;
      const assignments = new Map<number, Node>();
      for (const at of this.positions(word)) {
        const end = at + word.length;
        if (!mayBeTarget(src, at, end)) continue;
        const eq = skipClosers(src, end, true);
        if (src.charCodeAt(eq) === 61) {
          // (Or a keyword argument, a default value: not an assignment.)
          const n = this.around(at, eq, 'assignment');
          if (n) assignments.set(n.startIndex, n);
          continue;
        }
        // name, / name: / name  # comment: climb from the identifier through the target's parts.
        const id = this.identifierAt(at, word.length);
        if (!id) continue;
        for (let p = id.parent; p; p = p.parent) {
          if (p.type === 'assignment') {
            const left = field(p, 'left');
            if (left && left.startIndex <= at && end <= left.endIndex) assignments.set(p.startIndex, p);
            break;
          }
          if (!TARGET_PARTS.has(p.type)) break;
        }
      }
      list = [...assignments.values()].sort(byStart).flatMap((a) => this.recordsOf(a));
      this.mentionCache.set(word, list);
    }
    return list;
  }

  /**
   * Records of the assignments that can have `value` as their value: `value` is the right side
   * (parent is the assignment) or one item of a literal tuple on the right; a = b = value adds
   * the outer assignments. In document order.
   */
  private recordsAroundValue(value: Node, parent: Node | null): Assignment[] {
    let a = parent?.type === 'expression_list' || parent?.type === 'tuple' ? parent.parent : parent;
    if (a?.type !== 'assignment') return [];
    const chain: Node[] = [a];
    for (let p = a.parent; p?.type === 'assignment'; p = p.parent) {
      const right = field(p, 'right');
      if (!right || right.startIndex !== a.startIndex) break;
      chain.unshift(p);
      a = p;
    }
    return chain.flatMap((n) => this.recordsOf(n));
  }

  private valueAt(start: number): Assignment | undefined {
    // Every node that starts at `start` encloses the first token there; the value is one of them.
    let n = this.root.descendantForIndex(start, start + 1);
    if (!n || n.startIndex !== start) return undefined;
    let p = n.parent;
    while (p && p.startIndex === start) {
      n = p;
      p = p.parent;
    }
    let found: Assignment | undefined;
    for (const a of this.recordsAroundValue(n, p)) if (a.value.startIndex === start) found = a;
    return found;
  }

  private inScope(start: number): Assignment[] | undefined {
    const scope = start === -1 ? this.root : this.defs.find((d) => d.start === start && !d.isClass)?.node;
    if (!scope) return undefined;
    const out: Assignment[] = [];
    for (const m of cachedQuery(this.language, ASSIGNMENTS).matches(scope)) {
      const left = m.captures.find((c) => c.name === 'left')?.node;
      const right = m.captures.find((c) => c.name === 'right')?.node;
      if (!left || !right) continue;
      for (const a of this.records(left, right)) if ((a.scope ? a.scope.startIndex : -1) === start) out.push(a);
    }
    return nonEmpty(out);
  }
}

/** Index of the first character at or after `i` that is not a space, line break, backslash or a closing ) ]. */
function skipClosers(src: string, i: number, closers: boolean): number {
  for (;; i++) {
    const c = src.charCodeAt(i);
    if (c === 32 || c === 9 || c === 10 || c === 13 || c === 12 || c === 92) continue;
    if (closers && (c === 41 || c === 93)) continue;
    return i;
  }
}

/**
 * Can a name ending at `end` be the last part of an assignment target? Then what follows it,
 * past spaces, line continuations and the ) ] closing a target tuple, is `=` (not `==`), `:` (an
 * annotation), `,` (the next target) or a comment.
 */
function mayBeTarget(src: string, _at: number, end: number): boolean {
  const i = skipClosers(src, end, true);
  const c = src.charCodeAt(i);
  if (c === 61) return src.charCodeAt(i + 1) !== 61;
  return c === 58 || c === 44 || c === 35;
}

/**
 * Can the name at `at`..`end` be a callee? Then `(` follows (or a comment, inside brackets), and
 * it is not the name of a def or class (`def __init__(`: the keyword, then spaces, on its line).
 */
function mayBeCallee(src: string, at: number, end: number): boolean {
  const c = src.charCodeAt(skipClosers(src, end, false));
  if (c !== 40 && c !== 35) return false;
  let j = at;
  while (j > 0 && (src.charCodeAt(j - 1) === 32 || src.charCodeAt(j - 1) === 9)) j--;
  if (j === at) return true;
  const keyword = (k: string) => src.startsWith(k, j - k.length) && (j === k.length || !isWordChar(src.charCodeAt(j - k.length - 1)));
  return !keyword('def') && !keyword('class');
}

const WORD_INDEX_AFTER = 24;

/**
 * Every ASCII word's positions. The same positions as indexOf + isWholeWord for a name of ASCII
 * letters, digits and _: a word starts after anything but a letter or _, ends before anything but
 * a letter, digit or _.
 */
function wordPositions(src: string): Map<string, number[]> {
  const out = new Map<string, number[]>();
  const word = /[A-Za-z_][A-Za-z0-9_]*/g;
  for (let m = word.exec(src); m; m = word.exec(src)) {
    const list = out.get(m[0]);
    if (list) list.push(m.index);
    else out.set(m[0], [m.index]);
  }
  return out;
}

/** A name or keyword never follows a letter or precedes a letter or digit: the lexer would have joined them. */
function isWholeWord(src: string, at: number, length: number): boolean {
  const before = at > 0 ? src.charCodeAt(at - 1) : 32;
  return !(isWordChar(before) && !(before >= 48 && before <= 57)) && !isWordChar(src.charCodeAt(at + length));
}

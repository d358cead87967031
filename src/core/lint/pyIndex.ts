// What the analyses look up again and again in a Python syntax tree: imports (local name ->
// dotted module path), assignments by target / scope / value, functions, classes, calls by callee
// name, loops and comments. The PyIndex interface, the helpers over it, and buildPyIndex: the
// whole index from one tree-sitter query (for trees with syntax errors, and the reference that
// lazyPyIndex.ts, used for the others, is tested against).
import { Query, type Language } from '@vscode/tree-sitter-wasm';
import type { Node, Tree } from './parser';
import { dottedName, field, named } from './syntax';

export interface Assignment {
  /** Dotted target, e.g. "wd", "self.fc", "C.weight_decay". */
  target: string;
  value: Node;
  /** The left side (its line is the assignment's line). */
  node: Node;
  /** Start of the left side and end of the right side: the statement's extent. */
  start: number;
  end: number;
  /** The function_definition it is in (null: module or class level). */
  scope: Node | null;
  /** The class_definition whose body holds it directly (class attributes, dataclass fields). */
  classBody: Node | null;
}

/** Read access by key (a Map, or a lookup computed on first use). */
export interface Lookup<K, V> {
  get(key: K): V | undefined;
}

export interface PyIndex {
  source: string;
  root: Node;
  /** local name -> qualified dotted name ("optim" -> "torch.optim", "W" -> "torch.optim.AdamW"). */
  imports: Map<string, string>;
  importNodes: Node[];
  functions: Map<string, Node[]>;
  classes: Map<string, Node>;
  /** Comments that can hold a suppression directive (every comment that mentions "reglab"). */
  comments: Node[];
  forStatements: Node[];
  augmentedAssignments: Node[];
  comprehensions: Node[];
  /** Function and class definitions in document order, with the running maximum of their ends. */
  defs: { node: Node; start: number; end: number; isClass: boolean; maxEnd: number }[];
  /** Assignments by dotted target ("wd", "self.fc", "C.weight_decay"), in document order. */
  assignmentsByTarget: Lookup<string, Assignment[]>;
  /** Assignments by the start of their function (-1: module and class level). */
  assignmentsByScope: Lookup<number, Assignment[]>;
  /** Assignments to X.attr (by attr) and class fields (by name): config-like values. */
  assignmentsByAttr: Lookup<string, Assignment[]>;
  /** Assignments by the start index of their value (x = <value>). */
  assignmentByValue: Lookup<number, Assignment>;
  /** Calls by the last name of their callee, filled on demand by callsNamed. */
  callsByName: Map<string, Node[]>;
  /** Calls whose callee's last name is `name`, in document order (use callsNamed, which caches). */
  findCalls(name: string): Node[];
  /**
   * A superset of the assignments whose value is a bare name or an attribute chain ending in one
   * of `lastNames` (opt_cls = torch.optim.AdamW): the caller checks the value.
   */
  aliasCandidates(lastNames: ReadonlySet<string>): Assignment[];
  /** A hint that these names will be looked up (a lazy index finds them in one pass over the text). */
  prefetchNames(names: Iterable<string>): void;
  /**
   * List, tuple and set literals, in document order, that may hold `word` in a string or comment
   * of their own: at least every one whose items are strings and whose text contains `word`
   * (the caller checks the items).
   */
  literalListsMentioning(word: string): Node[];
}

// One query for everything the analyses look up. Calls are captured with the last name of their
// callee (x.append(...) -> "append"), assignments with their two sides, so no child lookups are
// needed afterwards for the common cases.
const QUERY = `
(import_statement) @import
(import_from_statement) @import
(call function: (identifier) @call.name)
(call function: (attribute attribute: (identifier) @call.name))
(assignment left: (_) @assign.left right: (_) @assign.right)
(function_definition) @func
(class_definition) @class
(comment) @comment
(for_statement) @for
(augmented_assignment) @aug
(generator_expression) @comp
(list_comprehension) @comp
(set_comprehension) @comp
(dictionary_comprehension) @comp
`;

const queries = new WeakMap<Language, Map<string, Query>>();

/** A compiled query, once per language and query text. */
export function cachedQuery(language: Language, text: string): Query {
  let byText = queries.get(language);
  if (!byText) queries.set(language, (byText = new Map()));
  let q = byText.get(text);
  if (!q) byText.set(text, (q = new Query(language, text)));
  return q;
}

// Enclosing definitions are found by range containment, not node.parent: tree-sitter computes a
// parent by descending from the root, which is slow on long files.
function innermostDef(idx: PyIndex, node: Node, want: 'function' | 'class' | 'any'): Node | null {
  return innermostDefRecord(idx, node, want)?.node ?? null;
}

export function innermostDefRecord(idx: PyIndex, node: Node, want: 'function' | 'class' | 'any'): PyIndex['defs'][number] | null {
  const s = node.startIndex;
  const e = node.endIndex;
  const defs = idx.defs;
  let lo = 0;
  let hi = defs.length - 1;
  let k = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (defs[mid].start <= s) { k = mid; lo = mid + 1; } else hi = mid - 1;
  }
  for (let i = k; i >= 0; i--) {
    const d = defs[i];
    if (d.maxEnd < e) break;
    if (d.start <= s && e <= d.end && !(d.start === s && d.end === e)) {
      if (want === 'any' || (want === 'class') === d.isClass) return d;
    }
  }
  return null;
}

/** The function_definition / class_definition that directly encloses node (null at module level). */
export function enclosingDefinition(idx: PyIndex, node: Node): Node | null {
  return innermostDef(idx, node, 'any');
}

export function enclosingFunction(idx: PyIndex, node: Node): Node | null {
  return innermostDef(idx, node, 'function');
}

export function enclosingClass(idx: PyIndex, node: Node): Node | null {
  return innermostDef(idx, node, 'class');
}

/** Calls whose callee's last name is `name` (x.append(...) and append(...) alike), in order. */
export function callsNamed(idx: PyIndex, name: string): Node[] {
  let calls = idx.callsByName.get(name);
  if (!calls) {
    calls = idx.findCalls(name);
    idx.callsByName.set(name, calls);
  }
  return calls;
}

/** callsNamed for each name in turn (grouped by name, in the order of `names`). */
export function callsNamedAll(idx: PyIndex, names: string[]): Node[] {
  idx.prefetchNames(names);
  return names.flatMap((n) => callsNamed(idx, n));
}

/** Innermost node of a list (sorted by start) whose range strictly contains node. */
export function innermostContaining(list: Node[], node: Node, within?: Node | null): Node | null {
  let best: Node | null = null;
  for (const c of list) {
    if (c.startIndex > node.startIndex) break;
    if (within && (c.startIndex < within.startIndex || c.endIndex > within.endIndex)) continue;
    if (c.endIndex >= node.endIndex && !(c.startIndex === node.startIndex && c.endIndex === node.endIndex)) best = c;
  }
  return best;
}

/** The outermost for statement around n inside fn (null when n is not in a loop of fn). */
export function outermostLoop(idx: PyIndex, n: Node, fn: Node | null): Node | null {
  for (const loop of idx.forStatements) {
    if (loop.startIndex > n.startIndex) break;
    if (loop.endIndex < n.endIndex) continue;
    if (fn && (loop.startIndex < fn.startIndex || loop.endIndex > fn.endIndex)) continue;
    if (enclosingFunction(idx, loop)?.startIndex !== fn?.startIndex) continue;
    return loop;
  }
  return null;
}

/**
 * The whole index from one query over every node. The linter uses it for trees with syntax
 * errors; for the others it uses the lazy index (lazyPyIndex.ts), which gives the same answers
 * without visiting every node and is tested against this one.
 */
export function buildPyIndex(tree: Tree, source: string): PyIndex {
  const root = tree.rootNode;
  const calleeNames = new Map<string, Node[]>();
  const assignmentsByTarget = new Map<string, Assignment[]>();
  const assignmentsByScope = new Map<number, Assignment[]>();
  const assignmentsByAttr = new Map<string, Assignment[]>();
  const assignmentByValue = new Map<number, Assignment>();
  const all: Assignment[] = [];
  const idx: PyIndex = {
    source,
    root,
    imports: new Map(),
    importNodes: [],
    functions: new Map(),
    classes: new Map(),
    comments: [],
    forStatements: [],
    augmentedAssignments: [],
    comprehensions: [],
    defs: [],
    assignmentByValue,
    assignmentsByScope,
    assignmentsByAttr,
    assignmentsByTarget,
    callsByName: new Map(),
    findCalls: (name) => {
      const calls: Node[] = [];
      for (const id of calleeNames.get(name) ?? []) {
        const p = id.parent;
        const call = p?.type === 'call' ? p : p?.type === 'attribute' ? p.parent : null;
        if (call?.type === 'call') calls.push(call);
      }
      return calls.sort((x, y) => x.startIndex - y.startIndex);
    },
    aliasCandidates: () => all,
    prefetchNames: () => {},
    literalListsMentioning: (word) => root.descendantsOfType(['list', 'tuple', 'set']).filter((l): l is Node => !!l && l.text.includes(word)),
  };
  const assignments: [Node, Node][] = [];
  for (const m of cachedQuery(tree.language, QUERY).matches(root)) {
    const caps = m.captures;
    const main = caps[0];
    const n = main.node;
    switch (main.name) {
      case 'import':
        idx.importNodes.push(n);
        recordImport(n, idx.imports);
        break;
      case 'call.name': {
        // Only the callee's name is captured; the call node is looked up when a name is asked for.
        push(calleeNames, source.slice(n.startIndex, n.endIndex), n);
        break;
      }
      case 'assign.left': {
        const right = caps.find((c) => c.name === 'assign.right')?.node;
        if (right) assignments.push([n, right]);
        break;
      }
      case 'aug':
        idx.augmentedAssignments.push(n);
        break;
      case 'comp':
        idx.comprehensions.push(n);
        break;
      case 'func':
      case 'class':
        idx.defs.push({ node: n, start: n.startIndex, end: n.endIndex, isClass: main.name === 'class', maxEnd: 0 });
        break;
      case 'comment':
        idx.comments.push(n);
        break;
      case 'for':
        idx.forStatements.push(n);
        break;
    }
  }
  finishDefs(idx);
  for (const [left, right] of assignments) {
    for (const a of assignmentRecords(idx, left, right)) {
      all.push(a);
      assignmentByValue.set(a.value.startIndex, a);
      push(assignmentsByScope, a.scope ? a.scope.startIndex : -1, a);
      const attr = attrKey(a);
      if (attr !== null) push(assignmentsByAttr, attr, a);
      push(assignmentsByTarget, a.target, a);
    }
  }
  return idx;
}

/** Sorts the definitions, fills their running end maximum and the functions / classes by name. */
export function finishDefs(idx: PyIndex): void {
  idx.defs.sort((a, b) => a.start - b.start);
  let maxEnd = 0;
  for (const d of idx.defs) {
    d.maxEnd = maxEnd = Math.max(maxEnd, d.end);
    const name = field(d.node, 'name')?.text;
    if (!name) continue;
    if (d.isClass) {
      if (!idx.classes.has(name)) idx.classes.set(name, d.node);
    } else push(idx.functions, name, d.node);
  }
}

/** The assignmentsByAttr key of an assignment (null: not config-like). */
export function attrKey(a: Assignment): string | null {
  if (a.classBody && !a.target.includes('.')) return a.target;
  if (a.target.includes('.') && !a.target.startsWith('self.')) return a.target.slice(a.target.lastIndexOf('.') + 1);
  return null;
}

export function recordImport(n: Node, imports: Map<string, string>): void {
  if (n.type === 'import_statement') {
    for (const c of named(n)) {
      if (c.type === 'dotted_name') {
        // `import torch.optim` binds "torch"; the dotted path still resolves through it.
        imports.set(c.text.split('.')[0], c.text.split('.')[0]);
        imports.set(c.text, c.text);
      } else if (c.type === 'aliased_import') {
        const name = field(c, 'name')?.text;
        const alias = field(c, 'alias')?.text;
        if (name && alias) imports.set(alias, name);
      }
    }
    return;
  }
  const mod = field(n, 'module_name');
  if (!mod) return;
  const base = mod.text;
  for (const c of named(n)) {
    if (c === mod || c.equals(mod)) continue;
    if (c.type === 'dotted_name') imports.set(c.text, `${base}.${c.text}`);
    else if (c.type === 'aliased_import') {
      const name = field(c, 'name')?.text;
      const alias = field(c, 'alias')?.text;
      if (name && alias) imports.set(alias, `${base}.${name}`);
    }
  }
}

export function push<K, V>(map: Map<K, V[]>, key: K, v: V): void {
  const list = map.get(key);
  if (list) list.push(v);
  else map.set(key, [v]);
}

const DOTTED = /^[A-Za-z_]\w*(\s*\.\s*[A-Za-z_]\w*)*$/;

/** What `left = right` assigns: one record per dotted target it binds (none for a[i] = ...). */
export function assignmentRecords(idx: PyIndex, left: Node, right: Node): Assignment[] {
  const def = innermostDefRecord(idx, left, 'any');
  const start = left.startIndex;
  const end = right.endIndex;
  const scope = def && !def.isClass ? def.node : null;
  const classBody = def && def.isClass ? def.node : null;
  const out: Assignment[] = [];
  const add = (target: string, value: Node) => out.push({ target, value, node: left, start, end, scope, classBody });
  // a = b = value: the inner assignment is the right side.
  let value: Node = right;
  while (value.type === 'assignment' && field(value, 'right')) value = field(value, 'right')!;
  // Read the target from the source text: cheaper than walking the left side's nodes.
  const leftText = idx.source.slice(left.startIndex, left.endIndex);
  if (DOTTED.test(leftText)) {
    add(leftText.replace(/\s+/g, ''), value);
    return out;
  }
  // Tuple unpacking with a literal tuple on the right: a, b = 1, 2.
  if ((left.type === 'pattern_list' || left.type === 'tuple_pattern') && (value.type === 'expression_list' || value.type === 'tuple')) {
    const ls = named(left);
    const rs = named(value);
    if (ls.length === rs.length) ls.forEach((l, i) => {
      const t = dottedName(l);
      if (t) add(t, rs[i]);
    });
  }
  return out;
}

/** Qualified name of a dotted expression through the imports: optim.AdamW -> torch.optim.AdamW. */
export function qualify(idx: PyIndex, dotted: string): string {
  const parts = dotted.split('.');
  for (let i = parts.length; i > 0; i--) {
    const head = parts.slice(0, i).join('.');
    const q = idx.imports.get(head);
    if (q) return [q, ...parts.slice(i)].join('.');
  }
  return dotted;
}

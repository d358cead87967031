// One pass over a Python syntax tree that records what the analyses look up again and again:
// imports (local name -> dotted module path), assignments by scope, functions, classes, calls and
// comments. Collected with a tree-sitter query, which runs inside wasm and is much cheaper than
// walking every node from JavaScript.
import { Query, type Language } from '@vscode/tree-sitter-wasm';
import type { Node, Tree } from './parser';
import { dottedName, field, named } from './syntax';

export interface Assignment {
  /** Dotted target, e.g. "wd", "self.fc", "C.weight_decay". */
  target: string;
  value: Node;
  node: Node;
  /** The function_definition it is in (null: module or class level). */
  scope: Node | null;
  /** The class_definition whose body holds it directly (class attributes, dataclass fields). */
  classBody: Node | null;
}

export interface PyIndex {
  source: string;
  root: Node;
  /** local name -> qualified dotted name ("optim" -> "torch.optim", "W" -> "torch.optim.AdamW"). */
  imports: Map<string, string>;
  importNodes: Node[];
  assignments: Assignment[];
  assignmentsByTarget: Map<string, Assignment[]>;
  functions: Map<string, Node[]>;
  classes: Map<string, Node>;
  calls: Node[];
  comments: Node[];
  forStatements: Node[];
}

const QUERY = `
(import_statement) @import
(import_from_statement) @import
(call) @call
(assignment) @assign
(function_definition) @func
(class_definition) @class
(comment) @comment
(for_statement) @for
`;

const queries = new WeakMap<Language, Query>();

function queryFor(language: Language): Query {
  let q = queries.get(language);
  if (!q) {
    q = new Query(language, QUERY);
    queries.set(language, q);
  }
  return q;
}

/** The function_definition / class_definition that directly encloses node (null at module level). */
export function enclosingDefinition(node: Node): Node | null {
  for (let n = node.parent; n; n = n.parent) {
    if (n.type === 'function_definition' || n.type === 'class_definition' || n.type === 'lambda') return n;
  }
  return null;
}

export function enclosingFunction(node: Node): Node | null {
  for (let n = node.parent; n; n = n.parent) if (n.type === 'function_definition') return n;
  return null;
}

export function enclosingClass(node: Node): Node | null {
  for (let n = node.parent; n; n = n.parent) if (n.type === 'class_definition') return n;
  return null;
}

export function buildPyIndex(tree: Tree, source: string): PyIndex {
  const root = tree.rootNode;
  const idx: PyIndex = {
    source,
    root,
    imports: new Map(),
    importNodes: [],
    assignments: [],
    assignmentsByTarget: new Map(),
    functions: new Map(),
    classes: new Map(),
    calls: [],
    comments: [],
    forStatements: [],
  };
  const language = tree.language;
  for (const cap of queryFor(language).captures(root)) {
    const n = cap.node;
    switch (cap.name) {
      case 'import':
        idx.importNodes.push(n);
        recordImport(n, idx.imports);
        break;
      case 'call':
        idx.calls.push(n);
        break;
      case 'assign':
        recordAssignment(n, idx);
        break;
      case 'func': {
        const name = field(n, 'name')?.text;
        if (name) {
          const list = idx.functions.get(name) ?? [];
          list.push(n);
          idx.functions.set(name, list);
        }
        break;
      }
      case 'class': {
        const name = field(n, 'name')?.text;
        if (name && !idx.classes.has(name)) idx.classes.set(name, n);
        break;
      }
      case 'comment':
        idx.comments.push(n);
        break;
      case 'for':
        idx.forStatements.push(n);
        break;
    }
  }
  return idx;
}

function recordImport(n: Node, imports: Map<string, string>): void {
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

function recordAssignment(n: Node, idx: PyIndex): void {
  const left = field(n, 'left');
  const right = field(n, 'right');
  if (!left || !right) return;
  const def = enclosingDefinition(n);
  const scope = def && def.type !== 'class_definition' ? enclosingFunction(n) : null;
  const classBody = def && def.type === 'class_definition' ? def : null;
  const add = (target: string, value: Node) => {
    const a: Assignment = { target, value, node: n, scope, classBody };
    idx.assignments.push(a);
    const list = idx.assignmentsByTarget.get(target) ?? [];
    list.push(a);
    idx.assignmentsByTarget.set(target, list);
  };
  // a = b = value: the inner assignment is the right side.
  let value: Node = right;
  while (value.type === 'assignment' && field(value, 'right')) value = field(value, 'right')!;
  const simple = dottedName(left);
  if (simple) {
    add(simple, value);
    return;
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

// Resolves the value an expression has, statically and only from the same file: literals, module
// constants, local assignments, argparse defaults, function parameter defaults (or the arguments
// every call site in the file passes), config dicts, and class / dataclass field defaults.
// Anything else is "unresolved": the linter says so rather than guessing.
import type { Node } from './parser';
import { callsNamed, enclosingClass, enclosingFunction, qualify, type Assignment, type PyIndex } from './pyIndex';
import type { ResolvedValue } from './types';
import { callArgs, dottedName, field, named, numberLiteral, stringValue, unparen } from './syntax';

/** Arguments bound to a helper function's parameters when it is analysed for one call site. */
export interface Bindings {
  fn: Node;
  map: Map<string, Node>;
  parent?: Bindings;
}

const MAX_DEPTH = 12;
const WEIGHT_DECAY_NAME = /(^|[._])(weight_decay|wd)$/i;

export function unresolved(expression?: string, detail?: string): ResolvedValue {
  return { value: null, source: 'unresolved', expression, detail };
}

function lineOf(n: Node): number {
  return n.startPosition.row + 1;
}

/**
 * Stands for "assigned in if/else branches the file's own values cannot choose between": the
 * variable has no single reaching value, so whoever asked must say unresolved, not pick one.
 */
export const AMBIGUOUS = Symbol('assigned differently in branches');
export type Reaching = Assignment | null | typeof AMBIGUOUS;

/**
 * Assignment to `name` that reaches `at`: the last one before it in its function (else at module
 * level), except that an assignment inside an if/else branch that does not contain `at` only
 * counts when the branch is the one taken. The condition is decided from values visible in the
 * file (parameter defaults, argparse defaults, constants); when it cannot be, AMBIGUOUS.
 */
export function reachingAssignment(idx: PyIndex, name: string, at: Node): Reaching {
  let cache = reachingCache.get(idx);
  if (!cache) reachingCache.set(idx, (cache = new Map()));
  const key = `${name}@${at.startIndex}`;
  let r = cache.get(key);
  if (r === undefined) {
    r = reachingUncached(idx, name, at);
    cache.set(key, r);
  }
  return r;
}

/** Per file: reaching assignments already worked out (the same names are looked up many times). */
const reachingCache = new WeakMap<PyIndex, Map<string, Reaching>>();
/** Per file: the branch each if statement takes (undefined: undecided), by its start. */
const branchCache = new WeakMap<PyIndex, Map<number, Node | null | undefined>>();

function reachingUncached(idx: PyIndex, name: string, at: Node): Reaching {
  const list = idx.assignmentsByTarget.get(name);
  if (!list) return null;
  const fn = enclosingFunction(idx, at);
  if (fn) {
    const inFn = inFunction(list, fn);
    const best = lastBefore(inFn, at.startIndex, null);
    if (best) return settle(idx, inFn, best, at, fn, 0);
  }
  const atModule = atModuleLevel(list);
  const best = lastBefore(atModule, at.startIndex, null);
  if (best) return settle(idx, atModule, best, at, idx.root, 0);
  // A module constant defined below the function that uses it is still visible at call time.
  return fn ? atModule[atModule.length - 1] ?? null : null;
}

/**
 * The assignments an AMBIGUOUS reachingAssignment chose between: those of the enclosing function
 * before `at` when it has any, else the module's (before `at` at module level; all of them from
 * inside a function, which may run after the module is done).
 */
function ambiguousCandidates(idx: PyIndex, name: string, at: Node): Assignment[] {
  const list = idx.assignmentsByTarget.get(name) ?? [];
  const fn = enclosingFunction(idx, at);
  if (fn) {
    const inFn = inFunction(list, fn).filter((a) => a.end <= at.startIndex);
    if (inFn.length) return inFn;
  }
  return atModuleLevel(list).filter((a) => fn !== null || a.end <= at.startIndex);
}

/** The assignments made in function `fn` itself (not in a nested one). */
function inFunction(list: Assignment[], fn: Node): Assignment[] {
  return list.filter((a) => a.scope && a.scope.startIndex === fn.startIndex);
}

/** The assignments at module level (not in a function or a class body). */
function atModuleLevel(list: Assignment[]): Assignment[] {
  return list.filter((a) => !a.scope && !a.classBody);
}

/** Last assignment visible from `at`, ignoring branches that cannot be decided (for callers that only need "is it assigned"). */
export function visibleAssignment(idx: PyIndex, name: string, at: Node): Assignment | null {
  const r = reachingAssignment(idx, name, at);
  return r === AMBIGUOUS ? null : r;
}

function lastBefore(list: Assignment[], pos: number, within: Node | null): Assignment | null {
  let best: Assignment | null = null;
  for (const a of list) {
    if (a.end > pos) continue;
    if (within && (a.start < within.startIndex || a.end > within.endIndex)) continue;
    if (!best || a.start > best.start) best = a;
  }
  return best;
}

/** `a` is the last assignment before `at`; if a branch holds it, decide that branch. */
function settle(idx: PyIndex, inFn: Assignment[], a: Assignment, at: Node, boundary: Node, depth: number): Reaching {
  if (depth > 6) return AMBIGUOUS;
  // Outermost if statement around the assignment (below boundary) that does not also hold `at`.
  let branchIf: Node | null = null;
  for (let p = a.node.parent; p && p.startIndex >= boundary.startIndex && p.endIndex <= boundary.endIndex && p !== boundary; p = p.parent) {
    if (p.type === 'if_statement' && !(p.startIndex <= at.startIndex && at.endIndex <= p.endIndex)) branchIf = p;
  }
  if (!branchIf) return a;
  const taken = takenBranch(idx, branchIf, depth);
  // params = params + [...] under an undecided condition only adds to what was there: keep it.
  // (Not x = f(x): a wrapper may narrow what it gets, as get_peft_model does.)
  // A class or function picked by a runtime flag (optimizer_class = bnb.optim.AdamW8bit / else
  // torch.optim.AdamW) keeps the last one written, as before branches were looked at.
  if (taken === undefined) return growsItself(a) || isReference(a.value) ? a : AMBIGUOUS;
  if (taken) {
    const inside = lastBefore(inFn, at.startIndex, taken);
    if (inside) return settle(idx, inFn, inside, at, taken, depth + 1);
  }
  // The taken branch does not assign it: the value from before the if statement reaches.
  const before = lastBefore(inFn, branchIf.startIndex, null);
  return before ? settle(idx, inFn, before, at, enclosingFunction(idx, branchIf) ?? idx.root, depth + 1) : null;
}

/**
 * Whether a statement runs on the way to `at` as far as the if statements around it (and not
 * around `at`) can be decided from the file's own values: false when one of them takes another
 * branch, undefined when one cannot be decided.
 */
export function branchReaches(idx: PyIndex, node: Node, at: Node): boolean | undefined {
  const fn = enclosingFunction(idx, node);
  let result: boolean | undefined = true;
  for (let p = node.parent; p && p !== fn; p = p.parent) {
    if (p.type !== 'if_statement' || (p.startIndex <= at.startIndex && at.endIndex <= p.endIndex)) continue;
    const taken = takenBranch(idx, p, 0);
    if (taken === undefined) result = undefined;
    else if (!taken || node.startIndex < taken.startIndex || node.endIndex > taken.endIndex) return false;
  }
  return result;
}

/**
 * What a name may refer to at `at` across runtime branches: the classes or functions assigned to
 * it by reference (opt_cls = torch.optim.Adam in one branch, = DeepSpeedCPUAdam in another) in the
 * same scope before `at`, except those in a branch the file's own values rule out. followIdentifier
 * keeps only the last one written; an analysis that judges every branch looks at all of them.
 */
export function referencesInBranches(idx: PyIndex, name: Node, at: Node): Node[] {
  const fn = enclosingFunction(idx, at);
  const out: Node[] = [];
  for (const a of idx.assignmentsByTarget.get(name.text) ?? []) {
    if (a.end > at.startIndex || (a.scope?.startIndex ?? -1) !== (fn?.startIndex ?? -1)) continue;
    if (!isReference(a.value) || branchReaches(idx, a.node, at) === false) continue;
    out.push(unparen(a.value) ?? a.value);
  }
  return out;
}

/** A dotted name (torch.optim.AdamW), not a value computed here. */
function isReference(v: Node): boolean {
  const n = unparen(v);
  return !!n && (n.type === 'attribute' || n.type === 'identifier') && dottedName(n) !== null;
}

/** name = name + ... : the new value holds the old one. */
function growsItself(a: Assignment): boolean {
  const v = unparen(a.value);
  return v?.type === 'binary_operator' && field(v, 'operator')?.text === '+' && unparen(field(v, 'left'))?.text === a.target;
}

/** The block an if statement runs (null: none of its branches), undefined when it cannot be told. */
function takenBranch(idx: PyIndex, s: Node, depth: number): Node | null | undefined {
  let cache = branchCache.get(idx);
  if (!cache) branchCache.set(idx, (cache = new Map()));
  if (cache.has(s.startIndex)) return cache.get(s.startIndex);
  const taken = takenBranchUncached(idx, s, depth);
  cache.set(s.startIndex, taken);
  return taken;
}

function takenBranchUncached(idx: PyIndex, s: Node, depth: number): Node | null | undefined {
  const c = staticTruth(idx, field(s, 'condition'), depth);
  if (c === undefined) return undefined;
  if (c) return field(s, 'consequence');
  for (const alt of s.childrenForFieldName('alternative')) {
    if (!alt) continue;
    if (alt.type === 'else_clause') return field(alt, 'body');
    const ac = staticTruth(idx, field(alt, 'condition'), depth);
    if (ac === undefined) return undefined;
    if (ac) return field(alt, 'consequence');
  }
  return null;
}

/** Truth of a condition from values visible in the file; undefined when it depends on anything else. */
export function staticTruth(idx: PyIndex, cond: Node | null, depth = 0): boolean | undefined {
  const n = unparen(cond);
  if (!n || depth > 6) return undefined;
  switch (n.type) {
    case 'true':
      return true;
    case 'false':
    case 'none':
      return false;
    case 'not_operator': {
      const v = staticTruth(idx, field(n, 'argument'), depth + 1);
      return v === undefined ? undefined : !v;
    }
    case 'boolean_operator': {
      const l = staticTruth(idx, field(n, 'left'), depth + 1);
      const op = field(n, 'operator')?.text ?? n.children.find((c) => c?.type === 'and' || c?.type === 'or')?.type;
      if (op === 'and' && l === false) return false;
      if (op === 'or' && l === true) return true;
      const r = staticTruth(idx, field(n, 'right'), depth + 1);
      if (op === 'and') return l === true ? r : r === false ? false : undefined;
      return l === false ? r : r === true ? true : undefined;
    }
    case 'comparison_operator': {
      const parts = named(n);
      const ops = n.children.filter((c) => c && !c.isNamed).map((c) => c!.text);
      if (parts.length !== 2 || ops.length !== 1 || !['==', '!='].includes(ops[0])) return undefined;
      const [l, r] = parts.map((x) => resolveString(idx, x, null));
      if (l === null || r === null) return undefined;
      return ops[0] === '==' ? l === r : l !== r;
    }
    case 'identifier':
    case 'attribute':
    case 'subscript':
    case 'integer':
    case 'float': {
      const v = resolveNumber(idx, n, undefined, 6 + depth);
      // A weight decay read from elsewhere is assumed > 0 by the rules; conditions on it agree.
      if (v.value === null) return !v.mayBeZero && WEIGHT_DECAY_NAME.test(n.text) ? true : undefined;
      return v.value !== 0;
    }
    default:
      return undefined;
  }
}

/** The parameter node named `name` of function fn, if any: [nameNode, defaultValue|null]. */
export function functionParameter(fn: Node, name: string): { index: number; defaultValue: Node | null } | null {
  const params = named(field(fn, 'parameters'));
  for (let i = 0; i < params.length; i++) {
    const p = params[i];
    let pname: string | undefined;
    let def: Node | null = null;
    if (p.type === 'identifier') pname = p.text;
    else if (p.type === 'default_parameter' || p.type === 'typed_default_parameter') {
      pname = field(p, 'name')?.text;
      def = field(p, 'value');
    } else if (p.type === 'typed_parameter') pname = named(p)[0]?.text;
    if (pname === name) return { index: i, defaultValue: def };
  }
  return null;
}

function isMethod(fn: Node): boolean {
  const first = named(field(fn, 'parameters'))[0];
  return first?.type === 'identifier' && (first.text === 'self' || first.text === 'cls');
}

/** Calls to the function `fn` (by name) in the file, with the argument given for parameter `index`/`name`. */
export function callSiteArguments(idx: PyIndex, fn: Node, paramName: string, paramIndex: number): Node[] {
  const fname = field(fn, 'name')?.text;
  if (!fname) return [];
  const out: Node[] = [];
  const skip = isMethod(fn) ? 1 : 0;
  for (const c of callsNamed(idx, fname)) {
    const args = callArgs(c);
    const a = args.keywords.get(paramName) ?? args.positional[paramIndex - skip];
    if (a) out.push(a);
    else if (args.hasSplat) return [];
  }
  return out;
}

/** Follows identifiers to the expression they were assigned (or bound to); returns the final node. */
export function followIdentifier(idx: PyIndex, node: Node, bindings?: Bindings, depth = 0): { node: Node; bindings?: Bindings } {
  const n = unparen(node) ?? node;
  if (depth > MAX_DEPTH || n.type !== 'identifier') return { node: n, bindings };
  const b = bindingFor(idx, n, bindings);
  if (b) return followIdentifier(idx, b.node, b.bindings, depth + 1);
  const a = reachingAssignment(idx, n.text, n);
  if (a === AMBIGUOUS) return { node: n, bindings };
  if (a) return followIdentifier(idx, a.value, bindings, depth + 1);
  return { node: n, bindings };
}

function bindingFor(idx: PyIndex, n: Node, bindings?: Bindings): { node: Node; bindings?: Bindings } | null {
  if (!bindings) return null;
  const fn = enclosingFunction(idx, n);
  for (let b: Bindings | undefined = bindings; b; b = b.parent) {
    if (fn && fn.startIndex === b.fn.startIndex) {
      const v = b.map.get(n.text);
      if (v) return { node: v, bindings: b.parent };
      return null;
    }
  }
  return null;
}

/** Resolves a numeric expression. */
export function resolveNumber(idx: PyIndex, node: Node | null, bindings?: Bindings, depth = 0): ResolvedValue {
  if (!node) return unresolved();
  const n = unparen(node) ?? node;
  const expression = n.text.length > 80 ? n.text.slice(0, 77) + '...' : n.text;
  if (depth > MAX_DEPTH) return unresolved(expression);
  const lit = numberLiteral(n);
  if (lit !== null) return { value: lit, source: 'literal', expression };
  switch (n.type) {
    case 'true':
      return { value: 1, source: 'literal', expression };
    case 'false':
      return { value: 0, source: 'literal', expression };
    case 'string': {
      const s = stringValue(n);
      const v = s === null ? NaN : Number(s.trim());
      return s !== null && s.trim() !== '' && Number.isFinite(v) ? { value: v, source: 'literal', expression } : unresolved(expression);
    }
    case 'identifier':
      return resolveName(idx, n, bindings, depth, expression);
    case 'attribute':
      return resolveAttribute(idx, n, bindings, depth, expression);
    case 'subscript':
      return resolveSubscript(idx, n, bindings, depth, expression);
    case 'call':
      return resolveCall(idx, n, bindings, depth, expression);
    case 'conditional_expression': {
      // a if cond else b
      const [a, cond, b] = named(n);
      const t = staticTruth(idx, cond ?? null);
      if (t !== undefined) return withExpression(resolveNumber(idx, t ? a : b, bindings, depth + 1), expression);
      const va = resolveNumber(idx, a ?? null, bindings, depth + 1);
      const vb = resolveNumber(idx, b ?? null, bindings, depth + 1);
      if (va.value !== null && va.value === vb.value) return withExpression(va, expression);
      return { ...unresolved(expression, `depends on ${cond?.text ?? 'a condition'}`), ...(va.value === 0 || vb.value === 0 ? { mayBeZero: true } : {}) };
    }
    case 'binary_operator': {
      const l = resolveNumber(idx, field(n, 'left'), bindings, depth + 1);
      const r = resolveNumber(idx, field(n, 'right'), bindings, depth + 1);
      const op = field(n, 'operator')?.text;
      if (l.value === null || r.value === null) return unresolved(expression, l.value === null ? l.detail : r.detail);
      const v = op === '*' ? l.value * r.value : op === '/' ? l.value / r.value : op === '+' ? l.value + r.value : op === '-' ? l.value - r.value : op === '**' ? l.value ** r.value : NaN;
      if (!Number.isFinite(v)) return unresolved(expression);
      const src = l.source !== 'literal' ? l : r;
      return { value: v, source: src.source, expression, detail: src.detail };
    }
    default:
      return unresolved(expression);
  }
}

function withExpression(v: ResolvedValue, expression: string, detail?: string): ResolvedValue {
  return { ...v, expression, detail: v.detail ?? detail };
}

function resolveName(idx: PyIndex, n: Node, bindings: Bindings | undefined, depth: number, expression: string): ResolvedValue {
  const b = bindingFor(idx, n, bindings);
  if (b) return withExpression(resolveNumber(idx, b.node, b.bindings, depth + 1), expression);
  const a = reachingAssignment(idx, n.text, n);
  if (a === AMBIGUOUS) {
    const mayBeZero = ambiguousCandidates(idx, n.text, n).some((x) => resolveNumber(idx, x.value, bindings, depth + 1).value === 0);
    return { ...unresolved(expression, `${n.text} is assigned differently in branches that cannot be decided statically`), ...(mayBeZero ? { mayBeZero } : {}) };
  }
  if (a) {
    const v = resolveNumber(idx, a.value, bindings, depth + 1);
    if (v.source === 'literal') return { value: v.value, source: 'constant', expression, detail: `${n.text} = ${a.value.text} (line ${lineOf(a.node)})` };
    return withExpression(v, expression);
  }
  // A parameter of an enclosing function: its default, or what every call in the file passes.
  for (let fn = enclosingFunction(idx, n); fn; fn = enclosingFunction(idx, fn)) {
    const p = functionParameter(fn, n.text);
    if (!p) continue;
    const sites = callSiteArguments(idx, fn, n.text, p.index);
    if (sites.length) {
      const vals = sites.map((s) => resolveNumber(idx, s, undefined, depth + 1));
      if (vals.every((v) => v.value !== null && v.value === vals[0].value)) {
        return withExpression(vals[0], expression, `passed at line ${lineOf(sites[0])}`);
      }
      // Callers pass other values: the default alone does not say what the optimizer gets.
      return unresolved(expression, 'call sites pass different or unresolved values');
    }
    if (p.defaultValue) {
      const v = resolveNumber(idx, p.defaultValue, bindings, depth + 1);
      if (v.value !== null) return { value: v.value, source: 'parameter-default', expression, detail: `default of parameter ${n.text} (line ${lineOf(p.defaultValue)})` };
    }
    return unresolved(expression, `parameter ${n.text} of ${field(fn, 'name')?.text ?? 'a function'}`);
  }
  return unresolved(expression);
}

/** argparse option dest for add_argument(...): '--weight-decay' -> 'weight_decay'. */
function argparseDest(call: Node): string | null {
  const args = callArgs(call);
  const dest = stringValue(args.keywords.get('dest') ?? null);
  if (dest) return dest;
  const opts = args.positional.map((p) => stringValue(p)).filter((s): s is string => !!s);
  const long = opts.find((o) => o.startsWith('--')) ?? opts.find((o) => !o.startsWith('-')) ?? opts[0];
  return long ? long.replace(/^-+/, '').replace(/-/g, '_') : null;
}

/** The default of the argparse option whose dest is attr (null when there is no such option). */
export function resolveArgparseDefault(idx: PyIndex, attr: string, expression: string): ResolvedValue | null {
  return resolveArgparse(idx, attr, 0, expression);
}

/** add_argument calls by dest, built once per file (options are looked up for every args.x). */
const argparseOptions = new WeakMap<PyIndex, Map<string, Node>>();

function argparseOption(idx: PyIndex, dest: string): Node | undefined {
  let byDest = argparseOptions.get(idx);
  if (!byDest) {
    byDest = new Map();
    for (const c of callsNamed(idx, 'add_argument')) {
      const d = argparseDest(c);
      if (d !== null && !byDest.has(d)) byDest.set(d, c);
    }
    argparseOptions.set(idx, byDest);
  }
  return byDest.get(dest);
}

/** flags.DEFINE_*('name', default, help) calls by flag name, built once per file. */
const abslFlags = new WeakMap<PyIndex, Map<string, Node>>();
const ABSL_DEFINES = ['DEFINE_float', 'DEFINE_integer', 'DEFINE_bool', 'DEFINE_boolean', 'DEFINE_string', 'DEFINE_enum'];

function abslFlag(idx: PyIndex, name: string): Node | undefined {
  let byName = abslFlags.get(idx);
  if (!byName) {
    byName = new Map();
    for (const d of ABSL_DEFINES) {
      for (const c of callsNamed(idx, d)) {
        const args = callArgs(c);
        const flag = stringValue(args.keywords.get('name') ?? args.positional[0] ?? null);
        if (flag && !byName.has(flag)) byName.set(flag, c);
      }
    }
    abslFlags.set(idx, byName);
  }
  return byName.get(name);
}

function resolveArgparse(idx: PyIndex, attr: string, depth: number, expression: string): ResolvedValue | null {
  const c = argparseOption(idx, attr);
  if (c) {
    const args = callArgs(c);
    const opt = args.positional.map((p) => stringValue(p)).find((s) => s?.startsWith('-')) ?? attr;
    const def = args.keywords.get('default');
    if (!def) {
      // store_true / store_false flags default to False / True.
      const action = stringValue(args.keywords.get('action') ?? null);
      if (action === 'store_true' || action === 'store_false') return { value: action === 'store_true' ? 0 : 1, source: 'argparse-default', expression, detail: `${opt} (${action}) default (line ${lineOf(c)})` };
      return unresolved(expression, `argparse option ${opt} has no default (line ${lineOf(c)})`);
    }
    const v = resolveNumber(idx, def, undefined, depth + 1);
    if (v.value === null) return unresolved(expression, `default of argparse option ${opt} not resolved`);
    return { value: v.value, source: 'argparse-default', expression, detail: `${opt} default (line ${lineOf(c)})` };
  }
  return null;
}

function resolveAttribute(idx: PyIndex, n: Node, bindings: Bindings | undefined, depth: number, expression: string): ResolvedValue {
  const attr = field(n, 'attribute')?.text;
  const full = dottedName(n);
  if (!attr) return unresolved(expression);
  // The exact dotted target assigned in scope (cfg.wd = 0.1).
  if (full) {
    const a = visibleAssignment(idx, full, n);
    if (a) {
      const v = resolveNumber(idx, a.value, bindings, depth + 1);
      if (v.value !== null) return { value: v.value, source: v.source === 'literal' ? 'config' : v.source, expression, detail: v.detail ?? `${full} = ${a.value.text} (line ${lineOf(a.node)})` };
    }
  }
  const arg = resolveArgparse(idx, attr, depth, expression);
  if (arg) return arg;
  // absl: FLAGS.<attr> is the default of flags.DEFINE_float('<attr>', default, ...).
  const flagsObj = field(n, 'object');
  if (flagsObj?.type === 'identifier' && /^(FLAGS|flags\.FLAGS)$/.test(qualify(idx, flagsObj.text).replace(/^absl\./, ''))) {
    const flag = abslFlag(idx, attr);
    if (flag) {
      const def = callArgs(flag).keywords.get('default') ?? callArgs(flag).positional[1];
      const v = def ? resolveNumber(idx, def, undefined, depth + 1) : null;
      if (v && v.value !== null) return { value: v.value, source: 'argparse-default', expression, detail: `absl flag ${attr} default (line ${lineOf(flag)})` };
      return unresolved(expression, `default of absl flag ${attr} not resolved`);
    }
  }
  // self.<attr> read in another method: what the class's own methods assign to it (self.wd = wd in
  // __init__, resolved there: a parameter default or what the file's call sites pass), when they agree.
  if (full === `self.${attr}`) {
    const fromClass = classAttribute(idx, n, full, depth);
    if (fromClass) return { ...fromClass, expression };
  }
  // Lightning: self.hparams.<attr> is the __init__ argument of the same name (save_hyperparameters).
  if (full === `self.hparams.${attr}`) {
    const fromInit = initParameterDefault(idx, n, attr, depth);
    if (fromInit) return { ...fromInit, expression };
  }
  // obj.attr where obj is a dict literal's Namespace/SimpleNamespace(...) or a config object.
  const obj = field(n, 'object');
  if (obj) {
    const target = followIdentifier(idx, obj, bindings);
    const fromCall = target.node.type === 'call' ? keywordOfCall(target.node, attr) : null;
    if (fromCall) {
      const v = resolveNumber(idx, fromCall, target.bindings, depth + 1);
      if (v.value !== null) return { value: v.value, source: v.source === 'literal' ? 'config' : v.source, expression, detail: `${attr}= in ${target.node.text.slice(0, 40)} (line ${lineOf(target.node)})` };
    }
  }
  // Any X.attr = value, or a class field attr = value / attr: float = value in the file.
  const candidates: { v: ResolvedValue; a: Assignment }[] = [];
  for (const a of idx.assignmentsByAttr.get(attr) ?? []) {
    candidates.push({ v: resolveNumber(idx, a.value, undefined, depth + 1), a });
  }
  const known = candidates.filter((c) => c.v.value !== null);
  if (known.length && known.length === candidates.length && known.every((c) => c.v.value === known[0].v.value)) {
    const c = known[0];
    const cls = c.a.classBody ? field(c.a.classBody, 'name')?.text : undefined;
    return {
      value: c.v.value,
      source: c.a.classBody ? 'dataclass-default' : 'config',
      expression,
      detail: c.a.classBody ? `${cls}.${attr} default (line ${lineOf(c.a.node)})` : `${c.a.target} = ${c.a.value.text} (line ${lineOf(c.a.node)})`,
    };
  }
  if (candidates.length > 1) return unresolved(expression, `${attr} is set to different values in this file`);
  return unresolved(expression);
}

function classAttribute(idx: PyIndex, at: Node, full: string, depth: number): ResolvedValue | null {
  const cls = enclosingClass(idx, at);
  if (!cls) return null;
  const sets = (idx.assignmentsByTarget.get(full) ?? []).filter((a) => a.start > cls.startIndex && a.end <= cls.endIndex);
  if (!sets.length) {
    // No method assigns it: the class's own field (weight_decay: float = 0.0 in a dataclass),
    // not a field of the same name in another class of the file.
    const own = (idx.assignmentsByAttr.get(full.slice(5)) ?? []).filter((a) => a.classBody?.startIndex === cls.startIndex);
    if (own.length !== 1) return null;
    const v = resolveNumber(idx, own[0].value, undefined, depth + 1);
    if (v.value === null) return null;
    return { ...v, source: 'dataclass-default', detail: `${field(cls, 'name')?.text}.${full.slice(5)} default (line ${lineOf(own[0].node)})` };
  }
  const vals = sets.map((a) => resolveNumber(idx, a.value, undefined, depth + 1));
  if (!vals.every((v) => v.value !== null && v.value === vals[0].value)) return null;
  return { ...vals[0], detail: vals[0].detail ?? `${full} = ${sets[0].value.text} (line ${lineOf(sets[0].node)})` };
}

function initParameterDefault(idx: PyIndex, at: Node, name: string, depth: number): ResolvedValue | null {
  const cls = enclosingClass(idx, at);
  const init = cls ? (idx.functions.get('__init__') ?? []).find((f) => f.startIndex > cls.startIndex && f.endIndex <= cls.endIndex) : undefined;
  const p = init ? functionParameter(init, name) : null;
  if (!p?.defaultValue) return null;
  const v = resolveNumber(idx, p.defaultValue, undefined, depth + 1);
  return v.value === null ? null : { value: v.value, source: 'parameter-default', detail: `__init__ default of ${name} (line ${lineOf(p.defaultValue)})` };
}

function keywordOfCall(call: Node, key: string): Node | null {
  const fn = dottedName(field(call, 'function'));
  if (!fn || !/(^|\.)(dict|Namespace|SimpleNamespace|EasyDict|edict|ConfigDict|OmegaConf\.create)$/.test(fn)) return null;
  return callArgs(call).keywords.get(key) ?? null;
}

/** Value node of key in a dict literal / dict(...) call. */
export function dictEntry(dict: Node, key: string): Node | null {
  if (dict.type === 'dictionary') {
    for (const p of named(dict)) {
      if (p.type === 'pair' && stringValue(field(p, 'key')) === key) return field(p, 'value');
    }
    return null;
  }
  if (dict.type === 'call' && dottedName(field(dict, 'function')) === 'dict') return callArgs(dict).keywords.get(key) ?? null;
  return null;
}

function resolveDictLike(idx: PyIndex, base: Node, key: string, bindings: Bindings | undefined, depth: number): { node: Node; bindings?: Bindings } | null {
  const b = unparen(base) ?? base;
  let target: { node: Node; bindings?: Bindings };
  if (b.type === 'subscript') {
    const k = stringValue(field(b, 'subscript'));
    const inner = k !== null ? resolveDictLike(idx, field(b, 'value')!, k, bindings, depth + 1) : null;
    if (!inner) return null;
    target = followIdentifier(idx, inner.node, inner.bindings);
  } else {
    target = followIdentifier(idx, b, bindings);
  }
  const v = dictEntry(target.node, key);
  return v ? { node: v, bindings: target.bindings } : null;
}

function resolveSubscript(idx: PyIndex, n: Node, bindings: Bindings | undefined, depth: number, expression: string): ResolvedValue {
  const key = stringValue(field(n, 'subscript'));
  const base = field(n, 'value');
  if (key === null || !base) return unresolved(expression);
  const entry = resolveDictLike(idx, base, key, bindings, depth);
  if (!entry) return unresolved(expression);
  const v = resolveNumber(idx, entry.node, entry.bindings, depth + 1);
  return v.value !== null ? { value: v.value, source: v.source === 'literal' ? 'config' : v.source, expression, detail: v.detail ?? `"${key}" entry (line ${lineOf(entry.node)})` } : unresolved(expression);
}

function resolveCall(idx: PyIndex, n: Node, bindings: Bindings | undefined, depth: number, expression: string): ResolvedValue {
  const callee = field(n, 'function');
  const name = dottedName(callee);
  const args = callArgs(n);
  if (name === 'float' || name === 'int') return withExpression(resolveNumber(idx, args.positional[0] ?? null, bindings, depth + 1), expression);
  // cfg.get("weight_decay", default)
  if (callee?.type === 'attribute' && field(callee, 'attribute')?.text === 'get') {
    const key = stringValue(args.positional[0] ?? null);
    const obj = field(callee, 'object');
    if (key !== null && obj) {
      const entry = resolveDictLike(idx, obj, key, bindings, depth);
      if (entry) {
        const v = resolveNumber(idx, entry.node, entry.bindings, depth + 1);
        if (v.value !== null) return { value: v.value, source: v.source === 'literal' ? 'config' : v.source, expression, detail: v.detail ?? `"${key}" entry (line ${lineOf(entry.node)})` };
      }
      const fallback = args.positional[1] ? resolveNumber(idx, args.positional[1], bindings, depth + 1) : null;
      // A config without the key gives the fallback: a fallback of 0 means the value may be 0.
      return {
        ...unresolved(expression, fallback?.value != null ? `config value not in this file (fallback ${fallback.value})` : undefined),
        ...(fallback?.value === 0 ? { mayBeZero: true } : {}),
      };
    }
  }
  if (name && qualify(idx, name) === 'math.pow') {
    const a = resolveNumber(idx, args.positional[0] ?? null, bindings, depth + 1);
    const b = resolveNumber(idx, args.positional[1] ?? null, bindings, depth + 1);
    if (a.value !== null && b.value !== null) return { value: a.value ** b.value, source: 'literal', expression };
  }
  return unresolved(expression);
}

/**
 * A string value: a literal, a constant, or an argparse option's default (for args.<attr>, or for
 * the option named `argparseDest` when there is no expression). null when not resolved.
 */
export function resolveString(idx: PyIndex, node: Node | null, argparseDest: string | null): string | null {
  if (!node) return argparseDest ? argparseStringDefault(idx, argparseDest) : null;
  const t = followIdentifier(idx, node).node;
  const s = stringValue(t);
  if (s !== null) return s;
  if (t.type === 'attribute') {
    const attr = field(t, 'attribute')?.text;
    return attr ? argparseStringDefault(idx, attr) : null;
  }
  return null;
}

/** The default expression of the argparse option with this dest (add_argument(..., default=X)). */
export function argparseDefaultNode(idx: PyIndex, dest: string): Node | undefined {
  const c = argparseOption(idx, dest);
  return c ? callArgs(c).keywords.get('default') : undefined;
}

function argparseStringDefault(idx: PyIndex, dest: string): string | null {
  const def = argparseDefaultNode(idx, dest);
  return def ? stringValue(followIdentifier(idx, def).node) : null;
}

/** Formats a number the way a Python user would write it (0.01, 1e-05 -> 1e-5). */
export function formatNumber(v: number): string {
  if (v === 0) return '0';
  const abs = Math.abs(v);
  if (abs >= 1e-3 && abs < 1e6) return String(Number(v.toPrecision(6)));
  return v.toExponential().replace(/\.?0+e/, 'e').replace('e+', 'e');
}

// A small symbolic evaluator for the Python that selects parameters for optimizer groups:
// comprehensions and loops over named_parameters() / named_modules(), name and ndim conditions,
// isinstance checks, lists of names, sets built up with .add / .append, helper functions in the
// same file. It runs the code once per tensor of the model (or of the archetype model) and
// answers, per tensor, "in this group: yes / maybe / no". Anything it cannot follow is unknown,
// never guessed.
import type { Node } from './parser';
import { callsNamed, enclosingFunction, outermostLoop, qualify, type PyIndex } from './pyIndex';
import { callArgs, dottedName, field, named, numberLiteral, stringValue, unparen } from './syntax';
import { argparseDefaultNode, followIdentifier, functionParameter, visibleAssignment, type Bindings } from './values';
import { normFamily, universeForModel, type ParamInfo, type Universe } from './model';

export type Val =
  | { t: 'num'; v: number }
  | { t: 'str'; v: string }
  | { t: 'bool'; v: boolean }
  | { t: 'none' }
  | { t: 'seq'; items: Item[] }
  | { t: 'dict'; entries: [Val, Item][] }
  | { t: 'param'; p: ParamInfo }
  | { t: 'shape'; ndim: number }
  | { t: 'module'; name: string; type: string; u: Universe }
  | { t: 'model'; u: Universe }
  | { t: 'class'; name: string }
  | { t: 'unknown' };

/** An element of a collection, and whether it is certainly there. */
export interface Item {
  v: Val;
  sure: boolean;
}

export type Membership = 'yes' | 'maybe';
export type Selection = Map<ParamInfo, Membership>;

const UNKNOWN: Val = { t: 'unknown' };
const PROBE = '\u0000probe';
const NO_BINDINGS = {};
const MAX_DEPTH = 40;

export class Evaluator {
  /** Models met while evaluating (params refer to them). */
  readonly universes: Universe[] = [];
  private readonly universeCache = new Map<string, Universe>();
  private readonly loopCache = new Map<number, Map<string, Item[]> | null>();
  private depth = 0;
  private readonly nameCache = new WeakMap<object, Map<number, Val>>();
  private mutationCalls: Node[] | undefined;

  constructor(private readonly idx: PyIndex) {}

  universeFor(modelExpr: Node, bindings?: Bindings): Universe {
    const key = `${modelExpr.startIndex}:${modelExpr.text}`;
    let u = this.universeCache.get(key);
    if (!u) {
      // Same model text in the same function scope -> same universe (cheap and common).
      const fn = enclosingFunction(this.idx, modelExpr);
      const scopeKey = `${fn?.startIndex ?? -1}:${modelExpr.text}`;
      u = this.universeCache.get(scopeKey) ?? universeForModel(this.idx, modelExpr, bindings);
      this.universeCache.set(key, u);
      this.universeCache.set(scopeKey, u);
      if (!this.universes.includes(u)) this.universes.push(u);
    }
    return u;
  }

  /** The universe already built for this model text in this scope, if any. */
  private seenUniverse(modelExpr: Node): Universe | undefined {
    const fn = enclosingFunction(this.idx, modelExpr);
    return this.universeCache.get(`${fn?.startIndex ?? -1}:${modelExpr.text}`);
  }

  /** Which tensors an iterable of parameters holds; null when it cannot be followed. */
  selection(expr: Node, bindings?: Bindings): Selection | null {
    const items = this.iter(expr, new Map(), bindings);
    if (!items) return null;
    const sel: Selection = new Map();
    for (const it of items) {
      for (const p of this.paramsOf(it.v)) {
        const prev = sel.get(p);
        if (prev !== 'yes') sel.set(p, it.sure ? 'yes' : 'maybe');
      }
      if (it.v.t === 'unknown' && it.sure) return null;
    }
    return sel;
  }

  /** Tensors a value stands for: a tensor, a (name, tensor) pair, or a parameter name. */
  private paramsOf(v: Val): ParamInfo[] {
    if (v.t === 'param') return [v.p];
    if (v.t === 'seq') {
      const p = v.items.find((i) => i.v.t === 'param');
      if (p && p.v.t === 'param') return [p.v.p];
      return [];
    }
    if (v.t === 'str') {
      for (const u of this.universes) {
        const p = u.byName.get(v.v) ?? u.byName.get(v.v.replace(/^module\./, ''));
        if (p) return [p];
      }
    }
    return [];
  }

  // ---------------------------------------------------------------- expressions

  eval(node: Node | null, env: Map<string, Val>, bindings?: Bindings): Val {
    if (!node || this.depth > MAX_DEPTH) return UNKNOWN;
    this.depth++;
    try {
      return this.evalInner(node, env, bindings);
    } finally {
      this.depth--;
    }
  }

  private evalInner(node: Node, env: Map<string, Val>, bindings?: Bindings): Val {
    const n = unparen(node) ?? node;
    const num = numberLiteral(n);
    if (num !== null) return { t: 'num', v: num };
    switch (n.type) {
      case 'true':
        return { t: 'bool', v: true };
      case 'false':
        return { t: 'bool', v: false };
      case 'none':
        return { t: 'none' };
      case 'string':
      case 'concatenated_string': {
        const s = stringValue(n);
        if (s !== null) return { t: 'str', v: s };
        return this.fstring(n, env, bindings);
      }
      case 'identifier':
        return this.name(n, env, bindings);
      case 'list':
      case 'tuple':
      case 'set':
      case 'expression_list': {
        const items: Item[] = [];
        for (const c of named(n)) {
          if (c.type === 'list_splat') {
            const inner = this.iter(named(c)[0] ?? null, env, bindings);
            if (!inner) return UNKNOWN;
            items.push(...inner);
          } else items.push({ v: this.eval(c, env, bindings), sure: true });
        }
        return { t: 'seq', items };
      }
      case 'list_comprehension':
      case 'set_comprehension':
      case 'generator_expression': {
        const items = this.comprehension(n, env, bindings);
        return items ? { t: 'seq', items } : UNKNOWN;
      }
      case 'dictionary_comprehension':
        return this.dictComprehension(n, env, bindings);
      case 'dictionary': {
        const entries: [Val, Item][] = [];
        for (const p of named(n)) {
          if (p.type !== 'pair') return UNKNOWN;
          entries.push([this.eval(field(p, 'key'), env, bindings), { v: this.eval(field(p, 'value'), env, bindings), sure: true }]);
        }
        return { t: 'dict', entries };
      }
      case 'attribute':
        return this.attribute(n, env, bindings);
      case 'call':
        return this.call(n, env, bindings);
      case 'subscript':
        return this.subscript(n, env, bindings);
      case 'not_operator':
        return boolVal(not(this.truth(field(n, 'argument'), env, bindings)));
      case 'boolean_operator': {
        const op = field(n, 'operator')?.text;
        const l = this.truth(field(n, 'left'), env, bindings);
        if (op === 'and' && l === false) return { t: 'bool', v: false };
        if (op === 'or' && l === true) return { t: 'bool', v: true };
        const r = this.truth(field(n, 'right'), env, bindings);
        return boolVal(op === 'and' ? and(l, r) : or(l, r));
      }
      case 'comparison_operator':
        return boolVal(this.comparison(n, env, bindings));
      case 'conditional_expression': {
        const [a, cond, b] = named(n);
        const c = this.truth(cond, env, bindings);
        if (c === true) return this.eval(a, env, bindings);
        if (c === false) return this.eval(b, env, bindings);
        return UNKNOWN;
      }
      case 'binary_operator':
        return this.binary(n, env, bindings);
      case 'lambda':
        return UNKNOWN;
      default:
        return UNKNOWN;
    }
  }

  private fstring(n: Node, env: Map<string, Val>, bindings?: Bindings): Val {
    if (n.type !== 'string') return UNKNOWN;
    let s = '';
    for (const c of named(n)) {
      if (c.type === 'string_content') s += c.text;
      else if (c.type === 'interpolation') {
        const v = this.eval(field(c, 'expression') ?? named(c)[0] ?? null, env, bindings);
        const str = toStr(v);
        if (str === null) return UNKNOWN;
        s += str;
      }
    }
    return { t: 'str', v: s };
  }

  private name(n: Node, env: Map<string, Val>, bindings?: Bindings): Val {
    const local = env.get(n.text);
    if (local) return local;
    // What a free name denotes does not depend on the loop variables: resolve it once.
    const key = bindings ?? NO_BINDINGS;
    let cache = this.nameCache.get(key);
    if (!cache) {
      cache = new Map();
      this.nameCache.set(key, cache);
    }
    let v = cache.get(n.startIndex);
    if (!v) {
      cache.set(n.startIndex, UNKNOWN); // recursion guard
      v = this.freeName(n, bindings);
      cache.set(n.startIndex, v);
    }
    return v;
  }

  private freeName(n: Node, bindings?: Bindings): Val {
    const env = new Map<string, Val>();
    // A helper's parameter the call did not pass: its default.
    const fn = bindings ? enclosingFunction(this.idx, n) : null;
    if (bindings && fn && bindings.fn.startIndex === fn.startIndex && !bindings.map.has(n.text) && !visibleAssignment(this.idx, n.text, n)) {
      const p = functionParameter(fn, n.text);
      if (p?.defaultValue) return this.eval(p.defaultValue, new Map(), bindings);
    }
    const target = followIdentifier(this.idx, n, bindings);
    if (target.node.type !== 'identifier' || target.node.startIndex !== n.startIndex) {
      if (target.node.type === 'identifier') return this.classRef(target.node.text);
      // A collection filled later with .add / .append / += in loops.
      const built = this.builtCollection(n, target.node, env, bindings);
      if (built) return built;
      return this.eval(target.node, new Map(), target.bindings);
    }
    return this.classRef(n.text);
  }

  private classRef(dotted: string): Val {
    const q = qualify(this.idx, dotted);
    if (q === 'transformers.trainer_pt_utils.ALL_LAYERNORM_LAYERS' || q.endsWith('ALL_LAYERNORM_LAYERS')) {
      return { t: 'seq', items: [{ v: { t: 'class', name: 'LayerNorm' }, sure: true }, { v: { t: 'class', name: 'RMSNorm' }, sure: true }] };
    }
    if (q.startsWith('torch.nn.') || q.startsWith('nn.') || this.idx.classes.has(dotted) || /^[A-Z]\w*$/.test(dotted.split('.').pop() ?? '')) {
      return { t: 'class', name: q.split('.').pop()! };
    }
    return UNKNOWN;
  }

  /** `decay = set()` then decay.add(...) in a loop: evaluate the loop(s) that fill it. */
  private builtCollection(use: Node, init: Node, env: Map<string, Val>, bindings?: Bindings): Val | null {
    const x = unparen(init) ?? init;
    const isEmpty = (x.type === 'list' || x.type === 'set' || x.type === 'dictionary') && named(x).length === 0
      || (x.type === 'call' && ['set', 'list', 'dict'].includes(x.text.replace(/\(\s*\)$/, '')) && callArgs(x).positional.length === 0);
    const start = this.evalIfNotEmpty(x, env, bindings);
    if (!isEmpty && !start) return null;
    const name = use.text;
    const fn = enclosingFunction(this.idx, use);
    const assign = visibleAssignment(this.idx, name, use);
    const from = assign ? assign.end : fn ? fn.startIndex : 0;
    const loops = new Set<Node>();
    const direct: Node[] = [];
    let mutated = false;
    this.mutationCalls ??= ['add', 'append', 'extend', 'update'].flatMap((m) => callsNamed(this.idx, m)).sort((a, b) => a.startIndex - b.startIndex);
    const mutations = this.mutationCalls;
    for (const c of mutations) {
      if (c.startIndex < from || c.startIndex > use.startIndex) continue;
      const callee = field(c, 'function');
      if (callee?.type !== 'attribute' || field(callee, 'object')?.text !== name) continue;
      if (enclosingFunction(this.idx, c)?.startIndex !== fn?.startIndex) continue;
      mutated = true;
      const loop = outermostLoop(this.idx, c, fn);
      if (loop) loops.add(loop);
      else direct.push(c);
    }
    for (const a of this.augmentedAssignments(name, from, use.startIndex, fn)) {
      mutated = true;
      const loop = outermostLoop(this.idx, a, fn);
      if (loop) loops.add(loop);
      else direct.push(a);
    }
    if (!mutated) return start;
    const items: Item[] = start && start.t === 'seq' ? [...start.items] : [];
    for (const loop of loops) {
      const res = this.runLoop(loop, bindings);
      if (!res) return UNKNOWN;
      items.push(...(res.get(name) ?? []));
    }
    for (const d of direct) {
      const out = new Map<string, Item[]>();
      if (!this.mutation(d, env, bindings, true, out)) return UNKNOWN;
      items.push(...(out.get(name) ?? []));
    }
    return { t: 'seq', items };
  }

  private evalIfNotEmpty(x: Node, env: Map<string, Val>, bindings?: Bindings): Val | null {
    if (x.type === 'list' || x.type === 'set' || x.type === 'tuple') {
      const v = this.eval(x, env, bindings);
      return v.t === 'seq' ? v : null;
    }
    return null;
  }

  private augmentedAssignments(name: string, from: number, to: number, fn: Node | null): Node[] {
    const out: Node[] = [];
    for (const a of this.idx.augmentedAssignments) {
      if (a.startIndex < from || a.startIndex > to) continue;
      if (field(a, 'left')?.text !== name) continue;
      if (enclosingFunction(this.idx, a)?.startIndex !== fn?.startIndex) continue;
      out.push(a);
    }
    return out;
  }

  // ---------------------------------------------------------------- loops

  /** Runs a for statement once per element; returns the items each collection received. */
  runLoop(loop: Node, bindings?: Bindings): Map<string, Item[]> | null {
    const key = loop.startIndex;
    if (this.loopCache.has(key)) return this.loopCache.get(key)!;
    this.loopCache.set(key, null); // recursion guard
    const out = new Map<string, Item[]>();
    const ok = this.execFor(loop, new Map(), bindings, true, out);
    const res = ok ? out : null;
    this.loopCache.set(key, res);
    return res;
  }

  private execFor(loop: Node, env: Map<string, Val>, bindings: Bindings | undefined, sure: boolean, out: Map<string, Item[]>): boolean {
    const items = this.iter(field(loop, 'right'), env, bindings);
    if (!items) return false;
    const left = field(loop, 'left');
    const body = field(loop, 'body');
    for (const it of items) {
      const scope = new Map(env);
      if (!bind(left, it.v, scope)) return false;
      const r = this.execBlock(body, scope, bindings, sure && it.sure, out);
      if (r === 'fail') return false;
    }
    return true;
  }

  private execBlock(block: Node | null, env: Map<string, Val>, bindings: Bindings | undefined, sure: boolean, out: Map<string, Item[]>): 'ok' | 'continue' | 'fail' {
    for (const s of named(block)) {
      const r = this.execStatement(s, env, bindings, sure, out);
      if (r !== 'ok') return r;
    }
    return 'ok';
  }

  private execStatement(s: Node, env: Map<string, Val>, bindings: Bindings | undefined, sure: boolean, out: Map<string, Item[]>): 'ok' | 'continue' | 'fail' {
    if (this.probe && s.startIndex === this.probe.start) {
      const list = out.get(PROBE) ?? [];
      list.push({ v: env.get(this.probe.varName) ?? UNKNOWN, sure });
      out.set(PROBE, list);
    }
    switch (s.type) {
      case 'continue_statement':
        return 'continue';
      case 'break_statement':
        return 'fail';
      case 'expression_statement': {
        const e = named(s)[0];
        if (!e) return 'ok';
        if (e.type === 'call') {
          this.mutation(e, env, bindings, sure, out);
          return 'ok';
        }
        if (e.type === 'assignment') {
          const left = field(e, 'left');
          const right = field(e, 'right');
          if (left?.type === 'identifier' && right) env.set(left.text, this.eval(right, env, bindings));
          else if (left?.type === 'pattern_list' && right) bind(left, this.eval(right, env, bindings), env);
          return 'ok';
        }
        if (e.type === 'augmented_assignment') {
          this.mutation(e, env, bindings, sure, out);
          return 'ok';
        }
        return 'ok';
      }
      case 'if_statement': {
        const c = this.truth(field(s, 'condition'), env, bindings);
        if (c === true) return this.execBlock(field(s, 'consequence'), env, bindings, sure, out);
        const alts = s.childrenForFieldName('alternative').filter((x): x is Node => !!x);
        if (c === undefined) {
          const r = this.execBlock(field(s, 'consequence'), new Map(env), bindings, false, out);
          if (r === 'fail') return r;
          return this.execMaybeBranches(alts, env, bindings, out);
        }
        for (const alt of alts) {
          if (alt.type === 'else_clause') return this.execBlock(field(alt, 'body'), env, bindings, sure, out);
          const ac = this.truth(field(alt, 'condition'), env, bindings);
          if (ac === true) return this.execBlock(field(alt, 'consequence'), env, bindings, sure, out);
          if (ac === undefined) return this.execMaybeBranches(alts.slice(alts.indexOf(alt)), env, bindings, out);
        }
        return 'ok';
      }
      case 'for_statement':
        return this.execFor(s, env, bindings, sure, out) ? 'ok' : 'fail';
      case 'with_statement':
      case 'try_statement':
        return this.execBlock(field(s, 'body'), env, bindings, sure, out);
      default:
        return 'ok';
    }
  }

  /**
   * Branches after an undecided condition: each may run, except an elif whose own condition is
   * false for this tensor (a bias never reaches `elif pn.endswith("weight") and ...`).
   */
  private execMaybeBranches(alts: Node[], env: Map<string, Val>, bindings: Bindings | undefined, out: Map<string, Item[]>): 'ok' | 'fail' {
    for (const alt of alts) {
      if (alt.type !== 'else_clause' && this.truth(field(alt, 'condition'), env, bindings) === false) continue;
      const body = alt.type === 'else_clause' ? field(alt, 'body') : field(alt, 'consequence');
      if (this.execBlock(body, new Map(env), bindings, false, out) === 'fail') return 'fail';
    }
    return 'ok';
  }

  /** x.add(v) / x.append(v) / x.extend(it) / x += [...]: records what x receives. */
  private mutation(e: Node, env: Map<string, Val>, bindings: Bindings | undefined, sure: boolean, out: Map<string, Item[]>): boolean {
    const push = (name: string, items: Item[]) => {
      const list = out.get(name) ?? [];
      list.push(...items.map((i) => ({ v: i.v, sure: i.sure && sure })));
      out.set(name, list);
    };
    if (e.type === 'augmented_assignment') {
      const name = field(e, 'left')?.text;
      const items = this.iter(field(e, 'right'), env, bindings);
      if (!name || !items) return false;
      push(name, items);
      return true;
    }
    const callee = field(e, 'function');
    if (callee?.type !== 'attribute') return true;
    const obj = field(callee, 'object')?.text;
    const m = field(callee, 'attribute')?.text;
    const args = callArgs(e);
    if (!obj) return true;
    if (m === 'add' || m === 'append') {
      push(obj, [{ v: this.eval(args.positional[0] ?? null, env, bindings), sure: true }]);
      return true;
    }
    if (m === 'extend' || m === 'update') {
      const items = this.iter(args.positional[0] ?? null, env, bindings);
      if (!items) {
        push(obj, [{ v: UNKNOWN, sure: false }]);
        return false;
      }
      push(obj, items);
    }
    return true;
  }

  // ---------------------------------------------------------------- iteration

  /** Elements of an iterable expression; null when unknown. */
  iter(node: Node | null, env: Map<string, Val>, bindings?: Bindings): Item[] | null {
    if (!node) return null;
    const n = unparen(node) ?? node;
    if (n.type === 'call') {
      const special = this.iterCall(n, env, bindings);
      if (special !== undefined) return special;
    }
    const v = this.eval(n, env, bindings);
    return iterOf(v);
  }

  private iterCall(n: Node, env: Map<string, Val>, bindings?: Bindings): Item[] | null | undefined {
    const callee = field(n, 'function');
    const args = callArgs(n);
    if (callee?.type === 'attribute') {
      const m = field(callee, 'attribute')?.text ?? '';
      const objNode = field(callee, 'object')!;
      if (['parameters', 'named_parameters', 'named_modules', 'modules', 'children', 'named_children'].includes(m)) {
        const local = objNode.type === 'identifier' ? env.get(objNode.text) : undefined;
        if (local && local.t === 'module') return moduleIter(local, m);
        if (local && local.t !== 'model') return null;
        const u = local && local.t === 'model' ? local.u : this.universeFor(objNode, bindings);
        return moduleIter({ t: 'module', name: '', type: 'Module', u }, m);
      }
      if (m === 'items' || m === 'keys' || m === 'values') {
        const d = this.eval(objNode, env, bindings);
        if (d.t !== 'dict') return null;
        return d.entries.map(([k, it]) => ({
          v: m === 'keys' ? k : m === 'values' ? it.v : { t: 'seq', items: [{ v: k, sure: true }, { v: it.v, sure: true }] } as Val,
          sure: it.sure,
        }));
      }
    }
    const fname = dottedName(callee);
    if (!fname) return undefined;
    const q = qualify(this.idx, fname);
    const last = q.split('.').pop()!;
    if (['list', 'tuple', 'set', 'sorted', 'iter', 'reversed', 'frozenset'].includes(fname)) return this.iter(args.positional[0] ?? null, env, bindings);
    if (q === 'itertools.chain' || (last === 'chain' && q.startsWith('itertools'))) {
      const all: Item[] = [];
      for (const a of args.positional) {
        const items = this.iter(a, env, bindings);
        if (!items) return null;
        all.push(...items);
      }
      return all;
    }
    if (fname === 'filter' && args.positional.length === 2) {
      const fn = unparen(args.positional[0]);
      const items = this.iter(args.positional[1], env, bindings);
      if (!items || !fn || fn.type !== 'lambda') return null;
      const param = named(field(fn, 'parameters'))[0];
      return items.flatMap((it) => {
        const scope = new Map(env);
        if (param) bind(param, it.v, scope);
        const c = this.truth(field(fn, 'body'), scope, bindings);
        return c === false ? [] : [{ v: it.v, sure: it.sure && c === true }];
      });
    }
    if (fname === 'zip' || fname === 'enumerate' || fname === 'range') return null;
    if (last === 'get_parameter_names') return this.hfParameterNames(args, env, bindings);
    return undefined;
  }

  /** transformers' get_parameter_names(model, forbidden_layer_types[, forbidden_name_substrings]). */
  private hfParameterNames(args: ReturnType<typeof callArgs>, env: Map<string, Val>, bindings?: Bindings): Item[] | null {
    const modelNode = args.positional[0];
    if (!modelNode) return null;
    const u = this.universeFor(modelNode, bindings);
    const forbidden = iterOf(this.eval(args.positional[1] ?? null, env, bindings)) ?? [];
    const classes = forbidden.map((i) => (i.v.t === 'class' ? i.v.name : '')).filter(Boolean);
    const names = (iterOf(this.eval(args.positional[2] ?? args.keywords.get('forbidden_layer_names') ?? null, env, bindings)) ?? [])
      .map((i) => (i.v.t === 'str' ? i.v.v.toLowerCase() : '')).filter(Boolean);
    return u.params.filter((p) => {
      if (classes.some((c) => c === p.moduleType || (c === 'LayerNorm' && normFamily(p.moduleType) === 'LayerNorm') || (c === 'RMSNorm' && normFamily(p.moduleType) === 'RMSNorm'))) return false;
      return !names.some((f) => p.name.toLowerCase().includes(f));
    }).map((p) => ({ v: { t: 'str', v: p.name } as Val, sure: true }));
  }

  /** Which tensors the variable `varName` runs over in a comprehension (filters applied). */
  comprehensionSelection(n: Node, varName: string, bindings?: Bindings): Selection | null {
    const items = this.comprehension(n, new Map(), bindings, (scope) => scope.get(varName) ?? UNKNOWN);
    return items ? this.itemsToSelection(items) : null;
  }

  /** For which tensors a statement inside a for loop runs (the loop variable is `varName`). */
  loopSelection(loop: Node, statement: Node, varName: string, bindings?: Bindings): Selection | null {
    this.probe = { start: statement.startIndex, varName };
    try {
      const out = new Map<string, Item[]>();
      if (!this.execFor(loop, new Map(), bindings, true, out)) return null;
      return this.itemsToSelection(out.get(PROBE) ?? []);
    } finally {
      this.probe = undefined;
    }
  }

  private probe: { start: number; varName: string } | undefined;

  private itemsToSelection(items: Item[]): Selection | null {
    const sel: Selection = new Map();
    for (const it of items) {
      if (it.v.t === 'unknown' && it.sure) return null;
      for (const p of this.paramsOf(it.v)) if (sel.get(p) !== 'yes') sel.set(p, it.sure ? 'yes' : 'maybe');
    }
    return sel;
  }

  private comprehension(n: Node, env: Map<string, Val>, bindings?: Bindings, bodyOverride?: (scope: Map<string, Val>) => Val): Item[] | null {
    const body = field(n, 'body');
    const out: Item[] = [];
    const ok = this.forEachClause(n, env, bindings, (scope, sure) => {
      out.push({ v: bodyOverride ? bodyOverride(scope) : this.eval(body, scope, bindings), sure });
    });
    return ok ? out : null;
  }

  private dictComprehension(n: Node, env: Map<string, Val>, bindings?: Bindings): Val {
    const pair = field(n, 'body');
    if (!pair || pair.type !== 'pair') return UNKNOWN;
    const entries: [Val, Item][] = [];
    const ok = this.forEachClause(n, env, bindings, (scope, sure) => {
      entries.push([this.eval(field(pair, 'key'), scope, bindings), { v: this.eval(field(pair, 'value'), scope, bindings), sure }]);
    });
    return ok ? { t: 'dict', entries } : UNKNOWN;
  }

  /** Calls visit once per binding the comprehension's for / if clauses produce; false when unknown. */
  private forEachClause(n: Node, env: Map<string, Val>, bindings: Bindings | undefined, visit: (scope: Map<string, Val>, sure: boolean) => void): boolean {
    const clauses = named(n).filter((c) => c.type === 'for_in_clause' || c.type === 'if_clause');
    const walk = (i: number, scope: Map<string, Val>, sure: boolean): boolean => {
      if (i === clauses.length) {
        visit(scope, sure);
        return true;
      }
      const c = clauses[i];
      if (c.type === 'if_clause') {
        const t = this.truth(named(c)[0] ?? null, scope, bindings);
        return t === false ? true : walk(i + 1, scope, sure && t === true);
      }
      const items = this.iter(field(c, 'right'), scope, bindings);
      if (!items) return false;
      for (const it of items) {
        const s2 = new Map(scope);
        if (!bind(field(c, 'left'), it.v, s2)) return false;
        if (!walk(i + 1, s2, sure && it.sure)) return false;
      }
      return true;
    };
    return walk(0, new Map(env), true);
  }

  // ---------------------------------------------------------------- operators and calls

  truth(node: Node | null, env: Map<string, Val>, bindings?: Bindings): boolean | undefined {
    return truthy(this.eval(node, env, bindings));
  }

  private comparison(n: Node, env: Map<string, Val>, bindings?: Bindings): boolean | undefined {
    // a < b <= c, a in b, a not in b, a is None ...: operands are named children, operators anonymous.
    const operands: Node[] = [];
    const ops: string[] = [];
    let pendingNot = false;
    for (let i = 0; i < n.childCount; i++) {
      const c = n.child(i)!;
      if (c.isNamed) {
        operands.push(c);
        continue;
      }
      const t = c.type;
      if (t === 'not') { pendingNot = true; continue; }
      if (t === 'in' && pendingNot) { ops.push('not in'); pendingNot = false; continue; }
      if (t === 'is' ) { ops.push('is'); continue; }
      if (t === 'not in' || t === 'is not') { ops.push(t); continue; }
      if (t === 'not' && ops[ops.length - 1] === 'is') { ops[ops.length - 1] = 'is not'; continue; }
      ops.push(t);
    }
    let result: boolean | undefined = true;
    let left = this.eval(operands[0], env, bindings);
    for (let i = 0; i < ops.length; i++) {
      const right = this.eval(operands[i + 1] ?? null, env, bindings);
      result = and(result, compare(ops[i], left, right));
      if (result === false) return false;
      left = right;
    }
    return result;
  }

  private binary(n: Node, env: Map<string, Val>, bindings?: Bindings): Val {
    const op = field(n, 'operator')?.text;
    const l = this.eval(field(n, 'left'), env, bindings);
    const r = this.eval(field(n, 'right'), env, bindings);
    if (op === '%' && l.t === 'str') {
      const args = r.t === 'seq' ? r.items.map((i) => i.v) : [r];
      let k = 0;
      let bad = false;
      const s = l.v.replace(/%[sdr%]/g, (m) => {
        if (m === '%%') return '%';
        const s2 = toStr(args[k++] ?? UNKNOWN);
        if (s2 === null) bad = true;
        return s2 ?? '';
      });
      return bad ? UNKNOWN : { t: 'str', v: s };
    }
    if (op === '+') {
      if (l.t === 'str' && r.t === 'str') return { t: 'str', v: l.v + r.v };
      if (l.t === 'num' && r.t === 'num') return { t: 'num', v: l.v + r.v };
      if (l.t === 'seq' && r.t === 'seq') return { t: 'seq', items: [...l.items, ...r.items] };
    }
    if ((op === '|' || op === '+') && l.t === 'seq' && r.t === 'seq') return { t: 'seq', items: [...l.items, ...r.items] };
    if (op === '-' && l.t === 'seq' && r.t === 'seq') {
      return { t: 'seq', items: l.items.filter((i) => !r.items.some((j) => j.sure && eq(i.v, j.v) === true)) };
    }
    if (op === '&' && l.t === 'seq' && r.t === 'seq') {
      return { t: 'seq', items: l.items.filter((i) => r.items.some((j) => eq(i.v, j.v) === true)) };
    }
    if (l.t === 'num' && r.t === 'num') {
      const v = op === '*' ? l.v * r.v : op === '-' ? l.v - r.v : op === '/' ? l.v / r.v : NaN;
      return Number.isFinite(v) ? { t: 'num', v } : UNKNOWN;
    }
    return UNKNOWN;
  }

  private attribute(n: Node, env: Map<string, Val>, bindings?: Bindings): Val {
    const attr = field(n, 'attribute')?.text ?? '';
    const objNode = field(n, 'object')!;
    const obj = this.eval(objNode, env, bindings);
    if (obj.t === 'param') {
      if (attr === 'ndim') return { t: 'num', v: obj.p.ndim };
      if (attr === 'shape') return { t: 'shape', ndim: obj.p.ndim };
      if (attr === 'requires_grad' || attr === 'is_leaf') return { t: 'bool', v: true };
      return UNKNOWN;
    }
    if (obj.t === 'module') {
      const p = obj.u.byName.get(obj.name ? `${obj.name}.${attr}` : attr);
      if (p) return { t: 'param', p };
      return UNKNOWN;
    }
    if (obj.t === 'unknown') {
      // self.logvar / model.weight: a tensor the model read from this file declares by that name
      // (for self, or a variable already seen as a model in this scope: no model built for args.x).
      if (objNode.type === 'identifier') {
        const u = objNode.text === 'self' ? this.universeFor(objNode, bindings) : this.seenUniverse(objNode);
        const p = u?.byName.get(attr);
        if (p && !p.assumed) return { t: 'param', p };
      }
      const dotted = dottedName(n);
      if (dotted) {
        const c = this.classRef(dotted);
        if (c.t !== 'unknown') return c;
        // cfg.no_decay_names etc. assigned somewhere in the file
        const t = followIdentifier(this.idx, n, bindings);
        if (t.node !== n && t.node.type !== 'attribute') return this.eval(t.node, new Map(), t.bindings);
        // args.lr_backbone_names: an argparse option's default (a list of names, a string).
        const def = t.node.type === 'attribute' ? argparseDefaultNode(this.idx, attr) : undefined;
        if (def) return this.eval(def, new Map(), undefined);
      }
    }
    return UNKNOWN;
  }

  private subscript(n: Node, env: Map<string, Val>, bindings?: Bindings): Val {
    const base = this.eval(field(n, 'value'), env, bindings);
    const key = this.eval(field(n, 'subscript'), env, bindings);
    if (base.t === 'dict') {
      // param_dict[pn]: the tensor named pn.
      for (const [k, it] of base.entries) if (eq(k, key) === true) return it.v;
      return UNKNOWN;
    }
    if (base.t === 'seq' && key.t === 'num') {
      const i = key.v < 0 ? base.items.length + key.v : key.v;
      return base.items[i]?.sure ? base.items[i].v : UNKNOWN;
    }
    if (base.t === 'str' && key.t === 'num') {
      const i = key.v < 0 ? base.v.length + key.v : key.v;
      return i >= 0 && i < base.v.length ? { t: 'str', v: base.v[i] } : UNKNOWN;
    }
    if (base.t === 'model' && key.t === 'str') {
      const p = base.u.byName.get(key.v);
      return p ? { t: 'param', p } : UNKNOWN;
    }
    return UNKNOWN;
  }

  private call(n: Node, env: Map<string, Val>, bindings?: Bindings): Val {
    const callee = field(n, 'function');
    const args = callArgs(n);
    if (callee?.type === 'attribute') {
      const m = field(callee, 'attribute')?.text ?? '';
      const objNode = field(callee, 'object')!;
      const special = this.iterCall(n, env, bindings);
      if (special !== undefined) return special ? { t: 'seq', items: special } : UNKNOWN;
      const obj = this.eval(objNode, env, bindings);
      const a0 = args.positional[0] ? this.eval(args.positional[0], env, bindings) : undefined;
      if (obj.t === 'param') {
        if (m === 'dim' || m === 'ndimension') return { t: 'num', v: obj.p.ndim };
        if (m === 'size') return a0 ? UNKNOWN : { t: 'shape', ndim: obj.p.ndim };
        return UNKNOWN;
      }
      if (obj.t === 'str') return strMethod(obj.v, m, a0, args.positional[1] ? this.eval(args.positional[1], env, bindings) : undefined);
      if (obj.t === 'unknown') {
        const q = qualify(this.idx, dottedName(callee) ?? '');
        if (q === 're.search' || q === 're.match' || q === 're.fullmatch') {
          const pat = a0;
          const s = args.positional[1] ? this.eval(args.positional[1], env, bindings) : UNKNOWN;
          if (pat?.t !== 'str' || s.t !== 'str') return UNKNOWN;
          try {
            const re = new RegExp((m === 'fullmatch' ? '^(?:' : m === 'match' ? '^(?:' : '') + pat.v.replace(/\(\?P</g, '(?<') + (m === 'fullmatch' ? ')$' : m === 'match' ? ')' : ''));
            return { t: 'bool', v: re.test(s.v) };
          } catch {
            return UNKNOWN;
          }
        }
      }
      return UNKNOWN;
    }
    const fname = dottedName(callee) ?? '';
    const evalArg = (i: number) => this.eval(args.positional[i] ?? null, env, bindings);
    switch (fname) {
      case 'any':
      case 'all': {
        const items = this.iter(args.positional[0] ?? null, env, bindings);
        if (!items) return UNKNOWN;
        let r: boolean | undefined = fname === 'all';
        for (const it of items) {
          const t = it.sure ? truthy(it.v) : truthy(it.v) === false ? false : undefined;
          r = fname === 'any' ? or(r, t) : and(r, t);
          if (r === (fname === 'any')) return { t: 'bool', v: r };
        }
        return boolVal(r);
      }
      case 'len': {
        const v = evalArg(0);
        if (v.t === 'shape') return { t: 'num', v: v.ndim };
        if (v.t === 'str') return { t: 'num', v: v.v.length };
        if (v.t === 'seq' && v.items.every((i) => i.sure)) return { t: 'num', v: v.items.length };
        return UNKNOWN;
      }
      case 'isinstance': {
        const obj = evalArg(0);
        const cls = evalArg(1);
        const names = cls.t === 'class' ? [cls.name] : cls.t === 'seq' && cls.items.every((i) => i.v.t === 'class') ? cls.items.map((i) => (i.v as { name: string }).name) : null;
        if (!names || obj.t !== 'module') return UNKNOWN;
        if (names.includes('Module')) return { t: 'bool', v: true };
        return { t: 'bool', v: names.some((c) => c === obj.type || (normFamily(c) !== undefined && normFamily(c) === normFamily(obj.type) && /^_?(BatchNorm|_BatchNorm|_NormBase)$/.test(c))) };
      }
      case 'getattr': {
        const obj = evalArg(0);
        if ((obj.t === 'param' || obj.t === 'module') && args.positional[2]) return evalArg(2);
        return UNKNOWN;
      }
      case 'hasattr':
        return evalArg(0).t === 'param' ? { t: 'bool', v: false } : UNKNOWN;
      case 'str':
        return evalArg(0).t === 'str' ? evalArg(0) : UNKNOWN;
      case 'list':
      case 'tuple':
      case 'set':
      case 'sorted':
      case 'frozenset': {
        if (!args.positional.length) return { t: 'seq', items: [] };
        const items = this.iter(args.positional[0], env, bindings);
        return items ? { t: 'seq', items } : UNKNOWN;
      }
      case 'dict': {
        if (args.positional.length === 0) {
          const entries: [Val, Item][] = [];
          for (const [k, v] of args.keywords) entries.push([{ t: 'str', v: k }, { v: this.eval(v, env, bindings), sure: true }]);
          return { t: 'dict', entries };
        }
        const items = this.iter(args.positional[0], env, bindings);
        if (!items) return UNKNOWN;
        const entries: [Val, Item][] = [];
        for (const it of items) {
          if (it.v.t !== 'seq' || it.v.items.length !== 2) return UNKNOWN;
          entries.push([it.v.items[0].v, { v: it.v.items[1].v, sure: it.sure }]);
        }
        return { t: 'dict', entries };
      }
    }
    const special = this.iterCall(n, env, bindings);
    if (special !== undefined) return special ? { t: 'seq', items: special } : UNKNOWN;
    // A helper function in this file: evaluate what it returns, its parameters bound to the arguments.
    const helper = fname ? this.idx.functions.get(fname)?.[0] : undefined;
    if (helper) return this.callHelper(helper, n, bindings, env);
    // exclude = lambda n, p: p.ndim < 2 or "bn" in n; ... if exclude(n, p)
    const lambda = callee?.type === 'identifier' ? followIdentifier(this.idx, callee, bindings).node : null;
    if (lambda?.type === 'lambda') return this.callLambda(lambda, n, env, bindings);
    return UNKNOWN;
  }

  /** A lambda's body with its parameters bound to the call's arguments, evaluated where the call is. */
  private callLambda(lambda: Node, call: Node, env: Map<string, Val>, bindings?: Bindings): Val {
    const args = callArgs(call);
    if (args.hasSplat) return UNKNOWN;
    const local = new Map<string, Val>();
    named(field(lambda, 'parameters')).forEach((p, i) => {
      const name = p.type === 'identifier' ? p.text : field(p, 'name')?.text;
      const arg = name ? args.keywords.get(name) ?? args.positional[i] ?? (p.type === 'default_parameter' ? field(p, 'value') : null) : null;
      if (!name || !arg) return;
      const v = this.eval(arg, env, bindings);
      if (isPlainValue(v, 0)) local.set(name, v);
    });
    return this.eval(field(lambda, 'body'), local, bindings);
  }

  /**
   * What a helper function in this file returns for one call. Arguments that the caller computes
   * (a loop's n and p, a list of names) are evaluated where the call is; the body is then run
   * statement by statement (assignments, if / elif / else, for loops with break / continue and
   * for-else, return), as in match_name_keywords(n, keywords): out = False; for b in keywords:
   * if b in n: out = True; break; return out. A body it cannot run falls back to the value of the
   * last return statement.
   */
  callHelper(fn: Node, call: Node, bindings?: Bindings, callerEnv?: Map<string, Val>): Val {
    const b = bindHelper(fn, call, bindings);
    const local = new Map<string, Val>();
    if (callerEnv) {
      for (const [name, arg] of b.map) {
        const v = this.eval(arg, callerEnv, bindings);
        if (isPlainValue(v, 0)) local.set(name, v);
      }
    }
    const ran = this.runHelperBody(fn, new Map(local), b);
    if (ran && ran.t !== 'unknown') return ran;
    const ret = returnExpression(this.idx, fn);
    if (!ret) return UNKNOWN;
    return this.eval(ret, local, b);
  }

  private runHelperBody(fn: Node, env: Map<string, Val>, b: Bindings): Val | undefined {
    const r = this.runBlock(field(fn, 'body'), env, b, { steps: 0 });
    return r.kind === 'return' ? r.v : undefined;
  }

  private runBlock(block: Node | null, env: Map<string, Val>, b: Bindings, budget: { steps: number }): Flow {
    for (const s of named(block)) {
      const r = this.runStatement(s, env, b, budget);
      if (r.kind !== 'next') return r;
    }
    return NEXT;
  }

  private runStatement(s: Node, env: Map<string, Val>, b: Bindings, budget: { steps: number }): Flow {
    if (++budget.steps > MAX_HELPER_STEPS) return FAIL;
    switch (s.type) {
      case 'pass_statement':
        return NEXT;
      case 'break_statement':
        return BREAK;
      case 'continue_statement':
        return CONTINUE;
      case 'return_statement': {
        const e = named(s)[0];
        return { kind: 'return', v: e ? this.eval(e, env, b) : { t: 'none' } };
      }
      case 'expression_statement': {
        const e = named(s)[0];
        if (!e || e.type === 'string') return NEXT; // docstring
        if (e.type === 'assignment') {
          const left = field(e, 'left');
          const right = field(e, 'right');
          if (!left || !right) return FAIL;
          if (left.type === 'identifier') env.set(left.text, this.eval(right, env, b));
          else if (left.type === 'pattern_list' || left.type === 'tuple_pattern') bind(left, this.eval(right, env, b), env);
          else return FAIL;
          return NEXT;
        }
        if (e.type === 'call') {
          // print(...) / logger.info(...) change nothing we track; x.append(...) on a local does.
          const callee = field(e, 'function');
          const obj = callee?.type === 'attribute' ? field(callee, 'object') : null;
          return obj?.type === 'identifier' && env.has(obj.text) ? FAIL : NEXT;
        }
        return FAIL;
      }
      case 'if_statement': {
        const c = this.truth(field(s, 'condition'), env, b);
        if (c === undefined) return FAIL;
        if (c) return this.runBlock(field(s, 'consequence'), env, b, budget);
        for (const alt of s.childrenForFieldName('alternative')) {
          if (!alt) continue;
          if (alt.type === 'else_clause') return this.runBlock(field(alt, 'body'), env, b, budget);
          const ac = this.truth(field(alt, 'condition'), env, b);
          if (ac === undefined) return FAIL;
          if (ac) return this.runBlock(field(alt, 'consequence'), env, b, budget);
        }
        return NEXT;
      }
      case 'for_statement': {
        const items = this.iter(field(s, 'right'), env, b);
        if (!items || items.some((i) => !i.sure)) return FAIL;
        let broke = false;
        for (const it of items) {
          if (!bind(field(s, 'left'), it.v, env)) return FAIL;
          const r = this.runBlock(field(s, 'body'), env, b, budget);
          if (r.kind === 'break') {
            broke = true;
            break;
          }
          if (r.kind !== 'next' && r.kind !== 'continue') return r;
        }
        const orElse = field(s, 'alternative');
        return !broke && orElse ? this.runBlock(field(orElse, 'body'), env, b, budget) : NEXT;
      }
      default:
        return FAIL;
    }
  }
}

/** How a helper body's statement ends: on to the next one, out of a loop, or out of the helper. */
type Flow = { kind: 'next' | 'break' | 'continue' | 'fail' } | { kind: 'return'; v: Val };
const NEXT: Flow = { kind: 'next' };
const BREAK: Flow = { kind: 'break' };
const CONTINUE: Flow = { kind: 'continue' };
const FAIL: Flow = { kind: 'fail' };
const MAX_HELPER_STEPS = 2000;

/** A value that stands on its own (no model expression behind it): safe to hand to a helper. */
function isPlainValue(v: Val, depth: number): boolean {
  if (v.t === 'seq') return depth < 2 && v.items.every((i) => isPlainValue(i.v, depth + 1));
  return v.t === 'str' || v.t === 'num' || v.t === 'bool' || v.t === 'none' || v.t === 'param' || v.t === 'shape' || v.t === 'module' || v.t === 'class';
}

/** Binds a helper's parameters to the arguments of one call. */
export function bindHelper(fn: Node, call: Node, parent?: Bindings): Bindings {
  const args = callArgs(call);
  const map = new Map<string, Node>();
  const params = named(field(fn, 'parameters'));
  const skip = params[0]?.type === 'identifier' && (params[0].text === 'self' || params[0].text === 'cls') && field(call, 'function')?.type === 'attribute' ? 1 : 0;
  params.forEach((p, i) => {
    const name = p.type === 'identifier' ? p.text : field(p, 'name')?.text ?? named(p)[0]?.text;
    if (!name) return;
    const a = args.keywords.get(name) ?? args.positional[i - skip];
    if (a) map.set(name, a);
  });
  return { fn, map, parent };
}

/** The expression of a function's last top-level return statement. */
export function returnExpression(idx: PyIndex, fn: Node): Node | null {
  const body = field(fn, 'body');
  let ret: Node | null = null;
  for (const r of body ? body.descendantsOfType('return_statement') : []) {
    if (!r) continue;
    // Ignore returns of nested functions.
    if (enclosingFunction(idx, r)?.startIndex === fn.startIndex) ret = named(r)[0] ?? null;
  }
  return ret;
}

function moduleIter(m: { t: 'module'; name: string; type: string; u: Universe }, method: string): Item[] {
  const u = m.u;
  const prefix = m.name ? `${m.name}.` : '';
  const params = u.params.filter((p) => !prefix || p.name.startsWith(prefix));
  const local = (name: string) => name.slice(prefix.length);
  switch (method) {
    case 'parameters':
      return params.map((p) => ({ v: { t: 'param', p }, sure: true }));
    case 'named_parameters':
      return params.map((p) => ({ v: { t: 'seq', items: [{ v: { t: 'str', v: local(p.name) }, sure: true }, { v: { t: 'param', p }, sure: true }] }, sure: true }));
    case 'named_modules':
    case 'modules': {
      const mods = u.modules.filter((x) => !prefix || x.name === m.name || x.name.startsWith(prefix));
      return mods.map((x) => {
        const mv: Val = { t: 'module', name: x.name, type: x.type, u };
        const v: Val = method === 'modules' ? mv : { t: 'seq', items: [{ v: { t: 'str', v: local(x.name) }, sure: true }, { v: mv, sure: true }] };
        return { v, sure: true };
      });
    }
    default:
      return [];
  }
}

function iterOf(v: Val): Item[] | null {
  if (v.t === 'seq') return v.items;
  if (v.t === 'dict') return v.entries.map(([k, it]) => ({ v: k, sure: it.sure }));
  if (v.t === 'str') return [...v.v].map((c) => ({ v: { t: 'str', v: c }, sure: true }));
  return null;
}

function bind(target: Node | null, v: Val, env: Map<string, Val>): boolean {
  const t = unparen(target);
  if (!t) return false;
  if (t.type === 'identifier') {
    env.set(t.text, v);
    return true;
  }
  if (t.type === 'pattern_list' || t.type === 'tuple_pattern' || t.type === 'tuple' || t.type === 'list_pattern') {
    const parts = named(t);
    if (v.t !== 'seq' || v.items.length !== parts.length) {
      for (const p of parts) bind(p, UNKNOWN, env);
      return v.t === 'unknown';
    }
    return parts.every((p, i) => bind(p, v.items[i].v, env));
  }
  return false;
}

function toStr(v: Val): string | null {
  if (v.t === 'str') return v.v;
  if (v.t === 'num') return String(v.v);
  return null;
}

function truthy(v: Val): boolean | undefined {
  switch (v.t) {
    case 'bool':
      return v.v;
    case 'num':
      return v.v !== 0;
    case 'str':
      return v.v.length > 0;
    case 'none':
      return false;
    case 'seq':
      return v.items.some((i) => i.sure) ? true : v.items.length === 0 ? false : undefined;
    case 'param':
    case 'module':
    case 'class':
      return true;
    default:
      return undefined;
  }
}

function boolVal(b: boolean | undefined): Val {
  return b === undefined ? UNKNOWN : { t: 'bool', v: b };
}

const not = (a: boolean | undefined) => (a === undefined ? undefined : !a);
function and(a: boolean | undefined, b: boolean | undefined): boolean | undefined {
  if (a === false || b === false) return false;
  if (a === true && b === true) return true;
  return undefined;
}
function or(a: boolean | undefined, b: boolean | undefined): boolean | undefined {
  if (a === true || b === true) return true;
  if (a === false && b === false) return false;
  return undefined;
}

function eq(a: Val, b: Val): boolean | undefined {
  if (a.t === 'unknown' || b.t === 'unknown') return undefined;
  if (a.t === 'num' && b.t === 'num') return a.v === b.v;
  if (a.t === 'str' && b.t === 'str') return a.v === b.v;
  if (a.t === 'bool' && b.t === 'bool') return a.v === b.v;
  if (a.t === 'none' || b.t === 'none') return a.t === b.t;
  if (a.t === 'param' && b.t === 'param') return a.p === b.p;
  if (a.t === 'param' && b.t === 'str') return a.p.name === b.v;
  if (a.t === 'str' && b.t === 'param') return a.v === b.p.name;
  if (a.t === 'class' && b.t === 'class') return a.name === b.name;
  if (a.t !== b.t) return false;
  return undefined;
}

function contains(container: Val, item: Val): boolean | undefined {
  if (container.t === 'str' && item.t === 'str') return container.v.includes(item.v);
  if (container.t === 'seq' || container.t === 'dict') {
    const items = container.t === 'seq' ? container.items : container.entries.map(([k, it]) => ({ v: k, sure: it.sure }));
    let r: boolean | undefined = false;
    for (const it of items) {
      const e = eq(it.v, item);
      if (e === true && it.sure) return true;
      if (e !== false) r = undefined;
    }
    return r;
  }
  return undefined;
}

function compare(op: string, a: Val, b: Val): boolean | undefined {
  switch (op) {
    case 'in':
      return contains(b, a);
    case 'not in':
      return not(contains(b, a));
    case '==':
    case 'is':
      return eq(a, b);
    case '!=':
    case 'is not':
      return not(eq(a, b));
  }
  if (a.t === 'num' && b.t === 'num') {
    if (op === '<') return a.v < b.v;
    if (op === '<=') return a.v <= b.v;
    if (op === '>') return a.v > b.v;
    if (op === '>=') return a.v >= b.v;
  }
  return undefined;
}

function strMethod(s: string, m: string, a0?: Val, a1?: Val): Val {
  const argStrs = (v?: Val): string[] | null => {
    if (!v) return null;
    if (v.t === 'str') return [v.v];
    if (v.t === 'seq' && v.items.every((i) => i.v.t === 'str' && i.sure)) return v.items.map((i) => (i.v as { v: string }).v);
    return null;
  };
  switch (m) {
    case 'endswith':
    case 'startswith': {
      const list = argStrs(a0);
      if (!list) return UNKNOWN;
      return { t: 'bool', v: list.some((x) => (m === 'endswith' ? s.endsWith(x) : s.startsWith(x))) };
    }
    case 'lower':
      return { t: 'str', v: s.toLowerCase() };
    case 'upper':
      return { t: 'str', v: s.toUpperCase() };
    case 'strip':
      return { t: 'str', v: s.trim() };
    case 'split':
    case 'rsplit': {
      const sep = a0?.t === 'str' ? a0.v : undefined;
      const parts = sep === undefined ? s.split(/\s+/).filter(Boolean) : s.split(sep);
      const max = a1?.t === 'num' ? a1.v : -1;
      let out = parts;
      if (max >= 0 && sep !== undefined && parts.length > max + 1) {
        out = m === 'split' ? [...parts.slice(0, max), parts.slice(max).join(sep)] : [parts.slice(0, parts.length - max).join(sep), ...parts.slice(parts.length - max)];
      }
      return { t: 'seq', items: out.map((p) => ({ v: { t: 'str', v: p }, sure: true })) };
    }
    case 'replace':
      return a0?.t === 'str' && a1?.t === 'str' ? { t: 'str', v: s.split(a0.v).join(a1.v) } : UNKNOWN;
    case 'find':
      return a0?.t === 'str' ? { t: 'num', v: s.indexOf(a0.v) } : UNKNOWN;
    case 'count':
      return a0?.t === 'str' && a0.v ? { t: 'num', v: s.split(a0.v).length - 1 } : UNKNOWN;
    case 'format':
      return UNKNOWN;
  }
  return UNKNOWN;
}

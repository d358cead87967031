// l1-all-params: an L1 penalty summed over every parameter (biases and norms included), written
// as a comprehension (sum(p.abs().sum() for p in model.parameters())) or as a loop that
// accumulates |p| over model.parameters(). Filters in the comprehension or the loop are honoured.
import type { Node } from './parser';
import { callsNamed, callsNamedAll, enclosingFunction, innermostContaining, qualify, type PyIndex } from './pyIndex';
import { callArgs, dottedName, field, named, numberLiteral, rangeOf, stringValue, unparen } from './syntax';
import { followIdentifier } from './values';
import type { Evaluator, Selection } from './evaluate';
import { replaceNode } from './edits';
import type { RawFinding } from './optimizerAnalysis';

const PARAM_ITERATORS = /\.(parameters|named_parameters)\(\s*\)$/;

/** Is `call` an L1 norm / absolute value applied to `target` (an expression node)? */
function l1Target(idx: PyIndex, call: Node): Node | null {
  const callee = field(call, 'function');
  const args = callArgs(call);
  if (!callee) return null;
  const isOne = (n: Node | null | undefined) => !!n && (numberLiteral(n) === 1 || stringValue(n) === '1');
  if (callee.type === 'attribute') {
    const m = field(callee, 'attribute')?.text;
    const obj = field(callee, 'object');
    const q = qualify(idx, dottedName(callee) ?? '');
    if (q === 'torch.abs' || q === 'torch.absolute' || q === 'numpy.abs' || q === 'jax.numpy.abs' || q === 'jnp.abs') return args.positional[0] ?? null;
    if (q === 'torch.norm' || q === 'torch.linalg.norm' || q === 'torch.linalg.vector_norm') {
      return isOne(args.positional[1] ?? args.keywords.get('p') ?? args.keywords.get('ord')) ? args.positional[0] ?? null : null;
    }
    if (q === 'torch.nn.functional.l1_loss' || q === 'F.l1_loss') return args.positional[0] ?? null;
    if (m === 'abs' && obj && args.positional.length === 0) return obj;
    if (m === 'norm' && obj && isOne(args.positional[0] ?? args.keywords.get('p'))) return obj;
    return null;
  }
  if (callee.type === 'identifier' && callee.text === 'abs') return args.positional[0] ?? null;
  // criterion = nn.L1Loss(...); criterion(p, torch.zeros_like(p)), or nn.L1Loss()(p, ...): |p| summed or averaged.
  const module = callee.type === 'identifier' ? followIdentifier(idx, callee).node : callee;
  if (isL1LossModule(idx, module)) return args.positional[0] ?? null;
  return null;
}

function isL1LossModule(idx: PyIndex, n: Node | null): boolean {
  return !!n && n.type === 'call' && qualify(idx, dottedName(field(n, 'function')) ?? '') === 'torch.nn.L1Loss';
}

/** Calls of an nn.L1Loss module: the names it is bound to, called, and nn.L1Loss()(...) itself. */
function l1LossModuleCalls(idx: PyIndex): Node[] {
  const out: Node[] = [];
  for (const ctor of callsNamed(idx, 'L1Loss')) {
    if (!isL1LossModule(idx, ctor)) continue;
    const parent = ctor.parent;
    if (parent?.type === 'call' && field(parent, 'function')?.startIndex === ctor.startIndex) out.push(parent);
    const left = parent?.type === 'assignment' ? field(parent, 'left') : null;
    if (left?.type === 'identifier') out.push(...callsNamed(idx, left.text));
  }
  return out;
}

/** The loop variable an expression is built from: p, p.view(-1), p.flatten(), torch.cat([...]). */
function baseIdentifier(n: Node | null): Node | null {
  let x = unparen(n);
  while (x && x.type === 'call' && field(x, 'function')?.type === 'attribute') {
    const m = field(field(x, 'function'), 'attribute')?.text ?? '';
    if (!['view', 'flatten', 'reshape', 'float', 'ravel', 'contiguous', 'detach'].includes(m)) break;
    x = unparen(field(field(x, 'function'), 'object'));
  }
  return x && x.type === 'identifier' ? x : null;
}

function isParamIterable(idx: PyIndex, n: Node | null): Node | null {
  const x = unparen(n);
  if (!x) return null;
  if (x.type === 'call' && PARAM_ITERATORS.test(x.text.replace(/\s+/g, ''))) return x;
  if (x.type === 'identifier') {
    const t = followIdentifier(idx, x).node;
    if (t.type === 'call') {
      if (PARAM_ITERATORS.test(t.text.replace(/\s+/g, ''))) return t;
      const fn = dottedName(field(t, 'function'));
      if (fn === 'list' || fn === 'tuple') return isParamIterable(idx, callArgs(t).positional[0] ?? null) ? t : null;
    }
  }
  return null;
}

/** "All parameters": biases are penalised (or, for a model without biases, its norms are). */
function includesBiasOrNorm(sel: Selection | null): boolean {
  if (!sel) return false;
  const members = [...sel].filter(([, m]) => m === 'yes').map(([p]) => p);
  if (members.some((p) => p.kind === 'bias')) return true;
  const anyBias = [...sel.keys()].some((p) => p.kind === 'bias');
  return !anyBias && members.some((p) => p.kind === 'norm') && members.some((p) => p.kind === 'weight');
}

/** The filtered replacement for a parameter iterable: weights only (ndim >= 2). */
function weightsOnly(iterable: Node): string {
  const t = iterable.text;
  return /named_parameters\(\s*\)$/.test(t) ? `((n, w) for n, w in ${t} if w.ndim >= 2)` : `(w for w in ${t} if w.ndim >= 2)`;
}

/** A value turned into a plain number (.item(), .detach(), ...) is logged, not a penalty. */
const NOT_DIFFERENTIABLE = /\.(item|detach|cpu|numpy|tolist)\(\s*\)/;

function isLoggedValue(idx: PyIndex, expr: Node): boolean {
  if (NOT_DIFFERENTIABLE.test(expr.text)) return true;
  // sum(... for p in ...).item(): look just past the enclosing call's closing parenthesis.
  return /^\s*\)?\s*\.(item|detach|cpu|numpy|tolist)\(/.test(idx.source.slice(expr.endIndex, expr.endIndex + 40));
}

export function l1Findings(idx: PyIndex, ev: Evaluator): RawFinding[] {
  const out: RawFinding[] = [];
  const seen = new Set<number>();
  const candidates = [...callsNamedAll(idx, ['abs', 'absolute', 'norm', 'vector_norm', 'l1_loss']), ...l1LossModuleCalls(idx)].sort((a, b) => a.startIndex - b.startIndex);
  for (const call of candidates) {
    const target = l1Target(idx, call);
    if (!target) continue;
    // 1) sum(|p| for p in model.parameters()) and friends.
    let base = baseIdentifier(target);
    let comp: Node | null = null;
    let viaCat = false;
    if (!base) {
      // torch.cat([p.view(-1) for p in model.parameters()]).abs().sum()
      const t = unparen(target);
      if (t?.type === 'call' && /(^|\.)cat$/.test(dottedName(field(t, 'function')) ?? '')) {
        const inner = unparen(callArgs(t).positional[0] ?? null);
        if (inner && (inner.type === 'list_comprehension' || inner.type === 'generator_expression')) {
          comp = inner;
          base = baseIdentifier(field(inner, 'body'));
          viaCat = true;
        }
      }
      if (!base) continue;
    }
    const fn = enclosingFunction(idx, call);
    const innerLoop = innermostContaining(idx.forStatements, call, fn);
    if (!comp) {
      const c = innermostContaining(idx.comprehensions, call, fn);
      if (c && (c.type === 'generator_expression' || c.type === 'list_comprehension') && (!innerLoop || c.startIndex > innerLoop.startIndex)) comp = c;
    }
    if (comp) {
      const clause = named(comp).find((c) => c.type === 'for_in_clause' && named(field(c, 'left')).concat(field(c, 'left') ? [field(c, 'left')!] : []).some((v) => v.text === base!.text));
      const iterable = clause ? isParamIterable(idx, field(clause, 'right')) : null;
      if (!clause || !iterable || seen.has(comp.startIndex)) continue;
      seen.add(comp.startIndex);
      if (isLoggedValue(idx, comp)) continue;
      const sel = ev.comprehensionSelection(comp, base.text);
      if (!includesBiasOrNorm(sel)) continue;
      const repl = weightsOnly(field(clause, 'right')!);
      out.push(finding(viaCat ? unparen(target)! : comp, field(clause, 'right')!, repl));
      continue;
    }
    // 2) for p in model.parameters(): l1 += p.abs().sum()
    const loops = idx.forStatements.filter((l) => l.startIndex < call.startIndex && l.endIndex >= call.endIndex && (!fn || l.startIndex > fn.startIndex)).reverse();
    for (const p of loops) {
      const left = field(p, 'left');
      const vars = left ? (left.type === 'identifier' ? [left] : named(left)) : [];
      if (!vars.some((v) => v.text === base!.text)) continue;
      const iterable = isParamIterable(idx, field(p, 'right'));
      if (!iterable || seen.has(p.startIndex)) break;
      seen.add(p.startIndex);
      const stmt = statementContaining(field(p, 'body'), call);
      if (!stmt || isLoggedValue(idx, stmt)) break;
      const sel = ev.loopSelection(p, stmt, base.text);
      if (!includesBiasOrNorm(sel)) break;
      out.push(finding(stmt, field(p, 'right')!, weightsOnly(field(p, 'right')!)));
      break;
    }
  }
  return out;
}

/** Blocks nested in a compound statement (if / elif / else, loops, with, try). */
function nestedBlocks(s: Node): Node[] {
  const out: (Node | null)[] = [];
  if (s.type === 'if_statement') {
    out.push(field(s, 'consequence'));
    for (const alt of s.childrenForFieldName('alternative')) {
      if (alt) out.push(field(alt, alt.type === 'else_clause' ? 'body' : 'consequence'));
    }
  } else if (['for_statement', 'while_statement', 'with_statement', 'try_statement'].includes(s.type)) {
    out.push(field(s, 'body'));
  }
  return out.filter((b): b is Node => !!b);
}

/** The innermost simple statement of a block that contains node (searched top-down). */
function statementContaining(block: Node | null, node: Node): Node | null {
  for (const s of named(block)) {
    if (s.startIndex > node.startIndex || s.endIndex < node.endIndex) continue;
    for (const body of nestedBlocks(s)) {
      const inner = statementContaining(body, node);
      if (inner) return inner;
    }
    return s;
  }
  return null;
}

function finding(at: Node, iterable: Node, replacement: string): RawFinding {
  return {
    ...rangeOf(at),
    rule: 'l1-all-params',
    message: `This L1 penalty sums |p| over every parameter of ${iterable.text.replace(/\.(named_)?parameters\(\s*\)$/, '') || 'the model'}, so biases and normalization parameters are pushed to zero too; L1 is meant for weights.`,
    fixes: [{ title: 'Restrict the L1 penalty to weights (ndim >= 2)', edits: [replaceNode(iterable, replacement)], isPreferred: true }],
  };
}

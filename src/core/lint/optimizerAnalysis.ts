// Analyses one optimizer construction: its parameter groups, the weight decay and lr each group
// really gets (and where that value comes from), which tensors are decayed, and the rule
// violations that follow. Produces the decay table (OptimizerReport) and raw findings.
import type { Node } from './parser';
import { callsNamed, enclosingFunction, outermostLoop, qualify, type PyIndex } from './pyIndex';
import { callArgs, dottedName, field, indentOf, named, rangeOf, stringValue, unparen, type CallArgs } from './syntax';
import { dictEntry, followIdentifier, formatNumber, resolveArgparseDefault, resolveNumber, resolveString, staticTruth, branchReaches, unresolved, type Bindings } from './values';
import { Evaluator, bindHelper, returnExpression, type Selection } from './evaluate';
import { archetypeUniverse, normFamily, type ParamInfo, type Universe } from './model';
import { timmOptimizer, type OptimizerSpec } from './optimizers';
import { deleteListItem, insertAfter, replaceNode } from './edits';
import type { Fix, GroupSelection, OptimizerReport, ParamGroupReport, ResolvedValue, RuleId, SourceRange, TensorCounts, TextEdit } from './types';

export interface RawFinding extends SourceRange {
  rule: RuleId;
  message: string;
  fixes: Fix[];
  /** For weight-decay-range: judged later against the configured ranges. */
  range?: { family: 'decoupled' | 'coupled'; value: number; optimizer: string };
}

interface Group {
  /** The dict literal / dict(...) call of the group, when written as one. */
  dict: Node | null;
  paramsExpr: Node | null;
  bindings?: Bindings;
  wdNode: Node | null;
  lrNode: Node | null;
  hasWdKey: boolean;
  /** **extra in the dict: other keys may hide there. */
  opaque: boolean;
  /** Synthetic groups (timm helpers) carry their own resolved values and selection. */
  fixedWd?: ResolvedValue;
  fixedSelection?: (u: Universe) => Selection;
  fixedLabel?: string;
  node: Node;
}

interface GroupResult extends Group {
  selection: Selection | null;
  wd: ResolvedValue;
  lr: ResolvedValue;
  label: GroupSelection;
  whole: boolean;
  intendedNoDecay: boolean;
}

const positive = (v: ResolvedValue) => (v.value !== null ? v.value > 0 : v.source === 'unresolved' && !!v.expression && !v.mayBeZero);

function argOf(args: CallArgs, key: string, pos: number): Node | null {
  return args.keywords.get(key) ?? (pos >= 0 ? args.positional[pos] ?? null : null);
}

/** The optimizer-level value of an argument: given, default, or hidden in **kwargs. */
function optimizerValue(idx: PyIndex, args: CallArgs, key: string, pos: number, def: number | null, bindings?: Bindings): ResolvedValue {
  const n = argOf(args, key, pos);
  if (n) return resolveNumber(idx, n, bindings);
  for (const s of args.splats) {
    if (s.type !== 'dictionary_splat') return unresolved(undefined, `may be set through ${s.text}`);
    const target = followIdentifier(idx, named(s)[0] ?? s, bindings);
    const entry = dictEntry(target.node, key);
    if (entry) return resolveNumber(idx, entry, target.bindings);
    if (target.node.type !== 'dictionary' && !(target.node.type === 'call' && dottedName(field(target.node, 'function')) === 'dict')) {
      return unresolved(undefined, `may be set through ${s.text}`);
    }
  }
  if (def === null) return unresolved(undefined, 'no default');
  return { value: def, source: 'optimizer-default' };
}

export class OptimizerAnalysis {
  private biasLists: Node[] | undefined;
  private readonly loopGroupsCache = new Map<string, Group[] | null | undefined>();

  constructor(private readonly idx: PyIndex, private readonly ev: Evaluator, private readonly file: string) {}

  analyse(call: Node, spec: OptimizerSpec, qualifiedName: string): { report: OptimizerReport; findings: RawFinding[] } {
    const out = spec.kind === 'torch' ? this.torch(call, spec) : spec.kind === 'timm-factory' ? this.timm(call, spec) : this.wholeTree(call, spec);
    out.report.qualifiedName = qualifiedName;
    return out;
  }

  /**
   * An optimizer a framework builds from a config dict (mmengine / mmcv: dict(type='SGD',
   * weight_decay=...)) over every parameter of a model the file does not show; `excluded` says
   * which kinds its paramwise settings take out of decay, null when a custom constructor decides.
   */
  configured(call: Node, spec: OptimizerSpec, qualifiedName: string, excluded: { bias: boolean; norm: boolean } | null): { report: OptimizerReport; findings: RawFinding[] } {
    const args = callArgs(call);
    const wd = optimizerValue(this.idx, args, spec.wdKey, -1, spec.defaultWeightDecay);
    const lr = optimizerValue(this.idx, args, spec.lrKey, -1, spec.defaultLr);
    let results: GroupResult[] = [];
    if (excluded) {
      const u = archetypeUniverse(this.idx);
      this.ev.universes.push(u);
      const out = (p: ParamInfo) => (p.kind === 'bias' && excluded.bias) || (p.kind === 'norm' && excluded.norm);
      const sel = (want: boolean) => () => new Map(u.params.filter((p) => out(p) === want).map((p) => [p, 'yes' as const]));
      const base = { dict: null, paramsExpr: null, wdNode: null, lrNode: null, hasWdKey: true, opaque: false, node: call };
      const groups: Group[] = [{ ...base, hasWdKey: false, fixedSelection: sel(false), fixedLabel: 'every parameter the paramwise settings keep' }];
      if (excluded.bias || excluded.norm) groups.push({ ...base, fixedWd: { value: 0, source: 'literal', detail: 'paramwise decay_mult=0' }, fixedSelection: sel(true), fixedLabel: [excluded.bias ? 'biases' : '', excluded.norm ? 'norms' : ''].filter(Boolean).join(' and ') });
      results = groups.map((g) => this.evaluateGroup(g, wd, lr));
    }
    const out = this.finish(call, spec, spec.name, spec.decoupled, wd, lr, results, excluded === null, null);
    out.report.qualifiedName = qualifiedName;
    return out;
  }

  // ------------------------------------------------------------------ torch.optim style

  private torch(call: Node, spec: OptimizerSpec): { report: OptimizerReport; findings: RawFinding[] } {
    const args = callArgs(call);
    const paramsArg = argOf(args, 'params', 0);
    const decoupledKw = args.keywords.get('decoupled_weight_decay') ?? args.keywords.get('adam_w_mode');
    const decoupled = spec.decoupled || (decoupledKw ? decoupledKw.type === 'true' || resolveNumber(this.idx, decoupledKw).value === 1 : false);
    const wd = optimizerValue(this.idx, args, spec.wdKey, spec.wdPos, spec.defaultWeightDecay);
    const lr = optimizerValue(this.idx, args, spec.lrKey, spec.lrPos, spec.defaultLr);
    const groups = paramsArg ? this.groupsOf(paramsArg) : null;
    // Groups added later are judged even when the constructor's own params cannot be followed
    // (Adam(pg0) + add_param_group({'params': pg1, 'weight_decay': wd}) is still coupled L2).
    const added = this.addedGroups(call);
    const results = [...(groups ?? []), ...added].map((g) => this.evaluateGroup(g, wd, lr));
    // A bias-only group with its own lr (Caffe-style "2x lr for biases") is not a no-decay group
    // unless something says it is: its name, or sibling groups that set weight_decay themselves.
    const siblingsSetWd = results.some((g) => g.hasWdKey);
    for (const g of results) {
      if (g.intendedNoDecay && !g.hasWdKey && g.lrNode && !siblingsSetWd && !/no_?decay|nodecay|no_?wd|skip|without_decay/i.test(g.paramsExpr?.text ?? '')) {
        g.intendedNoDecay = false;
        if (g.label === 'no-decay') g.label = 'decay';
      }
    }
    return this.finish(call, spec, spec.name, decoupled, wd, lr, results, groups === null, paramsArg);
  }

  /** Groups of a params argument: a list of dicts, a helper returning one, or one iterable of tensors. */
  private groupsOf(node: Node, bindings?: Bindings, depth = 0): Group[] | null {
    if (depth > 8) return null;
    const t = followIdentifier(this.idx, node, bindings);
    const n = unparen(t.node) ?? t.node;
    const b = t.bindings;
    if (n.type === 'list' || n.type === 'tuple') {
      const items = named(n);
      const dictLike = (x: Node) => x.type === 'dictionary' || (x.type === 'call' && dottedName(field(x, 'function')) === 'dict');
      if (items.length && items.every(dictLike)) {
        const groups = items.map((d) => this.groupFromDict(d, b));
        // groups.append({...}) after the list literal.
        if (node.type === 'identifier' || t.node !== node) {
          const appended = this.appendedGroups(node, n, b);
          if (!appended) return null;
          groups.push(...appended);
        }
        return groups;
      }
      if (items.length === 0 && (node.type === 'identifier')) {
        const appended = this.appendedGroups(node, n, b);
        return appended?.length ? appended : null;
      }
      if (items.some((x) => x.type === 'list_splat' || dictLike(x))) return null;
      return [{ dict: null, paramsExpr: n, bindings: b, wdNode: null, lrNode: null, hasWdKey: false, opaque: false, node: n }];
    }
    if (n.type === 'conditional_expression') {
      // a if cond else b: the branch the file's own values choose; otherwise unresolved.
      const [yes, cond, no] = named(n);
      const t = staticTruth(this.idx, cond ?? null);
      const chosen = t === undefined ? null : t ? yes : no;
      return chosen ? this.groupsOf(chosen, b, depth + 1) : null;
    }
    const built = this.loopBuiltGroups(n, b);
    if (built !== undefined) return built;
    if (n.type === 'list_comprehension') {
      const body = unparen(field(n, 'body'));
      if (body && (body.type === 'dictionary' || body.type === 'call' && dottedName(field(body, 'function')) === 'dict')) return null;
    }
    if (n.type === 'call') {
      const fname = dottedName(field(n, 'function'));
      const q = fname ? qualify(this.idx, fname) : '';
      const last = q.split('.').pop() ?? '';
      if (q.startsWith('timm') || ['param_groups_weight_decay', 'add_weight_decay'].includes(last) && !this.idx.functions.has(last)) {
        const timm = this.timmHelperGroups(n, last, b);
        if (timm) return timm;
      }
      const calleeNode = field(n, 'function');
      // f(...), self.f(...) or model.f(...) where f is defined in this file (a helper or a method).
      const helperName = calleeNode?.type === 'identifier' ? calleeNode.text : calleeNode?.type === 'attribute' ? field(calleeNode, 'attribute')?.text : undefined;
      const isParamIterator = helperName !== undefined && ['parameters', 'named_parameters', 'modules', 'named_modules', 'children'].includes(helperName);
      const helper = helperName && !isParamIterator ? this.idx.functions.get(helperName)?.[0] : undefined;
      if (helper) {
        const ret = returnExpression(this.idx, helper);
        if (!ret) return null;
        return this.groupsOf(ret, bindHelper(helper, n, b), depth + 1);
      }
    }
    return [{ dict: null, paramsExpr: n, bindings: b, wdNode: null, lrNode: null, hasWdKey: false, opaque: false, node: n }];
  }

  /**
   * Layer-wise lr decay helpers (BEiT / ConvNeXt / MAE param_groups_lrd, Swin): a dict of group
   * dicts filled in a loop over named_parameters() and returned as list(groups.values()):
   *
   *   for name, param in model.named_parameters():
   *       if param.ndim == 1 or name.endswith(".bias"): this_wd = 0.
   *       else: this_wd = weight_decay
   *       ...
   *       groups[group_name] = {"weight_decay": this_wd, "params": [], "lr_scale": scale}
   *       groups[group_name]["params"].append(param)
   *
   * The loop is run per tensor: each assignment of the group's weight_decay variable becomes one
   * group holding the tensors that reach it. undefined: not this shape; null: this shape, but the
   * loop cannot be followed (then the groups are unresolved, not guessed).
   */
  private loopBuiltGroups(n: Node, bindings?: Bindings): Group[] | null | undefined {
    // The same helper call often feeds several optimizers (one per opt name): run its loop once.
    const key = `${n.startIndex}:${bindingsKey(bindings)}`;
    if (!this.loopGroupsCache.has(key)) this.loopGroupsCache.set(key, this.loopBuiltGroupsUncached(n, bindings));
    return this.loopGroupsCache.get(key);
  }

  private loopBuiltGroupsUncached(n: Node, bindings?: Bindings): Group[] | null | undefined {
    // list(X.values()) or X.values()
    let call: Node | null = n;
    if (call.type === 'call' && dottedName(field(call, 'function')) === 'list') call = unparen(callArgs(call).positional[0] ?? null);
    const callee = call?.type === 'call' ? field(call, 'function') : null;
    if (callee?.type !== 'attribute' || field(callee, 'attribute')?.text !== 'values') return undefined;
    const dictVar = field(callee, 'object');
    if (dictVar?.type !== 'identifier') return undefined;
    const fn = enclosingFunction(this.idx, n);
    const isGroupParams = (obj: Node | null): boolean => {
      // X[key]["params"]
      const o = unparen(obj);
      if (o?.type !== 'subscript' || stringValue(field(o, 'subscript')) !== 'params') return false;
      const inner = unparen(field(o, 'value'));
      return inner?.type === 'subscript' && field(inner, 'value')?.text === dictVar.text;
    };
    const append = callsNamed(this.idx, 'append').find((c) => {
      const f = field(c, 'function');
      return f?.type === 'attribute' && isGroupParams(field(f, 'object')) && enclosingFunction(this.idx, c)?.startIndex === fn?.startIndex && c.startIndex < n.startIndex;
    });
    if (!append) return undefined;
    const loop = outermostLoop(this.idx, append, fn);
    const paramVar = unparen(callArgs(append).positional[0] ?? null);
    const appendStmt = append.parent;
    if (!loop || paramVar?.type !== 'identifier' || !appendStmt) return null;
    const groupDict = loop.descendantsOfType('assignment').map((a) => a && unparen(field(a, 'right'))).find((r): r is Node => {
      const left = r ? unparen(field(r.parent!, 'left')) : null;
      return !!r && r.type === 'dictionary' && !!dictEntry(r, 'params') && left?.type === 'subscript' && field(left, 'value')?.text === dictVar.text;
    });
    if (!groupDict) return null;
    return this.perTensorGroups(loop, groupDict, appendStmt, paramVar.text, n, bindings);
  }

  /**
   * Groups whose dict is written inside a loop over tensors: the tensors that reach `reachStmt`,
   * split by the assignments (inside the loop) of the variable the dict's weight_decay names.
   */
  private perTensorGroups(loop: Node, groupDict: Node, reachStmt: Node, paramVar: string, node: Node, bindings?: Bindings): Group[] | null {
    const fn = enclosingFunction(this.idx, loop);
    const wdNode = dictEntry(groupDict, 'weight_decay') ?? dictEntry(groupDict, 'weight_decay_rate');
    const reaching = this.ev.loopSelection(loop, reachStmt, paramVar, bindings);
    if (!reaching) return null;
    const label = `groups built in the loop at line ${loop.startPosition.row + 1}`;
    // {"params": [p], **hyperparams}: keys may come from the splatted dict; unresolved, not inherited.
    const splat = groupDict.type === 'dictionary' ? named(groupDict).find((x) => x.type === 'dictionary_splat') : undefined;
    const make = (sel: Selection, wd: ResolvedValue | undefined, what: string): Group => ({
      dict: groupDict, paramsExpr: null, bindings, wdNode, lrNode: dictEntry(groupDict, 'lr'), hasWdKey: !!wdNode, opaque: !!splat, node,
      fixedWd: wd ?? (splat ? unresolved(undefined, `may be set through ${splat.text}`) : undefined), fixedSelection: () => sel, fixedLabel: `${label}: ${what}`,
    });
    // The group's weight_decay is a variable set per tensor inside the loop: one group per assignment.
    const perTensor = wdNode?.type === 'identifier'
      ? (this.idx.assignmentsByTarget.get(wdNode.text) ?? []).filter((a) => a.start > loop.startIndex && a.end <= groupDict.startIndex && a.scope?.startIndex === fn?.startIndex)
      : [];
    if (!perTensor.length) {
      return [make(reaching, wdNode ? resolveNumber(this.idx, wdNode, bindings) : undefined, wdNode ? `weight_decay=${wdNode.text}` : splat ? `weight_decay from ${splat.text}` : 'no weight_decay key')];
    }
    const groups: Group[] = [];
    for (const a of perTensor) {
      const stmt = a.node.parent?.parent;
      const sel = stmt ? this.ev.loopSelection(loop, stmt, paramVar, bindings) : null;
      if (!sel) return null;
      const both: Selection = new Map([...sel].filter(([p]) => reaching.has(p)));
      groups.push(make(both, resolveNumber(this.idx, a.value, bindings), `${wdNode!.text} = ${a.value.text}`));
    }
    return groups;
  }

  private groupFromDict(d: Node, bindings?: Bindings): Group {
    const get = (k: string) => dictEntry(d, k);
    const opaque = d.type === 'dictionary' ? named(d).some((p) => p.type === 'dictionary_splat') : callArgs(d).hasSplat;
    const wdNode = get('weight_decay') ?? get('weight_decay_rate');
    return { dict: d, paramsExpr: get('params'), bindings, wdNode, lrNode: get('lr'), hasWdKey: !!wdNode, opaque, node: d };
  }

  /**
   * groups.append({...}) / groups += [{...}] on the variable holding the group list. Inside a loop
   * over tensors ({"params": [p], "weight_decay": wd} per tensor, detectron2-style), the loop is run
   * per tensor; null when such a loop cannot be followed.
   */
  private appendedGroups(use: Node, listNode: Node, bindings?: Bindings): Group[] | null {
    if (use.type !== 'identifier') return [];
    const fn = enclosingFunction(this.idx, use);
    const out: Group[] = [];
    const adds: { stmt: Node; dicts: Node[] }[] = [];
    const inScope = (x: Node) => x.startIndex > listNode.endIndex && x.startIndex < use.startIndex && enclosingFunction(this.idx, x)?.startIndex === fn?.startIndex;
    for (const c of callsNamed(this.idx, 'append')) {
      const callee = field(c, 'function');
      if (!inScope(c) || callee?.type !== 'attribute' || field(callee, 'object')?.text !== use.text) continue;
      const arg = unparen(callArgs(c).positional[0] ?? null);
      if (arg && (arg.type === 'dictionary' || arg.type === 'call') && c.parent) adds.push({ stmt: c.parent, dicts: [arg] });
    }
    for (const a of this.idx.augmentedAssignments) {
      if (!inScope(a) || field(a, 'left')?.text !== use.text || !a.parent) continue;
      const right = unparen(field(a, 'right'));
      if (right?.type === 'list') adds.push({ stmt: a.parent, dicts: named(right).filter((d) => d.type === 'dictionary') });
    }
    adds.sort((x, y) => x.stmt.startIndex - y.stmt.startIndex);
    for (const { stmt, dicts } of adds) {
      if (branchReaches(this.idx, stmt, use) === false) continue; // under a flag that is off by default
      const loop = outermostLoop(this.idx, stmt, fn);
      for (const d of dicts) {
        const params = unparen(dictEntry(d, 'params'));
        const tensor = params?.type === 'list' && named(params).length === 1 ? named(params)[0] : null;
        if (loop && tensor?.type === 'identifier' && d.type === 'dictionary') {
          const groups = this.perTensorGroups(loop, d, stmt, tensor.text, d, bindings);
          if (!groups) return null;
          out.push(...groups);
        } else out.push(this.groupFromDict(d));
      }
    }
    return out;
  }

  /** optimizer.add_param_group({...}) on the variable the optimizer was assigned to. */
  private addedGroups(call: Node): Group[] {
    const target = this.assignedTo(call);
    if (!target) return [];
    const out: Group[] = [];
    for (const c of callsNamed(this.idx, 'add_param_group')) {
      if (c.startIndex < call.endIndex) continue;
      const callee = field(c, 'function');
      if (callee?.type !== 'attribute' || dottedName(field(callee, 'object')) !== target) continue;
      if (branchReaches(this.idx, c, call) === false) continue;
      const arg = unparen(callArgs(c).positional[0] ?? null);
      if (arg && (arg.type === 'dictionary' || arg.type === 'call')) out.push(this.groupFromDict(arg));
    }
    return out;
  }

  /** timm's param_groups_weight_decay / add_weight_decay: ndim <= 1 or .bias or listed -> wd 0. */
  private timmHelperGroups(n: Node, last: string, bindings?: Bindings): Group[] | null {
    if (!['param_groups_weight_decay', 'add_weight_decay'].includes(last)) return null;
    const args = callArgs(n);
    const model = args.keywords.get('model') ?? args.positional[0];
    if (!model) return null;
    const wdNode = args.keywords.get('weight_decay') ?? args.positional[1] ?? null;
    const wd = wdNode ? resolveNumber(this.idx, wdNode, bindings) : { value: 1e-5, source: 'optimizer-default' as const, detail: `${last} default` };
    const u = this.ev.universeFor(model, bindings);
    const noDecay = (p: ParamInfo) => p.ndim <= 1 || p.name.endsWith('.bias');
    const sel = (want: boolean) => () => new Map(u.params.filter((p) => noDecay(p) === want).map((p) => [p, 'yes' as const]));
    return [
      { dict: null, paramsExpr: null, wdNode: null, lrNode: null, hasWdKey: true, opaque: false, node: n, fixedWd: { value: 0, source: 'literal', detail: `${last}: ndim <= 1 and biases` }, fixedSelection: sel(true), fixedLabel: `${last}(): biases and 1-d params` },
      { dict: null, paramsExpr: null, wdNode: null, lrNode: null, hasWdKey: true, opaque: false, node: n, fixedWd: wd, fixedSelection: sel(false), fixedLabel: `${last}(): weights` },
    ];
  }

  private evaluateGroup(g: Group, optWd: ResolvedValue, optLr: ResolvedValue): GroupResult {
    let selection: Selection | null = null;
    if (g.fixedSelection) {
      selection = g.fixedSelection(this.ev.universes[this.ev.universes.length - 1]);
    } else if (g.paramsExpr) {
      try {
        selection = this.ev.selection(g.paramsExpr, g.bindings);
      } catch {
        selection = null;
      }
    }
    let wd: ResolvedValue;
    if (g.fixedWd) wd = g.fixedWd;
    else if (g.wdNode) wd = resolveNumber(this.idx, g.wdNode, g.bindings);
    else if (g.opaque) wd = unresolved(undefined, 'may be set through ** in the group');
    else wd = !g.dict || optWd.source === 'optimizer-default' || optWd.source === 'unresolved' ? { ...optWd } : { ...optWd, source: 'inherited', detail: `inherited from weight_decay=${optWd.expression ?? formatNumber(optWd.value ?? 0)}${optWd.detail ? `; ${optWd.detail}` : ''}` };
    const lr = g.lrNode ? resolveNumber(this.idx, g.lrNode, g.bindings) : optLr;
    const members = selection ? [...selection.keys()] : [];
    const whole = !!selection && this.isWhole(selection);
    const nonWeights = members.filter((p) => p.kind === 'bias' || p.kind === 'norm' || p.ndim < 2);
    const intendedNoDecay = !!selection && members.length > 0 && nonWeights.length === members.length;
    let label: GroupSelection = 'unknown';
    if (selection) label = whole ? 'all' : intendedNoDecay ? 'no-decay' : 'decay';
    return { ...g, selection, wd, lr, label, whole, intendedNoDecay };
  }

  /** Every tensor of its model, including biases or norms: x.parameters() passed whole. */
  private isWhole(sel: Selection): boolean {
    const u = this.ev.universes.find((x) => x.params.some((p) => sel.has(p)));
    if (!u || !u.params.length) return false;
    const hasNonWeight = u.params.some((p) => p.kind === 'bias' || p.kind === 'norm');
    return hasNonWeight && u.params.every((p) => sel.get(p) === 'yes');
  }

  // ------------------------------------------------------------------ timm factory

  private timm(call: Node, spec: OptimizerSpec): { report: OptimizerReport; findings: RawFinding[] } {
    const args = callArgs(call);
    const legacy = spec.name === 'create_optimizer';
    const modelArg = legacy ? args.positional[1] ?? args.keywords.get('model') : args.positional[0] ?? args.keywords.get('model_or_params');
    const optNode = legacy ? null : args.keywords.get('opt') ?? args.positional[1] ?? null;
    // The opt string: written, a constant, an argparse default; without it timm uses 'sgd'.
    const optName = legacy ? resolveString(this.idx, null, 'opt') : optNode ? resolveString(this.idx, optNode, null) : args.hasSplat ? null : 'sgd';
    const opt = optName === null ? { name: 'optimizer', decoupled: null } : timmOptimizer(optName);
    const wd = legacy ? resolveArgsField(this.idx, args.positional[0], 'weight_decay') : optimizerValue(this.idx, args, 'weight_decay', 3, 0);
    const lr = legacy ? resolveArgsField(this.idx, args.positional[0], 'lr') : optimizerValue(this.idx, args, 'lr', 2, null);
    const filterNode = args.keywords.get('filter_bias_and_bn');
    const filter = filterNode ? filterNode.type !== 'false' && resolveNumber(this.idx, filterNode).value !== 0 : true;
    const name = `timm ${opt.name}`;
    if (!modelArg) return this.finish(call, spec, name, opt.decoupled, wd, lr, [], true, null);
    const modelNode = followIdentifier(this.idx, modelArg).node;
    const isParamsIterable = modelNode.type === 'call' && /parameters$/.test(field(modelNode, 'function')?.text ?? '');
    let groups: GroupResult[];
    if (filter && !isParamsIterable && positive(wd)) {
      const u = this.ev.universeFor(modelArg);
      const noDecay = (p: ParamInfo) => p.ndim <= 1 || p.name.endsWith('.bias');
      const sel = (want: boolean): Selection => new Map(u.params.filter((p) => noDecay(p) === want).map((p) => [p, 'yes' as const]));
      const base = { dict: null, paramsExpr: null, wdNode: null, lrNode: null, hasWdKey: true, opaque: false, node: call, lr, whole: false };
      groups = [
        { ...base, selection: sel(false), wd, label: 'decay', intendedNoDecay: false, fixedLabel: 'weights (filter_bias_and_bn)' },
        { ...base, selection: sel(true), wd: { value: 0, source: 'literal', detail: 'filter_bias_and_bn' }, label: 'no-decay', intendedNoDecay: true, fixedLabel: 'biases and norms (filter_bias_and_bn)' },
      ];
    } else {
      const paramsExpr = isParamsIterable ? modelNode : null;
      const g: Group = { dict: null, paramsExpr, wdNode: null, lrNode: null, hasWdKey: false, opaque: false, node: modelArg };
      const r = this.evaluateGroup(g, wd, lr);
      if (!isParamsIterable) {
        const u = this.ev.universeFor(modelArg);
        r.selection = new Map(u.params.map((p) => [p, 'yes' as const]));
        r.whole = true;
        r.label = 'all';
        r.fixedLabel = `${modelArg.text}: all parameters`;
      }
      groups = [r];
    }
    const result = this.finish(call, spec, name, opt.decoupled, wd, lr, groups, false, null);
    // Fix: turn the filter back on.
    if (filterNode && !filter) {
      for (const f of result.findings) {
        if (f.rule === 'decayed-bias-norm') f.fixes.push({ title: 'Set filter_bias_and_bn=True (timm puts biases and norms in a no-decay group)', edits: [replaceNode(filterNode, 'True')], isPreferred: true });
      }
    }
    return result;
  }

  // ------------------------------------------------------------------ optax / Keras

  private wholeTree(call: Node, spec: OptimizerSpec): { report: OptimizerReport; findings: RawFinding[] } {
    const args = callArgs(call);
    const wd = optimizerValue(this.idx, args, spec.wdKey, spec.wdPos, spec.defaultWeightDecay);
    const lr = optimizerValue(this.idx, args, spec.lrKey, spec.lrPos, spec.defaultLr);
    // optax takes the mask right after weight_decay, by keyword or positionally.
    const mask = spec.kind === 'optax' ? args.keywords.get('mask') ?? args.positional[spec.wdPos + 1] : undefined;
    const masked = spec.kind === 'optax' ? !!mask && mask.type !== 'none' : this.kerasExcludes(call, args);
    const findings: RawFinding[] = [];
    const range = rangeOf(call);
    const group: ParamGroupReport = {
      ...range, index: 0, params: masked ? (spec.kind === 'optax' ? 'params selected by mask' : 'variables not excluded') : 'all parameters',
      selection: masked ? 'mask' : 'all', lr, weightDecay: wd, decayed: null,
    };
    if (!masked && positive(wd)) {
      const who = this.whoDecays(spec.name, wd);
      const what = spec.kind === 'optax' ? 'every parameter (no mask), biases and normalization scales included' : 'every trainable variable, biases and normalization parameters included (no exclude_from_weight_decay)';
      findings.push({ ...range, rule: 'decayed-bias-norm', message: `${who} applies to ${what}.`, fixes: this.treeFixes(call, spec, args) });
    }
    findings.push(...this.rangeFindings(call, spec.name, spec.decoupled, [wd]));
    const report: OptimizerReport = {
      file: this.file, ...range, optimizer: spec.name, qualifiedName: qualify(this.idx, dottedName(field(call, 'function')) ?? spec.name), framework: spec.framework,
      decoupled: spec.decoupled, weightDecay: wd, lr, groups: [group], decayedBiases: null, decayedNorms: null,
      summary: '', rules: [...new Set(findings.map((f) => f.rule))],
    };
    report.summary = `${spec.name} · wd ${valueLabel(wd)} → ${masked ? 'masked (not every parameter decayed)' : positive(wd) ? 'decays every parameter, biases and norms included' : 'no decay'}${warn(report.rules)}`;
    return { report, findings };
  }

  /** The variable an optimizer call is assigned to (opt = AdamW(...)), if any. */
  private assignedTo(call: Node): string | null {
    const a = this.idx.assignmentByValue.get(call.startIndex);
    return a && a.value.endIndex === call.endIndex ? a.target : null;
  }

  private kerasExcludes(call: Node, args: CallArgs): boolean {
    if (args.keywords.has('exclude_from_weight_decay')) return true;
    const target = this.assignedTo(call);
    return callsNamed(this.idx, 'exclude_from_weight_decay').some((c) => {
      const callee = field(c, 'function');
      if (callee?.type !== 'attribute') return false;
      return !target || dottedName(field(callee, 'object')) === target;
    });
  }

  private treeFixes(call: Node, spec: OptimizerSpec, args: CallArgs): Fix[] {
    const last = named(args.list).pop();
    if (spec.kind === 'optax') {
      const jax = [...this.idx.imports].find(([, q]) => q === 'jax')?.[0];
      if (!jax || !last) return [];
      return [{
        title: 'Add a mask that decays only parameters with ndim > 1',
        edits: [insertAfter(last, `, mask=lambda params: ${jax}.tree_util.tree_map(lambda x: x.ndim > 1, params)`)],
        isPreferred: true,
      }];
    }
    const target = this.assignedTo(call);
    if (!target || spec.wdKey !== 'weight_decay' || spec.name.startsWith('tfa.')) {
      if (spec.name === 'AdamWeightDecay' && last) {
        return [{ title: 'Exclude biases and LayerNorm from weight decay', edits: [insertAfter(last, ', exclude_from_weight_decay=["LayerNorm", "layer_norm", "bias"]')], isPreferred: true }];
      }
      return [];
    }
    const assignment = this.idx.assignmentByValue.get(call.startIndex)!;
    const indent = indentOf(this.idx.source, assignment.node);
    return [{
      title: 'Exclude biases and normalization variables from weight decay',
      edits: [insertAfter(assignment.value, `\n${indent}${target}.exclude_from_weight_decay(var_names=["bias", "gamma", "beta", "norm"])`)],
      isPreferred: true,
    }];
  }

  // ------------------------------------------------------------------ rules and the table

  private whoDecays(name: string, wd: ResolvedValue): string {
    if (wd.value === null) return `${name}'s weight_decay=${wd.expression ?? '?'} (not resolved here; assumed > 0)`;
    if (wd.source === 'optimizer-default') return `${name}'s default weight_decay=${formatNumber(wd.value)}`;
    return `${name}'s weight_decay=${formatNumber(wd.value)}`;
  }

  private finish(call: Node, spec: OptimizerSpec, name: string, decoupled: boolean | null, wd: ResolvedValue, lr: ResolvedValue, groups: GroupResult[], unknownGroups: boolean, paramsArg: Node | null): { report: OptimizerReport; findings: RawFinding[] } {
    const range = rangeOf(call);
    const findings: RawFinding[] = [];
    const decayedSet = new Set<ParamInfo>();
    let inheritGroups: GroupResult[] = [];
    let noDecayCatchesBias = false;
    for (const g of groups) {
      if (!g.selection) continue;
      const decays = positive(g.wd);
      if (decays && g.intendedNoDecay && !g.hasWdKey && !g.opaque) {
        inheritGroups.push(g);
        continue;
      }
      if (!decays && g.wd.value === 0) {
        for (const [p, m] of g.selection) if (m === 'yes' && p.kind === 'bias') noDecayCatchesBias = true;
      }
      if (decays) for (const [p, m] of g.selection) if (m === 'yes') decayedSet.add(p);
    }
    if (inheritGroups.length) noDecayCatchesBias = true;
    // The models these groups select from (a Set: a file with hundreds of optimizers has hundreds of models).
    const selected = new Set(groups.flatMap((g) => (g.selection ? [...g.selection.keys()] : [])));
    const universes = this.ev.universes.filter((u) => u.params.some((p) => selected.has(p)));
    const counts = countKinds([...decayedSet].filter((p) => !p.assumed));
    const knownModel = universes.length > 0 && universes.some((u) => u.params.some((p) => !p.assumed));
    const biasHit = counts.biases > 0 || [...decayedSet].some((p) => p.assumed && p.kind === 'bias');
    const normHit = counts.norms > 0 || universes.some((u) => {
      const known = u.params.filter((p) => p.kind === 'norm' && !p.assumed);
      const assumed = u.params.filter((p) => p.kind === 'norm' && p.assumed && /\.(weight|gamma)$/.test(p.name));
      return known.length === 0 && assumed.length > 0 && assumed.every((p) => decayedSet.has(p));
    });
    const maxWd = groups.map((g) => g.wd).find((v) => positive(v) && v.value !== null) ?? groups.map((g) => g.wd).find(positive) ?? wd;
    const model = universes.find((u) => u.modelName)?.modelName;
    const ofModel = model ? ` of ${model}` : '';

    for (const g of inheritGroups) {
      const fix = this.addZeroWdFix(g);
      findings.push({
        ...range, rule: 'no-decay-group-inherits',
        message: `A no-decay parameter group (${describeKinds(g.selection!)}) has no "weight_decay" key, so it inherits ${this.whoDecays(name, wd).replace(/'s /, "'s ")} and is decayed after all.`,
        fixes: fix ? [fix] : [],
      });
    }
    if (biasHit || (normHit && !noDecayCatchesBias)) {
      const what = knownModel && (counts.biases || counts.norms) ? `${kindPhrase(counts, [...decayedSet])} tensors${ofModel}` : biasHit && !normHit && [...decayedSet].every((p) => p.kind !== 'norm') ? 'the biases' : 'the biases and normalization parameters';
      const wholeGroup = groups.find((g) => g.whole);
      const fixes: Fix[] = [];
      if (wholeGroup && groups.length === 1 && paramsArg && spec.kind === 'torch') {
        const f = this.splitFix(call, spec, paramsArg, wd);
        if (f) fixes.push(f);
      }
      findings.push({ ...range, rule: 'decayed-bias-norm', message: `${this.whoDecays(name, maxWd)} also decays ${what}, pulling them toward zero with no regularization benefit.`, fixes });
    } else if (normHit && noDecayCatchesBias) {
      const normMods = [...new Set([...decayedSet].filter((p) => p.kind === 'norm' && !p.assumed).map((p) => p.moduleName))];
      const shown = [...new Set(normMods.map((m) => (/^\d+$/.test(m.split('.').pop() ?? '') ? m : m.split('.').pop()!)))];
      const what = normMods.length
        ? `the ${normLabel([...decayedSet])} layer${shown.length === 1 ? '' : 's'} ${shown.slice(0, 4).join(', ')}${shown.length > 4 ? ', ...' : ''} (${counts.norms} tensor${counts.norms === 1 ? '' : 's'})`
        : 'the normalization layers';
      const fix = this.extendNoDecayFix(call, groups, [...decayedSet]);
      findings.push({ ...range, rule: 'norm-not-excluded', message: `The no-decay filter catches biases but not ${what}, so they are still decayed with weight_decay=${maxWd.value !== null ? formatNumber(maxWd.value) : maxWd.expression ?? '?'}.`, fixes: fix ? [fix] : [] });
    }
    if (spec.name === 'Adam' && spec.framework === 'torch' && !decoupled) {
      const decaying = [wd, ...groups.filter((g) => g.hasWdKey).map((g) => g.wd)].find(positive);
      if (decaying) {
        findings.push({
          ...range, rule: 'adam-coupled-weight-decay',
          message: `Adam adds weight_decay=${decaying.value !== null ? formatNumber(decaying.value) : decaying.expression} to the gradient (coupled L2), so the adaptive scaling weakens the decay exactly where gradients are large; AdamW's decoupled decay is usually what is meant.`,
          fixes: this.adamToAdamW(call),
        });
      }
    }
    if (decoupled !== null) findings.push(...this.rangeFindings(call, name, decoupled, [wd, ...groups.filter((g) => g.hasWdKey).map((g) => g.wd)]));

    const tableGroups: ParamGroupReport[] = groups.map((g, i) => ({
      ...rangeOf(g.node), index: i, params: g.fixedLabel ?? describeParams(g), selection: g.label, lr: g.lr, weightDecay: g.wd,
      decayed: g.selection && knownModel ? (positive(g.wd) ? countKinds([...g.selection].filter(([p, m]) => m === 'yes' && !p.assumed).map(([p]) => p)) : { weights: 0, biases: 0, norms: 0, embeddings: 0 }) : null,
    }));
    const rules = [...new Set(findings.map((f) => f.rule))];
    const report: OptimizerReport = {
      file: this.file, ...range, optimizer: name, qualifiedName: qualify(this.idx, dottedName(field(call, 'function')) ?? name), framework: spec.framework,
      decoupled: decoupled ?? false, weightDecay: wd, lr, groups: tableGroups,
      decayedBiases: knownModel && !unknownGroups && groups.every((g) => g.selection) ? counts.biases : null,
      decayedNorms: knownModel && !unknownGroups && groups.every((g) => g.selection) ? counts.norms : null,
      model, summary: '', rules,
    };
    report.summary = summaryLine(name, groups, wd, unknownGroups, knownModel, counts, [...decayedSet], biasHit, normHit, rules);
    return { report, findings };
  }

  private rangeFindings(call: Node, name: string, decoupled: boolean, values: ResolvedValue[]): RawFinding[] {
    const out: RawFinding[] = [];
    const seen = new Set<number>();
    for (const v of values) {
      if (v.value === null || v.value <= 0 || v.source === 'optimizer-default' || seen.has(v.value)) continue;
      seen.add(v.value);
      out.push({ ...rangeOf(call), rule: 'weight-decay-range', message: '', fixes: [], range: { family: decoupled ? 'decoupled' : 'coupled', value: v.value, optimizer: name } });
    }
    return out;
  }

  // ------------------------------------------------------------------ fixes

  private splitFix(call: Node, spec: OptimizerSpec, paramsArg: Node, wd: ResolvedValue): Fix | null {
    let source: Node | null = unparen(paramsArg);
    if (source?.type === 'identifier') {
      const t = followIdentifier(this.idx, source).node;
      source = t.type === 'call' && /^[\w.]+\.parameters\(\)$/.test(t.text) ? t : null;
    }
    if (!source || source.type !== 'call') return null;
    const expr = source.text;
    const args = callArgs(call);
    const wdArg = argOf(args, spec.wdKey, spec.wdPos);
    const lambda = wdArg ? wdArg.text : formatNumber(wd.value ?? spec.defaultWeightDecay);
    const text = `[{"params": [p for p in ${expr} if p.ndim >= 2], "weight_decay": ${lambda}}, {"params": [p for p in ${expr} if p.ndim < 2], "weight_decay": 0.0}]`;
    return { title: `Split into decay (ndim >= 2) and no-decay (biases, norms) groups, keeping weight_decay=${lambda}`, edits: [replaceNode(paramsArg, text)], isPreferred: true };
  }

  private addZeroWdFix(g: GroupResult): Fix | null {
    if (!g.dict) return null;
    const items = named(g.dict.type === 'dictionary' ? g.dict : field(g.dict, 'arguments'));
    const last = items[items.length - 1];
    if (!last) return null;
    const text = g.dict.type === 'dictionary' ? ', "weight_decay": 0.0' : ', weight_decay=0.0';
    return { title: 'Add "weight_decay": 0.0 to the no-decay group', edits: [insertAfter(last, text)], isPreferred: true };
  }

  private adamToAdamW(call: Node): Fix[] {
    const callee = field(call, 'function');
    if (!callee) return [];
    const note = "AdamW decouples the decay from the gradient, so re-tune λ: the best AdamW weight_decay is usually much larger than an Adam L2 coefficient (typically 0.01-0.1).";
    if (callee.type === 'attribute') {
      const attr = field(callee, 'attribute')!;
      return [{ title: 'Use torch.optim.AdamW (decoupled weight decay)', edits: [replaceNode(attr, 'AdamW')], note, isPreferred: true }];
    }
    if (callee.type !== 'identifier') return [];
    const existing = [...this.idx.imports].find(([, q]) => q === 'torch.optim.AdamW')?.[0];
    if (existing) return [{ title: `Use ${existing} (torch.optim.AdamW, decoupled weight decay)`, edits: [replaceNode(callee, existing)], note, isPreferred: true }];
    // from torch.optim import Adam: add AdamW to that import.
    const imp = this.idx.importNodes.find((n) => n.type === 'import_from_statement' && field(n, 'module_name')?.text === 'torch.optim' && named(n).some((c) => c.text === callee.text || field(c, 'alias')?.text === callee.text));
    const lastName = imp ? named(imp).pop() : undefined;
    if (!imp || !lastName) return [];
    const edits: TextEdit[] = [replaceNode(callee, 'AdamW'), insertAfter(lastName, ', AdamW')];
    return [{ title: 'Use torch.optim.AdamW (decoupled weight decay)', edits, note, isPreferred: true }];
  }

  /** Adds the model's norm layer names to the no-decay name list the filter uses. */
  private extendNoDecayFix(call: Node, groups: GroupResult[], decayed: ParamInfo[]): Fix | null {
    const list = this.noDecayList(call, groups);
    if (!list) return this.ndimConditionFix(call, groups);
    const existing = new Set(named(list).map((e) => stringValue(e)));
    const names: string[] = [];
    for (const p of decayed) {
      if (p.kind !== 'norm') continue;
      const mod = p.assumed ? null : p.moduleName;
      if (mod === null) continue;
      const last = mod.split('.').pop() ?? mod;
      const base = /^\d+$/.test(last) ? mod : last;
      const entry = `${base}.${p.name.split('.').pop()}`;
      if (!existing.has(entry) && !names.includes(entry)) names.push(entry);
    }
    if (!names.length) names.push(...['LayerNorm.weight', 'norm.weight'].filter((n) => !existing.has(n)));
    const lastItem = named(list).pop();
    if (!lastItem || !names.length) return null;
    return { title: `Add ${names.join(', ')} to the no-decay list`, edits: [insertAfter(lastItem, names.map((n) => `, "${n}"`).join(''))], isPreferred: true };
  }

  /**
   * No name list to extend: add the ndim rule to the filter's condition instead, in the loop that
   * sorts tensors into lists, or in the groups' comprehensions.
   */
  private ndimConditionFix(call: Node, groups: GroupResult[]): Fix | null {
    const tensorVar = (target: Node | null): string | null => {
      const t = unparen(target);
      if (!t) return null;
      if (t.type === 'identifier') return t.text;
      const parts = named(t);
      return parts.length === 2 && parts[1].type === 'identifier' ? parts[1].text : null;
    };
    const mentionsBias = (n: Node) => n.descendantsOfType('string').some((s) => !!s && /bias/.test(s.text));
    // 1) for name, p in model.named_parameters(): if <bias test>: no_decay.append(p) else: decay.append(p)
    const fn = enclosingFunction(this.idx, call);
    const scopes = [fn ?? this.idx.root, ...groups.map((g) => g.bindings?.fn).filter((x): x is Node => !!x)];
    for (const scope of scopes) {
      for (const loop of this.idx.forStatements) {
        if (loop.startIndex < scope.startIndex || loop.endIndex > scope.endIndex || loop.startIndex > call.startIndex && scope === fn) continue;
        if (!/parameters\(\s*\)$/.test(field(loop, 'right')?.text ?? '')) continue;
        const p = tensorVar(field(loop, 'left'));
        const ifs = named(field(loop, 'body')).filter((st) => st.type === 'if_statement');
        const branch = ifs.find((st) => field(st, 'condition') && mentionsBias(field(st, 'condition')!) && /\.(append|add)\(/.test(field(st, 'consequence')?.text ?? ''));
        const cond = branch ? field(branch, 'condition') : null;
        if (p && cond) {
          return { title: `Also treat 1-d tensors (norms) as no-decay: add "or ${p}.ndim < 2"`, edits: [replaceNode(cond, `${wrap(cond)} or ${p}.ndim < 2`)], isPreferred: true };
        }
      }
    }
    // 2) [p for n, p in model.named_parameters() if <cond>] in each group.
    const edits: TextEdit[] = [];
    for (const g of groups) {
      if (!g.paramsExpr || !g.selection) continue;
      const comp = followIdentifier(this.idx, g.paramsExpr, g.bindings).node;
      if (comp.type !== 'list_comprehension' && comp.type !== 'generator_expression') continue;
      const clauses = named(comp);
      const forClause = clauses.find((c) => c.type === 'for_in_clause');
      const ifClause = clauses.find((c) => c.type === 'if_clause');
      const p = tensorVar(field(forClause ?? null, 'left'));
      const cond = ifClause ? named(ifClause)[0] : null;
      if (!p || !cond) continue;
      const noDecay = g.wd.value === 0 || g.intendedNoDecay;
      edits.push(replaceNode(cond, noDecay ? `${wrap(cond)} or ${p}.ndim < 2` : `${wrap(cond)} and ${p}.ndim >= 2`));
    }
    if (edits.length >= 2) return { title: 'Also treat 1-d tensors (norms) as no-decay (ndim rule)', edits, isPreferred: true };
    return null;
  }

  private noDecayList(call: Node, groups: GroupResult[]): Node | null {
    const scopes: Node[] = [];
    const fn = enclosingFunction(this.idx, call);
    if (fn) scopes.push(fn);
    for (const g of groups) if (g.bindings) scopes.push(g.bindings.fn);
    scopes.push(this.idx.root);
    // String lists that mention "bias", found once per file.
    this.biasLists ??= this.idx.literalListsMentioning('bias').filter((l) => {
      if (!/bias/.test(l.text)) return false;
      const items = named(l);
      return items.length > 0 && items.every((i) => stringValue(i) !== null) && items.some((i) => /bias/.test(stringValue(i) ?? ''));
    });
    for (const scope of scopes) {
      const candidates = this.biasLists.filter((l) => l.startIndex >= scope.startIndex && l.endIndex <= scope.endIndex);
      const before = candidates.filter((l) => scope === this.idx.root || l.startIndex < call.startIndex || scope !== fn);
      if (before.length) return before[before.length - 1];
    }
    return null;
  }
}

/** Identifies the arguments a helper was analysed with (same call site -> same key). */
function bindingsKey(b?: Bindings): string {
  const parts: string[] = [];
  for (let x = b; x; x = x.parent) parts.push(`${x.fn.startIndex}(${[...x.map.values()].map((v) => v.startIndex).join(',')})`);
  return parts.join('/');
}

/** Parenthesises a condition unless it is a simple term. */
function wrap(cond: Node): string {
  return ['boolean_operator', 'conditional_expression', 'lambda', 'not_operator'].includes(cond.type) ? `(${cond.text})` : cond.text;
}

/** timm's legacy create_optimizer(args, model) reads args.<field>. */
function resolveArgsField(idx: PyIndex, argsNode: Node | undefined, attr: string): ResolvedValue {
  if (!argsNode) return unresolved();
  return resolveArgparseDefault(idx, attr, `${argsNode.text}.${attr}`) ?? unresolved(`${argsNode.text}.${attr}`);
}

function countKinds(params: ParamInfo[]): TensorCounts {
  const c: TensorCounts = { weights: 0, biases: 0, norms: 0, embeddings: 0 };
  for (const p of params) {
    if (p.kind === 'weight') c.weights += p.count;
    else if (p.kind === 'bias') c.biases += p.count;
    else if (p.kind === 'norm') c.norms += p.count;
    else c.embeddings += p.count;
  }
  return c;
}

function normLabel(params: ParamInfo[]): string {
  const fams = [...new Set(params.filter((p) => p.kind === 'norm').map((p) => p.normType ?? normFamily(p.moduleType) ?? 'norm'))];
  return fams.length === 1 ? fams[0] : 'norm';
}

function kindPhrase(c: TensorCounts, params: ParamInfo[]): string {
  const parts: string[] = [];
  if (c.biases) parts.push(`${c.biases} bias`);
  if (c.norms) parts.push(`${c.norms} ${normLabel(params.filter((p) => !p.assumed))}`);
  return parts.join(' and ');
}

function describeKinds(sel: Selection): string {
  const kinds = new Set([...sel.keys()].map((p) => (p.kind === 'bias' ? 'biases' : p.kind === 'norm' ? 'norms' : '1-d parameters')));
  return [...kinds].join(' and ');
}

function describeParams(g: GroupResult): string {
  const text = g.paramsExpr ? g.paramsExpr.text.replace(/\s+/g, ' ') : '?';
  return text.length > 70 ? text.slice(0, 67) + '...' : text;
}

export function valueLabel(v: ResolvedValue): string {
  if (v.value === null) return `${v.expression ?? '?'} (unresolved)`;
  const labels: Record<string, string> = {
    literal: '', constant: ' (constant)', 'argparse-default': ' (argparse default)', 'parameter-default': ' (parameter default)',
    config: ' (config)', 'dataclass-default': ' (config default)', 'optimizer-default': ' (default)', inherited: ' (inherited)', unresolved: '',
  };
  return `${formatNumber(v.value)}${labels[v.source] ?? ''}`;
}

function warn(rules: RuleId[]): string {
  return rules.some((r) => r !== 'weight-decay-range') ? ' ⚠' : '';
}

function summaryLine(name: string, groups: GroupResult[], wd: ResolvedValue, unknownGroups: boolean, knownModel: boolean, c: TensorCounts, decayed: ParamInfo[], biasHit: boolean, normHit: boolean, rules: RuleId[]): string {
  const wds = groups.length ? groups.map((g) => g.wd) : [wd];
  const distinct: ResolvedValue[] = [];
  for (const v of wds) if (!distinct.some((d) => d.value === v.value && d.expression === v.expression)) distinct.push(v);
  const wdText = distinct.length === 1 ? `wd ${valueLabel(distinct[0])}` : `${groups.length} groups, wd ${distinct.map((v) => (v.value === null ? v.expression ?? '?' : formatNumber(v.value))).join(' / ')}`;
  let tail: string;
  if (unknownGroups || groups.some((g) => !g.selection)) tail = 'parameter groups not resolved statically';
  else if (knownModel) {
    const parts: string[] = [];
    if (c.weights) parts.push(`${c.weights} weight${c.weights === 1 ? '' : 's'}`);
    if (c.embeddings) parts.push(`${c.embeddings} embedding${c.embeddings === 1 ? '' : 's'}`);
    if (c.biases) parts.push(`${c.biases} bias${c.biases === 1 ? '' : 'es'}`);
    if (c.norms) parts.push(`${c.norms} ${normLabel(decayed.filter((p) => !p.assumed))}`);
    tail = parts.length ? `decays ${parts.join(', ')}` : 'no decay';
  } else if (wds.some((v) => v.value === null && !positive(v))) tail = 'weight decay not resolved statically';
  else if (!wds.some(positive)) tail = 'no decay';
  else if (biasHit || normHit) tail = `decays weights${biasHit ? ', biases' : ''}${normHit ? ', norms' : ''}`;
  // A decayed group that may or may not hold biases / norms (a filter we could not decide) does
  // not show that they are excluded.
  else if (groups.some((g) => positive(g.wd) && [...(g.selection ?? [])].some(([p, m]) => m === 'maybe' && (p.kind === 'bias' || p.kind === 'norm')))) tail = 'parameter groups not resolved statically';
  else tail = 'decays weights; biases and norms excluded';
  return `${name} · ${wdText} → ${tail}${warn(rules)}`;
}

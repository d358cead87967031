// What the linter knows about a model's parameters. When the nn.Module (or nn.Sequential) is
// built in the same file, its layers are read from __init__: Linear/Conv with or without bias,
// norm layers, embeddings, nn.Parameter attributes, containers and in-file submodules. When it is
// not, a small "archetype" model stands in: one of each kind of tensor under the names real code
// uses (LayerNorm, layer_norm, ln_f, norm, bn1, ...), so name filters can be judged without
// guessing counts.
import type { Node } from './parser';
import { callsNamed, enclosingClass, enclosingFunction, qualify, type PyIndex } from './pyIndex';
import { callArgs, dottedName, field, named, stringValue, unparen } from './syntax';
import { followIdentifier, resolveNumber, type Bindings } from './values';

export type ParamKind = 'weight' | 'bias' | 'norm' | 'embedding';

export interface ParamInfo {
  /** Full name as named_parameters() gives it, e.g. "h.0.ln_1.weight". */
  name: string;
  ndim: number;
  kind: ParamKind;
  /** Type of the module that owns the tensor directly, e.g. "Linear", "LayerNorm". */
  moduleType: string;
  /** Name of the owning module ("" for the root). */
  moduleName: string;
  /** Display name of the norm family ("LayerNorm", "BatchNorm", ...) for norm tensors. */
  normType?: string;
  /** How many tensors this entry stands for (a ModuleList of N blocks is listed once). */
  count: number;
  /** A stand-in tensor (the model is not in this file): judged, never counted. */
  assumed: boolean;
}

export interface ModuleInfo {
  name: string;
  type: string;
}

export interface Universe {
  params: ParamInfo[];
  modules: ModuleInfo[];
  /** True when every part of the model was read from this file. */
  known: boolean;
  /** Class name (or "nn.Sequential") when the model was found in the file. */
  modelName?: string;
  byName: Map<string, ParamInfo>;
}

interface LayerSpec {
  params: (args: ReturnType<typeof callArgs>, idx: PyIndex) => { local: string; ndim: number; kind: ParamKind }[];
  norm?: string;
}

const boolArg = (idx: PyIndex, args: ReturnType<typeof callArgs>, key: string, pos: number, def: boolean): boolean => {
  const n = args.keywords.get(key) ?? args.positional[pos];
  if (!n) return def;
  if (n.type === 'false' || n.type === 'none') return false;
  if (n.type === 'true') return true;
  const v = resolveNumber(idx, n);
  return v.value === null ? def : v.value !== 0;
};

const withBias = (ndim: number, biasPos: number) => (args: ReturnType<typeof callArgs>, idx: PyIndex) => {
  const out: { local: string; ndim: number; kind: ParamKind }[] = [{ local: 'weight', ndim, kind: 'weight' }];
  if (boolArg(idx, args, 'bias', biasPos, true)) out.push({ local: 'bias', ndim: 1, kind: 'bias' });
  return out;
};

const affine = (key: string, def: boolean, hasBias = true) => (args: ReturnType<typeof callArgs>, idx: PyIndex) => {
  if (!boolArg(idx, args, key, -1, def)) return [];
  const out: { local: string; ndim: number; kind: ParamKind }[] = [{ local: 'weight', ndim: 1, kind: 'norm' }];
  if (hasBias && boolArg(idx, args, 'bias', -1, true)) out.push({ local: 'bias', ndim: 1, kind: 'norm' });
  return out;
};

const rnn = (args: ReturnType<typeof callArgs>, idx: PyIndex) => {
  const layersNode = args.keywords.get('num_layers') ?? args.positional[2];
  const layers = layersNode ? resolveNumber(idx, layersNode).value ?? 1 : 1;
  const bias = boolArg(idx, args, 'bias', 3, true);
  const bidir = boolArg(idx, args, 'bidirectional', 7, false);
  const out: { local: string; ndim: number; kind: ParamKind }[] = [];
  for (let l = 0; l < Math.min(layers, 16); l++) {
    for (const sfx of bidir ? ['', '_reverse'] : ['']) {
      out.push({ local: `weight_ih_l${l}${sfx}`, ndim: 2, kind: 'weight' }, { local: `weight_hh_l${l}${sfx}`, ndim: 2, kind: 'weight' });
      if (bias) out.push({ local: `bias_ih_l${l}${sfx}`, ndim: 1, kind: 'bias' }, { local: `bias_hh_l${l}${sfx}`, ndim: 1, kind: 'bias' });
    }
  }
  return out;
};

/** torch.nn layers with parameters (anything else from torch.nn is treated as parameter-free). */
const LAYERS: Record<string, LayerSpec> = {
  Linear: { params: withBias(2, 2) },
  LazyLinear: { params: withBias(2, 1) },
  Bilinear: { params: withBias(3, 3) },
  Conv1d: { params: withBias(3, 7) },
  Conv2d: { params: withBias(4, 7) },
  Conv3d: { params: withBias(5, 7) },
  ConvTranspose1d: { params: withBias(3, 7) },
  ConvTranspose2d: { params: withBias(4, 7) },
  ConvTranspose3d: { params: withBias(5, 7) },
  LazyConv1d: { params: withBias(3, 6) },
  LazyConv2d: { params: withBias(4, 6) },
  LazyConv3d: { params: withBias(5, 6) },
  Embedding: { params: () => [{ local: 'weight', ndim: 2, kind: 'embedding' }] },
  EmbeddingBag: { params: () => [{ local: 'weight', ndim: 2, kind: 'embedding' }] },
  LayerNorm: { params: affine('elementwise_affine', true), norm: 'LayerNorm' },
  RMSNorm: { params: affine('elementwise_affine', true, false), norm: 'RMSNorm' },
  GroupNorm: { params: affine('affine', true), norm: 'GroupNorm' },
  BatchNorm1d: { params: affine('affine', true), norm: 'BatchNorm' },
  BatchNorm2d: { params: affine('affine', true), norm: 'BatchNorm' },
  BatchNorm3d: { params: affine('affine', true), norm: 'BatchNorm' },
  SyncBatchNorm: { params: affine('affine', true), norm: 'BatchNorm' },
  LazyBatchNorm1d: { params: affine('affine', true), norm: 'BatchNorm' },
  LazyBatchNorm2d: { params: affine('affine', true), norm: 'BatchNorm' },
  InstanceNorm1d: { params: affine('affine', false), norm: 'InstanceNorm' },
  InstanceNorm2d: { params: affine('affine', false), norm: 'InstanceNorm' },
  InstanceNorm3d: { params: affine('affine', false), norm: 'InstanceNorm' },
  PReLU: { params: () => [{ local: 'weight', ndim: 1, kind: 'weight' }] },
  LSTM: { params: rnn },
  GRU: { params: rnn },
  RNN: { params: rnn },
  LSTMCell: { params: withBias(2, 2) },
  GRUCell: { params: withBias(2, 2) },
};

const CONTAINERS = new Set(['Sequential', 'ModuleList', 'ModuleDict']);

/** A norm family name from a class name, or undefined when it is not a norm layer. */
export function normFamily(typeName: string): string | undefined {
  const spec = LAYERS[typeName];
  if (spec) return spec.norm;
  if (!/norm/i.test(typeName)) return undefined;
  if (/rms/i.test(typeName)) return 'RMSNorm';
  if (/layer|ln/i.test(typeName)) return 'LayerNorm';
  if (/batch|bn/i.test(typeName)) return 'BatchNorm';
  if (/group/i.test(typeName)) return 'GroupNorm';
  return typeName;
}

interface Builder {
  idx: PyIndex;
  params: ParamInfo[];
  modules: ModuleInfo[];
  known: boolean;
  depth: number;
}

const join = (prefix: string, name: string) => (prefix && name ? `${prefix}.${name}` : prefix || name);

function addArchetypes(b: Builder, prefix: string): void {
  b.known = false;
  for (const p of [...archetypeParams(), ...tensorsNamedInFile(b.idx)]) {
    b.params.push({ ...p, name: join(prefix, p.name), moduleName: join(prefix, p.moduleName) });
  }
  for (const m of ARCHETYPE_MODULES) {
    b.modules.push(m.type === 'LayerNormTF' ? { name: join(prefix, m.name.replace(/_tf$/, '')), type: 'LayerNorm' } : { name: join(prefix, m.name), type: m.type });
  }
}

const ARCHETYPE_MODULES: ModuleInfo[] = [
  { name: 'embeddings.word_embeddings', type: 'Embedding' },
  { name: 'encoder.layer.0.dense', type: 'Linear' },
  { name: 'encoder.layer.0.LayerNorm', type: 'LayerNorm' },
  { name: 'encoder.layer.0.layer_norm', type: 'LayerNorm' },
  { name: 'encoder.layer.0.ln_1', type: 'LayerNorm' },
  { name: 'encoder.layer.0.norm1', type: 'LayerNorm' },
  // TF-ported BERT names its LayerNorm tensors gamma / beta.
  { name: 'encoder.layer.0.output.LayerNorm_tf', type: 'LayerNormTF' },
  { name: 'bn1', type: 'BatchNorm2d' },
  { name: 'norm', type: 'LayerNorm' },
  { name: 'ln_f', type: 'LayerNorm' },
];

function archetypeParams(): ParamInfo[] {
  const out: ParamInfo[] = [];
  for (const m of ARCHETYPE_MODULES) {
    const base = { moduleType: m.type, moduleName: m.name, count: 1, assumed: true };
    if (m.type === 'Embedding') out.push({ ...base, name: `${m.name}.weight`, ndim: 2, kind: 'embedding' });
    else if (m.type === 'Linear') {
      out.push({ ...base, name: `${m.name}.weight`, ndim: 2, kind: 'weight' });
      out.push({ ...base, name: `${m.name}.bias`, ndim: 1, kind: 'bias' });
    } else if (m.type === 'LayerNormTF') {
      const b = { ...base, name: '', moduleName: m.name.replace(/_tf$/, ''), moduleType: 'LayerNorm', ndim: 1, kind: 'norm' as const, normType: 'LayerNorm' };
      out.push({ ...b, name: `${b.moduleName}.gamma` }, { ...b, name: `${b.moduleName}.beta` });
    } else {
      const normType = normFamily(m.type);
      out.push({ ...base, name: `${m.name}.weight`, ndim: 1, kind: 'norm', normType });
      out.push({ ...base, name: `${m.name}.bias`, ndim: 1, kind: 'norm', normType });
    }
  }
  return out;
}

/**
 * get_peft_model(base, config): the base model is frozen (no gradient, so no decay), only the
 * adapters train, and those are matrices (LoRA A/B, ...). Biases train too with
 * LoraConfig(bias="all" | "lora_only"), and heads with modules_to_save or a classification task.
 */
/**
 * unet.requires_grad_(False) then unet.add_adapter(lora_config) before the use (diffusers' LoRA
 * scripts): only the adapter trains. Returns the add_adapter call.
 */
function frozenWithAdapter(idx: PyIndex, modelExpr: Node): Node | null {
  if (modelExpr.type !== 'identifier') return null;
  const fn = enclosingFunction(idx, modelExpr);
  const before = (c: Node) => c.startIndex < modelExpr.startIndex && enclosingFunction(idx, c)?.startIndex === fn?.startIndex;
  const on = (c: Node, method: string) => {
    const f = field(c, 'function');
    return f?.type === 'attribute' && field(f, 'attribute')?.text === method && field(f, 'object')?.text === modelExpr.text;
  };
  const adapter = callsNamed(idx, 'add_adapter').find((c) => before(c) && on(c, 'add_adapter'));
  if (!adapter) return null;
  const frozen = callsNamed(idx, 'requires_grad_').some((c) => before(c) && on(c, 'requires_grad_') && callArgs(c).positional[0]?.type === 'false');
  return frozen ? adapter : null;
}

/**
 * loralib's mark_only_lora_as_trainable(model, bias='none') (also lit-llama / litgpt's) and the
 * LLaMA-Adapter mark_only_adapter_as_trainable(model), called on the model before its use: every
 * other tensor is frozen. Returns the call and which it is.
 */
function markedOnlyTrainable(idx: PyIndex, modelExpr: Node): { call: Node; kind: 'lora' | 'adapter' } | null {
  if (modelExpr.type !== 'identifier') return null;
  const fn = enclosingFunction(idx, modelExpr);
  for (const [name, kind] of [['mark_only_lora_as_trainable', 'lora'], ['mark_only_adapter_as_trainable', 'adapter']] as const) {
    const call = callsNamed(idx, name).find((c) => c.startIndex < modelExpr.startIndex && enclosingFunction(idx, c)?.startIndex === fn?.startIndex
      && unparen(callArgs(c).positional[0] ?? callArgs(c).keywords.get('model') ?? null)?.text === modelExpr.text);
    if (call) return { call, kind };
  }
  return null;
}

/** The tensors left trainable by markedOnlyTrainable: LoRA matrices (and biases with bias='all' / 'lora_only'), or the adapter prompt and gates. */
function markedTrainable(b: Builder, marked: { call: Node; kind: 'lora' | 'adapter' }): void {
  b.known = false;
  const base = { moduleType: 'Linear', count: 1, assumed: true };
  if (marked.kind === 'adapter') {
    b.params.push(
      { ...base, moduleType: 'Embedding', name: 'transformer.h.0.attn.adapter_wte.weight', moduleName: 'transformer.h.0.attn.adapter_wte', ndim: 2, kind: 'embedding' },
      { ...base, name: 'transformer.h.0.attn.gating_factor', moduleName: 'transformer.h.0.attn', ndim: 4, kind: 'weight' },
    );
    return;
  }
  b.params.push(
    { ...base, name: 'transformer.h.0.attn.lora_A', moduleName: 'transformer.h.0.attn', ndim: 2, kind: 'weight' },
    { ...base, name: 'transformer.h.0.attn.lora_B', moduleName: 'transformer.h.0.attn', ndim: 2, kind: 'weight' },
  );
  const args = callArgs(marked.call);
  const biasNode = args.keywords.get('bias') ?? args.positional[1] ?? null;
  const bias = biasNode ? stringValue(followIdentifier(b.idx, biasNode).node) : 'none';
  // A bias argument that cannot be read may train the biases: keep them.
  if (bias !== 'none') b.params.push({ ...base, name: 'transformer.h.0.attn.proj.bias', moduleName: 'transformer.h.0.attn.proj', ndim: 1, kind: 'bias' });
}

function peftTrainable(b: Builder, args: ReturnType<typeof callArgs>, name: string, bindings?: Bindings, configPos = 1): void {
  b.known = false;
  const base = { moduleType: 'Linear', count: 1, assumed: true };
  const adapter = join(name, 'base_model.model.layer.0.lora');
  b.params.push(
    { ...base, name: `${adapter}_A.default.weight`, moduleName: `${adapter}_A.default`, ndim: 2, kind: 'weight' },
    { ...base, name: `${adapter}_B.default.weight`, moduleName: `${adapter}_B.default`, ndim: 2, kind: 'weight' },
  );
  const cfgNode = args.keywords.get('peft_config') ?? args.keywords.get('adapter_config') ?? args.positional[configPos];
  const cfg = cfgNode ? followIdentifier(b.idx, cfgNode, bindings).node : null;
  const cfgArgs = cfg?.type === 'call' ? callArgs(cfg) : null;
  // Without a config written in the file, the trainable tensors are not known: keep the biases.
  const bias = cfgArgs ? stringValue(cfgArgs.keywords.get('bias') ?? null) : 'all';
  if (bias && bias !== 'none') b.params.push({ ...base, name: join(name, 'base_model.model.layer.0.dense.bias'), moduleName: join(name, 'base_model.model.layer.0.dense'), ndim: 1, kind: 'bias' });
  const task = cfgArgs?.keywords.get('task_type')?.text ?? '';
  const saved = cfgArgs?.keywords.get('modules_to_save');
  if (!cfgArgs || (saved && saved.type !== 'none') || /SEQ_CLS|TOKEN_CLS|QUESTION_ANS/.test(task)) {
    const head = join(name, 'base_model.model.classifier');
    b.params.push({ ...base, name: `${head}.weight`, moduleName: head, ndim: 2, kind: 'weight' }, { ...base, name: `${head}.bias`, moduleName: head, ndim: 1, kind: 'bias' });
  }
  b.modules.push({ name, type: 'PeftModel' });
}

const namedTensors = new WeakMap<PyIndex, ParamInfo[]>();

/**
 * Tensor names the file writes out ("fc.bias", "head.weight"): for a model the file does not
 * define they are the best evidence of its tensors, so filters such as
 * `if name in {"fc.weight", "fc.bias"}` select something. Stand-ins, never counted.
 */
function tensorsNamedInFile(idx: PyIndex): ParamInfo[] {
  let out = namedTensors.get(idx);
  if (out) return out;
  out = [];
  const seen = new Set<string>();
  for (const m of idx.source.matchAll(/["']([A-Za-z_][\w.]*)\.(weight|bias)["']/g)) {
    const name = `${m[1]}.${m[2]}`;
    if (seen.has(name)) continue;
    seen.add(name);
    const mod = m[1];
    const norm = /(^|[._])(ln|bn|norm|layernorm|layer_norm|batchnorm|groupnorm)\w*$/i.test(mod) || /norm/i.test(mod.split('.').pop() ?? '');
    const base = { name, moduleName: mod, count: 1, assumed: true };
    if (norm) out.push({ ...base, moduleType: 'LayerNorm', ndim: 1, kind: 'norm', normType: 'norm' });
    else if (m[2] === 'bias') out.push({ ...base, moduleType: 'Linear', ndim: 1, kind: 'bias' });
    else out.push({ ...base, moduleType: 'Linear', ndim: 2, kind: 'weight' });
  }
  namedTensors.set(idx, out);
  return out;
}

function makeUniverse(b: Builder, modelName?: string): Universe {
  const byName = new Map<string, ParamInfo>();
  for (const p of b.params) if (!byName.has(p.name)) byName.set(p.name, p);
  return { params: b.params, modules: b.modules, known: b.known, modelName, byName };
}

/** The stand-in tensors of a model the file does not show (e.g. a config file's optimizer). */
export function archetypeUniverse(idx: PyIndex): Universe {
  const b: Builder = { idx, params: [], modules: [{ name: '', type: 'Module' }], known: false, depth: 0 };
  addArchetypes(b, '');
  return makeUniverse(b);
}

/** Strips .to(device), .cuda(), DDP(...), torch.compile(...) wrappers off a model expression. */
function unwrapModel(idx: PyIndex, node: Node, bindings?: Bindings, depth = 0): { node: Node; bindings?: Bindings } {
  const t = followIdentifier(idx, node, bindings);
  let n = t.node;
  if (depth > 8) return t;
  if (n.type === 'call') {
    const callee = field(n, 'function');
    if (callee?.type === 'attribute') {
      const m = field(callee, 'attribute')?.text ?? '';
      if (['to', 'cuda', 'cpu', 'float', 'half', 'double', 'bfloat16', 'train', 'eval', 'requires_grad_', 'to_empty'].includes(m)) {
        return unwrapModel(idx, field(callee, 'object')!, t.bindings, depth + 1);
      }
    }
    const q = qualify(idx, dottedName(callee) ?? '');
    // Wrappers and converters that hand back the same module (same parameters, same names up to
    // a "module." prefix): DDP / FSDP / torch.compile, SyncBatchNorm conversion.
    if (/(DistributedDataParallel|DataParallel|FullyShardedDataParallel|compile|DDP|FSDP|convert_sync_batchnorm)$/.test(q)) {
      const inner = callArgs(n).positional[0];
      if (inner) return unwrapModel(idx, inner, t.bindings, depth + 1);
    }
  }
  n = unparen(n) ?? n;
  return { node: n, bindings: t.bindings };
}

/** Builds the universe for a model expression (the X in X.parameters()); archetypes when unknown. */
export function universeForModel(idx: PyIndex, modelExpr: Node, bindings?: Bindings): Universe {
  const b: Builder = { idx, params: [], modules: [{ name: '', type: 'Module' }], known: true, depth: 0 };
  const adapter = frozenWithAdapter(idx, modelExpr);
  if (adapter) {
    peftTrainable(b, callArgs(adapter), '', bindings, 0);
    return makeUniverse(b);
  }
  const marked = markedOnlyTrainable(idx, modelExpr);
  if (marked) {
    markedTrainable(b, marked);
    return makeUniverse(b);
  }
  let prefix = '';
  let target = unwrapModel(idx, modelExpr, bindings);
  // model.encoder.parameters(): the submodule's parameters, named relative to it.
  const path: string[] = [];
  while (target.node.type === 'attribute' && dottedName(target.node) !== null && !isSelf(target.node)) {
    const attr = field(target.node, 'attribute')!.text;
    path.unshift(attr);
    target = unwrapModel(idx, field(target.node, 'object')!, target.bindings);
  }
  let modelName: string | undefined;
  if (isSelf(target.node)) {
    const cls = enclosingClass(idx, target.node);
    const clsName = cls ? field(cls, 'name')?.text : undefined;
    if (cls && clsName) {
      modelName = clsName;
      enumerateClass(b, cls, prefix);
    } else addArchetypes(b, prefix);
  } else if (target.node.type === 'call') {
    modelName = moduleExpr(b, target.node, prefix, target.bindings);
  } else {
    addArchetypes(b, prefix);
  }
  // A class whose __init__ creates no tensors we can see gets them elsewhere (Lightning's
  // setup() / configure_model(), self.model = AutoModel.from_pretrained(...) in a helper, a base
  // class from another file): an optimizer over it trains a model the file does not show.
  if (!b.params.length) addArchetypes(b, prefix);
  if (!path.length) return makeUniverse(b, modelName);
  // Keep only the submodule's tensors, renamed relative to it.
  const sub = path.join('.') + '.';
  const params = b.params.filter((p) => p.name.startsWith(sub)).map((p) => ({ ...p, name: p.name.slice(sub.length), moduleName: p.moduleName.startsWith(sub) ? p.moduleName.slice(sub.length) : '' }));
  const modules = b.modules.filter((m) => m.name.startsWith(sub)).map((m) => ({ ...m, name: m.name.slice(sub.length) }));
  if (!params.length) {
    const u: Builder = { idx, params: [], modules: [{ name: '', type: 'Module' }], known: false, depth: 0 };
    addArchetypes(u, '');
    return makeUniverse(u);
  }
  return makeUniverse({ ...b, params, modules: [{ name: '', type: 'Module' }, ...modules] }, modelName ? `${modelName}.${path.join('.')}` : undefined);
}

function isSelf(n: Node): boolean {
  return n.type === 'identifier' && n.text === 'self';
}

interface ClassParams {
  params: ParamInfo[];
  modules: ModuleInfo[];
  known: boolean;
}

const classCache = new WeakMap<PyIndex, Map<number, ClassParams | 'busy'>>();

/** A class's tensors, read once per file and then copied under each prefix it is used with. */
function enumerateClass(b: Builder, cls: Node, prefix: string, count = 1): void {
  let cache = classCache.get(b.idx);
  if (!cache) {
    cache = new Map();
    classCache.set(b.idx, cache);
  }
  let entry = cache.get(cls.startIndex);
  if (entry === 'busy' || b.depth > 12) {
    addArchetypes(b, prefix); // a module that contains itself: give up on counting
    return;
  }
  if (!entry) {
    cache.set(cls.startIndex, 'busy');
    const sub: Builder = { idx: b.idx, params: [], modules: [], known: true, depth: b.depth + 1 };
    readClass(sub, cls);
    entry = { params: sub.params, modules: sub.modules, known: sub.known };
    cache.set(cls.startIndex, entry);
  }
  if (!entry.known) b.known = false;
  for (const p of entry.params) b.params.push({ ...p, name: join(prefix, p.name), moduleName: join(prefix, p.moduleName), count: p.count * count });
  for (const m of entry.modules) b.modules.push({ ...m, name: join(prefix, m.name) });
}

/** Reads a class's __init__ (and in-file base classes) into the builder, names relative to it. */
function readClass(b: Builder, cls: Node): void {
  const prefix = '';
  const count = 1;
  const name = field(cls, 'name')?.text ?? '';
  const family = normFamily(name);
  const start = b.params.length;
  for (const base of named(field(cls, 'superclasses'))) {
    const baseName = dottedName(base);
    const baseCls = baseName ? b.idx.classes.get(baseName) : undefined;
    if (baseCls && baseCls !== cls && !baseCls.equals(cls)) enumerateClass(b, baseCls, prefix, count);
  }
  const init = named(field(cls, 'body')).map((s) => (s.type === 'decorated_definition' ? field(s, 'definition') : s))
    .find((s) => s?.type === 'function_definition' && field(s, 'name')?.text === '__init__');
  if (init) {
    for (const a of b.idx.assignmentsByScope.get(init.startIndex) ?? []) {
      if (!a.target.startsWith('self.')) continue;
      const attr = a.target.slice(5);
      if (attr.includes('.')) continue;
      moduleExpr(b, a.value, join(prefix, attr), undefined, count, name);
    }
    for (const c of ['add_module', 'register_module', 'register_parameter'].flatMap((m) => callsNamed(b.idx, m))) {
      if (c.startIndex < init.startIndex || c.endIndex > init.endIndex) continue;
      const callee = field(c, 'function');
      if (callee?.type !== 'attribute' || field(callee, 'object')?.text !== 'self') continue;
      const m = field(callee, 'attribute')?.text;
      const args = callArgs(c);
      const key = stringValue(args.positional[0] ?? null);
      if (!key || !args.positional[1]) continue;
      if (m === 'add_module' || m === 'register_module' || m === 'register_parameter') moduleExpr(b, args.positional[1], join(prefix, key), undefined, count, name);
    }
  }
  if (family) {
    for (let i = start; i < b.params.length; i++) b.params[i] = { ...b.params[i], kind: 'norm', normType: family };
  }
}

function tensorRank(idx: PyIndex, n: Node | null): number | null {
  const x = unparen(n);
  if (!x || x.type !== 'call') return null;
  const fn = dottedName(field(x, 'function')) ?? '';
  const last = fn.split('.').pop() ?? '';
  const args = callArgs(x);
  if (['zeros', 'ones', 'randn', 'rand', 'empty', 'full', 'Tensor', 'FloatTensor', 'zeros_like', 'ones_like'].includes(last)) {
    if (last.endsWith('_like')) return null;
    const shapeArgs = last === 'full' ? args.positional.slice(0, 1) : args.positional;
    if (shapeArgs.length === 1 && (shapeArgs[0].type === 'tuple' || shapeArgs[0].type === 'list')) return named(shapeArgs[0]).length;
    if (shapeArgs.length === 1 && last === 'full' && shapeArgs[0].type !== 'tuple') return 1;
    return shapeArgs.length || null;
  }
  if (last === 'tensor') {
    let d = 0;
    for (let v = unparen(args.positional[0] ?? null); v && v.type === 'list'; v = unparen(named(v)[0] ?? null)) d++;
    return d;
  }
  if (['normal_', 'uniform_', 'trunc_normal_', 'fill_', 'zero_', 'clone', 'detach', 'float', 'to'].includes(last) && field(x, 'function')?.type === 'attribute') {
    return tensorRank(idx, field(field(x, 'function'), 'object'));
  }
  return null;
}

/**
 * Adds the parameters of a module expression under `name`; returns a display name for the
 * model when the expression is a recognised class or container.
 */
function moduleExpr(b: Builder, expr: Node, name: string, bindings?: Bindings, count = 1, ownerType = 'Module'): string | undefined {
  const t = followIdentifier(b.idx, expr, bindings);
  let n = unparen(t.node) ?? t.node;
  if (n.type === 'conditional_expression') n = named(n)[0] ?? n;
  if (n.type === 'none' || n.type !== 'call') return undefined;
  const callee = field(n, 'function');
  const dotted = dottedName(callee);
  if (!dotted) {
    // e.g. SomeFactory(...)(...) or a method chain we do not model.
    if (callee?.type === 'attribute' && ['to', 'cuda', 'float', 'half'].includes(field(callee, 'attribute')?.text ?? '')) {
      return moduleExpr(b, field(callee, 'object')!, name, t.bindings, count, ownerType);
    }
    addArchetypes(b, name);
    return undefined;
  }
  const q = qualify(b.idx, dotted);
  const last = q.split('.').pop()!;
  const args = callArgs(n);
  if (last === 'get_peft_model' && q.startsWith('peft')) {
    peftTrainable(b, args, name, t.bindings);
    return undefined;
  }
  const inFile = b.idx.classes.get(dotted);
  if (inFile) {
    b.modules.push({ name, type: dotted });
    enumerateClass(b, inFile, name, count);
    return dotted;
  }
  const isTorchNn = q.startsWith('torch.nn.') || q.startsWith('nn.');
  if (last === 'Parameter' && isTorchNn) {
    const rank = tensorRank(b.idx, args.positional[0] ?? args.keywords.get('data') ?? null) ?? 2;
    const attr = name.split('.').pop() ?? name;
    const family = normFamily(ownerType);
    const kind: ParamKind = family ? 'norm' : /bias/i.test(attr) ? 'bias' : 'weight';
    const moduleName = name.includes('.') ? name.slice(0, name.lastIndexOf('.')) : '';
    b.params.push({ name, ndim: kind === 'bias' ? 1 : rank, kind, moduleType: ownerType, moduleName, normType: family, count, assumed: false });
    return undefined;
  }
  if (isTorchNn && CONTAINERS.has(last)) {
    b.modules.push({ name, type: last });
    containerChildren(b, last, args, name, t.bindings, count);
    return `nn.${last}`;
  }
  const spec = LAYERS[last];
  if (spec && (isTorchNn || q === last)) {
    b.modules.push({ name, type: last });
    for (const p of spec.params(args, b.idx)) {
      b.params.push({ name: join(name, p.local), ndim: p.ndim, kind: p.kind, moduleType: last, moduleName: name, normType: spec.norm, count, assumed: false });
    }
    return last;
  }
  if (last === 'MultiheadAttention' && isTorchNn) {
    b.modules.push({ name, type: last }, { name: join(name, 'out_proj'), type: 'Linear' });
    const bias = boolArg(b.idx, args, 'bias', 3, true);
    const mk = (local: string, ndim: number, kind: ParamKind, mt: string, mn: string) => b.params.push({ name: join(name, local), ndim, kind, moduleType: mt, moduleName: mn, count, assumed: false });
    mk('in_proj_weight', 2, 'weight', last, name);
    if (bias) mk('in_proj_bias', 1, 'bias', last, name);
    mk('out_proj.weight', 2, 'weight', 'Linear', join(name, 'out_proj'));
    if (bias) mk('out_proj.bias', 1, 'bias', 'Linear', join(name, 'out_proj'));
    return last;
  }
  if (isTorchNn && /^Transformer(Encoder|Decoder)?Layer$|^Transformer(Encoder|Decoder)?$/.test(last)) {
    // Composite torch layers: their parts include LayerNorms and biased Linears.
    addArchetypes(b, name);
    return last;
  }
  if (isTorchNn) return undefined; // activations, dropout, pooling, Identity, Flatten, ...
  addArchetypes(b, name);
  return undefined;
}

function containerChildren(b: Builder, kind: string, args: ReturnType<typeof callArgs>, name: string, bindings: Bindings | undefined, count: number): void {
  if (args.hasSplat && !args.positional.length) {
    addArchetypes(b, join(name, '0'));
    return;
  }
  if (kind === 'ModuleDict' || (kind === 'Sequential' && args.positional.length === 1 && isOrderedDict(b.idx, args.positional[0]))) {
    const arg = args.positional[0] ? followIdentifier(b.idx, args.positional[0], bindings).node : null;
    for (const [key, value] of dictItems(arg)) moduleExpr(b, value, join(name, key), bindings, count);
    return;
  }
  const items: Node[] = kind === 'ModuleList' ? listItems(b, args.positional[0] ?? null, bindings, name, count) : args.positional;
  items.forEach((item, i) => moduleExpr(b, item, join(name, String(i)), bindings, count));
}

function isOrderedDict(idx: PyIndex, n: Node): boolean {
  const x = unparen(n);
  return !!x && x.type === 'call' && /OrderedDict$/.test(qualify(idx, dottedName(field(x, 'function')) ?? ''));
}

/** (key, module expression) pairs of dict(...), {...}, OrderedDict([(k, v), ...]). */
function dictItems(n: Node | null): [string, Node][] {
  const x = unparen(n);
  if (!x) return [];
  const out: [string, Node][] = [];
  if (x.type === 'dictionary') {
    for (const p of named(x)) {
      const k = stringValue(field(p, 'key'));
      const v = field(p, 'value');
      if (p.type === 'pair' && k !== null && v) out.push([k, v]);
    }
  } else if (x.type === 'call') {
    const args = callArgs(x);
    for (const [k, v] of args.keywords) out.push([k, v]);
    const list = unparen(args.positional[0] ?? null);
    if (list && (list.type === 'list' || list.type === 'tuple')) {
      for (const t of named(list)) {
        const parts = named(unparen(t));
        const k = stringValue(parts[0] ?? null);
        if (k !== null && parts[1]) out.push([k, parts[1]]);
      }
    }
  }
  return out;
}

/** Module expressions of a ModuleList argument; a comprehension stands for one element. */
function listItems(b: Builder, n: Node | null, bindings: Bindings | undefined, name: string, count: number): Node[] {
  if (!n) return [];
  const x = followIdentifier(b.idx, n, bindings).node;
  if (x.type === 'list' || x.type === 'tuple') return named(x);
  if (x.type === 'list_comprehension' || x.type === 'generator_expression') {
    const body = field(x, 'body');
    const clause = named(x).find((c) => c.type === 'for_in_clause');
    let reps = 1;
    const iter = unparen(field(clause ?? null, 'right'));
    if (iter?.type === 'call' && dottedName(field(iter, 'function')) === 'range') {
      const ra = callArgs(iter).positional;
      const v = ra.length === 1 ? resolveNumber(b.idx, ra[0]).value : null;
      if (v !== null && v > 0 && v < 10000) reps = v;
    }
    if (body) moduleExpr(b, body, join(name, '0'), bindings, count * reps);
    return [];
  }
  addArchetypes(b, join(name, '0'));
  return [];
}

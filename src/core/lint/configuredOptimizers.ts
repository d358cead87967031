// Optimizers written as framework config dicts (OpenMMLab's mmengine / mmcv):
//   optim_wrapper = dict(optimizer=dict(type='SGD', lr=0.1, weight_decay=1e-4), paramwise_cfg=dict(norm_decay_mult=0))
//   optimizer = dict(type='AdamW', lr=1e-3, weight_decay=0.05, paramwise_cfg=dict(...))   (mmcv 1.x)
// The default constructor passes every parameter; paramwise_cfg's norm_decay_mult / bias_decay_mult
// / flat_decay_mult = 0 take norms / biases / all 1-d tensors out of decay. A custom `constructor`
// (layer-decay constructors and the like) decides elsewhere: unresolved, never guessed.
import type { Node } from './parser';
import { callsNamed, type PyIndex } from './pyIndex';
import { callArgs, dottedName, field, stringValue, unparen } from './syntax';
import { resolveNumber } from './values';
import { optimizerSpec, type OptimizerSpec } from './optimizers';

export interface ConfiguredOptimizer {
  /** The optimizer's dict(type=...) call; the report and findings point at it. */
  call: Node;
  spec: OptimizerSpec;
  qualifiedName: string;
  /** Kinds taken out of decay by paramwise_cfg; null when a custom constructor (or an unresolved multiplier) decides. */
  excluded: { bias: boolean; norm: boolean } | null;
}

const isDictCall = (n: Node | null | undefined): n is Node => !!n && n.type === 'call' && dottedName(field(n, 'function')) === 'dict';

/** The dict(...) call that `node` is a keyword argument value of, and that keyword's name. */
function keywordOf(node: Node): { key: string; owner: Node } | null {
  const kw = node.parent;
  if (kw?.type !== 'keyword_argument' || field(kw, 'value')?.startIndex !== node.startIndex) return null;
  const owner = kw.parent?.parent;
  return isDictCall(owner) ? { key: field(kw, 'name')?.text ?? '', owner } : null;
}

/** Is a decay multiplier 0? undefined when it cannot be resolved. */
function zeroMult(idx: PyIndex, cfg: Node, key: string): boolean | undefined {
  const n = callArgs(cfg).keywords.get(key);
  if (!n) return false;
  const v = resolveNumber(idx, n).value;
  return v === null ? undefined : v === 0;
}

export function configuredOptimizers(idx: PyIndex): ConfiguredOptimizer[] {
  if (!/\btype\s*=\s*['"]/.test(idx.source)) return [];
  const out: ConfiguredOptimizer[] = [];
  for (const call of callsNamed(idx, 'dict')) {
    if (!isDictCall(call)) continue;
    const args = callArgs(call);
    const type = args.keywords.get('type');
    const name = type ? stringValue(unparen(type)) : null;
    if (!name) continue;
    const qualifiedName = `torch.optim.${name}`;
    const spec = optimizerSpec(qualifiedName);
    if (!spec || spec.kind !== 'torch') continue;
    // optim_wrapper=dict(optimizer=dict(type=...)) / optimizer = dict(type=...) at module level.
    const asKeyword = keywordOf(call);
    const wrapper = asKeyword?.key === 'optimizer' ? asKeyword.owner : null;
    const assigned = call.parent?.type === 'assignment' && field(call.parent, 'left')?.text === 'optimizer' && field(call.parent, 'right')?.startIndex === call.startIndex;
    if (!wrapper && !assigned) continue;
    const setting = (key: string) => args.keywords.get(key) ?? (wrapper ? callArgs(wrapper).keywords.get(key) : undefined);
    const paramwise = unparen(setting('paramwise_cfg') ?? null);
    let excluded: ConfiguredOptimizer['excluded'] = { bias: false, norm: false };
    if (setting('constructor') || args.hasSplat || (paramwise && !isDictCall(paramwise))) excluded = null;
    else if (paramwise) {
      const [norm, bias, flat] = ['norm_decay_mult', 'bias_decay_mult', 'flat_decay_mult'].map((k) => zeroMult(idx, paramwise, k));
      excluded = norm === undefined || bias === undefined || flat === undefined ? null : { bias: bias || flat, norm: norm || flat };
    }
    out.push({ call, spec, qualifiedName, excluded });
  }
  return out;
}

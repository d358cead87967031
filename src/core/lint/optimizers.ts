// The optimizers the linter knows, with the defaults that decide whether weight decay happens:
// the library's default weight_decay, where the argument sits positionally, and whether the decay
// is decoupled (AdamW-style) or added to the gradient (L2, SGD/Adam-style).
import type { Framework } from './types';

export type OptimizerKind =
  | 'torch' // params + param groups (torch.optim and look-alikes)
  | 'timm-factory' // timm create_optimizer_v2(model_or_params, opt=..., weight_decay=..., filter_bias_and_bn=True)
  | 'optax' // optax.adamw(...): decays every leaf unless mask=
  | 'keras'; // Keras optimizers: decays every variable unless excluded

export interface OptimizerSpec {
  name: string;
  framework: Framework;
  kind: OptimizerKind;
  defaultWeightDecay: number;
  defaultLr: number | null;
  decoupled: boolean;
  /** Keyword of the weight decay argument. */
  wdKey: string;
  /** Positional index of the weight decay argument (-1: keyword only). */
  wdPos: number;
  lrKey: string;
  lrPos: number;
}

const torch = (name: string, defaultLr: number | null, wdPos: number, defaultWeightDecay = 0, decoupled = false): OptimizerSpec => ({
  name, framework: 'torch', kind: 'torch', defaultWeightDecay, defaultLr, decoupled, wdKey: 'weight_decay', wdPos, lrKey: 'lr', lrPos: 1,
});

const TORCH_OPTIM: Record<string, OptimizerSpec> = {
  SGD: torch('SGD', 1e-3, 4),
  Adam: torch('Adam', 1e-3, 4),
  AdamW: torch('AdamW', 1e-3, 4, 1e-2, true),
  RMSprop: torch('RMSprop', 1e-2, 4),
  Adagrad: torch('Adagrad', 1e-2, 3),
  Adadelta: torch('Adadelta', 1.0, 4),
  Adamax: torch('Adamax', 2e-3, 4),
  NAdam: torch('NAdam', 2e-3, 4),
  RAdam: torch('RAdam', 1e-3, 4),
  ASGD: torch('ASGD', 1e-2, 5),
};

const keras = (name: string, defaultWeightDecay: number, wdKey = 'weight_decay', wdPos = -1): OptimizerSpec => ({
  name, framework: 'keras', kind: 'keras', defaultWeightDecay, defaultLr: 1e-3, decoupled: true, wdKey, wdPos, lrKey: 'learning_rate', lrPos: wdPos === 0 ? 1 : 0,
});

const optax = (name: string, defaultWeightDecay: number, wdPos: number): OptimizerSpec => ({
  name: `optax.${name}`, framework: 'optax', kind: 'optax', defaultWeightDecay, defaultLr: null, decoupled: true, wdKey: 'weight_decay', wdPos, lrKey: 'learning_rate', lrPos: name === 'add_decayed_weights' ? -1 : 0,
});

const OPTAX: Record<string, OptimizerSpec> = {
  adamw: optax('adamw', 1e-4, 6),
  adamaxw: optax('adamaxw', 1e-4, 4),
  nadamw: optax('nadamw', 1e-4, 6),
  lion: optax('lion', 1e-3, 4),
  lamb: optax('lamb', 0, 4),
  add_decayed_weights: optax('add_decayed_weights', 0, 0),
};

const KERAS_DEFAULTS: Record<string, number> = { AdamW: 0.004 };
export const KERAS_NAMES = ['AdamW', 'Adam', 'SGD', 'RMSprop', 'Adamax', 'Nadam', 'Lion', 'Adafactor', 'Adagrad', 'Adadelta', 'Ftrl', 'Lamb'];

/** Last names of every callee optimizerSpec can recognise (to pick candidate calls cheaply). */
export const OPTIMIZER_CALL_NAMES = new Set<string>([
  ...Object.keys(TORCH_OPTIM), ...Object.keys(OPTAX), ...KERAS_NAMES,
  'Adafactor', 'AdamWeightDecay', 'FusedAdam', 'Lion', 'SGDW', 'create_optimizer_v2', 'create_optimizer',
  'AdamW8bit', 'AdamW32bit', 'PagedAdamW', 'PagedAdamW8bit', 'PagedAdamW32bit',
]);

/** The optimizer a qualified callee name denotes, if any. */
export function optimizerSpec(qualified: string): OptimizerSpec | null {
  const parts = qualified.split('.');
  const last = parts[parts.length - 1];
  if (parts[0] === 'torch' && parts[1] === 'optim' && TORCH_OPTIM[last] && parts.length <= 4) {
    return TORCH_OPTIM[last];
  }
  if (parts[0] === 'transformers' && last === 'AdamW') {
    return { ...torch('AdamW', 1e-3, 4, 0, true), framework: 'transformers', name: 'transformers.AdamW' };
  }
  if (parts[0] === 'transformers' && last === 'Adafactor') {
    return { ...torch('Adafactor', null, 6, 0, true), framework: 'transformers', name: 'Adafactor' };
  }
  if (parts[0] === 'transformers' && last === 'AdamWeightDecay') {
    return { ...keras('AdamWeightDecay', 0, 'weight_decay_rate'), framework: 'transformers' };
  }
  if ((parts[0] === 'bitsandbytes' || parts[0] === 'bnb') && /^(Paged)?AdamW(8bit|32bit)?$/.test(last)) {
    return { ...torch(last, 1e-3, 4, 1e-2, true) };
  }
  if (parts[0] === 'apex' && last === 'FusedAdam') return { ...torch('FusedAdam', 1e-3, 5, 0, true) };
  if (/^(lion_pytorch|timm)/.test(parts[0]) && last === 'Lion') return { ...torch('Lion', 1e-4, 3, 0, true) };
  if (parts[0] === 'timm' && (last === 'create_optimizer_v2' || last === 'create_optimizer')) {
    return { name: last, framework: 'timm', kind: 'timm-factory', defaultWeightDecay: 0, defaultLr: null, decoupled: false, wdKey: 'weight_decay', wdPos: -1, lrKey: 'lr', lrPos: -1 };
  }
  if (parts[0] === 'optax' && OPTAX[last] && parts.length === 2) return OPTAX[last];
  const kerasIdx = parts.indexOf('keras');
  if (kerasIdx >= 0 && parts[kerasIdx + 1] === 'optimizers' && KERAS_NAMES.includes(last)) {
    return keras(last === 'AdamW' ? 'AdamW' : last, KERAS_DEFAULTS[last] ?? 0);
  }
  if ((parts[0] === 'tensorflow_addons' || parts[0] === 'tfa') && parts[1] === 'optimizers' && (last === 'AdamW' || last === 'SGDW')) {
    return { ...keras(`tfa.${last}`, 0, 'weight_decay', 0) };
  }
  return null;
}

/** timm's opt strings -> display name and whether the decay is decoupled. */
export function timmOptimizer(opt: string): { name: string; decoupled: boolean | null } {
  const o = opt.toLowerCase().split('_').pop()!;
  const decoupled = /adamw|lamb|lion|adafactor|adan|lars|nadamw|adopt/.test(o);
  const names: Record<string, string> = { sgd: 'SGD', momentum: 'SGD', nesterov: 'SGD', adam: 'Adam', adamw: 'AdamW', rmsprop: 'RMSprop', lamb: 'Lamb', lion: 'Lion' };
  return { name: names[o] ?? opt, decoupled };
}

/** Families for the weight-decay-range rule: default usual ranges. */
export const DEFAULT_RANGES = {
  decoupled: { min: 1e-4, max: 1 },
  coupled: { min: 1e-6, max: 1e-2 },
};

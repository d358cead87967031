// Keras optimizers named by string: model.compile(optimizer="adamw") builds keras.optimizers.AdamW
// with its defaults (weight_decay=0.004 on every variable, biases and norms included). Only in
// files that use Keras / TensorFlow, and only for .compile calls that are not torch.compile.
import type { Node } from './parser';
import { callsNamed, qualify, type PyIndex } from './pyIndex';
import { callArgs, dottedName, field, stringValue, unparen } from './syntax';
import { followIdentifier } from './values';
import { KERAS_NAMES, optimizerSpec, type OptimizerSpec } from './optimizers';

export interface KerasCompileOptimizer {
  /** The compile(...) call; the report and findings point at it. */
  call: Node;
  spec: OptimizerSpec;
  qualifiedName: string;
}

const BY_LOWER = new Map(KERAS_NAMES.map((n) => [n.toLowerCase(), n]));

function usesKeras(idx: PyIndex): boolean {
  for (const q of idx.imports.values()) if (/^(keras|tensorflow|tf_keras)(\.|$)/.test(q)) return true;
  return false;
}

/** compile(...) calls of this file whose optimizer is a Keras optimizer given by name. */
export function kerasCompileOptimizers(idx: PyIndex): KerasCompileOptimizer[] {
  const calls = callsNamed(idx, 'compile');
  if (!calls.length || !usesKeras(idx)) return [];
  const out: KerasCompileOptimizer[] = [];
  for (const call of calls) {
    const callee = field(call, 'function');
    if (callee?.type !== 'attribute') continue;
    const dotted = dottedName(callee);
    if (dotted && /^(torch|jax|re|regex)\./.test(qualify(idx, dotted))) continue;
    const args = callArgs(call);
    // Keras Model.compile(optimizer="rmsprop", loss=None, ...): the optimizer is the first argument.
    const arg = args.keywords.get('optimizer') ?? args.positional[0];
    if (!arg) continue;
    const name = stringValue(unparen(followIdentifier(idx, arg).node));
    const cls = name ? BY_LOWER.get(name.toLowerCase()) : undefined;
    if (!cls) continue;
    const qualifiedName = `keras.optimizers.${cls}`;
    const spec = optimizerSpec(qualifiedName);
    if (spec) out.push({ call, spec, qualifiedName });
  }
  return out;
}

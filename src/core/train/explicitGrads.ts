// Gradients of the data loss of a plain MLP (no norm layers, no activation penalty) by an explicit
// backward pass instead of TF.js's tape (tf.variableGrads). It computes what the tape's kernels
// compute (the fused dense / cross-entropy backward kernels, or the plain ops' gradient formulas
// of tfjs-core), in the same order and from the same inputs, so the gradients are the tape's to
// the bit; what it saves is the tape's bookkeeping per op (recording, saved tensors, the backward
// walk, scopes) and, for fused layers, kernel dispatches: one kernel forms a layer's dx, dw and db
// (the tape runs one per input) and one the loss with its gradient. That bookkeeping is most of a
// small model's step and most of the code V8 has to optimize in every new trainer. Any other
// configuration uses the tape (trainStep.ts).
import * as tf from '@tensorflow/tfjs-core';
import type { Activation, Task } from '../experiment/types';
import type { Mlp } from '../model/mlp';
import { moduleLayout } from '../model/paramSpecs';
import { FUSED_KERNELS, fusedDenseWorthIt, fusedKernelsAvailable, type DenseAttrs, type DenseGradsAttrs } from '../backend/nativeKernels';
import { activate } from '../backend/fusedOps';
import type { PenaltyPlan } from '../penalty/penalty';

/** Set REGLAB_EXPLICIT_GRADS=0 to force the tape everywhere (for comparisons). */
const enabled = process.env.REGLAB_EXPLICIT_GRADS !== '0';

/**
 * Whether `explicitGrads` handles this model: no norm layers (their backward is left to the tape),
 * no activation penalty (its gradient flows into the hidden activations), and for classification
 * the fused cross-entropy kernel (its gradient is one kernel; the unfused formula is the tape's).
 */
export function explicitGradsSupported(task: Task, model: Mlp, plan: PenaltyPlan): boolean {
  if (!enabled || model.spec.norm !== 'none' || plan.hasActivationPenalty) return false;
  return task === 'regression' || fusedKernelsAvailable(tf, tf.getBackend());
}

interface Layer {
  x: tf.Tensor2D;
  w: tf.Tensor2D;
  b: tf.Tensor1D | undefined;
  /** Output of the layer (after its activation). */
  y: tf.Tensor2D;
  /** Unfused layers: the pre-activation (ReLU's gradient needs it). */
  z?: tf.Tensor2D;
  fused: boolean;
  activation: Activation;
  /** Indices of w and b in model.params. */
  wIndex: number;
  bIndex: number;
}

/**
 * Data loss of batch `x` and its gradient for every parameter (model.params order). Call inside
 * a tf.tidy (every intermediate is released with it); the returned tensors are the caller's.
 */
export function explicitGrads(task: Task, model: Mlp, x: tf.Tensor2D, target: tf.Tensor2D): { loss: tf.Scalar; grads: tf.Tensor[] } {
  const layers = forward(model, x);
  const out = layers[layers.length - 1].y;
  const grads: tf.Tensor[] = new Array(model.params.length);
  let loss: tf.Scalar;
  let dy: tf.Tensor2D;
  if (task === 'classification') {
    // RegLabSoftmaxCrossEntropy, then its gradient kernel with the seed 1, in one kernel.
    [loss, dy] = tf.engine().runKernel(FUSED_KERNELS.softmaxCEWithGrad, { logits: out, target } as unknown as tf.NamedTensorMap) as unknown as [tf.Scalar, tf.Tensor2D];
  } else {
    // tf.mean(tf.squaredDifference(out, target)) and the tape's Mean and SquaredDifference gradients.
    const sq = tf.squaredDifference(out, target);
    loss = tf.mean(sq);
    const dMean = tf.div(tf.mul(tf.reshape(tf.onesLike(loss), [1, 1]), tf.ones(sq.shape, 'float32')), sq.size);
    dy = tf.mul(dMean, tf.mul(tf.scalar(2), tf.sub(out, target)));
  }
  for (let l = layers.length - 1; l >= 0; l--) dy = backward(layers[l], dy, grads, l > 0);
  return { loss, grads };
}

/** Per Linear layer of a model: its activation and the indices of its w and b in model.params. */
type LayerPlan = Array<Pick<Layer, 'activation' | 'wIndex' | 'bIndex'>>;

const plans = new WeakMap<Mlp, LayerPlan>();

/** The model's layer plan, built once per model. */
function layerPlan(model: Mlp): LayerPlan {
  let plan = plans.get(model);
  if (!plan) {
    const index = new Map(model.specs.map((s, i) => [s.name, i]));
    plan = moduleLayout(model.spec).linear.map((li, l) => ({
      activation: l < model.spec.hidden.length ? model.spec.activation : 'linear',
      wIndex: index.get(`${li}.weight`)!,
      bIndex: index.get(`${li}.bias`) ?? -1,
    }));
    plans.set(model, plan);
  }
  return plan;
}

function forward(model: Mlp, x: tf.Tensor2D): Layer[] {
  const layers: Layer[] = [];
  let h = x;
  layerPlan(model).forEach(({ activation, wIndex, bIndex }) => {
    const w = model.params[wIndex] as unknown as tf.Tensor2D;
    const b = bIndex >= 0 ? model.params[bIndex] as unknown as tf.Tensor1D : undefined;
    const layer: Layer = { x: h, w, b, y: h, fused: fusedDenseWorthIt(tf, tf.getBackend(), h.shape[0] * w.size), activation, wIndex, bIndex };
    if (layer.fused) {
      const inputs = (b ? { x: h, w, b } : { x: h, w }) as unknown as tf.NamedTensorMap;
      layer.y = tf.engine().runKernel(FUSED_KERNELS.dense, inputs, denseAttrs(activation)) as tf.Tensor2D;
    } else {
      // fusedOps.dense's fallback: matMul, add, activation.
      let z: tf.Tensor2D = tf.matMul(h, w, false, true);
      if (b) z = tf.add(z, b) as tf.Tensor2D;
      layer.z = z;
      layer.y = activate(z, activation);
    }
    layers.push(layer);
    h = layer.y;
  });
  return layers;
}

function denseAttrs(activation: Activation): tf.NamedAttrMap {
  const attrs: DenseAttrs = { transposeW: true, activation };
  return attrs as unknown as tf.NamedAttrMap;
}

/** Fills the layer's parameter gradients from dy (gradient of its output); returns dx if wanted. */
function backward(layer: Layer, dy: tf.Tensor2D, grads: tf.Tensor[], wantDx: boolean): tf.Tensor2D {
  const { x, w, b, y } = layer;
  if (layer.fused) {
    // RegLabDenseGradX, W and B (the tape's three kernels) in one kernel.
    const attrs: DenseGradsAttrs = { transposeW: true, activation: layer.activation, wantDx, wantDb: b !== undefined };
    const outs = tf.engine().runKernel(FUSED_KERNELS.denseGrads, { x, w, y, dy } as unknown as tf.NamedTensorMap, attrs as unknown as tf.NamedAttrMap) as unknown as tf.Tensor[];
    let next = 0;
    const dx = wantDx ? outs[next++] as tf.Tensor2D : dy;
    grads[layer.wIndex] = outs[next++];
    if (b) grads[layer.bIndex] = outs[next++];
    return dx;
  }
  const dz = activationGrad(layer.activation, dy, layer.z!, y);
  if (b) grads[layer.bIndex] = tf.reshape(tf.sum(dz, [0]), b.shape);
  const dx: tf.Tensor2D = wantDx ? tf.matMul(dz, w, false, false) : dz;
  grads[layer.wIndex] = tf.matMul(dz, x, true, false);
  return dx;
}

/** tfjs-core's gradient functions of Relu, Tanh and Sigmoid (same ops, same order). */
function activationGrad(fn: Activation, dy: tf.Tensor2D, z: tf.Tensor2D, y: tf.Tensor2D): tf.Tensor2D {
  switch (fn) {
    case 'relu': return tf.mul(dy, tf.cast(tf.step(z), 'float32')) as tf.Tensor2D;
    case 'tanh': return tf.mul(tf.sub(tf.scalar(1), tf.square(y)), dy);
    case 'sigmoid': return tf.mul(dy, tf.mul(y, tf.sub(tf.scalar(1), y)));
    case 'linear': return dy;
  }
}

// The two hot spots of an MLP training step as single ops: a dense layer with its activation and
// softmax cross-entropy. With the fused kernels registered for the active backend (nativeKernels.ts:
// the addon, or JavaScript for small layers) each is one kernel forward and one per needed input
// backward; otherwise they are the plain TF.js ops, the same formulas the fused kernels implement.
import * as tf from '@tensorflow/tfjs-core';
import { FUSED_KERNELS, fusedDenseWorthIt, fusedKernelsAvailable, type DenseAttrs } from './nativeKernels';

/** act(x · wᵀ + b) for w in PyTorch's [out, in] layout (transposeW = true), or x · w + b. */
export function dense(
  x: tf.Tensor2D, w: tf.Tensor2D, b: tf.Tensor1D | undefined, activation: DenseAttrs['activation'], transposeW = true,
): tf.Tensor2D {
  if (fusedDenseWorthIt(tf, tf.getBackend(), x.shape[0] * w.size)) {
    const inputs = (b ? { x, w, b } : { x, w }) as unknown as tf.NamedTensorMap;
    const attrs: DenseAttrs = { transposeW, activation };
    return tf.engine().runKernel(FUSED_KERNELS.dense, inputs, attrs as unknown as tf.NamedAttrMap) as tf.Tensor2D;
  }
  let y: tf.Tensor2D = tf.matMul(x, w, false, transposeW);
  if (b) y = tf.add(y, b) as tf.Tensor2D;
  return activate(y, activation);
}

/** The activation op on its own (the unfused path of `dense`, and what follows a norm layer). */
export function activate(h: tf.Tensor2D, fn: DenseAttrs['activation']): tf.Tensor2D {
  switch (fn) {
    case 'relu': return tf.relu(h);
    case 'tanh': return tf.tanh(h);
    case 'sigmoid': return tf.sigmoid(h);
    case 'linear': return h;
  }
}

/** nn.CrossEntropyLoss (mean) of logits [B, C] against a one-hot (or soft) target [B, C]. */
export function softmaxCrossEntropy(logits: tf.Tensor2D, target: tf.Tensor2D): tf.Scalar {
  if (fusedKernelsAvailable(tf, tf.getBackend())) {
    return tf.engine().runKernel(FUSED_KERNELS.softmaxCE, { logits, target } as unknown as tf.NamedTensorMap) as tf.Scalar;
  }
  return tf.neg(tf.mean(tf.sum(tf.mul(target, tf.logSoftmax(logits)), 1))) as tf.Scalar;
}

// Penalties added to the training loss (spec: "penalty"):
//   weight   l1 * sum|p| + l2 * sum p^2 over the selected parameters ("all", "weights" = every
//            parameter except biases and norm parameters, or a regex searched in the name);
//   activity activationL1 * (1/B) * sum_batch sum_units |h| and activationL2 * (1/B) * sum h^2,
//            over the output of every hidden block's activation function (B = batch size).
// Weight-penalty gradients are added analytically (2*l2*p; l1*sign(p) with sign(0) = 0, as PyTorch's
// abs backward; tfjs's abs gradient at 0 would be -1). Activity penalties go through autograd with
// an abs whose gradient is sign(h). l1Mode "proximal" drops the l1 gradient and instead
// soft-thresholds after each optimizer step: p = sign(p) * max(|p| - lr * l1, 0) (exact zeros).
import * as tf from '@tensorflow/tfjs-core';
import { type PenaltyPlan } from './plan';

// The plan (which parameters, which penalties) lives in ./plan without TF.js; re-exported here.
export { planPenalty, type PenaltyPlan } from './plan';

/** |x| whose gradient is sign(x) (0 at 0, like PyTorch), not tfjs's -1 at 0. */
export const absZeroGrad = tf.customGrad((...args: Array<tf.Tensor | tf.GradSaveFunc>) => {
  const [x, save] = args as [tf.Tensor, tf.GradSaveFunc];
  save([x]);
  return { value: tf.abs(x), gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => tf.mul(dy, tf.sign(saved[0])) };
}) as (x: tf.Tensor) => tf.Tensor;

/** Value of the weight penalty (what is added to the loss), or null when there is none. */
export function weightPenaltyValue(plan: PenaltyPlan, params: readonly tf.Tensor[]): tf.Scalar | null {
  if (!plan.hasWeightPenalty) return null;
  const { l1, l2 } = plan.spec;
  const terms: tf.Scalar[] = [];
  params.forEach((p, i) => {
    if (!plan.selected[i]) return;
    if (l1 > 0) terms.push(tf.mul(tf.sum(tf.abs(p)), l1));
    if (l2 > 0) terms.push(tf.mul(tf.sum(tf.square(p)), l2));
  });
  return terms.length === 1 ? terms[0] : tf.addN(terms);
}

/** Gradients with the weight penalty's gradient added (new tensors where changed). */
export function addWeightPenaltyGrads(plan: PenaltyPlan, params: readonly tf.Tensor[], grads: readonly tf.Tensor[]): tf.Tensor[] {
  if (!plan.hasWeightPenalty) return [...grads];
  const { l1, l2, l1Mode } = plan.spec;
  return grads.map((g, i) => {
    if (!plan.selected[i]) return g;
    let out = g;
    if (l1 > 0 && l1Mode !== 'proximal') out = tf.add(out, tf.mul(tf.sign(params[i]), l1));
    if (l2 > 0) out = tf.add(out, tf.mul(params[i], 2 * l2));
    return out;
  });
}

/** Activity penalty on the hidden activations of one batch (inside the gradient tape), or null. */
export function activationPenalty(plan: PenaltyPlan, activations: readonly tf.Tensor2D[], batchSize: number): tf.Scalar | null {
  if (!plan.hasActivationPenalty || !activations.length) return null;
  const { activationL1, activationL2 } = plan.spec;
  const terms: tf.Scalar[] = [];
  for (const h of activations) {
    if (activationL1 > 0) terms.push(tf.mul(tf.sum(absZeroGrad(h)), activationL1 / batchSize));
    if (activationL2 > 0) terms.push(tf.mul(tf.sum(tf.square(h)), activationL2 / batchSize));
  }
  return terms.length === 1 ? terms[0] : tf.addN(terms);
}

/** Proximal L1 step after the optimizer step, with each parameter's group learning rate. */
export function applyProximalL1(plan: PenaltyPlan, params: readonly tf.Variable[], lrOf: (i: number) => number): void {
  if (plan.spec.l1Mode !== 'proximal' || !(plan.spec.l1 > 0)) return;
  tf.tidy(() => {
    params.forEach((p, i) => {
      if (!plan.selected[i]) return;
      const threshold = lrOf(i) * plan.spec.l1;
      p.assign(tf.mul(tf.sign(p), tf.relu(tf.sub(tf.abs(p), threshold))));
    });
  });
}

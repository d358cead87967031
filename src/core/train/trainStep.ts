// One optimisation step: forward, backward, penalties, optimizer update, proximal step and
// BatchNorm running statistics. This is the single place the training graph is built, so a faster
// kernel or a fused step only has to change here (and in Mlp.forward).
import * as tf from '@tensorflow/tfjs-core';
import type { Task } from '../experiment/types';
import type { Mlp } from '../model/mlp';
import type { Optimizer } from '../optim/optimizers';
import { activationPenalty, addWeightPenaltyGrads, applyProximalL1, weightPenaltyValue, type PenaltyPlan } from '../penalty/penalty';
import { dataLoss } from './losses';
import { explicitGrads, explicitGradsSupported } from './explicitGrads';

/** Both tensors are kept (outside any tidy): the caller disposes them. */
export interface StepOutput {
  /** Data loss of the batch (before the update). */
  loss: tf.Scalar;
  /** Weight + activation penalty of the batch (before the update), or null. */
  penalty: tf.Scalar | null;
}

export interface StepContext {
  task: Task;
  model: Mlp;
  optimizer: Optimizer;
  plan: PenaltyPlan;
  /** Learning rate of each parameter's group (for the proximal step). */
  lrOf: (paramIndex: number) => number;
}

/** Runs one step on batch `x` [B, in] with `target` (one-hot [B, K] or [B, 1]); no host sync. */
export function trainStep(ctx: StepContext, x: tf.Tensor2D, target: tf.Tensor2D): StepOutput {
  if (explicitGradsSupported(ctx.task, ctx.model, ctx.plan)) return explicitStep(ctx, x, target);
  const { model, plan } = ctx;
  const batchSize = x.shape[0];
  // Tensors made inside the gradient function are freed when it returns unless kept: keep the
  // parts that are reported or needed after the update, and free them below.
  const kept: tf.Tensor[] = [];
  const keep = <T extends tf.Tensor>(t: T): T => { kept.push(tf.keep(t)); return t; };
  let loss!: tf.Scalar;
  let actPenalty: tf.Scalar | null = null;
  let stats: ReturnType<Mlp['forward']>['batchStats'] = [];

  const { value, grads } = tf.variableGrads(() => {
    const out = model.forward(x, 'train');
    loss = keep(dataLoss(ctx.task, out.output, target));
    stats = out.batchStats.map((s) => ({ mean: keep(s.mean), variance: keep(s.variance) }));
    const act = activationPenalty(plan, out.activations, batchSize);
    if (!act) return loss;
    actPenalty = keep(act);
    return tf.add(loss, act);
  }, model.params);

  const penaltyParts = tf.tidy(() => {
    const weightPenalty = update(ctx, model.params.map((p) => grads[p.name]));
    if (stats.length) model.updateRunningStats(stats, batchSize);
    const parts = [weightPenalty, actPenalty].filter((t): t is tf.Scalar => t !== null);
    return parts.length === 0 ? [] : [parts.length === 1 ? tf.clone(parts[0]) : tf.add(parts[0], parts[1])];
  });
  const penalty = penaltyParts.length ? tf.keep(penaltyParts[0] as tf.Scalar) : null;

  // `loss` survives (returned); everything else kept for the update is released.
  for (const t of kept) if (t !== loss) t.dispose();
  if (value !== loss) value.dispose();
  tf.dispose(Object.values(grads));
  return { loss, penalty };
}

/** The same step for a plain MLP with the gradients of explicitGrads.ts (no tape). */
function explicitStep(ctx: StepContext, x: tf.Tensor2D, target: tf.Tensor2D): StepOutput {
  const [loss, ...penalty] = tf.tidy(() => {
    const { loss, grads } = explicitGrads(ctx.task, ctx.model, x, target);
    const weightPenalty = update(ctx, grads);
    return weightPenalty ? [loss, weightPenalty] : [loss];
  });
  return { loss: loss as tf.Scalar, penalty: (penalty[0] as tf.Scalar | undefined) ?? null };
}

/** The update of both routes, from the data-loss gradients (model.params order): weight penalty
 * gradients added, optimizer step, proximal L1. Returns the weight penalty (before the step). */
function update(ctx: StepContext, grads: tf.Tensor[]): tf.Scalar | null {
  const { model: { params }, plan } = ctx;
  const weightPenalty = weightPenaltyValue(plan, params);
  ctx.optimizer.step(addWeightPenaltyGrads(plan, params, grads));
  applyProximalL1(plan, params, ctx.lrOf);
  return weightPenalty;
}

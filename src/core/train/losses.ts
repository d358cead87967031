// Data losses, reduced like PyTorch's defaults (reduction="mean").
import * as tf from '@tensorflow/tfjs-core';
import type { Task } from '../experiment/types';
import { softmaxCrossEntropy } from '../backend/fusedOps';

/**
 * Classification: nn.CrossEntropyLoss on logits [B, K] with `target` one-hot [B, K].
 * Regression: nn.MSELoss between predictions [B, 1] and `target` [B, 1].
 */
export function dataLoss(task: Task, output: tf.Tensor2D, target: tf.Tensor2D): tf.Scalar {
  if (task === 'classification') {
    return softmaxCrossEntropy(output, target);
  }
  return tf.mean(tf.squaredDifference(output, target));
}

/** Number of rows whose arg-max logit is the label (first maximum wins, as torch.argmax). */
export function correctCount(output: tf.Tensor2D, labels: tf.Tensor1D): tf.Scalar {
  return tf.sum(tf.cast(tf.equal(tf.argMax(output, 1), labels), 'float32'));
}

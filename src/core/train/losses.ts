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

/** Number of rows of `logits` [n, K] whose arg-max is the label (first maximum wins, as torch.argmax). */
export function correctCount(logits: Float32Array, classes: number, labels: Float32Array): number {
  let correct = 0;
  for (let r = 0; r < labels.length; r++) {
    let best = 0;
    for (let k = 1; k < classes; k++) if (logits[r * classes + k] > logits[r * classes + best]) best = k;
    if (best === labels[r]) correct++;
  }
  return correct;
}

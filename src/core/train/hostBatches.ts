// Training batches cut on the host: the rows of a batch are copied out of the dataset's
// Float32Arrays in JavaScript and become two new tensors, instead of an index tensor and two
// gathers (or slices) on the device. A gather is an exact copy, so the batches are the same to
// the bit; what it saves is three TF.js op dispatches per step, which on a small MLP cost more
// than the copy and are more code for V8 to optimize in every new trainer.
import * as tf from '@tensorflow/tfjs-core';
import type { Dataset } from '../data/types';

export interface HostBatches {
  /** Rows start..end of `order` (the epoch's permutation), or of the file order when undefined. */
  batch(order: Int32Array | undefined, start: number, end: number): [tf.Tensor2D, tf.Tensor2D];
}

/** One-hot [n, K] for classification, [n, 1] for regression: the loss functions' target layout. */
export function targetRows(task: Dataset['task'], y: Float32Array, outputs: number): { values: Float32Array; width: number } {
  if (task !== 'classification') return { values: y, width: 1 };
  const values = new Float32Array(y.length * outputs);
  for (let i = 0; i < y.length; i++) values[i * outputs + y[i]] = 1;
  return { values, width: outputs };
}

export function hostBatches(data: Dataset): HostBatches {
  const x = data.xTrain;
  const features = data.features;
  const { values: target, width } = targetRows(data.task, data.yTrain, data.outputs);
  return {
    batch(order, start, end) {
      const rows = end - start;
      // Fresh arrays: the cpu backend keeps the array it is given, without a copy.
      const xb = new Float32Array(rows * features);
      const tb = new Float32Array(rows * width);
      for (let r = 0; r < rows; r++) {
        const i = order ? order[start + r] : start + r;
        for (let f = 0; f < features; f++) xb[r * features + f] = x[i * features + f];
        for (let k = 0; k < width; k++) tb[r * width + k] = target[i * width + k];
      }
      return [tf.tensor2d(xb, [rows, features], 'float32'), tf.tensor2d(tb, [rows, width], 'float32')];
    },
  };
}

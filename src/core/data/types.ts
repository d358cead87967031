// A loaded, preprocessed data set ready for training: row-major float32 features, split in
// train and validation parts.
import type { Task } from '../experiment/types';

export interface Dataset {
  task: Task;
  /** Number of input features. */
  features: number;
  /** Number of outputs: classes for classification, 1 for regression. */
  outputs: number;
  featureNames: string[];
  /** Classification only: the original class labels, index = class id (sorted order). */
  classLabels?: string[];
  /** Row-major [nTrain, features]. */
  xTrain: Float32Array;
  /** Classification: class ids (as float32 integers); regression: targets. Length nTrain. */
  yTrain: Float32Array;
  xVal: Float32Array;
  yVal: Float32Array;
  nTrain: number;
  nVal: number;
  /** For synthetic sparse-linear: the true coefficients, to score L1 feature selection. */
  trueCoefficients?: number[];
  /** Human-readable description of where the data came from and how it was preprocessed. */
  description: string;
}

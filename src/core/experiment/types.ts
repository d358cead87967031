// The experiment format (`*.reglab.json`) as TypeScript types. The JSON Schema in
// schema/experiment.schema.json is the source of truth for validation and editor help;
// these types describe a file after validation and after every default has been filled in.

export type SyntheticName =
  | 'circle' | 'xor' | 'gauss' | 'spiral'          // classification, 2 features (TensorFlow Playground)
  | 'reg-plane' | 'reg-gauss'                       // regression, 2 features
  | 'sparse-linear'                                 // regression, many features, few true non-zeros
  | 'poly';                                         // noisy 1-D polynomial regression
export type BuiltinName = 'diabetes' | 'breast-cancer' | 'digits' | 'iris' | 'wine';
export type Task = 'regression' | 'classification';

export interface SyntheticData {
  source: 'synthetic';
  name: SyntheticName;
  samples: number;
  noise: number;
  valFraction: number;
  /** sparse-linear only: number of features and of truly non-zero coefficients. */
  features?: number;
  informative?: number;
  /** poly only: degree of the true polynomial. */
  degree?: number;
}
export interface BuiltinData {
  source: 'builtin';
  name: BuiltinName;
  valFraction: number;
  /** Standardize features (and the diabetes target) with the training split's mean/std. Default true. */
  standardize?: boolean;
}
export interface CsvData {
  source: 'csv';
  /** Paths relative to the experiment file. */
  train: string;
  val?: string;
  target: string;
  task: Task;
  /** Used only when `val` is absent: the fraction of `train` held out. */
  valFraction?: number;
  /** Standardize the features with the training split's mean/std. Default false. */
  standardize?: boolean;
}
export type DataSpec = SyntheticData | BuiltinData | CsvData;

export type Activation = 'relu' | 'tanh' | 'sigmoid' | 'linear';
export type NormKind = 'none' | 'layernorm' | 'batchnorm';
export interface ModelSpec {
  hidden: number[];
  activation: Activation;
  norm: NormKind;
  bias: boolean;
}

export type OptimizerType = 'sgd' | 'adam' | 'adamw';
export interface OptimizerSpec {
  type: OptimizerType;
  lr: number;
  momentum: number;
  dampening: number;
  nesterov: boolean;
  betas: [number, number];
  eps: number;
  amsgrad: boolean;
  weightDecay: number;
}

/** One explicit parameter group; options it omits come from `optimizer` (torch `setdefault`). */
export interface ParamGroupSpec {
  match: string;
  weightDecay?: number;
  lr?: number;
  momentum?: number;
  dampening?: number;
  nesterov?: boolean;
  betas?: [number, number];
  eps?: number;
  amsgrad?: boolean;
}
export type ParamGroupsSpec = 'all' | 'exclude-bias-norm' | 'exclude-1d' | ParamGroupSpec[];

export type L1Mode = 'subgradient' | 'proximal';
export interface PenaltySpec {
  l1: number;
  l2: number;
  /** "all", "weights" (every parameter except biases and norms), or a regex on parameter names. */
  params: string;
  l1Mode: L1Mode;
  activationL1: number;
  activationL2: number;
}

export interface TrainingSpec {
  epochs: number;
  batchSize: number;
  shuffle: boolean;
}

export type SweepMetric = 'valLoss' | 'valAccuracy' | 'trainLoss';
export interface SweepSpec {
  /** A numeric field path such as optimizer.weightDecay or penalty.l1. */
  param: string;
  values?: number[];
  logspace?: { from: number; to: number; num: number };
  seeds: number[];
  metric: SweepMetric;
  select: 'min' | '1se';
  /** Named variants compared across the same grid and seeds: field path -> value overrides. */
  compare?: Array<{
    name: string;
    set: Record<string, unknown>;
    /** The field λ goes into for this variant (default: sweep.param), e.g. penalty.l1 vs penalty.l2. */
    param?: string;
  }>;
  earlyStopping?: {
    kind: 'none' | 'median' | 'successive-halving';
    warmupEpochs?: number;
    /** median: earlier trials needed at an epoch before judging; halving: trials needed at a rung (default 3). */
    minTrials?: number;
    /** successive-halving: keep the best 1/reductionFactor at each rung (default 2). */
    reductionFactor?: number;
  };
}

export interface Experiment {
  name: string;
  seed: number;
  data: DataSpec;
  model: ModelSpec;
  /** Path (relative to the experiment file) of a JSON {param name: nested array} table. */
  init?: string;
  optimizer: OptimizerSpec;
  paramGroups: ParamGroupsSpec;
  penalty: PenaltySpec;
  training: TrainingSpec;
  sweep?: SweepSpec;
}

/** A validated experiment with every default filled in, plus where it came from. */
export interface ResolvedExperiment extends Experiment {
  /** Absolute path of the experiment file, or undefined for an in-memory experiment. */
  sourceFile?: string;
  /** Directory that relative paths (data, init) are resolved against. */
  baseDir: string;
  /** Problems that do not stop a run (e.g. a data file outside the experiment's folder). */
  warnings?: Array<{ file: string; line: number; column: number; path: string; message: string }>;
}

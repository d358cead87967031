// Small experiments and data sets built in memory for the engine's unit and parity tests.
import { Rng } from '../../../src/core/data/rng';
import type { Dataset } from '../../../src/core/data/types';
import type { ResolvedExperiment } from '../../../src/core/experiment/types';

export type DeepPartial<T> = { [K in keyof T]?: T[K] extends object ? (T[K] extends unknown[] ? T[K] : DeepPartial<T[K]>) : T[K] };

/** A resolved experiment with PyTorch's defaults, overridden field by field. */
export function experiment(over: DeepPartial<ResolvedExperiment> = {}): ResolvedExperiment {
  const base: ResolvedExperiment = {
    name: 'test',
    seed: 0,
    data: { source: 'synthetic', name: 'gauss', samples: 64, noise: 0.1, valFraction: 0.25 },
    model: { hidden: [8], activation: 'relu', norm: 'none', bias: true },
    optimizer: { type: 'sgd', lr: 0.05, momentum: 0, dampening: 0, nesterov: false, betas: [0.9, 0.999], eps: 1e-8, amsgrad: false, weightDecay: 0 },
    paramGroups: 'all',
    penalty: { l1: 0, l2: 0, params: 'all', l1Mode: 'subgradient', activationL1: 0, activationL2: 0 },
    training: { epochs: 3, batchSize: 16, shuffle: true },
    baseDir: process.cwd(),
  };
  return {
    ...base, ...over,
    model: { ...base.model, ...over.model },
    optimizer: { ...base.optimizer, ...over.optimizer } as ResolvedExperiment['optimizer'],
    penalty: { ...base.penalty, ...over.penalty },
    training: { ...base.training, ...over.training },
    paramGroups: (over.paramGroups ?? base.paramGroups) as ResolvedExperiment['paramGroups'],
  } as ResolvedExperiment;
}

/** Gaussian blobs: `classes` clusters in `features` dimensions (classification). */
export function blobs(nTrain: number, nVal: number, features = 2, classes = 3, seed = 1): Dataset {
  const rng = new Rng(seed);
  const centers = Array.from({ length: classes }, () => Array.from({ length: features }, () => rng.uniform(-2, 2)));
  const make = (n: number) => {
    const x = new Float32Array(n * features);
    const y = new Float32Array(n);
    for (let i = 0; i < n; i++) {
      const c = i % classes;
      y[i] = c;
      for (let f = 0; f < features; f++) x[i * features + f] = centers[c][f] + 0.8 * rng.normal();
    }
    return { x, y };
  };
  const tr = make(nTrain);
  const va = make(nVal);
  return {
    task: 'classification', features, outputs: classes,
    featureNames: Array.from({ length: features }, (_, i) => `x${i}`),
    classLabels: Array.from({ length: classes }, (_, i) => String(i)),
    xTrain: tr.x, yTrain: tr.y, xVal: va.x, yVal: va.y, nTrain, nVal, description: 'test blobs',
  };
}

/** y = x . w + noise with a few non-zero coefficients (regression). */
export function linearData(nTrain: number, nVal: number, features = 5, seed = 2): Dataset {
  const rng = new Rng(seed);
  const w = Array.from({ length: features }, (_, i) => (i % 2 === 0 ? rng.uniform(-2, 2) : 0));
  const make = (n: number) => {
    const x = new Float32Array(n * features);
    const y = new Float32Array(n);
    for (let i = 0; i < n; i++) {
      let s = 0.3;
      for (let f = 0; f < features; f++) {
        const v = rng.normal();
        x[i * features + f] = v;
        s += v * w[f];
      }
      y[i] = s + 0.1 * rng.normal();
    }
    return { x, y };
  };
  const tr = make(nTrain);
  const va = make(nVal);
  return {
    task: 'regression', features, outputs: 1,
    featureNames: Array.from({ length: features }, (_, i) => `x${i}`),
    xTrain: tr.x, yTrain: tr.y, xVal: va.x, yVal: va.y, nTrain, nVal, description: 'test linear data',
    trueCoefficients: w,
  };
}

// Small experiments and data sets built in memory for the engine's unit and parity tests.
import { Rng } from '../../../src/core/data/rng';
import type { Dataset } from '../../../src/core/data/types';
import { fillDefaults } from '../../../src/core/experiment/defaults';
import type { ResolvedExperiment } from '../../../src/core/experiment/types';

export type DeepPartial<T> = { [K in keyof T]?: T[K] extends object ? (T[K] extends unknown[] ? T[K] : DeepPartial<T[K]>) : T[K] };

/** What the engine tests start from (as written in a file); everything else is the format's defaults. */
const BASE = {
  name: 'test',
  seed: 0,
  data: { source: 'synthetic', name: 'gauss', samples: 64, noise: 0.1, valFraction: 0.25 },
  model: { hidden: [8], activation: 'relu', norm: 'none', bias: true },
  optimizer: { type: 'sgd', lr: 0.05 },
  training: { epochs: 3, batchSize: 16, shuffle: true },
};

/** A resolved experiment: BASE overridden field by field, defaults filled in by the experiment loader's rules. */
export function experiment(over: DeepPartial<ResolvedExperiment> = {}): ResolvedExperiment {
  const raw = {
    ...BASE, ...over,
    model: { ...BASE.model, ...over.model },
    optimizer: { ...BASE.optimizer, ...over.optimizer },
    penalty: { ...over.penalty },
    training: { ...BASE.training, ...over.training },
  };
  return { ...fillDefaults(raw), baseDir: process.cwd() };
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

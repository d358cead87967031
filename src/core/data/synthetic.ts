// Synthetic data sets, all drawn from Rng(deriveSeed(seed, "data")). The four classification sets
// and the two regression sets follow the formulas of TensorFlow Playground's dataset.ts (labels
// -1/+1 become class 0/1; the Gaussian draws use Box-Muller instead of the polar method);
// sparse-linear and poly are RegLab's own. Each returns float64 rows; the split happens later.
import { deriveSeed, Rng } from './rng';
import type { SyntheticData } from '../experiment/types';

export interface RawData {
  task: 'regression' | 'classification';
  features: number;
  featureNames: string[];
  /** Row-major [n, features]. */
  x: Float64Array;
  /** Class ids or targets. */
  y: Float64Array;
  classLabels?: string[];
  trueCoefficients?: number[];
  description: string;
}

const PLAYGROUND = 'TensorFlow Playground formulas (github.com/tensorflow/playground, src/dataset.ts)';

export function generateSynthetic(spec: SyntheticData, seed: number): RawData {
  const rng = new Rng(deriveSeed(seed, 'data'));
  const n = spec.samples;
  const noise = spec.noise;
  switch (spec.name) {
    case 'circle': return playground2D(n, 'circle', (cls) => circlePoint(rng, cls, noise));
    case 'xor': return playground2D(n, 'xor', () => xorPoint(rng, noise));
    case 'gauss': return playground2D(n, 'gauss', (cls) => gaussPoint(rng, cls, noise));
    case 'spiral': return spiral(rng, n, noise);
    case 'reg-plane': return playgroundRegression(n, 'reg-plane', () => regPlanePoint(rng, noise));
    case 'reg-gauss': return playgroundRegression(n, 'reg-gauss', () => regGaussPoint(rng, noise));
    case 'sparse-linear': return sparseLinear(rng, n, spec.features ?? 50, spec.informative ?? 5, noise);
    case 'poly': return poly(rng, n, spec.degree ?? 3, noise);
  }
}

type Point = [x: number, y: number, label: number];

/** Class 1 first (ceil(n/2) points), then class 0, as the Playground generates them. */
function playground2D(n: number, name: string, draw: (cls: 0 | 1) => Point): RawData {
  const x = new Float64Array(n * 2);
  const y = new Float64Array(n);
  const nPos = Math.ceil(n / 2);
  for (let i = 0; i < n; i++) {
    const [a, b, label] = draw(i < nPos ? 1 : 0);
    x[2 * i] = a; x[2 * i + 1] = b; y[i] = label;
  }
  return { task: 'classification', features: 2, featureNames: ['x1', 'x2'], x, y, classLabels: ['-1', '1'], description: `synthetic "${name}", ${PLAYGROUND}` };
}

function circlePoint(rng: Rng, cls: 0 | 1, noise: number): Point {
  const radius = 5;
  const r = cls === 1 ? rng.uniform(0, radius * 0.5) : rng.uniform(radius * 0.7, radius);
  const angle = rng.uniform(0, 2 * Math.PI);
  const x = r * Math.sin(angle);
  const y = r * Math.cos(angle);
  const nx = rng.uniform(-radius, radius) * noise;
  const ny = rng.uniform(-radius, radius) * noise;
  // The label comes from the noisy position, so noise flips points near the boundary.
  return [x, y, Math.hypot(x + nx, y + ny) < radius * 0.5 ? 1 : 0];
}

function xorPoint(rng: Rng, noise: number): Point {
  const padding = 0.3;
  let x = rng.uniform(-5, 5);
  x += x > 0 ? padding : -padding;
  let y = rng.uniform(-5, 5);
  y += y > 0 ? padding : -padding;
  const nx = rng.uniform(-5, 5) * noise;
  const ny = rng.uniform(-5, 5) * noise;
  return [x, y, (x + nx) * (y + ny) >= 0 ? 1 : 0];
}

function gaussPoint(rng: Rng, cls: 0 | 1, noise: number): Point {
  // Playground: variance = linear map of noise from [0, 0.5] to [0.5, 4].
  const sd = Math.sqrt(0.5 + noise * 7);
  const c = cls === 1 ? 2 : -2;
  return [c + sd * rng.normal(), c + sd * rng.normal(), cls];
}

function spiral(rng: Rng, n: number, noise: number): RawData {
  const counts = [Math.ceil(n / 2), Math.floor(n / 2)];
  let i = 0;
  return playground2D(n, 'spiral', (cls) => {
    const m = counts[cls === 1 ? 0 : 1];
    const k = cls === 1 ? i : i - counts[0];
    i++;
    const r = (k / m) * 5;
    const t = ((1.75 * k) / m) * 2 * Math.PI + (cls === 1 ? 0 : Math.PI);
    return [r * Math.sin(t) + rng.uniform(-1, 1) * noise, r * Math.cos(t) + rng.uniform(-1, 1) * noise, cls];
  });
}

function playgroundRegression(n: number, name: string, draw: () => Point): RawData {
  const x = new Float64Array(n * 2);
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) { const [a, b, t] = draw(); x[2 * i] = a; x[2 * i + 1] = b; y[i] = t; }
  return { task: 'regression', features: 2, featureNames: ['x1', 'x2'], x, y, description: `synthetic "${name}", ${PLAYGROUND}` };
}

function noisyUniformPoint(rng: Rng, noise: number): [number, number, number, number] {
  const radius = 6;
  const x = rng.uniform(-radius, radius);
  const y = rng.uniform(-radius, radius);
  const nx = rng.uniform(-radius, radius) * noise;
  const ny = rng.uniform(-radius, radius) * noise;
  return [x, y, x + nx, y + ny];
}

function regPlanePoint(rng: Rng, noise: number): Point {
  const [x, y, lx, ly] = noisyUniformPoint(rng, noise);
  return [x, y, (lx + ly) / 10]; // linear map of [-10, 10] to [-1, 1]
}

const BUMPS: ReadonlyArray<[number, number, number]> = [[-4, 2.5, 1], [0, 2.5, -1], [4, 2.5, 1], [-4, -2.5, -1], [0, -2.5, 1], [4, -2.5, -1]];

function regGaussPoint(rng: Rng, noise: number): Point {
  const [x, y, lx, ly] = noisyUniformPoint(rng, noise);
  let label = 0;
  for (const [cx, cy, sign] of BUMPS) {
    // Height falls linearly from 1 at the centre to 0 at distance 2 (clamped); keep the largest |height|.
    const h = sign * Math.min(1, Math.max(0, 1 - Math.hypot(lx - cx, ly - cy) / 2));
    if (Math.abs(h) > Math.abs(label)) label = h;
  }
  return [x, y, label];
}

/**
 * y = X·w + noise·ε with X, ε standard normal. Draw order: the informative features (the first
 * `informative` entries of a permutation of the features), their coefficients ±U(1, 3) (sign
 * first, then magnitude, in feature order), then X row by row, then ε.
 */
function sparseLinear(rng: Rng, n: number, p: number, k: number, noise: number): RawData {
  const chosen = Array.from(rng.permutation(p).subarray(0, k)).sort((a, b) => a - b);
  const w = new Array<number>(p).fill(0);
  for (const j of chosen) { const sign = rng.next() < 0.5 ? -1 : 1; w[j] = sign * rng.uniform(1, 3); }
  const x = new Float64Array(n * p);
  for (let i = 0; i < x.length; i++) x[i] = rng.normal();
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (const j of chosen) s += x[i * p + j] * w[j];
    y[i] = s;
  }
  for (let i = 0; i < n; i++) y[i] += noise * rng.normal();
  return {
    task: 'regression', features: p, featureNames: Array.from({ length: p }, (_, j) => `x${j + 1}`), x, y,
    trueCoefficients: w,
    description: `synthetic "sparse-linear": ${p} standard-normal features, ${k} with non-zero true coefficients (features ${chosen.map((j) => j + 1).join(', ') || 'none'}), Gaussian target noise sd ${noise}`,
  };
}

/** y = Σ c_k x^k + noise·ε, x ~ U(-1, 1), c_k ~ N(0, 1). Draw order: c_0..c_degree, then x and ε per sample. */
function poly(rng: Rng, n: number, degree: number, noise: number): RawData {
  const coef = Array.from({ length: degree + 1 }, () => rng.normal());
  const x = new Float64Array(n);
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const v = rng.uniform(-1, 1);
    let s = 0;
    for (let k = degree; k >= 0; k--) s = s * v + coef[k];
    x[i] = v;
    y[i] = s + noise * rng.normal();
  }
  const terms = coef.map((c, k) => `${c.toFixed(4)}${k ? `·x^${k}` : ''}`).join(' + ');
  return { task: 'regression', features: 1, featureNames: ['x'], x, y, description: `synthetic "poly": y = ${terms} + noise (sd ${noise}), x ~ U(-1, 1)` };
}

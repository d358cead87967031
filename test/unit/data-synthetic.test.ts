// Synthetic data: deterministic by seed, the documented shapes, class balance, split, formulas.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadDataset } from '../../src/core/data/loadDataset';
import { generateSynthetic } from '../../src/core/data/synthetic';
import { splitIndices, validationCount } from '../../src/core/data/split';
import { staticDataShape } from '../../src/core/data/shape';
import { resolveExperiment } from '../../src/core/experiment';
import type { SyntheticData, SyntheticName } from '../../src/core/experiment/types';

const exp = (data: string, seed = 0) => resolveExperiment(`{"seed": ${seed}, "data": ${data}}`, { baseDir: '/tmp' });
const synth = (name: SyntheticName, extra: Partial<SyntheticData> = {}): SyntheticData => ({ source: 'synthetic', name, samples: 200, noise: 0, valFraction: 0.25, ...extra });

test('same seed, same data, bit for bit; another seed, other data', () => {
  for (const name of ['circle', 'xor', 'gauss', 'spiral', 'reg-plane', 'reg-gauss', 'sparse-linear', 'poly'] as const) {
    const a = loadDataset(exp(`{"source": "synthetic", "name": "${name}"}`, 3));
    const b = loadDataset(exp(`{"source": "synthetic", "name": "${name}"}`, 3));
    const c = loadDataset(exp(`{"source": "synthetic", "name": "${name}"}`, 4));
    assert.deepEqual(Buffer.from(a.xTrain.buffer), Buffer.from(b.xTrain.buffer), name);
    assert.deepEqual(Buffer.from(a.yVal.buffer), Buffer.from(b.yVal.buffer), name);
    assert.notDeepEqual(Array.from(a.xTrain.slice(0, 8)), Array.from(c.xTrain.slice(0, 8)), name);
  }
});

test('shapes and split sizes: 400 samples, valFraction 0.2 -> 320 / 80; matches staticDataShape', () => {
  for (const [name, features, outputs] of [['spiral', 2, 2], ['reg-gauss', 2, 1], ['poly', 1, 1], ['sparse-linear', 50, 1]] as const) {
    const e = exp(`{"source": "synthetic", "name": "${name}"}`);
    const d = loadDataset(e);
    assert.deepEqual([d.features, d.outputs, d.nTrain, d.nVal], [features, outputs, 320, 80], name);
    assert.equal(d.xTrain.length, 320 * features);
    assert.equal(d.yVal.length, 80);
    assert.deepEqual(staticDataShape(e.data), { inputs: features, outputs, nTrain: 320, nVal: 80 });
    assert.equal(d.task, outputs === 1 ? 'regression' : 'classification');
  }
});

test('circle, gauss, spiral have exactly half of each class (noise 0); xor about half (uniform points); labels 0/1 from -1/+1', () => {
  for (const name of ['circle', 'xor', 'gauss', 'spiral'] as const) {
    const r = generateSynthetic(synth(name), 1);
    const ones = r.y.reduce((s, v) => s + v, 0);
    if (name === 'xor') assert.ok(Math.abs(ones - 100) < 25, String(ones)); else assert.equal(ones, 100, name);
    assert.ok(r.y.every((v) => v === 0 || v === 1));
    assert.deepEqual(r.classLabels, ['-1', '1']);
  }
});

test('Playground geometry: circle radii, xor sign rule with padding, spiral radius, reg-plane target', () => {
  const c = generateSynthetic(synth('circle'), 2);
  for (let i = 0; i < 200; i++) {
    const r = Math.hypot(c.x[2 * i], c.x[2 * i + 1]);
    if (c.y[i] === 1) assert.ok(r <= 2.5); else assert.ok(r >= 3.5 && r <= 5);
  }
  const x = generateSynthetic(synth('xor'), 2);
  for (let i = 0; i < 200; i++) {
    const [a, b] = [x.x[2 * i], x.x[2 * i + 1]];
    assert.ok(Math.abs(a) >= 0.3 && Math.abs(b) >= 0.3);
    assert.equal(x.y[i], a * b >= 0 ? 1 : 0);
  }
  const s = generateSynthetic(synth('spiral'), 2);
  assert.ok(Math.hypot(s.x[0], s.x[1]) < 1e-12); // first point of each spiral at the centre
  assert.ok(Math.abs(Math.hypot(s.x[2 * 99], s.x[2 * 99 + 1]) - 4.95) < 1e-9);
  const p = generateSynthetic(synth('reg-plane'), 2);
  for (let i = 0; i < 200; i++) assert.ok(Math.abs(p.y[i] - (p.x[2 * i] + p.x[2 * i + 1]) / 10) < 1e-12);
  const g = generateSynthetic(synth('reg-gauss'), 2);
  assert.ok(g.y.every((v) => v >= -1 && v <= 1) && g.y.some((v) => v > 0.5) && g.y.some((v) => v < -0.5));
});

test('sparse-linear: true coefficients returned, `informative` of them non-zero, y = X·w exactly without noise', () => {
  const r = generateSynthetic(synth('sparse-linear', { features: 20, informative: 3 }), 5);
  const w = r.trueCoefficients!;
  assert.equal(w.length, 20);
  assert.equal(w.filter((v) => v !== 0).length, 3);
  assert.ok(w.every((v) => v === 0 || (Math.abs(v) >= 1 && Math.abs(v) <= 3)));
  for (let i = 0; i < 200; i++) {
    let s = 0;
    for (let j = 0; j < 20; j++) s += r.x[i * 20 + j] * w[j];
    assert.ok(Math.abs(s - r.y[i]) < 1e-9);
  }
  const d = loadDataset(exp('{"source": "synthetic", "name": "sparse-linear", "features": 20, "informative": 3}'));
  assert.equal(d.trueCoefficients!.filter((v) => v !== 0).length, 3);
  // Noise: residual sd close to the requested one.
  const n = generateSynthetic(synth('sparse-linear', { features: 10, informative: 2, noise: 0.5, samples: 4000 }), 1);
  let ss = 0;
  for (let i = 0; i < 4000; i++) { let s = 0; for (let j = 0; j < 10; j++) s += n.x[i * 10 + j] * n.trueCoefficients![j]; ss += (n.y[i] - s) ** 2; }
  assert.ok(Math.abs(Math.sqrt(ss / 4000) - 0.5) < 0.03);
});

test('gauss noise widens the blobs as in the Playground (variance 0.5 + 7·noise)', () => {
  const r = generateSynthetic(synth('gauss', { samples: 20000, noise: 0.5 }), 1);
  let ss = 0;
  for (let i = 0; i < 10000; i++) ss += (r.x[2 * i] - 2) ** 2;
  assert.ok(Math.abs(ss / 10000 - 4) < 0.15, String(ss / 10000));
});

test('split: seeded, disjoint, complete, each part in file order; at least one row on each side', () => {
  const { train, val } = splitIndices(50, 0.3, 9);
  assert.equal(val.length, 15);
  assert.deepEqual([...train, ...val].sort((a, b) => a - b), Array.from({ length: 50 }, (_, i) => i));
  assert.deepEqual(train, [...train].sort((a, b) => a - b));
  assert.deepEqual(splitIndices(50, 0.3, 9), { train, val });
  assert.notDeepEqual(splitIndices(50, 0.3, 10).val, val);
  assert.equal(validationCount(4, 0.01), 1);
  assert.equal(validationCount(4, 0.99), 3);
});

test('synthetic data is not standardized; float32 values equal the float64 draws rounded', () => {
  const e = exp('{"source": "synthetic", "name": "xor", "samples": 40}');
  const d = loadDataset(e);
  const raw = generateSynthetic(e.data as SyntheticData, e.seed);
  const { train } = splitIndices(40, 0.2, 0);
  assert.equal(d.xTrain[0], Math.fround(raw.x[train[0] * 2]));
  assert.equal(d.xTrain[3], Math.fround(raw.x[train[1] * 2 + 1]));
});

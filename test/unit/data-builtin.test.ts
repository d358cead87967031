// Built-in data sets: shapes, class counts, standardization with training-split statistics.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { BUILTIN, builtinDataDir, readBuiltin } from '../../src/core/data/builtin';
import { loadDataset } from '../../src/core/data/loadDataset';
import { splitIndices } from '../../src/core/data/split';
import { resolveExperiment } from '../../src/core/experiment';

const exp = (data: string) => resolveExperiment(`{"data": ${data}}`, { baseDir: '/tmp' });

test('shapes: diabetes 442x10, breast-cancer 569x30, digits 1797x64, iris 150x4, wine 178x13', () => {
  const want = { diabetes: [442, 10, 1], 'breast-cancer': [569, 30, 2], digits: [1797, 64, 10], iris: [150, 4, 3], wine: [178, 13, 3] } as const;
  for (const [name, [n, p, k]] of Object.entries(want)) {
    const d = loadDataset(exp(`{"source": "builtin", "name": "${name}"}`));
    assert.deepEqual([d.nTrain + d.nVal, d.features, d.outputs, d.featureNames.length], [n, p, k, p], name);
    assert.equal(d.nVal, Math.round(n * 0.2), name);
  }
});

test('class counts and labels as in the original files', () => {
  const counts = (name: 'iris' | 'wine' | 'breast-cancer' | 'digits') => {
    const r = readBuiltin(name);
    const c = new Array<number>(r.classLabels!.length).fill(0);
    r.y.forEach((v) => c[v]++);
    return [r.classLabels, c];
  };
  assert.deepEqual(counts('iris'), [['setosa', 'versicolor', 'virginica'], [50, 50, 50]]);
  assert.deepEqual(counts('wine'), [['class_0', 'class_1', 'class_2'], [59, 71, 48]]);
  assert.deepEqual(counts('breast-cancer'), [['malignant', 'benign'], [212, 357]]);
  assert.equal((counts('digits')[1] as number[]).reduce((a, b) => a + b, 0), 1797);
  const iris = readBuiltin('iris');
  assert.deepEqual(Array.from(iris.x.slice(0, 4)), [5.1, 3.5, 1.4, 0.2]);
  const dia = readBuiltin('diabetes');
  assert.deepEqual([dia.x[0], dia.x[1], dia.x[2], dia.y[0], dia.y[441]], [59, 2, 32.1, 151, 57]);
});

test('standardization uses training-split mean and population std; val uses the same transform', () => {
  const e = exp('{"source": "builtin", "name": "wine", "valFraction": 0.3}');
  const d = loadDataset(e);
  const raw = readBuiltin('wine');
  const { train, val } = splitIndices(178, 0.3, 0);
  for (let j = 0; j < 13; j++) {
    const col = train.map((i) => raw.x[i * 13 + j]);
    const mean = col.reduce((a, b) => a + b, 0) / col.length;
    const sd = Math.sqrt(col.reduce((a, b) => a + (b - mean) ** 2, 0) / col.length);
    let m = 0, s = 0;
    for (let i = 0; i < d.nTrain; i++) m += d.xTrain[i * 13 + j];
    m /= d.nTrain;
    for (let i = 0; i < d.nTrain; i++) s += (d.xTrain[i * 13 + j] - m) ** 2;
    assert.ok(Math.abs(m) < 1e-5 && Math.abs(Math.sqrt(s / d.nTrain) - 1) < 1e-5, `feature ${j}`);
    assert.ok(Math.abs(d.xVal[j] - Math.fround((raw.x[val[0] * 13 + j] - mean) / sd)) < 1e-5);
  }
});

test('diabetes target is standardized with training statistics; standardize: false keeps raw values', () => {
  const d = loadDataset(exp('{"source": "builtin", "name": "diabetes"}'));
  const mean = d.yTrain.reduce((a, b) => a + b, 0) / d.nTrain;
  assert.ok(Math.abs(mean) < 1e-5);
  assert.match(d.description, /target standardized with the training split mean [\d.]+ and std [\d.]+/);
  const raw = loadDataset(exp('{"source": "builtin", "name": "diabetes", "standardize": false}'));
  assert.ok(raw.yTrain.every((v) => v >= 25 && v <= 346));
  assert.ok(raw.xTrain.some((v) => v === 59));
});

test('digits constant pixels are centred, not divided by zero', () => {
  const d = loadDataset(exp('{"source": "builtin", "name": "digits"}'));
  assert.ok(d.xTrain.every(Number.isFinite) && d.xVal.every(Number.isFinite));
  assert.ok(d.xTrain.filter((_, i) => i % 64 === 0).every((v) => v === 0)); // pixel_0_0 is always 0
});

test('breast_cancer.csv.gz decompresses to scikit-learn\'s original file (sha256 in the README)', () => {
  const dir = builtinDataDir();
  const sha = createHash('sha256').update(gunzipSync(readFileSync(path.join(dir, 'breast_cancer.csv.gz')))).digest('hex');
  assert.equal(sha, 'fed3eb72d0575ef6192293f5093c6e801b1476b577d0386bf4455504522172ed');
  assert.match(readFileSync(path.join(dir, 'README.md'), 'utf8'), /BSD 3-Clause/);
  assert.deepEqual(Object.keys(BUILTIN).sort(), ['breast-cancer', 'diabetes', 'digits', 'iris', 'wine']);
});

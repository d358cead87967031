// Training batches cut on the host (src/core/train/hostBatches.ts) and the validation accuracy
// counted on the host (losses.ts correctCount) against the TF.js ops they replace: tf.gather of
// the device copy by the epoch's permutation (tf.slice in file order) with a one-hot target from
// tf.oneHot, and argMax/equal/sum. Both must agree to the bit, on both backends, for odd batch
// tails, one feature, one output (regression) and many classes, and on ties (first maximum wins,
// as torch.argmax).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { selectBackend } from '../../src/core/backend/selectBackend';
import { Rng } from '../../src/core/data/rng';
import type { Dataset } from '../../src/core/data/types';
import { hostBatches, targetRows } from '../../src/core/train/hostBatches';
import { correctCount } from '../../src/core/train/losses';

function dataset(task: Dataset['task'], n: number, features: number, outputs: number, seed: number): Dataset {
  const rng = new Rng(seed);
  const xTrain = Float32Array.from({ length: n * features }, () => rng.uniform(-3, 3));
  const yTrain = task === 'classification'
    ? Float32Array.from({ length: n }, () => Math.floor(rng.next() * outputs))
    : Float32Array.from({ length: n }, () => rng.uniform(-1, 1));
  return {
    task, features, outputs, nTrain: n, nVal: 0, xTrain, yTrain, xVal: new Float32Array(0), yVal: new Float32Array(0),
    featureNames: Array.from({ length: features }, (_, i) => `x${i}`), description: "test data",
  };
}

/** The device path the host batches replace (train.ts before): gather or slice of device copies. */
function deviceBatch(data: Dataset, order: Int32Array | undefined, start: number, end: number): [Float32Array, Float32Array] {
  return tf.tidy(() => {
    const x = tf.tensor2d(data.xTrain, [data.nTrain, data.features]);
    const target = data.task === 'classification'
      ? tf.cast(tf.oneHot(tf.tensor1d(data.yTrain, 'int32'), data.outputs), 'float32') as tf.Tensor2D
      : tf.tensor2d(data.yTrain, [data.nTrain, 1]);
    if (!order) return [tf.slice(x, [start, 0], [end - start, -1]).dataSync(), tf.slice(target, [start, 0], [end - start, -1]).dataSync()] as [Float32Array, Float32Array];
    const idx = tf.tensor1d(order.subarray(start, end), 'int32');
    return [tf.gather(x, idx).dataSync(), tf.gather(target, idx).dataSync()] as [Float32Array, Float32Array];
  });
}

for (const backend of ['wasm', 'cpu'] as const) {
  test(`host batches equal the device gather and slice, bit for bit (${backend})`, async () => {
    await selectBackend(backend);
    const cases = [
      { task: 'classification' as const, n: 203, features: 2, outputs: 2, batch: 32 },
      { task: 'classification' as const, n: 50, features: 7, outputs: 10, batch: 16 },
      { task: 'regression' as const, n: 77, features: 1, outputs: 1, batch: 10 },
      { task: 'regression' as const, n: 5, features: 3, outputs: 1, batch: 8 },
    ];
    let compared = 0;
    for (const [ci, c] of cases.entries()) {
      const data = dataset(c.task, c.n, c.features, c.outputs, 11 + ci);
      const host = hostBatches(data);
      const rng = new Rng(99 + ci);
      for (const order of [rng.permutation(c.n), undefined]) {
        for (let start = 0; start < c.n; start += c.batch) {
          const end = Math.min(c.n, start + c.batch);
          const [x, y] = host.batch(order, start, end);
          const width = c.task === 'classification' ? c.outputs : 1;
          assert.deepEqual(x.shape, [end - start, c.features]);
          assert.deepEqual(y.shape, [end - start, width]);
          assert.equal(x.dtype, 'float32');
          const [wantX, wantY] = deviceBatch(data, order, start, end);
          assert.deepEqual(x.dataSync(), wantX, `case ${ci} rows ${start}..${end} ${order ? 'shuffled' : 'in order'}: x`);
          assert.deepEqual(y.dataSync(), wantY, `case ${ci} rows ${start}..${end} ${order ? 'shuffled' : 'in order'}: target`);
          x.dispose();
          y.dispose();
          compared++;
        }
      }
    }
    assert.ok(compared > 30, `compared ${compared} batches`);
  });

  test(`host batches do not share memory between batches (${backend})`, async () => {
    await selectBackend(backend);
    const data = dataset('classification', 64, 2, 3, 5);
    const host = hostBatches(data);
    const order = new Rng(1).permutation(64);
    const [x1] = host.batch(order, 0, 32);
    const first = Float32Array.from(x1.dataSync());
    const [x2, y2] = host.batch(order, 32, 64);
    assert.deepEqual(x1.dataSync(), first, 'the second batch must not overwrite the first (the cpu backend keeps the array it is given)');
    assert.notDeepEqual(x2.dataSync(), first);
    tf.dispose([x1, x2, y2]);
  });
}

test('targetRows: one-hot rows for classification, the values themselves for regression', () => {
  const onehot = targetRows('classification', Float32Array.from([2, 0, 1]), 3);
  assert.equal(onehot.width, 3);
  assert.deepEqual(Array.from(onehot.values), [0, 0, 1, 1, 0, 0, 0, 1, 0]);
  const y = Float32Array.from([0.5, -1]);
  assert.deepEqual(targetRows('regression', y, 1), { values: y, width: 1 });
});

test('correctCount on the host equals argMax/equal/sum on the device, ties to the first maximum', async () => {
  await selectBackend('wasm');
  const rng = new Rng(3);
  for (const classes of [2, 3, 10]) {
    const rows = 157;
    // Rounded logits make ties common.
    const logits = Float32Array.from({ length: rows * classes }, () => Math.round(rng.uniform(-2, 2)));
    const labels = Float32Array.from({ length: rows }, () => Math.floor(rng.next() * classes));
    const want = tf.tidy(() => tf.sum(tf.cast(tf.equal(tf.argMax(tf.tensor2d(logits, [rows, classes]), 1), tf.tensor1d(labels, 'int32')), 'float32')).dataSync()[0]);
    assert.equal(correctCount(logits, classes, labels), want, `${classes} classes`);
  }
  // All equal: class 0 is the arg-max, as torch.argmax.
  assert.equal(correctCount(Float32Array.from([1, 1, 1, 1]), 2, Float32Array.from([0, 1])), 1);
});

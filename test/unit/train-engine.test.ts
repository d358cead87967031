import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { selectBackend } from '../../src/core/backend/selectBackend';
import { deriveSeed, Rng } from '../../src/core/data/rng';
import { defaultInitTable } from '../../src/core/model/defaultInit';
import { train } from '../../src/core/train/train';
import type { EpochMetrics } from '../../src/core/train/types';
import { blobs, experiment, linearData } from '../parity/helpers/fixtures';

const withoutTime = (ms: EpochMetrics[]) => ms.map(({ timeMs: _t, ...rest }) => rest);

test('the number of live tensors does not grow across epochs and returns to its start', async () => {
  await selectBackend('wasm');
  const configs = [
    experiment({ optimizer: { type: 'sgd', momentum: 0.9, nesterov: true, weightDecay: 1e-3 }, model: { hidden: [8, 8], norm: 'batchnorm' }, penalty: { l1: 1e-3, activationL1: 1e-3 } }),
    experiment({ optimizer: { type: 'adam', amsgrad: true, weightDecay: 1e-3 }, model: { hidden: [8], norm: 'layernorm' }, penalty: { l2: 1e-3, activationL2: 1e-3 } }),
    experiment({ optimizer: { type: 'adamw', weightDecay: 1e-2 }, paramGroups: 'exclude-bias-norm', penalty: { l1: 1e-2, l1Mode: 'proximal' }, training: { shuffle: false } }),
  ];
  for (const exp of configs) {
    const before = tf.memory().numTensors;
    const counts: number[] = [];
    const r = await train({ ...exp, training: { ...exp.training, epochs: 5 } }, blobs(70, 20), { backend: 'wasm', onEpoch: () => counts.push(tf.memory().numTensors) });
    assert.equal(r.status, 'completed');
    assert.equal(counts.length, 5);
    assert.ok(counts.every((c) => c === counts[0]), `tensor counts per epoch: ${counts.join(', ')}`);
    assert.equal(tf.memory().numTensors, before, 'tensors left after train()');
  }
});

test('same seed, config and backend give identical metrics and parameters; another seed does not', async () => {
  const exp = experiment({ optimizer: { type: 'adam', lr: 0.01 }, model: { hidden: [8], norm: 'batchnorm' }, training: { epochs: 4, batchSize: 10 } });
  const data = blobs(64, 16);
  const a = await train(exp, data, { backend: 'wasm' });
  const b = await train(exp, data, { backend: 'wasm' });
  assert.deepEqual(withoutTime(a.metrics), withoutTime(b.metrics));
  assert.deepEqual(a.params, b.params);
  assert.deepEqual(a.buffers, b.buffers);
  const c = await train({ ...exp, seed: 1 }, data, { backend: 'wasm' });
  assert.notDeepEqual(c.params, a.params);
});

test('a huge learning rate ends as "diverged" with the epoch and step, without throwing', async () => {
  const exp = experiment({ model: { hidden: [] }, optimizer: { lr: 1e6 }, training: { epochs: 5, batchSize: 10, shuffle: false } });
  const r = await train(exp, linearData(50, 10), { backend: 'wasm' });
  assert.equal(r.status, 'diverged');
  assert.ok(r.divergence, 'divergence details');
  assert.equal(r.divergence!.epoch, 1);
  assert.ok(r.divergence!.step >= 2 && r.divergence!.step <= 5, `step ${r.divergence!.step}`);
  assert.match(r.divergence!.message, /epoch 1/);
  assert.equal(r.metrics.length, 0);
  // A slow blow-up (full batch: one step per epoch) keeps the finished epochs' metrics and
  // names the exact step.
  const slow = experiment({ model: { hidden: [] }, optimizer: { lr: 2 }, training: { epochs: 300, batchSize: 50, shuffle: false } });
  const r2 = await train(slow, linearData(50, 10), { backend: 'wasm' });
  assert.equal(r2.status, 'diverged');
  assert.ok(r2.divergence!.epoch > 5, `diverged at epoch ${r2.divergence!.epoch}`);
  assert.equal(r2.metrics.length, r2.divergence!.epoch - 1);
  assert.equal(r2.divergence!.step, r2.divergence!.epoch, 'one step per epoch: step = epoch');
  assert.ok(r2.metrics.every((m) => Number.isFinite(m.trainLoss)));
});

test('aborting stops the run with status "stopped" and the finished epochs', async () => {
  const ctrl = new AbortController();
  const r = await train(experiment({ training: { epochs: 50 } }), blobs(64, 16), {
    backend: 'wasm', signal: ctrl.signal, onEpoch: (m) => { if (m.epoch === 2) ctrl.abort(); },
  });
  assert.equal(r.status, 'stopped');
  assert.equal(r.metrics.length, 2);
  assert.ok(Object.keys(r.params).length > 0);
});

test('an abort from a timer lands mid-run (the loop yields to the event loop)', async () => {
  const ctrl = new AbortController();
  const timer = setTimeout(() => ctrl.abort(), 150);
  const started = Date.now();
  const r = await train(experiment({ model: { hidden: [32, 32] }, training: { epochs: 100000, batchSize: 4 } }), blobs(256, 16), { backend: 'wasm', signal: ctrl.signal });
  clearTimeout(timer);
  assert.equal(r.status, 'stopped');
  assert.ok(Date.now() - started < 5000);
});

test('epoch metrics: losses, groups with lr*wd, parameter statistics, histograms at checkpoints', async () => {
  const exp = experiment({
    optimizer: { type: 'adamw', lr: 0.01, weightDecay: 0.05 }, paramGroups: 'exclude-bias-norm',
    model: { hidden: [6], norm: 'layernorm' }, penalty: { l2: 0.01, params: 'weights' }, training: { epochs: 8 },
  });
  const r = await train(exp, blobs(40, 20), { backend: 'wasm' });
  assert.equal(r.status, 'completed');
  assert.equal(r.metrics.length, 8);
  const m = r.metrics[7];
  assert.ok(m.trainLoss > 0 && m.valLoss > 0 && m.penalty > 0);
  assert.ok(m.valAccuracy! >= 0 && m.valAccuracy! <= 1 && Number.isInteger(m.valAccuracy! * 20));
  assert.deepEqual(m.groups.map((g) => [g.index, g.weightDecay, g.effectiveDecay, g.params]), [
    [0, 0.05, 0.01 * 0.05, ['0.weight', '3.weight']],
    [1, 0, 0, ['0.bias', '1.weight', '1.bias', '3.bias']],
  ]);
  assert.deepEqual(Object.keys(m.params), ['0.weight', '0.bias', '1.weight', '1.bias', '3.weight', '3.bias']);
  assert.equal(m.params['0.weight'].kind, 'weight');
  assert.equal(m.params['1.weight'].kind, 'norm');
  assert.equal(m.params['0.weight'].decayed, true);
  assert.equal(m.params['0.bias'].decayed, false);
  const w = (r.params['0.weight'] as number[][]).flat();
  assert.ok(Math.abs(m.params['0.weight'].l2 - Math.hypot(...w)) < 1e-9);
  assert.ok(Math.abs(m.params['0.weight'].maxAbs - Math.max(...w.map(Math.abs))) < 1e-9);
  const withHist = r.metrics.filter((e) => e.histograms).map((e) => e.epoch);
  assert.deepEqual(withHist, [1, 2, 4, 6, 8]);
  const h = r.metrics[0].histograms!['0.weight'];
  assert.equal(h.edges.length, h.counts.length + 1);
  assert.equal(h.counts.reduce((a, b) => a + b, 0), w.length);
});

test('proximal L1 reaches exact zeros; subgradient L1 does not', async () => {
  const data = linearData(80, 20, 8);
  const base = { model: { hidden: [] as number[] }, optimizer: { lr: 0.05 }, training: { epochs: 40, batchSize: 20 } };
  const prox = await train(experiment({ ...base, penalty: { l1: 0.1, l1Mode: 'proximal', params: 'weights' } }), data, { backend: 'wasm' });
  const sub = await train(experiment({ ...base, penalty: { l1: 0.1, l1Mode: 'subgradient', params: 'weights' } }), data, { backend: 'wasm' });
  assert.ok(prox.metrics.at(-1)!.params['0.weight'].zeroFrac >= 0.25, `proximal zero fraction ${prox.metrics.at(-1)!.params['0.weight'].zeroFrac}`);
  assert.equal(sub.metrics.at(-1)!.params['0.weight'].zeroFrac, 0);
});

test('an init table is used as given and checked against the model', async () => {
  const exp = experiment({ model: { hidden: [] }, optimizer: { lr: 0 }, training: { epochs: 1 } });
  const init = { '0.weight': [[0.5, -0.25, 0, 1, 2]], '0.bias': [0.125] };
  const r = await train(exp, linearData(20, 5), { backend: 'wasm', init });
  assert.deepEqual(r.params, init);
  await assert.rejects(train(exp, linearData(20, 5), { backend: 'wasm', init: { '0.weight': [[1, 2]], '0.bias': [0] } }), /"0\.weight": expected an array of shape \[1, 5\]/);
  await assert.rejects(train(exp, linearData(20, 5), { backend: 'wasm', init: { '0.weight': init['0.weight'] } }), /missing parameter "0\.bias"/);
  await assert.rejects(train(exp, linearData(20, 5), { backend: 'wasm', init: { ...init, '2.weight': [1] } }), /unknown parameter "2\.weight"/);
});

test('batchnorm with a last batch of one sample is refused with a clear message', async () => {
  const exp = experiment({ model: { hidden: [4], norm: 'batchnorm' }, training: { batchSize: 8 } });
  await assert.rejects(train(exp, blobs(17, 5), { backend: 'wasm' }), /batch of 1/);
  await assert.rejects(train({ ...exp, training: { ...exp.training, batchSize: 1 } }, blobs(16, 5), { backend: 'wasm' }), /batch of 1/);
});

test('bad data is a clear error naming the row, not a divergence', async () => {
  const exp = experiment();
  const nan = blobs(20, 5);
  nan.xTrain[2 * nan.features + 1] = NaN;
  await assert.rejects(train(exp, nan, { backend: 'wasm' }), /training data: feature "x1" of row 3 is NaN/);
  const label = blobs(20, 5);
  label.yVal[4] = 3;
  await assert.rejects(train(exp, label, { backend: 'wasm' }), /validation data: the target of row 5 is 3, expected a class id in 0\.\.2/);
});

test('default initialisation: PyTorch bounds, documented draw order, norm layers 1 and 0', () => {
  const table = defaultInitTable({ hidden: [3], norm: 'layernorm', bias: true }, 4, 2, 7);
  const rng = new Rng(deriveSeed(7, 'init'));
  const k0 = 1 / Math.sqrt(4);
  const expected0 = Array.from({ length: 12 }, () => Math.fround(rng.uniform(-k0, k0)));
  assert.deepEqual((table['0.weight'] as number[][]).flat(), expected0, '0.weight row-major first');
  const expectedBias = Array.from({ length: 3 }, () => Math.fround(rng.uniform(-k0, k0)));
  assert.deepEqual(table['0.bias'], expectedBias, 'then its bias, same bound');
  assert.deepEqual(table['1.weight'], [1, 1, 1]);
  assert.deepEqual(table['1.bias'], [0, 0, 0]);
  const k3 = 1 / Math.sqrt(3);
  const expected3 = Array.from({ length: 6 }, () => Math.fround(rng.uniform(-k3, k3)));
  assert.deepEqual((table['3.weight'] as number[][]).flat(), expected3, 'norm layers draw nothing');
  const wide = (defaultInitTable({ hidden: [256], norm: 'none', bias: true }, 100, 10, 0)['0.weight'] as number[][]).flat();
  assert.ok(wide.every((v) => Math.abs(v) <= 0.1));
  assert.ok(Math.max(...wide) > 0.099 && Math.min(...wide) < -0.099, 'fills the whole interval');
});

test('diverged and stopped runs release their tensors too', async () => {
  await selectBackend('wasm');
  const before = tf.memory().numTensors;
  const d = await train(experiment({ model: { hidden: [4] }, optimizer: { lr: 1e8 }, training: { epochs: 3 } }), linearData(64, 8), { backend: 'wasm' });
  assert.equal(d.status, 'diverged');
  assert.equal(tf.memory().numTensors, before);
  const ctrl = new AbortController();
  ctrl.abort();
  const s = await train(experiment({ model: { hidden: [4], norm: 'batchnorm' } }), blobs(64, 8), { backend: 'wasm', signal: ctrl.signal });
  assert.equal(s.status, 'stopped');
  assert.equal(s.metrics.length, 0);
  assert.equal(tf.memory().numTensors, before);
});

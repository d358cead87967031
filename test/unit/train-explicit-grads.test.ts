// The explicit backward pass of a plain MLP (src/core/train/explicitGrads.ts) against TF.js's tape
// (tf.variableGrads of Mlp.forward + dataLoss, what trainStep runs for every other model): every
// activation, both tasks, with and without biases, no hidden layer, batches of 1 and odd sizes,
// fused kernels and plain ops, both backends. It replays the tape's kernels, so the gradients
// agree to float32 rounding (checked to 1e-6 of max(1, |g|)).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { selectBackend } from '../../src/core/backend/selectBackend';
import { registerNativeKernels, unregisterNativeKernels } from '../../src/core/backend/nativeKernels';
import { Rng } from '../../src/core/data/rng';
import type { Activation, Task } from '../../src/core/experiment/types';
import { defaultInit } from '../../src/core/model/defaultInit';
import { Mlp } from '../../src/core/model/mlp';
import { parameterShapes } from '../../src/core/model/paramSpecs';
import { planPenalty } from '../../src/core/penalty/penalty';
import { explicitGrads, explicitGradsSupported } from '../../src/core/train/explicitGrads';
import { dataLoss } from '../../src/core/train/losses';
import { train } from '../../src/core/train/train';
import { blobs, experiment } from '../parity/helpers/fixtures';
import { assertClose } from './native-helpers';

const ACTIVATIONS: Activation[] = ['relu', 'tanh', 'sigmoid', 'linear'];
const SHAPES = [
  { inputs: 2, hidden: [16, 16], outputs: 3, bias: true },
  { inputs: 5, hidden: [7], outputs: 2, bias: false },
  { inputs: 3, hidden: [], outputs: 4, bias: true },
  { inputs: 4, hidden: [64, 48, 5], outputs: 2, bias: true }, // 64·48 per sample: above the JavaScript kernels' size limit
];

function batchOf(task: Task, rows: number, inputs: number, outputs: number, seed: number): [tf.Tensor2D, tf.Tensor2D] {
  const rng = new Rng(seed);
  const x = tf.tensor2d(Float32Array.from({ length: rows * inputs }, () => rng.uniform(-2, 2)), [rows, inputs]);
  if (task === 'regression') return [x, tf.tensor2d(Float32Array.from({ length: rows }, () => rng.uniform(-1, 1)), [rows, 1])];
  const labels = Int32Array.from({ length: rows }, () => Math.floor(rng.next() * outputs));
  return [x, tf.tidy(() => tf.cast(tf.oneHot(tf.tensor1d(labels, 'int32'), outputs), 'float32') as tf.Tensor2D)];
}

/** Compares loss and every gradient of the two paths on one batch; returns how many were compared. */
function compare(task: Task, model: Mlp, x: tf.Tensor2D, target: tf.Tensor2D, what: string): number {
  const tape = tf.variableGrads(() => dataLoss(task, model.forward(x, 'train').output, target), model.params);
  const ours = tf.tidy(() => { const r = explicitGrads(task, model, x, target); return [r.loss, ...r.grads]; });
  try {
    assertClose(ours[0].dataSync(), tape.value.dataSync(), 1e-6, `${what}: loss`);
    model.params.forEach((p, i) => {
      assert.deepEqual(ours[i + 1].shape, p.shape, `${what}: shape of d/d${model.specs[i].name}`);
      assertClose(ours[i + 1].dataSync(), tape.grads[p.name].dataSync(), 1e-6, `${what}: d/d${model.specs[i].name}`);
    });
  } finally {
    tf.dispose([tape.value, ...Object.values(tape.grads), ...ours]);
  }
  return model.params.length;
}

function modelFor(shape: typeof SHAPES[number], activation: Activation, seed: number): Mlp {
  const spec = { hidden: shape.hidden, activation, norm: 'none' as const, bias: shape.bias };
  return new Mlp(spec, shape.inputs, shape.outputs, defaultInit(parameterShapes(spec, shape.inputs, shape.outputs), seed));
}

for (const backend of ['wasm', 'cpu'] as const) {
  for (const kernels of ['fused kernels', 'plain ops'] as const) {
    test(`${backend}, ${kernels}: explicit gradients equal tf.variableGrads for every activation, task, shape and batch size`, async () => {
      await selectBackend(backend);
      if (kernels === 'plain ops') unregisterNativeKernels(tf, backend);
      try {
        let compared = 0;
        const before = tf.memory().numTensors;
        for (const task of ['classification', 'regression'] as const) {
          const plan = planPenalty(experiment().penalty, []);
          for (const [s, shape] of SHAPES.entries()) {
            for (const activation of ACTIVATIONS) {
              const outputs = task === 'regression' ? 1 : shape.outputs;
              const model = modelFor({ ...shape, outputs }, activation, s);
              // Without the fused cross-entropy kernel classification keeps the tape.
              assert.equal(explicitGradsSupported(task, model, plan), task === 'regression' || kernels === 'fused kernels');
              if (explicitGradsSupported(task, model, plan)) {
                for (const rows of [1, 5, 32]) {
                  const [x, target] = batchOf(task, rows, shape.inputs, outputs, 100 * s + rows);
                  compared += compare(task, model, x, target, `${task} ${JSON.stringify(shape)} ${activation} batch ${rows}`);
                  tf.dispose([x, target]);
                }
              }
              model.dispose();
            }
          }
        }
        assert.ok(compared >= (kernels === 'plain ops' ? 150 : 300), `compared ${compared} gradients`);
        assert.equal(tf.memory().numTensors, before, 'tensors left behind');
      } finally {
        if (kernels === 'plain ops') registerNativeKernels(tf, backend);
      }
    });
  }
}

test('norm layers and activation penalties keep the tape', () => {
  const shape = SHAPES[0];
  for (const norm of ['layernorm', 'batchnorm'] as const) {
    const spec = { hidden: shape.hidden, activation: 'relu' as const, norm, bias: true };
    const model = new Mlp(spec, shape.inputs, shape.outputs, defaultInit(parameterShapes(spec, shape.inputs, shape.outputs), 0));
    assert.equal(explicitGradsSupported('regression', model, planPenalty(experiment().penalty, model.specs)), false, norm);
    model.dispose();
  }
  const model = modelFor(shape, 'relu', 0);
  assert.equal(explicitGradsSupported('regression', model, planPenalty(experiment({ penalty: { activationL2: 1e-3 } }).penalty, model.specs)), false);
  assert.equal(explicitGradsSupported('regression', model, planPenalty(experiment({ penalty: { l1: 1e-3, l2: 1e-3 } }).penalty, model.specs)), true);
  model.dispose();
});

test('training on the explicit path: a partial last batch, weight penalties and proximal L1 give the tape path\'s run', async () => {
  await selectBackend('wasm');
  // 45 samples in batches of 8: five full batches and one of 5.
  const exp = experiment({
    model: { hidden: [12, 6], activation: 'tanh' }, optimizer: { type: 'adamw', lr: 0.02, weightDecay: 1e-2 },
    penalty: { l1: 1e-3, l2: 1e-3 }, training: { epochs: 4, batchSize: 8 },
  });
  const prox = experiment({ ...exp, penalty: { l1: 1e-2, l1Mode: 'proximal' }, optimizer: { type: 'sgd', lr: 0.1, momentum: 0.9 } });
  for (const e of [exp, prox]) {
    const data = blobs(45, 12);
    const counts: number[] = [];
    const before = tf.memory().numTensors;
    const ours = await train(e, data, { backend: 'wasm', onEpoch: () => counts.push(tf.memory().numTensors) });
    assert.ok(counts.every((c) => c === counts[0]), `tensor counts per epoch: ${counts.join(', ')}`);
    assert.equal(tf.memory().numTensors, before);
    // The same run with the tape: an activation penalty too small to change a float32 sum forces it.
    const tapeRun = await train({ ...e, penalty: { ...e.penalty, activationL2: 1e-30 } }, data, { backend: 'wasm' });
    assert.equal(ours.status, 'completed');
    for (const [name, v] of Object.entries(ours.params)) assertClose(v.flat(), tapeRun.params[name].flat(), 1e-6, name);
    ours.metrics.forEach((m, i) => assertClose([m.trainLoss, m.valLoss], [tapeRun.metrics[i].trainLoss, tapeRun.metrics[i].valLoss], 1e-6, `epoch ${i + 1}`));
  }
});

// Penalty values, gradients and the proximal step, against hand-computed numbers.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { selectBackend } from '../../src/core/backend/selectBackend';
import type { PenaltySpec } from '../../src/core/experiment/types';
import { parameterShapes } from '../../src/core/model/paramSpecs';
import { absZeroGrad, activationPenalty, addWeightPenaltyGrads, applyProximalL1, planPenalty, weightPenaltyValue } from '../../src/core/penalty/penalty';

const SPEC: PenaltySpec = { l1: 0, l2: 0, params: 'all', l1Mode: 'subgradient', activationL1: 0, activationL2: 0 };
const specs = parameterShapes({ hidden: [2], norm: 'layernorm', bias: true }, 2, 1);
// 0.weight [2,2], 0.bias [2], 1.weight [2], 1.bias [2], 3.weight [1,2], 3.bias [1]

test('|x| has gradient sign(x) with 0 at 0 (tfjs abs gives -1 there)', async () => {
  await selectBackend('cpu');
  const x = tf.tensor1d([-2, 0, 3]);
  const g = tf.grad((v: tf.Tensor) => tf.sum(absZeroGrad(v)))(x);
  assert.deepEqual(Array.from(await g.data()), [-1, 0, 1]);
  const raw = tf.grad((v: tf.Tensor) => tf.sum(tf.abs(v)))(x);
  assert.equal((await raw.data())[1], -1, 'tfjs behaviour this works around');
  tf.dispose([x, g, raw]);
});

test('params selection: all, weights (Linear weights only), regex', () => {
  const sel = (params: string) => specs.filter((_, i) => planPenalty({ ...SPEC, l1: 1, params }, specs).selected[i]).map((s) => s.name);
  assert.deepEqual(sel('all'), specs.map((s) => s.name));
  assert.deepEqual(sel('weights'), ['0.weight', '3.weight']);
  assert.deepEqual(sel('^1\\.'), ['1.weight', '1.bias']);
  assert.throws(() => planPenalty({ ...SPEC, params: '[' }, specs), /penalty\.params: expected "all", "weights" or a valid regular expression/);
});

test('weight penalty value and gradient: l1*sum|p| + l2*sum p^2 -> l1*sign(p) + 2*l2*p', async () => {
  await selectBackend('cpu');
  const plan = planPenalty({ ...SPEC, l1: 0.5, l2: 0.25, params: 'weights' }, specs);
  const params = specs.map((s, i) => tf.fill(s.shape, i === 0 ? 0 : -2));
  params[0] = tf.tensor2d([[0, 1], [-3, 0]]);
  const value = weightPenaltyValue(plan, params)!;
  // 0.weight: 0.5*4 + 0.25*10 = 4.5; 3.weight [-2,-2]: 0.5*4 + 0.25*8 = 4
  assert.ok(Math.abs((await value.data())[0] - 8.5) < 1e-6);
  const grads = addWeightPenaltyGrads(plan, params, params.map((p) => tf.zerosLike(p)));
  assert.deepEqual(Array.from(await grads[0].data()), [0, 0.5 + 0.5, -0.5 - 1.5, 0]);
  assert.deepEqual(Array.from(await grads[4].data()), [-0.5 - 1, -0.5 - 1]);
  assert.deepEqual(Array.from(await grads[1].data()), [0, 0], 'a bias is not penalised with params "weights"');
  // Proximal mode: no l1 gradient (the soft-threshold replaces it), l2 still there.
  const prox = planPenalty({ ...SPEC, l1: 0.5, l2: 0.25, params: 'weights', l1Mode: 'proximal' }, specs);
  const pg = addWeightPenaltyGrads(prox, params, params.map((p) => tf.zerosLike(p)));
  assert.deepEqual(Array.from(await pg[0].data()), [0, 0.5, -1.5, 0]);
});

test('proximal step: p = sign(p) * max(|p| - lr*l1, 0) with each parameter\'s group lr', async () => {
  await selectBackend('cpu');
  const plan = planPenalty({ ...SPEC, l1: 0.1, l1Mode: 'proximal', params: 'all' }, specs);
  const vars = specs.map((s) => tf.variable(tf.fill(s.shape, 0.3)));
  vars[0].assign(tf.tensor2d([[0.05, -0.05], [0.5, -0.5]]));
  applyProximalL1(plan, vars, (i) => (i === 0 ? 1 : 2)); // thresholds 0.1 and 0.2
  const w = Array.from(await vars[0].data());
  assert.deepEqual(w.map((v) => Math.round(v * 1e6) / 1e6), [0, -0, 0.4, -0.4]);
  assert.ok(Math.abs((await vars[1].data())[0] - 0.1) < 1e-7);
  tf.dispose(vars);
});

test('activation penalties: lambda * (1/B) * sum over the batch and units of |h| or h^2', async () => {
  await selectBackend('cpu');
  const h1 = tf.tensor2d([[1, -2], [0, 3]]); // B = 2
  const h2 = tf.tensor2d([[0.5], [-0.5]]);
  const l1 = activationPenalty(planPenalty({ ...SPEC, activationL1: 0.1 }, specs), [h1, h2], 2)!;
  assert.ok(Math.abs((await l1.data())[0] - 0.1 * (6 + 1) / 2) < 1e-7);
  const l2 = activationPenalty(planPenalty({ ...SPEC, activationL2: 0.1 }, specs), [h1, h2], 2)!;
  assert.ok(Math.abs((await l2.data())[0] - 0.1 * (14 + 0.5) / 2) < 1e-7);
  assert.equal(activationPenalty(planPenalty(SPEC, specs), [h1], 2), null);
});

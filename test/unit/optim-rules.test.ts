// torch.optim's update rules checked by hand-computed values (double precision closed forms),
// and the parameter-group rules (presets, regex first match, inheritance of omitted options).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { selectBackend } from '../../src/core/backend/selectBackend';
import type { OptimizerSpec } from '../../src/core/experiment/types';
import { parameterShapes } from '../../src/core/model/paramSpecs';
import { createOptimizer } from '../../src/core/optim/optimizers';
import { resolveParamGroups } from '../../src/core/optim/paramGroups';

const BASE: OptimizerSpec = { type: 'sgd', lr: 0.1, momentum: 0, dampening: 0, nesterov: false, betas: [0.9, 0.999], eps: 1e-8, amsgrad: false, weightDecay: 0 };

/** Runs `steps` optimizer steps on one parameter with the given gradient per step; returns the values after each. */
async function trajectory(spec: Partial<OptimizerSpec>, p0: number[], grads: number[][]): Promise<number[][]> {
  await selectBackend('cpu');
  const o = { ...BASE, ...spec };
  const p = tf.variable(tf.tensor1d(p0));
  const { type, ...options } = o;
  const opt = createOptimizer(type, [p], [{ index: 0, params: [0], options }]);
  const out: number[][] = [];
  for (const g of grads) {
    const gt = tf.tensor1d(g);
    opt.step([gt]);
    gt.dispose();
    out.push(Array.from(await p.data()));
  }
  opt.dispose();
  p.dispose();
  return out;
}

function close(actual: number[][], expected: number[][], tol = 1e-6) {
  actual.forEach((row, i) => row.forEach((v, j) => assert.ok(Math.abs(v - expected[i][j]) <= tol * Math.max(1, Math.abs(expected[i][j])), `step ${i + 1}[${j}]: ${v} vs ${expected[i][j]}`)));
}

test('SGD: momentum (first step takes g undampened), dampening, nesterov, coupled weight decay', async () => {
  // buf1 = g = 0.5; p1 = 1 - 0.1*0.5; buf2 = 0.9*0.5 + (1-0.5)*0.5 = 0.7; p2 = 0.95 - 0.07
  close(await trajectory({ momentum: 0.9, dampening: 0.5 }, [1], [[0.5], [0.5]]), [[0.95], [0.88]]);
  // nesterov: g' = g + m*buf
  close(await trajectory({ momentum: 0.9, nesterov: true }, [1], [[0.5], [0.5]]), [[0.905], [0.7695]]);
  // weight decay adds wd*p to g before momentum: g1 = 0.5 + 0.1*2 = 0.7
  close(await trajectory({ weightDecay: 0.1 }, [2], [[0.5]]), [[2 - 0.1 * 0.7]]);
});

test('Adam: bias-corrected step, eps after the correction, coupled decay, amsgrad on the raw v', async () => {
  const lr = 0.1, b1 = 0.9, b2 = 0.999, eps = 1e-8;
  const adam = (p: number, gs: number[], wd = 0, ams = false, decoupled = false) => {
    let m = 0, v = 0, vmax = 0;
    const out: number[][] = [];
    gs.forEach((g0, i) => {
      const t = i + 1;
      if (decoupled) p *= 1 - lr * wd;
      const g = decoupled ? g0 : g0 + wd * p;
      m = b1 * m + (1 - b1) * g;
      v = b2 * v + (1 - b2) * g * g;
      vmax = Math.max(vmax, v);
      const denom = Math.sqrt(ams ? vmax : v) / Math.sqrt(1 - b2 ** t) + eps;
      p -= (lr / (1 - b1 ** t)) * m / denom;
      out.push([p]);
    });
    return out;
  };
  const gs = [[0.3], [-0.05], [0.01], [0.002]];
  close(await trajectory({ type: 'adam', lr }, [1], gs), adam(1, gs.map((g) => g[0])));
  close(await trajectory({ type: 'adam', lr, weightDecay: 0.5 }, [1], gs), adam(1, gs.map((g) => g[0]), 0.5));
  close(await trajectory({ type: 'adam', lr, amsgrad: true }, [1], gs), adam(1, gs.map((g) => g[0]), 0, true));
  close(await trajectory({ type: 'adamw', lr, weightDecay: 0.5 }, [1], gs), adam(1, gs.map((g) => g[0]), 0.5, false, true));
  // amsgrad really differs once v shrinks (otherwise the test above proves nothing)
  assert.notDeepEqual(adam(1, gs.map((g) => g[0]), 0, true), adam(1, gs.map((g) => g[0])));
  // The first Adam step moves by lr * g/|g| whatever the gradient's scale.
  close(await trajectory({ type: 'adam', lr }, [0, 0], [[1e-3, -50]]), [[-lr, lr]], 1e-5);
});

test('invalid optimizer options are refused like torch.optim does', () => {
  const p = [0];
  const g = (o: Partial<OptimizerSpec>) => [{ index: 0, params: p, options: { ...BASE, ...o } }];
  assert.throws(() => createOptimizer('sgd', [], g({ nesterov: true })), /Nesterov momentum requires a momentum and zero dampening/);
  assert.throws(() => createOptimizer('sgd', [], g({ nesterov: true, momentum: 0.9, dampening: 0.1 })), /Nesterov/);
  assert.throws(() => createOptimizer('adam', [], g({ betas: [1, 0.999] })), /invalid beta parameter at index 0/);
  assert.throws(() => createOptimizer('adam', [], g({ lr: -1 })), /invalid learning rate/);
});

test('param group presets: exclude-bias-norm and exclude-1d', () => {
  const specs = parameterShapes({ hidden: [4], norm: 'layernorm', bias: true }, 3, 2);
  const names = (idx: number[]) => idx.map((i) => specs[i].name);
  const opt = { ...BASE, type: 'adamw' as const, weightDecay: 0.01 };
  for (const preset of ['exclude-bias-norm', 'exclude-1d'] as const) {
    const g = resolveParamGroups(specs, opt, preset);
    assert.deepEqual(g.map((x) => names(x.params)), [['0.weight', '3.weight'], ['0.bias', '1.weight', '1.bias', '3.bias']]);
    assert.deepEqual(g.map((x) => x.options.weightDecay), [0.01, 0]);
  }
  assert.equal(resolveParamGroups(specs, opt, 'all').length, 1);
  // No biases, no norms: the empty no-decay group is dropped.
  const bare = parameterShapes({ hidden: [4], norm: 'none', bias: false }, 3, 2);
  assert.deepEqual(resolveParamGroups(bare, opt, 'exclude-bias-norm').map((x) => x.params), [[0, 1]]);
});

test('regex groups: first match wins, omitted options inherit, unmatched parameters form a last group', () => {
  const specs = parameterShapes({ hidden: [4, 4], norm: 'none', bias: true }, 3, 2);
  const opt = { ...BASE, type: 'adamw' as const, lr: 0.001, weightDecay: 0.01 };
  const g = resolveParamGroups(specs, opt, [{ match: '^0\\.', lr: 0.1 }, { match: 'bias' }, { match: 'never-matches', weightDecay: 0 }]);
  assert.deepEqual(g.map((x) => x.params.map((i) => specs[i].name)), [['0.weight', '0.bias'], ['2.bias', '4.bias'], [], ['2.weight', '4.weight']]);
  assert.deepEqual(g.map((x) => [x.index, x.options.lr, x.options.weightDecay]), [[0, 0.1, 0.01], [1, 0.001, 0.01], [2, 0.001, 0], [3, 0.001, 0.01]]);
  assert.throws(() => resolveParamGroups(specs, opt, [{ match: '(' }]), /paramGroups\[0\]\.match: invalid regular expression/);
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parameterShapes, moduleLayout, shapeSize } from '../../src/core/model/paramSpecs';

test('linear model (hidden []) has 0.weight [out, in] and 0.bias', () => {
  const p = parameterShapes({ hidden: [], norm: 'none', bias: true }, 10, 1);
  assert.deepEqual(p.map((s) => [s.name, s.shape, s.kind, s.layer]), [
    ['0.weight', [1, 10], 'weight', 0],
    ['0.bias', [1], 'bias', 0],
  ]);
});

test('MLP without norm: Linear, activation, Linear, activation, Linear -> indices 0, 2, 4', () => {
  const p = parameterShapes({ hidden: [16, 8], norm: 'none', bias: true }, 2, 3);
  assert.deepEqual(p.map((s) => [s.name, s.shape]), [
    ['0.weight', [16, 2]], ['0.bias', [16]],
    ['2.weight', [8, 16]], ['2.bias', [8]],
    ['4.weight', [3, 8]], ['4.bias', [3]],
  ]);
  assert.deepEqual(p.map((s) => s.fanIn), [2, 2, 16, 16, 8, 8]);
});

test('MLP with layernorm: norm at index 1 and 4, output Linear at 6; norm params are kind "norm"', () => {
  const p = parameterShapes({ hidden: [16, 8], norm: 'layernorm', bias: true }, 2, 1);
  assert.deepEqual(p.map((s) => [s.name, s.shape, s.kind, s.module]), [
    ['0.weight', [16, 2], 'weight', 'linear'], ['0.bias', [16], 'bias', 'linear'],
    ['1.weight', [16], 'norm', 'layernorm'], ['1.bias', [16], 'norm', 'layernorm'],
    ['3.weight', [8, 16], 'weight', 'linear'], ['3.bias', [8], 'bias', 'linear'],
    ['4.weight', [8], 'norm', 'layernorm'], ['4.bias', [8], 'norm', 'layernorm'],
    ['6.weight', [1, 8], 'weight', 'linear'], ['6.bias', [1], 'bias', 'linear'],
  ]);
  assert.deepEqual(moduleLayout({ hidden: [16, 8], norm: 'layernorm' }), { linear: [0, 3, 6], norm: [1, 4], activation: [2, 5] });
});

test('bias: false drops Linear biases but keeps batchnorm affine parameters', () => {
  const p = parameterShapes({ hidden: [4], norm: 'batchnorm', bias: false }, 3, 2);
  assert.deepEqual(p.map((s) => s.name), ['0.weight', '1.weight', '1.bias', '3.weight']);
  assert.equal(p[1].module, 'batchnorm');
  assert.equal(shapeSize(p[0].shape), 12);
});

// Training vs PyTorch 1.13 on plain TF.js ops: no native addon (REGLAB_NATIVE=0) and none of its
// JavaScript stand-ins (REGLAB_JS_KERNELS=0). The fused ops and optimizer steps then run the
// formulas as TF.js ops — the path of backends RegLab's kernels cannot address (tfjs-node).
// Cases and tolerance: helpers/torchParity.ts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { selectBackend } from '../../src/core/backend/selectBackend';
import { fusedKernelsAvailable } from '../../src/core/backend/nativeKernels';
import { checkParityWithTorch } from './helpers/torchParity';

// Set before anything loads the kernels (they are chosen lazily, on first use, and remembered).
process.env.REGLAB_NATIVE = '0';
process.env.REGLAB_JS_KERNELS = '0';

test('training matches PyTorch within 1e-4 on plain TF.js ops (no addon, no JavaScript kernels)', async (t) => {
  assert.notEqual((await selectBackend('wasm')).nativeKernels, true);
  assert.equal(fusedKernelsAvailable(tf, 'wasm'), false);
  await checkParityWithTorch(t);
});

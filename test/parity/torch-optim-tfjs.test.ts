// Training vs PyTorch 1.13 with TF.js's own kernels only (REGLAB_NATIVE=0): the path every
// install has, even without the native addon. Cases and tolerance: helpers/torchParity.ts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { nativeAddonStatus } from '../../src/core/backend/nativeAddon';
import { selectBackend } from '../../src/core/backend/selectBackend';
import { checkParityWithTorch } from './helpers/torchParity';

// Set before anything loads the addon (it is loaded lazily, on first use, and remembered).
process.env.REGLAB_NATIVE = '0';

test('training matches PyTorch within 1e-4 with TF.js kernels only (no native addon)', async (t) => {
  assert.equal(nativeAddonStatus().loaded, false);
  assert.notEqual((await selectBackend('wasm')).nativeKernels, true);
  await checkParityWithTorch(t);
});

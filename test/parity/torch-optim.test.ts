// Training vs PyTorch 1.13 with the default engine: RegLab's native (OpenBLAS) kernels when the
// addon is built, TF.js's own kernels otherwise. Cases and tolerance: helpers/torchParity.ts.
import { test } from 'node:test';
import { nativeAddonStatus } from '../../src/core/backend/nativeAddon';
import { checkParityWithTorch } from './helpers/torchParity';

test(`training matches PyTorch (torch.optim, nn.Sequential) within 1e-4 (native kernels: ${nativeAddonStatus().loaded ? 'on' : 'off'})`, async (t) => {
  await checkParityWithTorch(t);
});

// Replacing one of a TF.js backend's kernels while keeping the original: the replacement gets the
// original's kernel function to fall back to for cases it does not handle, and restoreKernel()
// puts the original back.
import type * as tfc from '@tensorflow/tfjs-core';

type Tf = typeof tfc;
export type TensorInfo = tfc.TensorInfo;
export type KernelArgs = { inputs: Record<string, TensorInfo | undefined>; backend: unknown; attrs?: Record<string, unknown> };
export type KernelImpl = (args: KernelArgs) => TensorInfo | TensorInfo[];

const originals = new Map<string, tfc.KernelConfig>(); // `${backend}/${kernel}` -> the backend's own

/**
 * Registers `make(fallback)` as `kernelName` of `backendName`. Returns false when the backend has
 * no such kernel; true when replaced now or before (idempotent).
 */
export function overrideKernel(tf: Tf, kernelName: string, backendName: string, make: (fallback: KernelImpl) => KernelImpl): boolean {
  const key = `${backendName}/${kernelName}`;
  if (originals.has(key)) return true;
  const original = tf.getKernel(kernelName, backendName);
  if (!original) return false;
  originals.set(key, original);
  tf.unregisterKernel(kernelName, backendName);
  tf.registerKernel({
    kernelName,
    backendName,
    // The backend's own setup (e.g. wasm's cwrap) must still run: the fallback uses it.
    setupFunc: original.setupFunc,
    disposeFunc: original.disposeFunc,
    kernelFunc: make(original.kernelFunc as unknown as KernelImpl) as unknown as tfc.KernelConfig['kernelFunc'],
  });
  return true;
}

export function restoreKernel(tf: Tf, kernelName: string, backendName: string): void {
  const key = `${backendName}/${kernelName}`;
  const original = originals.get(key);
  if (!original) return;
  tf.unregisterKernel(kernelName, backendName);
  tf.registerKernel(original);
  originals.delete(key);
}

export function isOverridden(kernelName: string, backendName: string): boolean {
  return originals.has(`${backendName}/${kernelName}`);
}

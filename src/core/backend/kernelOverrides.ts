// Replacing one of a TF.js backend's kernels while keeping what it replaced: the replacement gets
// the previous kernel function to fall back to for cases it does not handle. Replacements stack
// (the wasm fixes first, the native kernels over them); restoreKernel(owner) takes one owner's
// layer off again.
import type * as tfc from '@tensorflow/tfjs-core';

type Tf = typeof tfc;
export type TensorInfo = tfc.TensorInfo;
export type KernelArgs = { inputs: Record<string, TensorInfo | undefined>; backend: unknown; attrs?: Record<string, unknown> };
export type KernelImpl = (args: KernelArgs) => TensorInfo | TensorInfo[];

interface Layer { owner: string; replaced: tfc.KernelConfig }
const stacks = new Map<string, Layer[]>(); // `${backend}/${kernel}` -> layers, oldest first

/**
 * Registers `make(previous)` as `kernelName` of `backendName` on behalf of `owner`. Returns false
 * when the backend has no such kernel; true when replaced now or before by the same owner.
 */
export function overrideKernel(
  tf: Tf, kernelName: string, backendName: string, owner: string, make: (previous: KernelImpl) => KernelImpl,
): boolean {
  const key = `${backendName}/${kernelName}`;
  const stack = stacks.get(key) ?? [];
  if (stack.some((l) => l.owner === owner)) return true;
  const current = tf.getKernel(kernelName, backendName);
  if (!current) return false;
  stack.push({ owner, replaced: current });
  stacks.set(key, stack);
  tf.unregisterKernel(kernelName, backendName);
  tf.registerKernel({
    kernelName,
    backendName,
    // The backend's own setup (e.g. wasm's cwrap) must still run: the fallback uses it.
    setupFunc: current.setupFunc,
    disposeFunc: current.disposeFunc,
    kernelFunc: make(current.kernelFunc as unknown as KernelImpl) as unknown as tfc.KernelConfig['kernelFunc'],
  });
  return true;
}

/** Removes `owner`'s layer (and any layered over it) and re-registers what it had replaced. */
export function restoreKernel(tf: Tf, kernelName: string, backendName: string, owner: string): void {
  const key = `${backendName}/${kernelName}`;
  const stack = stacks.get(key) ?? [];
  const at = stack.findIndex((l) => l.owner === owner);
  if (at < 0) return;
  const { replaced } = stack[at];
  stack.length = at;
  tf.unregisterKernel(kernelName, backendName);
  tf.registerKernel(replaced);
}

export function isOverridden(kernelName: string, backendName: string, owner: string): boolean {
  return (stacks.get(`${backendName}/${kernelName}`) ?? []).some((l) => l.owner === owner);
}

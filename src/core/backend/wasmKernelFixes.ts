// Kernels of @tensorflow/tfjs-backend-wasm 4.22 that cost a training loop more than its math:
//  - BatchMatMul / _FusedMatMul with a transposed operand (every backward pass, and every forward
//    pass with PyTorch's [out, in] weights) run 5-40x slower than without: 256x256x100 with
//    transposeA took 12 ms, 0.3 ms after an explicit transpose. Ours transposes first.
//  - Slice reads the WHOLE input tensor out of the wasm heap (readSync copies it) to cut out a
//    batch: slicing a 256-row batch out of a 4096-row data set copied 1.6 MB per step, 0.4-1 ms.
//    Ours reads through a view of the heap: the copy is only the batch.
//  - Identity copies; the gradient tape clones every tensor a gradient saves (8-11 per MLP step).
//    Ours shares the buffer, as the cpu backend's does. TF.js tensors are immutable, so sharing is
//    safe; the one in-place writer, nativeKernels.adamStepInPlace, copies a shared buffer first.
// Each keeps the original kernel for cases it does not cover (strings, rank > 4, other dtypes).
import type * as tfc from '@tensorflow/tfjs-core';
import { isOverridden, overrideKernel, restoreKernel, type KernelArgs, type KernelImpl, type TensorInfo } from './kernelOverrides';

type Tf = typeof tfc;
type Heap = ArrayLike<number> & { set(a: ArrayLike<number>, offset?: number): void; subarray(a: number, b?: number): Heap };

const OWNER = 'reglab-wasm-fixes';

interface WasmBackend {
  incRef(dataId: unknown): void;
  disposeData(dataId: unknown): void;
  makeOutput(shape: number[], dtype: string): TensorInfo;
  typedArrayFromHeap(t: TensorInfo): Heap;
}

function sharingIdentity(fallback: KernelImpl): KernelImpl {
  return (args) => {
    const x = args.inputs.x!;
    if (x.dtype === 'string') return fallback(args);
    (args.backend as WasmBackend).incRef(x.dataId);
    return { dataId: x.dataId, shape: [...x.shape], dtype: x.dtype };
  };
}

function viewSlice(tf: Tf, fallback: KernelImpl): KernelImpl {
  return (args: KernelArgs) => {
    const x = args.inputs.x!;
    const rank = x.shape.length;
    if (x.dtype === 'string' || rank > 4) return fallback(args);
    const backend = args.backend as WasmBackend;
    const [begin, size] = tf.slice_util.parseSliceParams(x as tfc.TensorInfo as tfc.Tensor, args.attrs!.begin as number[], args.attrs!.size as number[]);
    const out = backend.makeOutput(size, x.dtype);
    // Views after the allocation (it may grow the heap and detach older views).
    const src = backend.typedArrayFromHeap(x), dst = backend.typedArrayFromHeap(out);
    const strides = tf.util.computeStrides(x.shape);
    if (tf.slice_util.isSliceContinous(x.shape, begin, size)) {
      const offset = tf.slice_util.computeFlatOffset(begin, strides);
      dst.set(src.subarray(offset, offset + tf.util.sizeFromShape(size)));
      return out;
    }
    // Copy rows of the innermost dimension, odometer-style over the outer ones.
    const inner = size[rank - 1];
    const outer = size.slice(0, -1);
    const idx = new Array(outer.length).fill(0);
    const rows = tf.util.sizeFromShape(outer);
    for (let r = 0; r < rows; r++) {
      let offset = begin[rank - 1];
      for (let d = 0; d < outer.length; d++) offset += (begin[d] + idx[d]) * strides[d];
      dst.set(src.subarray(offset, offset + inner), r * inner);
      for (let d = outer.length - 1; d >= 0; d--) {
        if (++idx[d] < outer[d]) break;
        idx[d] = 0;
      }
    }
    return out;
  };
}

/** matMul(a, b, transposeA, transposeB) as matMul(aᵀ, bᵀ) with the transposes made explicit. */
function transposeFirst(tf: Tf, fallback: KernelImpl): KernelImpl {
  return (args: KernelArgs) => {
    const { a, b } = args.inputs;
    const ta = Boolean(args.attrs?.transposeA), tb = Boolean(args.attrs?.transposeB);
    const transpose = tf.getKernel('Transpose', 'wasm')?.kernelFunc as unknown as KernelImpl | undefined;
    if (!a || !b || (!ta && !tb) || a.dtype !== 'float32' || b.dtype !== 'float32' || !transpose) return fallback(args);
    const backend = args.backend as WasmBackend;
    const swapLast = (t: TensorInfo) => {
      const perm = t.shape.map((_, i) => i);
      [perm[perm.length - 2], perm[perm.length - 1]] = [perm[perm.length - 1], perm[perm.length - 2]];
      return transpose({ inputs: { x: t }, backend, attrs: { perm } }) as TensorInfo;
    };
    const a2 = ta ? swapLast(a) : a, b2 = tb ? swapLast(b) : b;
    try {
      return fallback({ ...args, inputs: { ...args.inputs, a: a2, b: b2 }, attrs: { ...args.attrs, transposeA: false, transposeB: false } });
    } finally {
      if (ta) backend.disposeData(a2.dataId);
      if (tb) backend.disposeData(b2.dataId);
    }
  };
}

const FIXES: Array<[string, (tf: Tf, fallback: KernelImpl) => KernelImpl]> = [
  ['Identity', (_tf, fallback) => sharingIdentity(fallback)],
  ['Slice', viewSlice],
  ['BatchMatMul', transposeFirst],
  ['_FusedMatMul', transposeFirst],
];

/** Installs the fixes on the wasm backend (idempotent); before registerNativeKernels, whose
 * matmul then falls back to these. */
export function patchWasmKernels(tf: Tf): boolean {
  return FIXES.map(([name, make]) => overrideKernel(tf, name, 'wasm', OWNER, (fallback) => make(tf, fallback))).every(Boolean);
}

export function unpatchWasmKernels(tf: Tf): void {
  for (const [name] of FIXES) restoreKernel(tf, name, 'wasm', OWNER);
}

export function wasmKernelsPatched(): boolean {
  return FIXES.every(([name]) => isOverridden(name, 'wasm', OWNER));
}

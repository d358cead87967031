// Two kernels of @tensorflow/tfjs-backend-wasm 4.22 that cost a training loop more than its math:
//  - Slice reads the WHOLE input tensor out of the wasm heap (readSync copies it) to cut out a
//    batch: slicing a 256-row batch out of a 4096-row data set copied 1.6 MB per step, 0.4-1 ms.
//    Ours reads through a view of the heap: the copy is only the batch.
//  - Identity copies; the gradient tape clones every tensor a gradient saves (8-11 per MLP step).
//    Ours shares the buffer, as the cpu backend's does. TF.js tensors are immutable, so sharing is
//    safe; the one in-place writer, nativeKernels.adamStepInPlace, copies a shared buffer first.
// Both keep the original kernel for cases they do not cover (strings, rank > 4).
import type * as tfc from '@tensorflow/tfjs-core';
import { overrideKernel, restoreKernel, type KernelArgs, type KernelImpl, type TensorInfo } from './kernelOverrides';

type Tf = typeof tfc;
type Heap = ArrayLike<number> & { set(a: ArrayLike<number>, offset?: number): void; subarray(a: number, b?: number): Heap };

interface WasmBackend {
  incRef(dataId: unknown): void;
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

/** Installs both fixes on the wasm backend (idempotent). */
export function patchWasmKernels(tf: Tf): boolean {
  const a = overrideKernel(tf, 'Identity', 'wasm', sharingIdentity);
  const b = overrideKernel(tf, 'Slice', 'wasm', (fallback) => viewSlice(tf, fallback));
  return a && b;
}

export function unpatchWasmKernels(tf: Tf): void {
  restoreKernel(tf, 'Identity', 'wasm');
  restoreKernel(tf, 'Slice', 'wasm');
}

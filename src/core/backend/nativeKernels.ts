// Native (OpenBLAS) kernels for TF.js's wasm and cpu backends.
//
// Why: on the small matrices of an MLP step, the wasm backend's matmul (XNNPACK) re-packs the
// weights on every call and has no FMA; a transposed operand, as in every backward pass, is 5-40x
// slower still. cblas_sgemm on the same memory runs at ~100 GFLOP/s on one core.
//
// How: registerNativeKernels() replaces BatchMatMul and _FusedMatMul of a backend with kernels that
// hand Float32Array views of the tensors' memory (the wasm heap, or the cpu backend's arrays) to
// the addon, without copies. Cases the addon does not cover (other dtypes, activations other than
// relu/linear, broadcast batch shapes, prelu) go to the backend's own kernel, kept for that.
// It also registers fused kernels that src/core/backend/fusedOps.ts uses when present: a dense
// layer (matmul + bias + relu/tanh/sigmoid, one kernel forward and one per input backward) and softmax
// cross-entropy (one kernel each way), in place of the ~10 TF.js ops each takes otherwise.
// adamStepInPlace() is the optimizer counterpart: one native call per parameter tensor instead of
// about a dozen TF.js ops. Without the addon, the fused kernels and the Adam step run the same
// functions in JavaScript (jsKernels.ts; dense layers only while small), matmul stays TF.js's.
import type * as tfc from '@tensorflow/tfjs-core';
import { loadNativeAddon, type NativeAddon } from './nativeAddon';
import { jsKernels, JS_DENSE_MAX_MACS } from './jsKernels';
import { isOverridden, overrideKernel, restoreKernel, type KernelArgs, type KernelImpl } from './kernelOverrides';

type Tf = typeof tfc;
type TensorInfo = tfc.TensorInfo;
type KernelConfig = tfc.KernelConfig;

/** Backends whose tensor memory we can see as Float32Arrays. */
export const NATIVE_KERNEL_BACKENDS = ['wasm', 'cpu'] as const;
const KERNELS = ['BatchMatMul', '_FusedMatMul'] as const;
const OWNER = 'reglab-native';
type ReplacedKernel = (typeof KERNELS)[number];

/** Memory access for one backend: outputs are allocated first, views taken after (a wasm
 * allocation may grow the heap, which detaches earlier views). */
interface Memory {
  alloc(shape: number[]): TensorInfo;
  view(t: TensorInfo): Float32Array | null;
}

interface WasmBackendLike {
  makeOutput(shape: number[], dtype: 'float32'): TensorInfo;
  typedArrayFromHeap(t: TensorInfo): Float32Array;
}
interface CpuBackendLike {
  makeTensorInfo(shape: number[], dtype: 'float32', values: Float32Array): TensorInfo;
  data: { get(id: unknown): { values?: unknown } | undefined };
}

function memoryFor(backendName: string, backend: unknown): Memory | null {
  if (backendName === 'wasm') {
    const b = backend as WasmBackendLike;
    if (typeof b.makeOutput !== 'function' || typeof b.typedArrayFromHeap !== 'function') return null;
    return {
      alloc: (shape) => b.makeOutput(shape, 'float32'),
      view: (t) => (t.dtype === 'float32' ? b.typedArrayFromHeap(t) : null),
    };
  }
  if (backendName === 'cpu') {
    const b = backend as CpuBackendLike;
    if (typeof b.makeTensorInfo !== 'function' || !b.data) return null;
    return {
      alloc: (shape) => b.makeTensorInfo(shape, 'float32', new Float32Array(sizeOf(shape))),
      view: (t) => {
        const v = b.data.get(t.dataId)?.values;
        return t.dtype === 'float32' && v instanceof Float32Array ? v : null;
      },
    };
  }
  return null;
}

function sizeOf(shape: readonly number[]): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

interface MatMulPlan {
  M: number; N: number; K: number; batch: number; strideA: number; strideB: number;
  outShape: number[];
}

/** Shapes of op(a)·op(b) over leading batch dims; null when the batch dims need general
 * broadcasting (left to the backend's kernel) or the inner dims differ (it throws the error). */
function planMatMul(a: TensorInfo, b: TensorInfo, transA: boolean, transB: boolean): MatMulPlan | null {
  const ra = a.shape.length, rb = b.shape.length;
  if (ra < 2 || rb < 2) return null;
  const M = transA ? a.shape[ra - 1] : a.shape[ra - 2];
  const Ka = transA ? a.shape[ra - 2] : a.shape[ra - 1];
  const Kb = transB ? b.shape[rb - 1] : b.shape[rb - 2];
  const N = transB ? b.shape[rb - 2] : b.shape[rb - 1];
  if (Ka !== Kb) return null;
  const outerA = a.shape.slice(0, -2), outerB = b.shape.slice(0, -2);
  const rank = Math.max(outerA.length, outerB.length);
  const padA = [...Array(rank - outerA.length).fill(1), ...outerA];
  const padB = [...Array(rank - outerB.length).fill(1), ...outerB];
  const batchA = sizeOf(outerA), batchB = sizeOf(outerB);
  // Same batch dims, or one side without batch (broadcast); anything else goes to the backend.
  if (!(padA.join() === padB.join() || batchA === 1 || batchB === 1)) return null;
  const outer = padA.map((d, i) => Math.max(d, padB[i]));
  const batch = sizeOf(outer);
  return {
    M, N, K: Ka, batch,
    strideA: batchA === 1 ? 0 : M * Ka,
    strideB: batchB === 1 ? 0 : Ka * N,
    outShape: [...outer, M, N],
  };
}

/** Activation codes of the addon (and jsKernels). */
const ACT: Record<string, number> = { linear: 0, relu: 1, tanh: 2, sigmoid: 3 };

function runMatMul(
  addon: NativeAddon, mem: Memory, a: TensorInfo, b: TensorInfo, p: MatMulPlan,
  transA: boolean, transB: boolean, bias: TensorInfo | null, act: number,
): TensorInfo | null {
  // Check the inputs are addressable before allocating; views are taken again after the
  // allocation, which may have moved the wasm heap.
  if (!mem.view(a) || !mem.view(b) || (bias && !mem.view(bias))) return null;
  const out = mem.alloc(p.outShape);
  const va = mem.view(a)!, vb = mem.view(b)!, vo = mem.view(out)!, vbias = bias ? mem.view(bias) : null;
  if (p.batch === 1) {
    addon.matmul(va, vb, vo, p.M, p.N, p.K, transA, transB, vbias, act);
  } else {
    const so = p.M * p.N;
    for (let i = 0; i < p.batch; i++) {
      addon.matmul(
        va.subarray(i * p.strideA), vb.subarray(i * p.strideB), vo.subarray(i * so, (i + 1) * so),
        p.M, p.N, p.K, transA, transB, vbias, act,
      );
    }
  }
  return out;
}

/** The native BatchMatMul / _FusedMatMul; anything it does not cover goes to `fallback`. */
function nativeMatMul(name: ReplacedKernel, backendName: string, addon: NativeAddon, fallback: KernelImpl): KernelImpl {
  return (args: KernelArgs) => {
    const { a, b, bias, preluActivationWeights } = args.inputs;
    const transA = Boolean(args.attrs?.transposeA), transB = Boolean(args.attrs?.transposeB);
    const mem = memoryFor(backendName, args.backend);
    if (!mem || !a || !b || a.dtype !== 'float32' || b.dtype !== 'float32') return fallback(args);
    let act = 0;
    let biasInfo: TensorInfo | null = null;
    if (name === '_FusedMatMul') {
      const a2 = ACT[String(args.attrs?.activation ?? 'linear')];
      if (a2 === undefined || preluActivationWeights) return fallback(args);
      act = a2;
      if (bias) {
        if (bias.dtype !== 'float32') return fallback(args);
        biasInfo = bias;
      }
    }
    const plan = planMatMul(a, b, transA, transB);
    if (!plan) return fallback(args);
    if (biasInfo && !(sizeOf(biasInfo.shape) === plan.N && biasInfo.shape.every((d, i) => d === 1 || i === biasInfo!.shape.length - 1))) {
      return fallback(args);
    }
    return runMatMul(addon, mem, a, b, plan, transA, transB, biasInfo, act) ?? fallback(args);
  };
}

/** Names of RegLab's own fused kernels (see fusedOps.ts for the ops and their fallbacks). */
export const FUSED_KERNELS = {
  dense: 'RegLabDense',
  denseGradX: 'RegLabDenseGradX',
  denseGradW: 'RegLabDenseGradW',
  denseGradB: 'RegLabDenseGradB',
  softmaxCE: 'RegLabSoftmaxCrossEntropy',
  softmaxCEGrad: 'RegLabSoftmaxCrossEntropyGrad',
  /** Every gradient of a dense layer in one kernel: outputs [dx?, dw, db?] (DenseGradsAttrs). */
  denseGrads: 'RegLabDenseGrads',
  /** The loss and its gradient for the logits (seed 1) in one kernel: outputs [loss, dlogits]. */
  softmaxCEWithGrad: 'RegLabSoftmaxCrossEntropyWithGrad',
} as const;

export interface DenseAttrs {
  /** w is [out, in] (PyTorch's Linear layout) rather than [in, out]. */
  transposeW: boolean;
  activation: 'linear' | 'relu' | 'tanh' | 'sigmoid';
}

/** RegLabDenseGrads: the DenseAttrs of the layer and which of dx and db to form. The three are
 * one denseBackward call, which forms each from the same activation gradient as the three
 * one-output kernels do: the values are theirs to the bit. */
export interface DenseGradsAttrs extends DenseAttrs {
  wantDx: boolean;
  wantDb: boolean;
}

function views(mem: Memory, ts: Array<TensorInfo | undefined>, kernel: string): Array<Float32Array | null> {
  return ts.map((t) => {
    if (!t) return null;
    const v = mem.view(t);
    if (!v) throw new Error(`${kernel}: expected float32 tensors the native kernels can address, got ${t.dtype}`);
    return v;
  });
}

function denseDims(x: TensorInfo, w: TensorInfo, a: DenseAttrs, kernel: string): { M: number; N: number; K: number } {
  if (x.shape.length !== 2 || w.shape.length !== 2) throw new Error(`${kernel}: x and w must be 2-D, got [${x.shape}] and [${w.shape}]`);
  const [M, K] = x.shape;
  const [N, Kw] = a.transposeW ? w.shape : [w.shape[1], w.shape[0]];
  if (K !== Kw) throw new Error(`${kernel}: x [${x.shape}] does not match w [${w.shape}] (transposeW=${a.transposeW})`);
  return { M, N, K };
}

function fusedKernels(backendName: string, addon: NativeAddon): KernelConfig[] {
  const k = FUSED_KERNELS;
  const cfg = (kernelName: string, f: (args: KernelArgs, mem: Memory) => TensorInfo | TensorInfo[]): KernelConfig => ({
    kernelName,
    backendName,
    kernelFunc: ((args: KernelArgs) => {
      const mem = memoryFor(backendName, args.backend);
      if (!mem) throw new Error(`${kernelName}: backend ${backendName} is not addressable`);
      return f(args, mem);
    }) as unknown as KernelConfig['kernelFunc'],
  });
  const act = (a: DenseAttrs) => ACT[a.activation] ?? (() => { throw new Error(`unsupported activation ${a.activation}`); })();
  /** A dense layer's gradients from one denseBackward call: the outputs `want` names, in the
   * order dx, dw, db (one tensor, or a list when `several`). */
  const denseGradKernel = (kernelName: string, want: (a: DenseGradsAttrs) => { dx: boolean; dw: boolean; db: boolean }, several = false) =>
    cfg(kernelName, ({ inputs: { x, w, y, dy }, attrs }, mem) => {
      const a = attrs as unknown as DenseGradsAttrs;
      const o = want(a);
      const { M, N, K } = denseDims(x!, w!, a, kernelName);
      const dx = o.dx ? mem.alloc(x!.shape) : undefined;
      const dw = o.dw ? mem.alloc(w!.shape) : undefined;
      const db = o.db ? mem.alloc([N]) : undefined;
      const [vx, vw, vy, vdy, vdx, vdw, vdb] = views(mem, [x, w, y, dy, dx, dw, db], kernelName);
      addon.denseBackward(vx!, vw!, vy, vdy!, vdx, vdw, vdb, M, N, K, a.transposeW, act(a));
      const outs = [dx, dw, db].filter((t): t is TensorInfo => t !== undefined);
      return several ? outs : outs[0];
    });
  return [
    cfg(k.dense, ({ inputs: { x, w, b }, attrs }, mem) => {
      const a = attrs as unknown as DenseAttrs;
      const { M, N, K } = denseDims(x!, w!, a, k.dense);
      const out = mem.alloc([M, N]);
      const [vx, vw, vb, vo] = views(mem, [x, w, b, out], k.dense);
      addon.matmul(vx!, vw!, vo!, M, N, K, false, a.transposeW, vb, act(a));
      return out;
    }),
    // The tape's one-output kernels (one per input of RegLabDense) and the explicit backward
    // pass's all-in-one kernel: the same denseBackward call, asked for different outputs.
    denseGradKernel(k.denseGradX, () => ({ dx: true, dw: false, db: false })),
    denseGradKernel(k.denseGradW, () => ({ dx: false, dw: true, db: false })),
    denseGradKernel(k.denseGradB, () => ({ dx: false, dw: false, db: true })),
    denseGradKernel(k.denseGrads, (a) => ({ dx: a.wantDx, dw: true, db: a.wantDb }), true),
    cfg(k.softmaxCEWithGrad, ({ inputs: { logits, target } }, mem) => {
      const [B, C] = sceDims(logits!, target!);
      const loss = mem.alloc([]);
      const grad = mem.alloc([B, C]);
      const [vz, vt, vloss, vgrad] = views(mem, [logits, target, loss, grad], k.softmaxCEWithGrad);
      addon.softmaxCrossEntropy(vz!, vt!, B, C, vloss!);
      addon.softmaxCrossEntropyGrad(vz!, vt!, B, C, SEED_ONE, vgrad!);
      return [loss, grad];
    }),
    cfg(k.softmaxCE, ({ inputs: { logits, target } }, mem) => {
      const [B, C] = sceDims(logits!, target!);
      const out = mem.alloc([]);
      const [vz, vt, vo] = views(mem, [logits, target, out], k.softmaxCE);
      addon.softmaxCrossEntropy(vz!, vt!, B, C, vo!);
      return out;
    }),
    cfg(k.softmaxCEGrad, ({ inputs: { logits, target, dy } }, mem) => {
      const [B, C] = sceDims(logits!, target!);
      const out = mem.alloc([B, C]);
      const [vz, vt, vdy, vo] = views(mem, [logits, target, dy, out], k.softmaxCEGrad);
      addon.softmaxCrossEntropyGrad(vz!, vt!, B, C, vdy!, vo!);
      return out;
    }),
  ];
}

/** The gradient seed of a loss, d loss / d loss = 1 (what tf.onesLike(loss) holds). */
const SEED_ONE = Float32Array.of(1);

function sceDims(logits: TensorInfo, target: TensorInfo): [number, number] {
  if (logits.shape.length !== 2 || logits.shape.join() !== target.shape.join()) {
    throw new Error(`${FUSED_KERNELS.softmaxCE}: logits [${logits.shape}] and target [${target.shape}] must be the same 2-D shape`);
  }
  return [logits.shape[0], logits.shape[1]];
}

let gradientsRegistered = false;

/** Gradients of the fused kernels: one backward kernel per input the tape asks for. */
function registerFusedGradients(tf: Tf): void {
  if (gradientsRegistered) return;
  gradientsRegistered = true;
  const k = FUSED_KERNELS;
  const run = (name: string, inputs: Record<string, tfc.Tensor>, attrs: object) =>
    tf.engine().runKernel(name, inputs as unknown as tfc.NamedTensorMap, attrs as tfc.NamedAttrMap) as tfc.Tensor;
  tf.registerGradient({
    kernelName: k.dense,
    inputsToSave: ['x', 'w'],
    outputsToSave: [true],
    gradFunc: (dy, saved, attrs) => {
      const [x, w, y] = saved;
      const inputs = { x, w, y, dy: dy as tfc.Tensor };
      return {
        x: () => run(k.denseGradX, inputs, attrs),
        w: () => run(k.denseGradW, inputs, attrs),
        b: () => run(k.denseGradB, inputs, attrs),
      };
    },
  });
  tf.registerGradient({
    kernelName: k.softmaxCE,
    inputsToSave: ['logits', 'target'],
    gradFunc: (dy, saved) => {
      const [logits, target] = saved;
      return {
        logits: () => run(k.softmaxCEGrad, { logits, target, dy: dy as tfc.Tensor }, {}),
        // d/dtarget = −log_softmax(logits) / B (only when a caller differentiates the labels).
        target: () => tf.mul(tf.logSoftmax(logits), tf.div(tf.neg(dy as tfc.Tensor), logits.shape[0])),
      };
    },
  });
}

/** Who computes the fused kernels of each backend: the addon, or its JavaScript twin. */
const fusedProvider = new Map<string, 'native' | 'js'>();

/** JavaScript kernels stand in for a missing addon unless REGLAB_JS_KERNELS=0. */
function jsKernelsAllowed(): boolean {
  return process.env.REGLAB_JS_KERNELS !== '0';
}

function isAddressable(backendName: string): boolean {
  return (NATIVE_KERNEL_BACKENDS as readonly string[]).includes(backendName);
}

/**
 * Replaces BatchMatMul and _FusedMatMul of `backendName` ('wasm' or 'cpu') with the native
 * kernels and registers the fused ones; returns true. Without the addon, registers the fused
 * kernels in JavaScript (jsKernels.ts: used for small layers and the Adam update only) and
 * returns false. Safe to call again; call before or after the backend is initialized.
 */
export function registerNativeKernels(tf: Tf, backendName: string): boolean {
  if (!isAddressable(backendName)) return false;
  const addon = loadNativeAddon();
  const native = addon != null && KERNELS.every((k) => tf.getKernel(k, backendName));
  const provider = native ? addon : jsKernelsAllowed() ? jsKernels : null;
  if (!provider) return false;
  if (fusedProvider.get(backendName) === 'js' && native) unregisterFused(tf, backendName);
  registerFusedGradients(tf);
  for (const config of fusedKernels(backendName, provider)) {
    if (!tf.getKernel(config.kernelName, backendName)) tf.registerKernel(config);
  }
  if (!fusedProvider.has(backendName)) fusedProvider.set(backendName, native ? 'native' : 'js');
  if (!native) return false;
  for (const name of KERNELS) overrideKernel(tf, name, backendName, OWNER, (fallback) => nativeMatMul(name, backendName, addon, fallback));
  return true;
}

function unregisterFused(tf: Tf, backendName: string): void {
  for (const name of Object.values(FUSED_KERNELS)) {
    if (tf.getKernel(name, backendName)) tf.unregisterKernel(name, backendName);
  }
  fusedProvider.delete(backendName);
}

/** Puts the backend's own kernels back and removes the fused ones (fusedOps.ts then falls back). */
export function unregisterNativeKernels(tf: Tf, backendName: string): void {
  unregisterFused(tf, backendName);
  for (const name of KERNELS) restoreKernel(tf, name, backendName, OWNER);
}

export function nativeKernelsRegistered(backendName: string): boolean {
  return KERNELS.every((k) => isOverridden(k, backendName, OWNER));
}

/** True when the fused kernels run on `backendName` (native or JavaScript). */
export function fusedKernelsAvailable(tf: Tf, backendName: string): boolean {
  return tf.getKernel(FUSED_KERNELS.dense, backendName) != null;
}

/** Whether fusedOps.dense should use the fused kernel for a layer of `macs` multiply-adds: always
 * natively; in JavaScript only while it beats TF.js's own matmul. */
export function fusedDenseWorthIt(tf: Tf, backendName: string, macs: number): boolean {
  if (!fusedKernelsAvailable(tf, backendName)) return false;
  return fusedProvider.get(backendName) !== 'js' || macs <= JS_DENSE_MAX_MACS;
}

export interface AdamHyper {
  lr: number;
  beta1: number;
  beta2: number;
  eps: number;
  weightDecay: number;
  /** true: AdamW (p *= 1 - lr·wd); false: Adam (g += wd·p). */
  decoupled: boolean;
  /** 1-based step count of this parameter. */
  step: number;
}

interface RefCounting { refCount?(dataId: unknown): number }

/**
 * Runs `update` on Float32Array views of `mutable` (updated in place) and `readOnly` tensors of
 * equal size, with the addon or its JavaScript twin. A variable whose memory another tensor shares
 * first gets a private copy, as TF.js's immutable tensors expect. Returns false, changing no
 * values, when that is not possible (no kernels, another backend, a non-float32 tensor, a shared
 * buffer that is not a variable, sizes that differ).
 */
function updateInPlace(
  tf: Tf, mutable: tfc.Tensor[], readOnly: tfc.Tensor[],
  update: (addon: NativeAddon, mutableViews: Float32Array[], readOnlyViews: Float32Array[]) => void,
): boolean {
  const backendName = tf.getBackend();
  const addon = loadNativeAddon() ?? (jsKernelsAllowed() && isAddressable(backendName) ? jsKernels : null);
  if (!addon) return false;
  const backend = tf.backend() as unknown as RefCounting;
  const mem = memoryFor(backendName, backend);
  if (!mem) return false;
  const all = [...mutable, ...readOnly];
  if (all.some((x) => x.isDisposed || x.dtype !== 'float32' || x.size !== all[0].size)) return false;
  for (const x of mutable) {
    if (!backend.refCount || backend.refCount(x.dataId) === 1) continue;
    if (!(x instanceof tf.Variable)) return false;
    const copy = tf.add(x, 0);
    x.assign(copy);
    copy.dispose();
    if (backend.refCount(x.dataId) !== 1) return false;
  }
  const views = all.map((x) => mem.view(x));
  if (views.some((v) => !v)) return false;
  update(addon, views.slice(0, mutable.length) as Float32Array[], views.slice(mutable.length) as Float32Array[]);
  return true;
}

/**
 * One Adam/AdamW step on `param` and its state `m`, `v` (and `vmax` for amsgrad), in place
 * (natively, or in JavaScript with bit for bit the same float32 arithmetic). Returns false,
 * changing nothing, when not possible (see updateInPlace): the caller then runs its TF.js ops.
 */
export function adamStepInPlace(
  tf: Tf,
  t: { param: tfc.Tensor; grad: tfc.Tensor; m: tfc.Tensor; v: tfc.Tensor; vmax?: tfc.Tensor },
  h: AdamHyper,
): boolean {
  const mutable = [t.param, t.m, t.v, ...(t.vmax ? [t.vmax] : [])];
  return updateInPlace(tf, mutable, [t.grad], (addon, [p, m, v, vmax], [g]) => {
    addon.adamStep(p, g, m, v, vmax ?? null, h.lr, h.beta1, h.beta2, h.eps, h.weightDecay, h.decoupled, h.step);
  });
}

export interface SgdHyper {
  lr: number;
  momentum: number;
  dampening: number;
  nesterov: boolean;
  weightDecay: number;
  /** The momentum buffer's first step: buf = d (torch.clone(d_p)), no dampening. */
  first: boolean;
}

/** One torch.optim.SGD step on `param` (and its momentum buffer `buf`), in place; false when
 * not possible (see updateInPlace). */
export function sgdStepInPlace(tf: Tf, t: { param: tfc.Tensor; grad: tfc.Tensor; buf?: tfc.Tensor }, h: SgdHyper): boolean {
  if (h.momentum !== 0 && !t.buf) return false;
  const mutable = [t.param, ...(t.buf ? [t.buf] : [])];
  return updateInPlace(tf, mutable, [t.grad], (addon, [p, buf], [g]) => {
    addon.sgdStep(p, g, buf ?? null, h.lr, h.momentum, h.dampening, h.nesterov, h.weightDecay, h.first);
  });
}

/** Whether adamStepInPlace / sgdStepInPlace can run on the active backend at all. */
export function inPlaceStepsAvailable(tf: Tf): boolean {
  return isAddressable(tf.getBackend()) && (loadNativeAddon() != null || jsKernelsAllowed());
}

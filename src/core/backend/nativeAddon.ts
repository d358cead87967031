// Locates and loads RegLab's optional native addon (native/, built by `npm run build:native` over
// the system's OpenBLAS). Missing or broken is a normal state: callers get null and a reason, and
// TF.js keeps its own kernels.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

/** The functions of native/src/reglab_native.c. Row-major float32; flags are 0/1 or booleans. */
export interface NativeAddon {
  /** out[M,N] = act(op(a)[M,K] · op(b)[K,N] + bias[N]); act 0 = linear, 1 = relu. */
  matmul(
    a: Float32Array, b: Float32Array, out: Float32Array, M: number, N: number, K: number,
    transA: boolean, transB: boolean, bias: Float32Array | null, act: number,
  ): void;
  /** Backward of y = act(x[M,K] · op(w) + b); w is [K,N] or, with transW, [N,K]. */
  denseBackward(
    x: Float32Array, w: Float32Array, y: Float32Array | null, dy: Float32Array,
    dx: Float32Array | null, dw: Float32Array | null, db: Float32Array | null,
    M: number, N: number, K: number, transW: boolean, act: number,
  ): void;
  /** One torch.optim Adam (decoupled = false) / AdamW (decoupled = true) step, in place. */
  adamStep(
    p: Float32Array, g: Float32Array, m: Float32Array, v: Float32Array, vmax: Float32Array | null,
    lr: number, beta1: number, beta2: number, eps: number, weightDecay: number,
    decoupled: boolean, step: number,
  ): void;
  /** One torch.optim.SGD step, in place (buf: the momentum buffer, set from g when `first`). */
  sgdStep(
    p: Float32Array, g: Float32Array, buf: Float32Array | null, lr: number, momentum: number, dampening: number,
    nesterov: boolean, weightDecay: number, first: boolean,
  ): void;
  /** out[0] = mean over rows of −Σ_j target_ij · log_softmax(logits_i)_j. */
  softmaxCrossEntropy(logits: Float32Array, target: Float32Array, B: number, C: number, out: Float32Array): void;
  /** dlogits = dy[0] / B · (softmax(logits) · Σ_j target_ij − target). */
  softmaxCrossEntropyGrad(
    logits: Float32Array, target: Float32Array, B: number, C: number, dy: Float32Array, dlogits: Float32Array,
  ): void;
  setThreads(n: number): void;
  blasInfo(): string;
}

const ADDON_RELATIVE = path.join('native', 'build', 'Release', 'reglab_native.node');

let cached: { addon: NativeAddon | null; reason?: string; file?: string } | undefined;

/** Where the addon may be: $REGLAB_NATIVE_ADDON, else native/build/Release above this module
 * (src/core/backend in the source tree, dist/ in the bundles). */
export function nativeAddonCandidates(): string[] {
  const out: string[] = [];
  if (process.env.REGLAB_NATIVE_ADDON) out.push(path.resolve(process.env.REGLAB_NATIVE_ADDON));
  let dir = __dirname;
  for (let i = 0; i < 5; i++) {
    out.push(path.join(dir, ADDON_RELATIVE));
    const up = path.dirname(dir);
    if (up === dir) break;
    dir = up;
  }
  return out;
}

/** The addon, or null (see nativeAddonStatus().reason). REGLAB_NATIVE=0 disables it. */
export function loadNativeAddon(): NativeAddon | null {
  if (cached) return cached.addon;
  if (process.env.REGLAB_NATIVE === '0') {
    cached = { addon: null, reason: 'disabled by REGLAB_NATIVE=0' };
    return null;
  }
  const file = nativeAddonCandidates().find((f) => existsSync(f));
  if (!file) {
    cached = { addon: null, reason: `native addon not built (no ${ADDON_RELATIVE}; run \`npm run build:native\`)` };
    return null;
  }
  try {
    // createRequire keeps bundlers from trying to resolve the computed path at build time.
    const addon = createRequire(__filename)(file) as NativeAddon;
    for (const fn of ['matmul', 'denseBackward', 'adamStep', 'sgdStep', 'softmaxCrossEntropy', 'softmaxCrossEntropyGrad', 'setThreads', 'blasInfo'] as const) {
      if (typeof addon[fn] !== 'function') throw new Error(`${file} has no function ${fn} (stale build?)`);
    }
    cached = { addon, file };
  } catch (e) {
    cached = { addon: null, reason: `native addon ${file} failed to load: ${(e as Error).message}` };
  }
  return cached.addon;
}

export function nativeAddonStatus(): { loaded: boolean; file?: string; reason?: string; blas?: string } {
  const addon = loadNativeAddon();
  return { loaded: addon != null, file: cached?.file, reason: cached?.reason, blas: addon?.blasInfo() };
}

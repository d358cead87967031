// The native addon's functions written in JavaScript, for machines without the addon (a .vsix
// install, no compiler or OpenBLAS). Without BLAS its matmul is only worth it for small layers,
// so nativeKernels.ts uses it for the fused kernels below a size limit (where TF.js's per-op cost,
// not arithmetic, is the step) and for the Adam update, never for BatchMatMul.
// Math.fround after every operation makes each result the float32 one, in the C code's order.
import type { NativeAddon } from './nativeAddon';

const f = Math.fround;

/** Activation codes as in the addon: 0 linear, 1 relu, 2 tanh, 3 sigmoid (1 / (1 + e^-x)). */
function activate(v: number, act: number): number {
  if (act === 1) return v > 0 ? v : 0;
  if (act === 2) return f(Math.tanh(v));
  if (act === 3) return f(1 / f(1 + f(Math.exp(-v))));
  return v;
}

/** dL/dz from dL/dy and the output y, in PyTorch's order. */
function activationGrad(dy: number, y: number, act: number): number {
  if (act === 1) return y > 0 ? dy : 0;
  if (act === 2) return f(dy * f(1 - f(y * y)));
  if (act === 3) return f(f(dy * f(1 - y)) * y);
  return dy;
}

/** out = act(op(a) · op(b) + bias). Dot products accumulate in double and round once (BLAS
 * accumulates in float32 in its own order; both are within float32 rounding of the exact sum). */
function matmul(
  a: Float32Array, b: Float32Array, out: Float32Array, M: number, N: number, K: number,
  transA: boolean, transB: boolean, bias: Float32Array | null, act: number,
): void {
  const row = new Float64Array(N);
  for (let i = 0; i < M; i++) {
    if (transB) {
      // Dot-product form: b's row j is contiguous.
      for (let j = 0; j < N; j++) {
        let s = 0;
        const bj = j * K;
        if (transA) for (let k = 0; k < K; k++) s += a[k * M + i] * b[bj + k];
        else for (let k = 0, ai = i * K; k < K; k++) s += a[ai + k] * b[bj + k];
        row[j] = s;
      }
    } else {
      // Row-update form: b's row k and the output row are contiguous.
      row.fill(0);
      for (let k = 0; k < K; k++) {
        const aik = transA ? a[k * M + i] : a[i * K + k];
        if (aik === 0) continue;
        for (let j = 0, bk = k * N; j < N; j++) row[j] += aik * b[bk + j];
      }
    }
    for (let j = 0; j < N; j++) out[i * N + j] = activate(bias ? f(f(row[j]) + bias[j]) : f(row[j]), act);
  }
}

function denseBackward(
  x: Float32Array, w: Float32Array, y: Float32Array | null, dy: Float32Array,
  dx: Float32Array | null, dw: Float32Array | null, db: Float32Array | null,
  M: number, N: number, K: number, transW: boolean, act: number,
): void {
  const dz = act === 0 ? dy : dy.map((v, i) => activationGrad(v, y![i], act));
  if (dx) matmul(dz, w, dx, M, K, N, false, !transW, null, 0); // dz[M,N] · op(w)ᵀ
  if (dw) {
    if (transW) matmul(dz, x, dw, N, K, M, true, false, null, 0); // dzᵀ · x  -> [N,K]
    else matmul(x, dz, dw, K, N, M, true, false, null, 0); // xᵀ · dz  -> [K,N]
  }
  if (db) {
    db.fill(0);
    for (let i = 0; i < M; i++) for (let j = 0; j < N; j++) db[j] = f(db[j] + dz[i * N + j]);
  }
}

function adamStep(
  p: Float32Array, g: Float32Array, m: Float32Array, v: Float32Array, vmax: Float32Array | null,
  lr: number, beta1: number, beta2: number, eps: number, weightDecay: number, decoupled: boolean, step: number,
): void {
  const bc2Sqrt = f(Math.sqrt(1 - beta2 ** step)), negStep = f(-(lr / (1 - beta1 ** step)));
  const shrink = weightDecay === 0 ? 1 : f(1 - lr * weightDecay);
  const b1 = f(beta1), b2 = f(beta2), c1 = f(1 - beta1), c2 = f(1 - beta2), e = f(eps), wd = f(weightDecay);
  for (let i = 0; i < p.length; i++) {
    let pi = p[i], gi = g[i];
    if (decoupled) pi = f(pi * shrink);
    else gi = f(gi + f(wd * pi));
    const mi = f(f(m[i] * b1) + f(gi * c1));
    const vi = f(f(v[i] * b2) + f(f(c2 * gi) * gi));
    m[i] = mi;
    v[i] = vi;
    let vv = vi;
    if (vmax) vmax[i] = vv = vmax[i] > vi ? vmax[i] : vi;
    const denom = f(f(f(Math.sqrt(vv)) / bc2Sqrt) + e);
    p[i] = f(pi + f(negStep * f(mi / denom)));
  }
}

function sgdStep(
  p: Float32Array, g: Float32Array, buf: Float32Array | null, lr: number, momentum: number, dampening: number,
  nesterov: boolean, weightDecay: number, first: boolean,
): void {
  const wd = f(weightDecay), mom = f(momentum), keep = f(1 - dampening), negLr = f(-lr);
  const B = momentum !== 0 ? buf : null;
  for (let i = 0; i < p.length; i++) {
    let d = g[i];
    if (weightDecay !== 0) d = f(d + f(wd * p[i]));
    if (B) {
      const b = first ? d : f(f(B[i] * mom) + f(keep * d));
      B[i] = b;
      d = nesterov ? f(d + f(mom * b)) : b;
    }
    p[i] = f(p[i] + f(negLr * d));
  }
}

function softmaxCrossEntropy(logits: Float32Array, target: Float32Array, B: number, C: number, out: Float32Array): void {
  let total = 0;
  for (let i = 0; i < B; i++) {
    let mx = -Infinity;
    for (let j = 0; j < C; j++) mx = Math.max(mx, logits[i * C + j]);
    let se = 0;
    for (let j = 0; j < C; j++) se += Math.exp(logits[i * C + j] - mx);
    const lse = mx + Math.log(se);
    for (let j = 0; j < C; j++) if (target[i * C + j] !== 0) total -= target[i * C + j] * (logits[i * C + j] - lse);
  }
  out[0] = B > 0 ? total / B : NaN;
}

function softmaxCrossEntropyGrad(
  logits: Float32Array, target: Float32Array, B: number, C: number, dy: Float32Array, dlogits: Float32Array,
): void {
  const scale = B > 0 ? f(dy[0] / B) : 0;
  for (let i = 0; i < B; i++) {
    let mx = -Infinity, tsum = 0, se = 0;
    for (let j = 0; j < C; j++) { mx = Math.max(mx, logits[i * C + j]); tsum = f(tsum + target[i * C + j]); }
    for (let j = 0; j < C; j++) { const e = f(Math.exp(logits[i * C + j] - mx)); dlogits[i * C + j] = e; se = f(se + e); }
    const k = f(tsum / se);
    for (let j = 0; j < C; j++) dlogits[i * C + j] = f(scale * f(f(dlogits[i * C + j] * k) - target[i * C + j]));
  }
}

export const jsKernels: NativeAddon = {
  matmul, denseBackward, adamStep, sgdStep, softmaxCrossEntropy, softmaxCrossEntropyGrad,
  setThreads: () => undefined,
  blasInfo: () => 'JavaScript (no BLAS)',
};

/** Above this many multiply-adds a JavaScript dense layer loses to TF.js's own matmul. */
export const JS_DENSE_MAX_MACS = 1 << 13;

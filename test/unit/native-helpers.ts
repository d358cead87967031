// Float64 references shared by the native-kernel tests (not a test file itself).
import assert from 'node:assert/strict';
import { Rng } from '../../src/core/data/rng';

const rng = new Rng(12345);
export function rand(n: number, scale = 1): Float64Array {
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = (rng.next() * 2 - 1) * scale;
  return out;
}

/** op(A)[M,K] · op(B)[K,N] in float64, A stored [M,K] or (transA) [K,M], B [K,N] or (transB) [N,K]. */
export function refMatMul(a: Float64Array, b: Float64Array, M: number, N: number, K: number, ta: boolean, tb: boolean): Float64Array {
  const out = new Float64Array(M * N);
  for (let i = 0; i < M; i++) {
    for (let j = 0; j < N; j++) {
      let s = 0;
      for (let k = 0; k < K; k++) s += (ta ? a[k * M + i] : a[i * K + k]) * (tb ? b[j * K + k] : b[k * N + j]);
      out[i * N + j] = s;
    }
  }
  return out;
}

export function assertClose(actual: ArrayLike<number>, expected: ArrayLike<number>, tol: number, what: string): void {
  assert.equal(actual.length, expected.length, `${what}: length`);
  let worst = 0, at = -1;
  for (let i = 0; i < expected.length; i++) {
    const e = Math.abs(actual[i] - expected[i]) / Math.max(1, Math.abs(expected[i]));
    if (!(e <= worst)) { worst = e; at = i; }
  }
  assert.ok(worst <= tol, `${what}: entry ${at} is ${actual[at]}, expected ${expected[at]} (scaled error ${worst})`);
}


/** PyTorch 1.13's _single_tensor_adam(w) step in float64: the new parameter values. */
export function refAdam(
  p0: ArrayLike<number>, g: ArrayLike<number>, m0: ArrayLike<number>, v0: ArrayLike<number>, vmax0: ArrayLike<number> | null,
  h: { lr: number; beta1: number; beta2: number; eps: number; weightDecay: number; decoupled: boolean; step: number },
): number[] {
  return Array.from(p0, (p, i) => {
    let gi = g[i];
    if (h.decoupled) p *= 1 - h.lr * h.weightDecay; else gi += h.weightDecay * p;
    const m = h.beta1 * m0[i] + (1 - h.beta1) * gi;
    const v = h.beta2 * v0[i] + (1 - h.beta2) * gi * gi;
    const vv = vmax0 ? Math.max(vmax0[i], v) : v;
    const denom = Math.sqrt(vv) / Math.sqrt(1 - h.beta2 ** h.step) + h.eps;
    return p - (h.lr / (1 - h.beta1 ** h.step)) * (m / denom);
  });
}

export type Act = 'linear' | 'relu' | 'tanh' | 'sigmoid';
export const ACTIVATIONS: Act[] = ['linear', 'relu', 'tanh', 'sigmoid'];

/** The activation and its derivative at pre-activation z, in float64. */
export function refAct(z: number, act: Act): number {
  if (act === 'relu') return Math.max(0, z);
  if (act === 'tanh') return Math.tanh(z);
  if (act === 'sigmoid') return 1 / (1 + Math.exp(-z));
  return z;
}
export function refActGrad(z: number, act: Act): number {
  if (act === 'relu') return z > 0 ? 1 : 0;
  if (act === 'tanh') return 1 - Math.tanh(z) ** 2;
  if (act === 'sigmoid') { const s = 1 / (1 + Math.exp(-z)); return s * (1 - s); }
  return 1;
}

// The JavaScript twin of the native addon (used when the addon is not built): each function
// against float64 references, and — when the addon is built — bit for bit against the addon for
// the Adam update, whose float32 order both follow. The engine path without the addon is covered
// by the PyTorch parity suite run with REGLAB_NATIVE=0.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { jsKernels } from '../../src/core/backend/jsKernels';
import { loadNativeAddon } from '../../src/core/backend/nativeAddon';
import { ACTIVATIONS, assertClose, rand, refAct, refActGrad, refAdam, refMatMul } from './native-helpers';

const f32 = (a: ArrayLike<number>) => Float32Array.from(a);
const f64 = (a: ArrayLike<number>) => Float64Array.from(a);

test('js matmul: every transpose combination, bias and relu', () => {
  const [M, N, K] = [6, 5, 7];
  for (const ta of [false, true]) {
    for (const tb of [false, true]) {
      const a = f32(rand(M * K)), b = f32(rand(K * N)), bias = f32(rand(N));
      const out = new Float32Array(M * N);
      jsKernels.matmul(a, b, out, M, N, K, ta, tb, bias, 1);
      const ref = refMatMul(f64(a), f64(b), M, N, K, ta, tb).map((v, i) => Math.max(0, v + bias[i % N]));
      assertClose(out, ref, 1e-5, `ta=${ta} tb=${tb}`);
    }
  }
});

test('js dense layer: output and dx, dW, db through every activation, both weight layouts', () => {
  const [M, N, K] = [9, 4, 6];
  for (const act of ACTIVATIONS) {
    for (const transW of [true, false]) {
      const code = ACTIVATIONS.indexOf(act); // the addon's codes: 0 linear, 1 relu, 2 tanh, 3 sigmoid
      const x = f32(rand(M * K)), w = f32(rand(N * K)), b = f32(rand(N, 0.3)), dy = f32(rand(M * N));
      const z = refMatMul(f64(x), f64(w), M, N, K, false, transW).map((v, i) => v + b[i % N]);
      const y = new Float32Array(M * N);
      jsKernels.matmul(x, w, y, M, N, K, false, transW, b, code);
      assertClose(y, z.map((v) => refAct(v, act)), 1e-5, `${act} forward transW=${transW}`);
      const dz = f64(Array.from(dy, (v, i) => v * refActGrad(z[i], act)));
      const dx = new Float32Array(M * K), dw = new Float32Array(N * K), db = new Float32Array(N);
      jsKernels.denseBackward(x, w, y, dy, dx, dw, db, M, N, K, transW, code);
      const what = `${act} transW=${transW}`;
      assertClose(dx, refMatMul(dz, f64(w), M, K, N, false, !transW), 1e-5, `dx ${what}`);
      assertClose(dw, transW ? refMatMul(dz, f64(x), N, K, M, true, false) : refMatMul(f64(x), dz, K, N, M, true, false), 1e-5, `dw ${what}`);
      const refDb = new Float64Array(N);
      dz.forEach((v, i) => { refDb[i % N] += v; });
      assertClose(db, refDb, 1e-5, `db ${what}`);
    }
  }
});

test('js softmax cross-entropy and its gradient', () => {
  const [B, C] = [5, 3];
  const z = f32(rand(B * C, 4)), t = new Float32Array(B * C);
  for (let i = 0; i < B; i++) t[i * C + (i % C)] = 1;
  const out = new Float32Array(1), g = new Float32Array(B * C);
  jsKernels.softmaxCrossEntropy(z, t, B, C, out);
  jsKernels.softmaxCrossEntropyGrad(z, t, B, C, f32([2]), g);
  let loss = 0;
  const ref = new Float64Array(B * C);
  for (let i = 0; i < B; i++) {
    const row = Array.from(z.subarray(i * C, (i + 1) * C));
    const lse = Math.log(row.reduce((s, v) => s + Math.exp(v), 0));
    row.forEach((v, j) => { loss -= (t[i * C + j] * (v - lse)) / B; ref[i * C + j] = (2 * (Math.exp(v - lse) - t[i * C + j])) / B; });
  }
  assertClose(out, [loss], 1e-6, 'loss');
  assertClose(g, ref, 1e-6, 'gradient');
});

test('js Adam/AdamW equals PyTorch\'s formula, and the native addon bit for bit when it is built', (t) => {
  const n = 64;
  const addon = loadNativeAddon();
  for (const [decoupled, amsgrad, weightDecay] of [[true, false, 0.01], [false, true, 0.1], [true, false, 0]] as const) {
    const h = { lr: 0.003, beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay, decoupled, step: 5 };
    const p = f32(rand(n)), g = f32(rand(n)), m = f32(rand(n, 0.1)), v = f32(rand(n, 0.01).map(Math.abs)), vmax = f32(v.map((x) => x * 1.5));
    const state = () => [p.slice(), m.slice(), v.slice(), vmax.slice()] as const;
    const [jp, jm, jv, jvm] = state();
    jsKernels.adamStep(jp, g, jm, jv, amsgrad ? jvm : null, h.lr, h.beta1, h.beta2, h.eps, h.weightDecay, decoupled, h.step);
    assertClose(jp, refAdam(p, g, m, v, amsgrad ? vmax : null, h), 1e-6, `decoupled=${decoupled} amsgrad=${amsgrad}`);
    if (addon) {
      const [np, nm, nv, nvm] = state();
      addon.adamStep(np, g, nm, nv, amsgrad ? nvm : null, h.lr, h.beta1, h.beta2, h.eps, h.weightDecay, decoupled, h.step);
      assert.deepEqual([jp, jm, jv], [np, nm, nv], 'JavaScript and C give the same float32 results');
    }
  }
  if (!addon) t.diagnostic('native addon not built: compared with the float64 reference only');
});

test('SGD (weight decay, momentum with dampening, nesterov) over three steps: JavaScript and addon equal torch.optim.SGD', () => {
  const n = 40;
  const addon = loadNativeAddon();
  for (const h of [
    { lr: 0.1, momentum: 0, dampening: 0, nesterov: false, weightDecay: 0.01 },
    { lr: 0.05, momentum: 0.9, dampening: 0.3, nesterov: false, weightDecay: 0 },
    { lr: 0.05, momentum: 0.8, dampening: 0, nesterov: true, weightDecay: 0.02 },
  ]) {
    const p0 = f32(rand(n)), grads = [f32(rand(n)), f32(rand(n)), f32(rand(n))];
    // torch 1.13 _single_tensor_sgd in float64.
    const ref = Array.from(p0), buf = new Float64Array(n);
    grads.forEach((g, step) => {
      for (let i = 0; i < n; i++) {
        let d = g[i] + h.weightDecay * ref[i];
        if (h.momentum !== 0) {
          buf[i] = step === 0 ? d : buf[i] * h.momentum + (1 - h.dampening) * d;
          d = h.nesterov ? d + h.momentum * buf[i] : buf[i];
        }
        ref[i] -= h.lr * d;
      }
    });
    const run = (k: typeof jsKernels) => {
      const p = p0.slice(), b = new Float32Array(n);
      grads.forEach((g, step) => k.sgdStep(p, g, h.momentum ? b : null, h.lr, h.momentum, h.dampening, h.nesterov, h.weightDecay, step === 0));
      return p;
    };
    const js = run(jsKernels);
    assertClose(js, ref, 1e-6, JSON.stringify(h));
    if (addon) assert.deepEqual(run(addon), js, 'JavaScript and C give the same float32 results');
  }
});

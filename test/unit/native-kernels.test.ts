// The native (OpenBLAS) kernels against independent float64 references written out in JavaScript:
// matmul in every transpose combination and with a broadcast batch, the fused matmul with bias and
// relu, the fused dense layer's forward and gradients, softmax cross-entropy and its gradient, and
// the in-place Adam/AdamW step (PyTorch's formula). On the wasm and the cpu backend.
// Without the addon the tests skip with the reason; with REGLAB_REQUIRE_NATIVE=1 (CI) they fail.
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { selectBackend } from '../../src/core/backend/selectBackend';
import { nativeAddonStatus } from '../../src/core/backend/nativeAddon';
import {
  adamStepInPlace, FUSED_KERNELS, fusedKernelsAvailable, nativeKernelsRegistered, registerNativeKernels, unregisterNativeKernels,
} from '../../src/core/backend/nativeKernels';
import { dense, softmaxCrossEntropy } from '../../src/core/backend/fusedOps';
import { ACTIVATIONS, assertClose, rand, refAct, refActGrad, refAdam, refMatMul } from './native-helpers';

const status = nativeAddonStatus();

/** Skips (or, in CI, fails) when the addon is not built. Returns true when the test should run. */
function needNative(t: TestContext): boolean {
  if (status.loaded) return true;
  if (process.env.REGLAB_REQUIRE_NATIVE === '1') assert.fail(`REGLAB_REQUIRE_NATIVE=1 but ${status.reason}`);
  t.skip(status.reason ?? 'native addon unavailable');
  return false;
}

const BACKENDS = ['wasm', 'cpu'] as const;

async function useBackend(name: (typeof BACKENDS)[number]): Promise<void> {
  const choice = await selectBackend(name);
  assert.equal(choice.nativeKernels, true, `selectBackend(${name}) should register the native kernels`);
  assert.ok(nativeKernelsRegistered(name) && fusedKernelsAvailable(tf, name));
}

for (const backend of BACKENDS) {
  test(`${backend}: matmul with native kernels equals a float64 reference for every transpose combination`, async (t) => {
    if (!needNative(t)) return;
    await useBackend(backend);
    for (const [M, N, K] of [[32, 256, 100], [7, 3, 5], [1, 10, 1]]) {
      for (const ta of [false, true]) {
        for (const tb of [false, true]) {
          const a = rand(M * K), b = rand(K * N);
          const got = tf.tidy(() => tf.matMul(
            tf.tensor2d(Float32Array.from(a), ta ? [K, M] : [M, K]), tf.tensor2d(Float32Array.from(b), tb ? [N, K] : [K, N]), ta, tb,
          ).dataSync());
          assertClose(got, refMatMul(Float32Array.from(a) as unknown as Float64Array, Float32Array.from(b) as unknown as Float64Array, M, N, K, ta, tb), 1e-5, `${M}x${N}x${K} ta=${ta} tb=${tb}`);
        }
      }
    }
  });

  test(`${backend}: batched matmul, with the weight broadcast over the batch`, async (t) => {
    if (!needNative(t)) return;
    await useBackend(backend);
    const [B, M, N, K] = [3, 4, 5, 6];
    const a = Float32Array.from(rand(B * M * K)), b = Float32Array.from(rand(K * N));
    const got = tf.tidy(() => tf.matMul(tf.tensor3d(a, [B, M, K]), tf.tensor3d(b, [1, K, N])));
    assert.deepEqual(got.shape, [B, M, N]);
    const data = got.dataSync();
    for (let i = 0; i < B; i++) {
      const ref = refMatMul(a.subarray(i * M * K) as unknown as Float64Array, b as unknown as Float64Array, M, N, K, false, false);
      assertClose(data.subarray(i * M * N, (i + 1) * M * N), ref, 1e-5, `batch ${i}`);
    }
    got.dispose();
  });

  test(`${backend}: fused matmul with bias and relu; an unsupported activation goes to the backend's kernel`, async (t) => {
    if (!needNative(t)) return;
    await useBackend(backend);
    const [M, N, K] = [8, 6, 5];
    const a = Float32Array.from(rand(M * K)), w = Float32Array.from(rand(N * K)), bias = Float32Array.from(rand(N));
    const lin = refMatMul(a as unknown as Float64Array, w as unknown as Float64Array, M, N, K, false, true);
    const withBias = lin.map((v, i) => v + bias[i % N]);
    const run = (activation: 'relu' | 'linear' | 'elu') => tf.tidy(() => tf.fused.matMul({
      a: tf.tensor2d(a, [M, K]), b: tf.tensor2d(w, [N, K]), transposeB: true, bias: tf.tensor1d(bias), activation,
    }).dataSync());
    for (const activation of ['relu', 'linear'] as const) {
      assertClose(run(activation), withBias.map((v) => (activation === 'relu' ? Math.max(0, v) : v)), 1e-5, activation);
    }
    // elu is not native: the backend's own kernel answers, exactly as without our kernels.
    const ours = run('elu');
    unregisterNativeKernels(tf, backend);
    try {
      assert.deepEqual(ours, run('elu'));
    } finally {
      registerNativeKernels(tf, backend);
    }
  });

  test(`${backend}: fused dense layer (linear, relu, tanh, sigmoid): forward and gradients of x, W, b equal the reference`, async (t) => {
    if (!needNative(t)) return;
    await useBackend(backend);
    const [M, N, K] = [16, 12, 9];
    const x = Float32Array.from(rand(M * K)), w = Float32Array.from(rand(N * K)), b = Float32Array.from(rand(N, 0.3));
    const r = Float32Array.from(rand(M * N)); // loss = Σ y ⊙ r, so dL/dy = r
    for (const activation of ACTIVATIONS) {
      const z = refMatMul(x as unknown as Float64Array, w as unknown as Float64Array, M, N, K, false, true).map((v, i) => v + b[i % N]);
      const y = z.map((v) => refAct(v, activation));
      const dz = Float64Array.from(r, (v, i) => v * refActGrad(z[i], activation));
      const dx = refMatMul(Float64Array.from(dz), w as unknown as Float64Array, M, K, N, false, false);
      const dw = refMatMul(Float64Array.from(dz), x as unknown as Float64Array, N, K, M, true, false);
      const db = new Float64Array(N);
      dz.forEach((v, i) => { db[i % N] += v; });
      const [yv, gx, gw, gb] = tf.tidy(() => {
        const tx = tf.tensor2d(x, [M, K]), tw = tf.tensor2d(w, [N, K]), tb = tf.tensor1d(b), tr = tf.tensor2d(r, [M, N]);
        const out = dense(tx, tw, tb, activation).dataSync();
        const g = tf.grads((xx: tf.Tensor, ww: tf.Tensor, bb: tf.Tensor) => tf.sum(tf.mul(dense(xx as tf.Tensor2D, ww as tf.Tensor2D, bb as tf.Tensor1D, activation), tr)));
        const [a1, a2, a3] = g([tx, tw, tb]);
        return [out, a1.dataSync(), a2.dataSync(), a3.dataSync()];
      });
      assertClose(yv, y, 1e-5, `${activation} forward`);
      assertClose(gx, dx, 1e-5, `${activation} dx`);
      assertClose(gw, dw, 1e-5, `${activation} dW`);
      assertClose(gb, db, 1e-5, `${activation} db`);
    }
  });

  test(`${backend}: softmax cross-entropy and its gradient equal the reference (one-hot and soft targets)`, async (t) => {
    if (!needNative(t)) return;
    await useBackend(backend);
    const [B, C] = [10, 4];
    const z = Float32Array.from(rand(B * C, 5));
    const onehot = new Float32Array(B * C);
    for (let i = 0; i < B; i++) onehot[i * C + (i % C)] = 1;
    const soft = Float32Array.from({ length: B * C }, () => 1 / C);
    for (const [name, target] of [['one-hot', onehot], ['soft', soft]] as const) {
      let loss = 0;
      const grad = new Float64Array(B * C);
      for (let i = 0; i < B; i++) {
        const row = Array.from(z.subarray(i * C, (i + 1) * C));
        const mx = Math.max(...row);
        const lse = mx + Math.log(row.reduce((s, v) => s + Math.exp(v - mx), 0));
        const tsum = target.subarray(i * C, (i + 1) * C).reduce((s, v) => s + v, 0);
        row.forEach((v, j) => {
          loss -= (target[i * C + j] * (v - lse)) / B;
          grad[i * C + j] = (Math.exp(v - lse) * tsum - target[i * C + j]) / B;
        });
      }
      const [lv, gv] = tf.tidy(() => {
        const tz = tf.tensor2d(z, [B, C]), tt = tf.tensor2d(target, [B, C]);
        const g = tf.grad((zz: tf.Tensor) => softmaxCrossEntropy(zz as tf.Tensor2D, tt))(tz);
        return [softmaxCrossEntropy(tz, tt).dataSync(), g.dataSync()];
      });
      assertClose(lv, [loss], 1e-6, `${name} loss`);
      assertClose(gv, grad, 1e-6, `${name} gradient`);
    }
  });

  test(`${backend}: Adam and AdamW (with amsgrad) update in place as torch.optim does; shared memory is copied or refused`, async (t) => {
    if (!needNative(t)) return;
    await useBackend(backend);
    const n = 50;
    for (const [decoupled, amsgrad] of [[true, false], [false, true]] as const) {
      const h = { lr: 0.01, beta1: 0.8, beta2: 0.99, eps: 1e-8, weightDecay: 0.1, decoupled };
      const p0 = Float32Array.from(rand(n)), m0 = Float32Array.from(rand(n, 0.1)), v0 = Float32Array.from(rand(n, 0.01)).map(Math.abs);
      const vmax0 = v0.map((v, i) => (i % 2 ? v * 2 : v / 2));
      const g = Float32Array.from(rand(n));
      const step = 3;
      const ref = refAdam(p0, g, m0, v0, amsgrad ? vmax0 : null, { ...h, step });
      const param = tf.variable(tf.tensor1d(p0)), m = tf.variable(tf.tensor1d(m0)), v = tf.variable(tf.tensor1d(v0));
      const vmax = amsgrad ? tf.variable(tf.tensor1d(vmax0)) : undefined;
      const grad = tf.tensor1d(g);
      assert.equal(adamStepInPlace(tf, { param, grad, m, v, vmax }, { ...h, step }), true);
      assertClose(param.dataSync(), ref, 1e-6, `decoupled=${decoupled} amsgrad=${amsgrad}`);
      // A reshape shares the parameter's memory: the variable gets its own copy before the
      // update, so the alias keeps the old values (TF.js tensors are immutable).
      const before = param.dataSync().slice();
      const alias = tf.reshape(param, [n]);
      assert.equal(adamStepInPlace(tf, { param, grad, m, v, vmax }, { ...h, step: step + 1 }), true);
      assert.deepEqual(alias.dataSync(), before);
      assert.notDeepEqual(param.dataSync(), before);
      // A plain tensor (not a variable) that shares memory is refused, unchanged.
      const plain = tf.add(m, 0), plainAlias = tf.reshape(plain, [n]);
      const plainBefore = plain.dataSync().slice();
      assert.equal(adamStepInPlace(tf, { param: plain, grad, m, v, vmax }, { ...h, step: step + 2 }), false);
      assert.deepEqual(plain.dataSync(), plainBefore);
      tf.dispose([plain, plainAlias]);
      tf.dispose([param, m, v, grad, alias, ...(vmax ? [vmax] : [])]);
    }
  });
}

test('unregistering puts the backend kernels back and the fused ops fall back to TF.js ops with the same results', async (t) => {
  if (!needNative(t)) return;
  await useBackend('wasm');
  const [M, N, K] = [8, 5, 7];
  const x = Float32Array.from(rand(M * K)), w = Float32Array.from(rand(N * K)), b = Float32Array.from(rand(N));
  const run = () => tf.tidy(() => dense(tf.tensor2d(x, [M, K]), tf.tensor2d(w, [N, K]), tf.tensor1d(b), 'relu').dataSync());
  const native = run();
  unregisterNativeKernels(tf, 'wasm');
  try {
    assert.equal(nativeKernelsRegistered('wasm'), false);
    assert.equal(fusedKernelsAvailable(tf, 'wasm'), false);
    assertClose(run(), native, 1e-5, 'fallback dense');
  } finally {
    assert.equal(registerNativeKernels(tf, 'wasm'), true);
  }
});

test('no tensors leak through the fused kernels and their gradients', async (t) => {
  if (!needNative(t)) return;
  await useBackend('wasm');
  const x = tf.randomNormal([4, 3]) as tf.Tensor2D, w = tf.variable(tf.randomNormal([2, 3])), b = tf.variable(tf.zeros([2]));
  const target = tf.tensor2d([[1, 0], [0, 1], [1, 0], [0, 1]]);
  const step = () => {
    const { value, grads } = tf.variableGrads(() => softmaxCrossEntropy(dense(x, w as tf.Tensor2D, b as tf.Tensor1D, 'relu'), target), [w, b]);
    tf.dispose([value, ...Object.values(grads)]);
  };
  step();
  const before = tf.memory().numTensors;
  for (let i = 0; i < 5; i++) step();
  assert.equal(tf.memory().numTensors, before);
  tf.dispose([x, w, b, target]);
});

for (const backend of BACKENDS) {
  test(`${backend}: the one-call kernels (dense layer gradients, cross-entropy with its gradient) equal the one-output kernels bit for bit`, async (t) => {
    if (!needNative(t)) return;
    await useBackend(backend);
    const k = FUSED_KERNELS;
    const run = (name: string, inputs: Record<string, tf.Tensor>, attrs: object = {}) =>
      tf.engine().runKernel(name, inputs as unknown as tf.NamedTensorMap, attrs as tf.NamedAttrMap) as unknown as tf.Tensor | tf.Tensor[];
    const [M, N, K] = [13, 7, 5];
    const before = tf.memory().numTensors;
    let compared = 0;
    for (const activation of ACTIVATIONS) {
      for (const wantDx of [true, false]) {
        for (const wantDb of [true, false]) {
          tf.tidy(() => {
            const x = tf.tensor2d(Float32Array.from(rand(M * K)), [M, K]);
            const w = tf.tensor2d(Float32Array.from(rand(N * K)), [N, K]);
            const b = tf.tensor1d(Float32Array.from(rand(N, 0.3)));
            const y = run(k.dense, { x, w, b }, { transposeW: true, activation }) as tf.Tensor;
            const dy = tf.tensor2d(Float32Array.from(rand(M * N)), [M, N]);
            const attrs = { transposeW: true, activation };
            const inputs = { x, w, y, dy };
            const want = [
              ...(wantDx ? [run(k.denseGradX, inputs, attrs) as tf.Tensor] : []),
              run(k.denseGradW, inputs, attrs) as tf.Tensor,
              ...(wantDb ? [run(k.denseGradB, inputs, attrs) as tf.Tensor] : []),
            ];
            const got = run(k.denseGrads, inputs, { ...attrs, wantDx, wantDb }) as tf.Tensor[];
            assert.equal(got.length, want.length, `${activation} wantDx=${wantDx} wantDb=${wantDb}: outputs`);
            got.forEach((g, i) => {
              assert.deepEqual(g.shape, want[i].shape);
              assert.deepEqual(g.dataSync(), want[i].dataSync(), `${activation} wantDx=${wantDx} wantDb=${wantDb}: output ${i}`);
              compared++;
            });
          });
        }
      }
    }
    const [B, C] = [11, 3];
    tf.tidy(() => {
      const logits = tf.tensor2d(Float32Array.from(rand(B * C, 4)), [B, C]);
      const target = tf.tensor2d(Float32Array.from({ length: B * C }, (_, i) => (i % C === (Math.floor(i / C) % C) ? 1 : 0)), [B, C]);
      const loss = run(k.softmaxCE, { logits, target }) as tf.Tensor;
      const grad = run(k.softmaxCEGrad, { logits, target, dy: tf.onesLike(loss) }) as tf.Tensor;
      const [loss2, grad2] = run(k.softmaxCEWithGrad, { logits, target }) as tf.Tensor[];
      assert.deepEqual(loss2.shape, []);
      assert.deepEqual(loss2.dataSync(), loss.dataSync(), 'cross-entropy');
      assert.deepEqual(grad2.dataSync(), grad.dataSync(), 'its gradient');
    });
    assert.equal(compared, ACTIVATIONS.length * 8);
    assert.equal(tf.memory().numTensors, before, 'no tensor left behind');
  });
}

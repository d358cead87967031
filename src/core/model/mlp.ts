// The model: exactly PyTorch's nn.Sequential(Linear, [LayerNorm | BatchNorm1d], activation, ...,
// Linear), parameters as tf.Variables in PyTorch layout (Linear weight [out, in], y = x W^T + b).
// `forward` is the single place the network is evaluated, in "train" or "eval" mode.
import * as tf from '@tensorflow/tfjs-core';
import type { Activation, ModelSpec } from '../experiment/types';
import { moduleLayout, parameterShapes, type ParamSpec } from './paramSpecs';
import { activate, dense } from '../backend/fusedOps';

/** LayerNorm and BatchNorm1d defaults in PyTorch. */
export const NORM_EPS = 1e-5;
export const BATCHNORM_MOMENTUM = 0.1;

export type Mode = 'train' | 'eval';

export interface ForwardResult {
  /** [batch, outputs]: logits or regression predictions. */
  output: tf.Tensor2D;
  /** Output of every hidden block's activation function (what activation penalties see). */
  activations: tf.Tensor2D[];
  /** Train mode, BatchNorm only: the batch mean and biased variance of each norm layer. */
  batchStats: Array<{ mean: tf.Tensor1D; variance: tf.Tensor1D }>;
}

/** BatchNorm1d buffers of one layer (not trained; updated from batch statistics in train mode). */
export interface NormBuffers {
  layer: number;
  runningMean: tf.Variable;
  runningVar: tf.Variable;
}

export class Mlp {
  readonly specs: ParamSpec[];
  /** Trainable parameters, in `specs` order (PyTorch's `model.parameters()` order). */
  readonly params: tf.Variable[];
  readonly buffers: NormBuffers[];
  private readonly byName = new Map<string, tf.Variable>();
  private readonly layout: ReturnType<typeof moduleLayout>;

  constructor(
    readonly spec: Pick<ModelSpec, 'hidden' | 'activation' | 'norm' | 'bias'>,
    readonly inputs: number,
    readonly outputs: number,
    initial: readonly Float32Array[],
    initialBuffers: ReadonlyMap<string, Float32Array> = new Map(),
  ) {
    this.specs = parameterShapes(spec, inputs, outputs);
    this.layout = moduleLayout(spec);
    if (initial.length !== this.specs.length) throw new Error(`expected ${this.specs.length} initial parameter arrays, got ${initial.length}`);
    // Variables share the data of the tensor they are made from: build them in a tidy so the
    // temporary tensor handles are released.
    this.params = tf.tidy(() => this.specs.map((s, i) => tf.variable(tf.tensor(initial[i], s.shape, 'float32'), true)));
    this.specs.forEach((s, i) => this.byName.set(s.name, this.params[i]));
    this.buffers = spec.norm !== 'batchnorm' ? [] : this.layout.norm.map((layer, b) => {
      const n = spec.hidden[b];
      const mean = initialBuffers.get(`${layer}.running_mean`) ?? new Float32Array(n);
      const variance = initialBuffers.get(`${layer}.running_var`) ?? new Float32Array(n).fill(1);
      return tf.tidy(() => ({
        layer,
        runningMean: tf.variable(tf.tensor1d(mean), false),
        runningVar: tf.variable(tf.tensor1d(variance), false),
      }));
    });
  }

  param(name: string): tf.Variable | undefined {
    return this.byName.get(name);
  }

  forward(x: tf.Tensor2D, mode: Mode): ForwardResult {
    const activations: tf.Tensor2D[] = [];
    const batchStats: ForwardResult['batchStats'] = [];
    let h = x;
    // Linear + activation with no norm between them is one fused op (one kernel each way natively).
    const fuse = this.spec.norm === 'none';
    this.spec.hidden.forEach((_, b) => {
      h = this.linear(h, this.layout.linear[b], fuse ? this.spec.activation : 'linear');
      if (this.spec.norm === 'layernorm') h = this.layerNorm(h, this.layout.norm[b]);
      if (this.spec.norm === 'batchnorm') h = this.batchNorm(h, this.layout.norm[b], this.buffers[b], mode, batchStats);
      if (!fuse) h = activate(h, this.spec.activation);
      activations.push(h);
    });
    const output = this.linear(h, this.layout.linear[this.spec.hidden.length]);
    return { output, activations, batchStats };
  }

  /**
   * After a train-mode step: running = (1 - momentum) * running + momentum * batch statistic,
   * with the unbiased batch variance (n / (n - 1)), as BatchNorm1d does.
   */
  updateRunningStats(stats: ForwardResult['batchStats'], batchSize: number): void {
    tf.tidy(() => {
      const keep = tf.scalar(1 - BATCHNORM_MOMENTUM);
      const m = tf.scalar(BATCHNORM_MOMENTUM);
      const unbias = tf.scalar(batchSize / (batchSize - 1));
      stats.forEach((s, i) => {
        const buf = this.buffers[i];
        buf.runningMean.assign(tf.add(tf.mul(keep, buf.runningMean), tf.mul(m, s.mean)));
        buf.runningVar.assign(tf.add(tf.mul(keep, buf.runningVar), tf.mul(m, tf.mul(s.variance, unbias))));
      });
    });
  }

  dispose(): void {
    for (const p of this.params) p.dispose();
    for (const b of this.buffers) { b.runningMean.dispose(); b.runningVar.dispose(); }
  }

  /** act(h · Wᵀ + b): matMul(h, W, false, true) + b, then the activation if any (fusedOps.dense). */
  private linear(h: tf.Tensor2D, layer: number, act: Activation = 'linear'): tf.Tensor2D {
    const w = this.byName.get(`${layer}.weight`)! as tf.Tensor2D;
    const b = this.byName.get(`${layer}.bias`) as tf.Tensor1D | undefined;
    return dense(h, w, b, act, true);
  }

  private affine(normalized: tf.Tensor2D, layer: number): tf.Tensor2D {
    return tf.add(tf.mul(normalized, this.byName.get(`${layer}.weight`)!), this.byName.get(`${layer}.bias`)!) as tf.Tensor2D;
  }

  /** LayerNorm over the features of each sample (biased variance, eps inside the root). */
  private layerNorm(h: tf.Tensor2D, layer: number): tf.Tensor2D {
    const { mean, variance } = tf.moments(h, 1, true);
    return this.affine(tf.mul(tf.sub(h, mean), tf.rsqrt(tf.add(variance, NORM_EPS))), layer);
  }

  /** BatchNorm1d: batch statistics (biased variance) in train mode, running statistics in eval. */
  private batchNorm(h: tf.Tensor2D, layer: number, buf: NormBuffers, mode: Mode, out: ForwardResult['batchStats']): tf.Tensor2D {
    let mean: tf.Tensor1D;
    let variance: tf.Tensor1D;
    if (mode === 'train') {
      const m = tf.moments(h, 0);
      mean = m.mean as tf.Tensor1D;
      variance = m.variance as tf.Tensor1D;
      out.push({ mean, variance });
    } else {
      mean = buf.runningMean as tf.Tensor1D;
      variance = buf.runningVar as tf.Tensor1D;
    }
    return this.affine(tf.mul(tf.sub(h, mean), tf.rsqrt(tf.add(variance, NORM_EPS))), layer);
  }
}

// torch.optim's SGD, Adam and AdamW as update rules on tf.Variables (PyTorch 1.13 single-tensor
// code paths; see /work/shared/notes/pytorch-semantics.md). tfjs's own optimizers are not used:
// they have no weight_decay, no AdamW, and Adam's eps defaults differ.
import * as tf from '@tensorflow/tfjs-core';
import type { OptimizerType } from '../experiment/types';
import type { GroupOptions, ResolvedGroup } from './paramGroups';
import { adamStepInPlace, inPlaceStepsAvailable, sgdStepInPlace } from '../backend/nativeKernels';

export interface Optimizer {
  /** One optimizer step; `grads[i]` is the gradient of `params[i]`. Grads are not disposed. */
  step(grads: readonly tf.Tensor[]): void;
  /** Number of steps taken (PyTorch's `state['step']`). */
  readonly steps: number;
  dispose(): void;
}

export function createOptimizer(type: OptimizerType, params: readonly tf.Variable[], groups: readonly ResolvedGroup[]): Optimizer {
  for (const g of groups) validateOptions(type, g);
  return type === 'sgd' ? new Sgd(params, groups) : new Adam(params, groups, type === 'adamw');
}

function validateOptions(type: OptimizerType, g: ResolvedGroup): void {
  const o = g.options;
  const where = `parameter group ${g.index}`;
  if (!(o.lr >= 0)) throw new Error(`${where}: invalid learning rate ${o.lr}`);
  if (!(o.weightDecay >= 0)) throw new Error(`${where}: invalid weightDecay ${o.weightDecay}`);
  if (type === 'sgd') {
    if (!(o.momentum >= 0)) throw new Error(`${where}: invalid momentum ${o.momentum}`);
    if (o.nesterov && (o.momentum <= 0 || o.dampening !== 0)) {
      throw new Error(`${where}: Nesterov momentum requires a momentum and zero dampening (as torch.optim.SGD)`);
    }
  } else {
    const [b1, b2] = o.betas;
    if (!(b1 >= 0 && b1 < 1)) throw new Error(`${where}: invalid beta parameter at index 0: ${b1}`);
    if (!(b2 >= 0 && b2 < 1)) throw new Error(`${where}: invalid beta parameter at index 1: ${b2}`);
    if (!(o.eps >= 0)) throw new Error(`${where}: invalid epsilon ${o.eps}`);
  }
}

/** State variable holder created lazily, zero-initialised like torch.zeros_like. */
function zerosLike(p: tf.Variable): tf.Variable {
  return tf.variable(tf.zerosLike(p), false);
}

abstract class Base implements Optimizer {
  steps = 0;
  protected readonly state: tf.Variable[] = [];
  constructor(protected readonly params: readonly tf.Variable[], protected readonly groups: readonly ResolvedGroup[]) {}

  step(grads: readonly tf.Tensor[]): void {
    this.steps += 1;
    for (const g of this.groups) {
      if (!g.params.length) continue;
      tf.tidy(() => this.stepGroup(g.options, g.params, grads));
    }
  }

  protected abstract stepGroup(o: GroupOptions, idx: readonly number[], grads: readonly tf.Tensor[]): void;

  protected track(v: tf.Variable): tf.Variable {
    this.state.push(v);
    return v;
  }

  dispose(): void {
    for (const v of this.state) v.dispose();
    this.state.length = 0;
  }
}

class Sgd extends Base {
  private readonly momentumBuf = new Map<number, tf.Variable>();

  protected stepGroup(o: GroupOptions, idx: readonly number[], grads: readonly tf.Tensor[]): void {
    for (const i of idx) {
      const p = this.params[i];
      let g = grads[i];
      if (this.nativeStep(o, i, p, g)) continue;
      if (o.weightDecay !== 0) g = tf.add(g, tf.mul(p, o.weightDecay));
      if (o.momentum !== 0) {
        let buf = this.momentumBuf.get(i);
        if (!buf) {
          // First step: buf = g (no dampening), as torch.clone(d_p).detach().
          buf = this.track(tf.variable(g, false));
          this.momentumBuf.set(i, buf);
        } else {
          buf.assign(tf.add(tf.mul(buf, o.momentum), o.dampening === 0 ? g : tf.mul(g, 1 - o.dampening)));
        }
        g = o.nesterov ? tf.add(g, tf.mul(buf, o.momentum)) : buf;
      }
      p.assign(tf.sub(p, tf.mul(g, o.lr)));
    }
  }

  /** The same update as the ops in stepGroup in one native (or JavaScript) call, when possible. */
  private nativeStep(o: GroupOptions, i: number, p: tf.Variable, g: tf.Tensor): boolean {
    if (!inPlaceStepsAvailable(tf)) return false;
    let buf = this.momentumBuf.get(i);
    const first = o.momentum !== 0 && !buf;
    if (first) buf = tf.variable(tf.zerosLike(p), false);
    const hyper = { lr: o.lr, momentum: o.momentum, dampening: o.dampening, nesterov: o.nesterov, weightDecay: o.weightDecay, first };
    const done = sgdStepInPlace(tf, { param: p, grad: g, buf }, hyper);
    if (first && done) this.momentumBuf.set(i, this.track(buf!));
    else if (first) buf!.dispose();
    return done;
  }
}

class Adam extends Base {
  private readonly m = new Map<number, tf.Variable>();
  private readonly v = new Map<number, tf.Variable>();
  private readonly vMax = new Map<number, tf.Variable>();

  constructor(params: readonly tf.Variable[], groups: readonly ResolvedGroup[], private readonly decoupled: boolean) {
    super(params, groups);
  }

  private stateOf(map: Map<number, tf.Variable>, i: number): tf.Variable {
    let s = map.get(i);
    if (!s) {
      s = this.track(tf.tidy(() => zerosLike(this.params[i])));
      map.set(i, s);
    }
    return s;
  }

  protected stepGroup(o: GroupOptions, idx: readonly number[], grads: readonly tf.Tensor[]): void {
    const [beta1, beta2] = o.betas;
    const t = this.steps;
    // Scalars computed in double precision on the host, as PyTorch does in Python.
    const stepSize = o.lr / (1 - beta1 ** t);
    const bc2Sqrt = Math.sqrt(1 - beta2 ** t);
    for (const i of idx) {
      const p = this.params[i];
      let g = grads[i];
      const m = this.stateOf(this.m, i);
      const v = this.stateOf(this.v, i);
      // The same update as the ops below in one native call, when the addon can reach the memory.
      const vmax = o.amsgrad ? this.stateOf(this.vMax, i) : undefined;
      const hyper = { lr: o.lr, beta1, beta2, eps: o.eps, weightDecay: o.weightDecay, decoupled: this.decoupled, step: t };
      if (adamStepInPlace(tf, { param: p, grad: g, m, v, vmax }, hyper)) continue;
      if (this.decoupled) p.assign(tf.mul(p, 1 - o.lr * o.weightDecay));
      else if (o.weightDecay !== 0) g = tf.add(g, tf.mul(p, o.weightDecay));
      m.assign(tf.add(tf.mul(m, beta1), tf.mul(g, 1 - beta1)));
      v.assign(tf.add(tf.mul(v, beta2), tf.mul(tf.mul(g, g), 1 - beta2)));
      let second: tf.Tensor = v;
      if (o.amsgrad) {
        const vMax = this.stateOf(this.vMax, i);
        vMax.assign(tf.maximum(vMax, v));
        second = vMax;
      }
      const denom = tf.add(tf.div(tf.sqrt(second), bc2Sqrt), o.eps);
      p.assign(tf.sub(p, tf.mul(tf.div(m, denom), stepSize)));
    }
  }
}

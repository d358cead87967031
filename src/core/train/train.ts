// The training loop: `train(experiment, dataset, options)`, used by the CLI, the trainer process
// and tests. Per epoch it runs the batches (no host reads between steps: losses stay on the
// device), then reads the epoch's step losses once, checks for NaN/Inf (and locates the exact
// step), validates on the whole validation set in eval mode, and reports EpochMetrics.
import * as tf from '@tensorflow/tfjs-core';
import { selectBackend, type BackendAttempt } from '../backend/selectBackend';
import type { Dataset } from '../data/types';
import { deriveSeed, Rng } from '../data/rng';
import type { ResolvedExperiment } from '../experiment/types';
import { defaultInit } from '../model/defaultInit';
import { Mlp } from '../model/mlp';
import { parameterShapes } from '../model/paramSpecs';
import { readParamTable, tableOf } from '../model/paramTable';
import { bufferShapes, loadInitTable } from '../experiment/initTable';
import { createOptimizer } from '../optim/optimizers';
import { resolveParamGroups, type ResolvedGroup } from '../optim/paramGroups';
import { planPenalty, type PenaltyPlan } from '../penalty/penalty';
import { correctCount, dataLoss } from './losses';
import { histogram, histogramEpochs, paramStats } from './paramStats';
import { trainStep, type StepContext, type StepOutput } from './trainStep';
import { hostBatches, targetRows, type HostBatches } from './hostBatches';
import type { EpochMetrics, GroupMetrics, Histogram, ParamStats, ParamTable, TrainOptions, TrainResult } from './types';
import path from 'node:path';

/** Yield to the event loop at least this often (ms) so an AbortSignal can fire mid-epoch. */
const YIELD_EVERY_MS = 25;

export async function train(exp: ResolvedExperiment, data: Dataset, opts: TrainOptions = {}): Promise<TrainResult> {
  const backend = await selectBackend(opts.backend ?? 'auto');
  const setup = prepare(exp, data, opts);
  try {
    const result = await runEpochs(exp, data, setup, opts);
    return {
      ...result, backend: backend.name, backendSkipped: backend.skipped,
      ...(backend.nativeKernels !== undefined ? { nativeKernels: backend.nativeKernels } : {}),
    };
  } finally {
    setup.dispose();
  }
}

interface Setup {
  model: Mlp;
  ctx: StepContext;
  groups: ResolvedGroup[];
  plan: PenaltyPlan;
  device: DeviceData;
  batches: HostBatches;
  dispose(): void;
}

/** The validation split on the device (training batches are cut on the host: hostBatches.ts). */
interface DeviceData {
  xVal: tf.Tensor2D;
  /** One-hot [n, K] (classification) or [n, 1] (regression). */
  targetVal: tf.Tensor2D;
}

function prepare(exp: ResolvedExperiment, data: Dataset, opts: TrainOptions): Setup {
  checkData(exp, data);
  const specs = parameterShapes(exp.model, data.features, data.outputs);
  const { params: initial, extra: buffers } = initialValues(exp, data, opts);
  const plan = planPenalty(exp.penalty, specs);
  const groups = resolveParamGroups(specs, exp.optimizer, exp.paramGroups);
  const device = toDevice(data);
  const model = new Mlp(exp.model, data.features, data.outputs, initial, buffers);
  const optimizer = createOptimizer(exp.optimizer.type, model.params, groups);
  const lrByParam = new Float64Array(specs.length);
  for (const g of groups) for (const i of g.params) lrByParam[i] = g.options.lr;
  const ctx: StepContext = { task: data.task, model, optimizer, plan, lrOf: (i) => lrByParam[i] };
  return {
    model, ctx, groups, plan, device, batches: hostBatches(data),
    dispose() {
      model.dispose();
      optimizer.dispose();
      tf.dispose(Object.values(device));
    },
  };
}

function checkData(exp: ResolvedExperiment, data: Dataset): void {
  const { batchSize, epochs } = exp.training;
  if (!(Number.isInteger(batchSize) && batchSize >= 1)) throw new Error(`training.batchSize: expected an integer >= 1, got ${batchSize}`);
  if (!(Number.isInteger(epochs) && epochs >= 0)) throw new Error(`training.epochs: expected an integer >= 0, got ${epochs}`);
  if (data.nTrain < 1) throw new Error('the training set is empty');
  if (exp.model.norm === 'batchnorm' && exp.model.hidden.length > 0) {
    if (batchSize === 1 || data.nTrain === 1 || data.nTrain % batchSize === 1) {
      throw new Error(`model.norm "batchnorm" needs at least 2 samples per training batch, but ${data.nTrain} samples in batches of ${batchSize} leave a batch of 1 (BatchNorm1d raises the same error in PyTorch); change training.batchSize`);
    }
  }
  checkSplit('training', data.xTrain, data.yTrain, data.nTrain, data);
  checkSplit('validation', data.xVal, data.yVal, data.nVal, data);
}

/** Sizes match, values are finite, class ids are integers in [0, outputs): else a clear error, not a "divergence". */
function checkSplit(split: string, x: Float32Array, y: Float32Array, n: number, data: Dataset): void {
  if (x.length !== n * data.features || y.length !== n) {
    throw new Error(`${split} data: expected ${n} rows of ${data.features} features and ${n} targets, got ${x.length} values and ${y.length} targets`);
  }
  const bad = x.findIndex((v) => !Number.isFinite(v));
  if (bad >= 0) throw new Error(`${split} data: feature "${data.featureNames[bad % data.features] ?? bad % data.features}" of row ${Math.floor(bad / data.features) + 1} is ${x[bad]}`);
  const badY = data.task === 'classification'
    ? y.findIndex((v) => !(Number.isInteger(v) && v >= 0 && v < data.outputs))
    : y.findIndex((v) => !Number.isFinite(v));
  if (badY >= 0) {
    const want = data.task === 'classification' ? `a class id in 0..${data.outputs - 1}` : 'a finite number';
    throw new Error(`${split} data: the target of row ${badY + 1} is ${y[badY]}, expected ${want}`);
  }
}

/**
 * The `init` table (the option first, then the experiment's file, checked with positions in that
 * file) or PyTorch's default initialisation drawn from the seed.
 */
function initialValues(exp: ResolvedExperiment, data: Dataset, opts: TrainOptions): { params: Float32Array[]; extra: Map<string, Float32Array> } {
  const specs = parameterShapes(exp.model, data.features, data.outputs);
  const buffers = bufferShapes(specs);
  if (opts.init) return readParamTable(opts.init, specs, 'init table', buffers);
  if (exp.init) {
    const file = path.resolve(exp.baseDir, exp.init);
    return readParamTable(loadInitTable(file, exp.model, data.features, data.outputs), specs, file, buffers);
  }
  return { params: defaultInit(specs, exp.seed), extra: new Map() };
}

function toDevice(data: Dataset): DeviceData {
  const target = targetRows(data.task, data.yVal, data.outputs);
  return {
    xVal: tf.tensor2d(data.xVal, [data.nVal, data.features]),
    targetVal: tf.tensor2d(target.values, [data.nVal, target.width], 'float32'),
  };
}

type LoopResult = Omit<TrainResult, 'backend' | 'backendSkipped' | 'nativeKernels'>;

async function runEpochs(exp: ResolvedExperiment, data: Dataset, s: Setup, opts: TrainOptions): Promise<LoopResult> {
  const { epochs, batchSize, shuffle } = exp.training;
  const n = data.nTrain;
  const stepsPerEpoch = Math.ceil(n / batchSize);
  const shuffleRng = new Rng(deriveSeed(exp.seed, 'shuffle'));
  const histEpochs = histogramEpochs(epochs);
  const metrics: EpochMetrics[] = [];
  let lastYield = performance.now();
  const finish = async (status: TrainResult['status'], divergence?: TrainResult['divergence']): Promise<LoopResult> => ({
    status, metrics, ...(await readParams(s)), ...(divergence ? { divergence } : {}),
  });

  for (let epoch = 1; epoch <= epochs; epoch++) {
    const started = performance.now();
    // One permutation per epoch from a single stream: epoch e uses the e-th permutation.
    const order = shuffle ? shuffleRng.permutation(n) : undefined;
    const losses: tf.Scalar[] = [];
    const penalties: tf.Scalar[] = [];
    try {
      for (let b = 0; b < stepsPerEpoch;) {
        if (opts.signal?.aborted) return await finish('stopped');
        b = runSteps(s, order, { from: b, steps: stepsPerEpoch, batchSize, n }, losses, penalties, opts.signal, lastYield + YIELD_EVERY_MS);
        if (performance.now() - lastYield > YIELD_EVERY_MS) {
          // At these pauses (not every step) peek at the latest loss: a run that blew up stops
          // here instead of finishing the epoch on NaNs; the exact step is located below.
          if (!Number.isFinite((await losses[losses.length - 1].data())[0])) break;
          await new Promise<void>((r) => setImmediate(r));
          lastYield = performance.now();
        }
      }
      // The epoch's only read of training losses.
      const stepLoss = readScalars(losses);
      const stepPenalty = penalties.length ? readScalars(penalties) : new Float32Array(stepLoss.length);
      const firstStep = (epoch - 1) * stepsPerEpoch;
      const bad = stepLoss.findIndex((v, i) => !Number.isFinite(v) || !Number.isFinite(stepPenalty[i]));
      if (bad >= 0) {
        return await finish('diverged', divergenceAt(epoch, firstStep + bad + 1, bad + 1, stepLoss[bad], stepPenalty[bad]));
      }
      const val = await validate(s, data);
      const params = await readParamValues(s);
      if (!Number.isFinite(val.loss) && data.nVal > 0 || params.some((p) => p.some((v) => !Number.isFinite(v)))) {
        return await finish('diverged', {
          epoch, step: firstStep + stepsPerEpoch,
          message: `parameters or validation loss became NaN/Inf after the last step of epoch ${epoch} (validation loss ${val.loss})`,
        });
      }
      const m = epochMetrics(exp, s, epoch, mean(stepLoss), mean(stepPenalty), val, params, histEpochs.has(epoch));
      m.timeMs = performance.now() - started;
      metrics.push(m);
      opts.onEpoch?.(m);
    } finally {
      tf.dispose(losses);
      tf.dispose(penalties);
    }
  }
  return finish('completed');
}

/**
 * Steps `from`.. of the epoch, until its last step, the signal or the time `until` (a
 * performance.now() value); returns the next step. Synchronous and separate from the async epoch
 * loop, so V8 optimizes it as a plain function (a hot loop inside an async function is compiled
 * on the stack, larger and later).
 */
function runSteps(
  s: Setup, order: Int32Array | undefined, at: { from: number; steps: number; batchSize: number; n: number },
  losses: tf.Scalar[], penalties: tf.Scalar[], signal: AbortSignal | undefined, until: number,
): number {
  let b = at.from;
  while (b < at.steps && !signal?.aborted) {
    const start = b * at.batchSize;
    const [x, y] = s.batches.batch(order, start, Math.min(at.n, start + at.batchSize));
    let out: StepOutput;
    try {
      out = trainStep(s.ctx, x, y);
    } finally {
      x.dispose();
      y.dispose();
    }
    losses.push(out.loss);
    if (out.penalty) penalties.push(out.penalty);
    b++;
    if (performance.now() > until) break;
  }
  return b;
}

function divergenceAt(epoch: number, step: number, stepInEpoch: number, loss: number, penalty: number): NonNullable<TrainResult['divergence']> {
  const what = Number.isFinite(loss) ? `penalty ${penalty}` : `loss ${loss}`;
  return { epoch, step, message: `${what} at epoch ${epoch}, batch ${stepInEpoch} (optimizer step ${step}); lower the learning rate or the penalty` };
}

/** The values of scalar tensors, read one by one (a stack would be one more kernel per epoch). */
function readScalars(ts: tf.Scalar[]): Float32Array {
  const out = new Float32Array(ts.length);
  for (let i = 0; i < ts.length; i++) out[i] = ts[i].dataSync()[0];
  return out;
}

function mean(a: Float32Array): number {
  let s = 0;
  for (const v of a) s += v;
  return a.length ? s / a.length : 0;
}

async function validate(s: Setup, data: Dataset): Promise<{ loss: number; accuracy?: number }> {
  if (data.nVal === 0) return { loss: NaN };
  const [output, loss] = tf.tidy(() => {
    const { output } = s.model.forward(s.device.xVal, 'eval');
    return [output, dataLoss(data.task, output, s.device.targetVal)];
  });
  try {
    const value = loss.dataSync()[0];
    if (data.task !== 'classification') return { loss: value };
    return { loss: value, accuracy: correctCount(output.dataSync() as Float32Array, data.outputs, data.yVal) / data.nVal };
  } finally {
    output.dispose();
    loss.dispose();
  }
}

async function readParamValues(s: Setup): Promise<Float32Array[]> {
  return Promise.all(s.model.params.map(async (p) => (await p.data()) as Float32Array));
}

async function readParams(s: Setup): Promise<{ params: ParamTable; buffers?: ParamTable }> {
  const params = tableOf(s.model.specs, await readParamValues(s));
  if (!s.model.buffers.length) return { params };
  const names: Array<{ name: string; shape: number[] }> = [];
  const values: Float32Array[] = [];
  for (const b of s.model.buffers) {
    names.push({ name: `${b.layer}.running_mean`, shape: b.runningMean.shape }, { name: `${b.layer}.running_var`, shape: b.runningVar.shape });
    values.push((await b.runningMean.data()) as Float32Array, (await b.runningVar.data()) as Float32Array);
  }
  return { params, buffers: tableOf(names, values) };
}

function epochMetrics(
  exp: ResolvedExperiment, s: Setup, epoch: number, trainLoss: number, penalty: number,
  val: { loss: number; accuracy?: number }, values: Float32Array[], withHistograms: boolean,
): EpochMetrics {
  const groupOf = new Map<number, ResolvedGroup>();
  for (const g of s.groups) for (const i of g.params) groupOf.set(i, g);
  const params: Record<string, ParamStats> = {};
  const histograms: Record<string, Histogram> = {};
  s.model.specs.forEach((spec, i) => {
    const g = groupOf.get(i)!;
    const decayed = g.options.weightDecay > 0 || (s.plan.selected[i] && (exp.penalty.l1 > 0 || exp.penalty.l2 > 0));
    params[spec.name] = paramStats(values[i], { group: g.index, decayed, kind: spec.kind });
    if (withHistograms) histograms[spec.name] = histogram(values[i]);
  });
  const groups: GroupMetrics[] = s.groups.map((g) => ({
    index: g.index,
    lr: g.options.lr,
    weightDecay: g.options.weightDecay,
    effectiveDecay: g.options.lr * g.options.weightDecay,
    params: g.params.map((i) => s.model.specs[i].name),
  }));
  return {
    epoch, trainLoss, penalty, valLoss: val.loss,
    ...(val.accuracy !== undefined ? { valAccuracy: val.accuracy } : {}),
    lr: exp.optimizer.lr, groups, params,
    ...(withHistograms ? { histograms } : {}),
    timeMs: 0,
  };
}

// The parity suite shared by test/parity/torch-optim*.test.ts: RegLab's training against PyTorch
// 1.13 (torch.optim, nn.Sequential, float32, one thread): the same data, initial parameters, batch
// order and settings must give the same final parameters.
// Tolerance: |reglab - torch| <= 1e-4 * max(1, |torch|) for every parameter entry (relative for
// entries above 1, absolute below), also for the per-epoch mean training loss, the final
// validation loss and BatchNorm running statistics.
import type { TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { deriveSeed, Rng } from '../../../src/core/data/rng';
import type { Dataset } from '../../../src/core/data/types';
import type { OptimizerSpec, ParamGroupsSpec, PenaltySpec, ResolvedExperiment } from '../../../src/core/experiment/types';
import { defaultInit } from '../../../src/core/model/defaultInit';
import { parameterShapes } from '../../../src/core/model/paramSpecs';
import { tableOf } from '../../../src/core/model/paramTable';
import { train } from '../../../src/core/train/train';
import type { BackendName } from '../../../src/core/train/types';
import { blobs, experiment, linearData } from './fixtures';
import { compareArrays, requireTorch, runTorchReference } from './torchOracle';

const TOL = 1e-4;

/** torch.optim's constructor defaults, for options a case leaves out (what PyTorch would use). */
const TORCH_DEFAULTS: Record<OptimizerSpec['type'], Omit<OptimizerSpec, 'type' | 'lr'> & { lr?: number }> = {
  sgd: { momentum: 0, dampening: 0, nesterov: false, weightDecay: 0, betas: [0.9, 0.999], eps: 1e-8, amsgrad: false },
  adam: { lr: 1e-3, momentum: 0, dampening: 0, nesterov: false, weightDecay: 0, betas: [0.9, 0.999], eps: 1e-8, amsgrad: false },
  adamw: { lr: 1e-3, momentum: 0, dampening: 0, nesterov: false, weightDecay: 1e-2, betas: [0.9, 0.999], eps: 1e-8, amsgrad: false },
};

interface Case {
  id: string;
  task: DataKey;
  model?: Partial<ResolvedExperiment['model']>;
  /** Raw options, as a PyTorch user would pass them (omitted keys take torch's defaults). */
  optimizer: Partial<OptimizerSpec> & { type: OptimizerSpec['type'] };
  paramGroups?: ParamGroupsSpec;
  penalty?: Partial<PenaltySpec>;
  epochs?: number;
  batchSize?: number;
  shuffle?: boolean;
  backend?: BackendName;
  /** Set entries of the initial weights to exactly 0: every third one, and all of a "zero-feature" input. */
  zerosInInit?: boolean;
}

const CASES: Case[] = [
  { id: 'sgd plain, classification', task: 'classification', optimizer: { type: 'sgd', lr: 0.1 } },
  { id: 'sgd momentum + weight decay, regression, tanh', task: 'regression', model: { activation: 'tanh' }, optimizer: { type: 'sgd', lr: 0.02, momentum: 0.9, weightDecay: 1e-3 } },
  { id: 'sgd momentum with dampening', task: 'classification', optimizer: { type: 'sgd', lr: 0.05, momentum: 0.8, dampening: 0.5 } },
  { id: 'sgd nesterov + weight decay, no shuffle', task: 'classification', optimizer: { type: 'sgd', lr: 0.05, momentum: 0.9, nesterov: true, weightDecay: 1e-2 }, shuffle: false },
  { id: 'adam coupled weight decay', task: 'classification', optimizer: { type: 'adam', lr: 0.01, weightDecay: 1e-2 } },
  { id: 'adam amsgrad, regression', task: 'regression', optimizer: { type: 'adam', lr: 0.01, amsgrad: true, betas: [0.8, 0.99] } },
  { id: 'adamw decoupled, default weight decay', task: 'classification', optimizer: { type: 'adamw', lr: 0.01 } },
  { id: 'adamw regex group omitting weightDecay inherits 1e-2', task: 'classification', optimizer: { type: 'adamw', lr: 0.02 }, paramGroups: [{ match: 'bias' }] },
  { id: 'adamw exclude-bias-norm, layernorm', task: 'classification', model: { norm: 'layernorm', hidden: [8, 6] }, optimizer: { type: 'adamw', lr: 0.01, weightDecay: 0.1 }, paramGroups: 'exclude-bias-norm' },
  { id: 'sgd exclude-1d, batchnorm, momentum', task: 'classification', model: { norm: 'batchnorm' }, optimizer: { type: 'sgd', lr: 0.05, momentum: 0.9, weightDecay: 1e-2 }, paramGroups: 'exclude-1d' },
  { id: 'regex groups with per-group lr and wd', task: 'regression', model: { hidden: [8, 8] }, optimizer: { type: 'sgd', lr: 0.01, weightDecay: 1e-2, momentum: 0.5 }, paramGroups: [{ match: '^0\\.', lr: 0.03 }, { match: 'bias', weightDecay: 0, momentum: 0 }] },
  { id: 'adam regex groups, per-group lr and betas', task: 'classification', optimizer: { type: 'adam', lr: 0.01 }, paramGroups: [{ match: 'weight$', lr: 0.003, betas: [0.5, 0.9], weightDecay: 0.05 }] },
  // The zero feature's first-layer weights start at 0 and have no data gradient: with sign(0) = 0
  // they stay exactly 0 (tfjs's abs gradient, -1 at 0, would move them). lr * l1 < 1e-4 keeps
  // weights that hover around 0 (where float noise decides the sign) within the tolerance.
  // An odd number of steps (3 epochs x 5 batches): with a -1 gradient at 0, SGD would leave
  // those weights bouncing between 0 and lr*l1 and end off zero.
  { id: 'L1 subgradient with exact zeros in init', task: 'regression-zero-feature', model: { hidden: [6] }, optimizer: { type: 'sgd', lr: 0.02 }, penalty: { l1: 0.004 }, zerosInInit: true, epochs: 3, batchSize: 12 },
  { id: 'L1 subgradient, adam, zeros in init, weights only', task: 'classification-zero-feature', optimizer: { type: 'adam', lr: 0.01 }, penalty: { l1: 0.003, params: 'weights' }, zerosInInit: true },
  { id: 'L2 penalty on weights, adam', task: 'classification', optimizer: { type: 'adam', lr: 0.01 }, penalty: { l2: 0.01, params: 'weights' } },
  { id: 'L1 + L2 on a regex selection', task: 'regression', optimizer: { type: 'sgd', lr: 0.02 }, penalty: { l1: 0.005, l2: 0.01, params: '^2\\.' } },
  { id: 'activation L1 + L2, two hidden layers', task: 'classification', model: { hidden: [8, 8] }, optimizer: { type: 'sgd', lr: 0.05, momentum: 0.9 }, penalty: { activationL1: 0.01, activationL2: 0.01 } },
  { id: 'activation L1, tanh (h crosses 0)', task: 'regression', model: { activation: 'tanh' }, optimizer: { type: 'adam', lr: 0.01 }, penalty: { activationL1: 0.05 } },
  { id: 'proximal L1, linear model (lasso), sgd', task: 'regression', model: { hidden: [] }, optimizer: { type: 'sgd', lr: 0.05 }, penalty: { l1: 0.05, l1Mode: 'proximal', params: 'weights' }, epochs: 10 },
  { id: 'proximal L1 with per-group lr', task: 'classification', optimizer: { type: 'sgd', lr: 0.05 }, paramGroups: [{ match: '^0\\.', lr: 0.1 }], penalty: { l1: 0.02, l1Mode: 'proximal' } },
  // Linear biases right before a BatchNorm get a gradient that is float noise (BN removes the
  // mean): Adam would turn that noise into full steps, so this case drops them, as is usual.
  { id: 'batchnorm, adam, no shuffle, partial last batch', task: 'classification', model: { norm: 'batchnorm', hidden: [8, 8], bias: false }, optimizer: { type: 'adam', lr: 0.01 }, shuffle: false },
  { id: 'batchnorm regression, sigmoid', task: 'regression', model: { norm: 'batchnorm', activation: 'sigmoid' }, optimizer: { type: 'sgd', lr: 0.05 } },
  { id: 'layernorm regression, sigmoid', task: 'regression', model: { norm: 'layernorm', activation: 'sigmoid' }, optimizer: { type: 'adamw', lr: 0.01 } },
  { id: 'linear activation (nn.Identity)', task: 'classification', model: { activation: 'linear', hidden: [5] }, optimizer: { type: 'sgd', lr: 0.05 } },
  { id: 'ridge: linear model with L2', task: 'regression', model: { hidden: [] }, optimizer: { type: 'sgd', lr: 0.05 }, penalty: { l2: 0.1, params: 'weights' } },
  { id: 'no biases', task: 'classification', model: { bias: false, norm: 'layernorm' }, optimizer: { type: 'adam', lr: 0.01 } },
  { id: 'sgd on the cpu backend', task: 'classification', model: { norm: 'batchnorm' }, optimizer: { type: 'sgd', lr: 0.05, momentum: 0.9 }, backend: 'cpu' },
  { id: 'adamw on the cpu backend', task: 'regression', optimizer: { type: 'adamw', lr: 0.01 }, penalty: { l1: 0.001 }, backend: 'cpu' },
];

const N_TRAIN = 50; // batches of 16 leave a partial last batch of 2
const N_VAL = 20;
/** The data set with an extra last feature that is 0 in every row. */
function withZeroFeature(d: Dataset): Dataset {
  const widen = (x: Float32Array, n: number) => {
    const out = new Float32Array(n * (d.features + 1));
    for (let i = 0; i < n; i++) out.set(x.subarray(i * d.features, (i + 1) * d.features), i * (d.features + 1));
    return out;
  };
  return { ...d, features: d.features + 1, featureNames: [...d.featureNames, 'zero'], xTrain: widen(d.xTrain, d.nTrain), xVal: widen(d.xVal, d.nVal) };
}
const DATA = {
  classification: blobs(N_TRAIN, N_VAL, 4, 3, 11),
  regression: linearData(N_TRAIN, N_VAL, 4, 12),
  'classification-zero-feature': withZeroFeature(blobs(N_TRAIN, N_VAL, 4, 3, 11)),
  'regression-zero-feature': withZeroFeature(linearData(N_TRAIN, N_VAL, 4, 12)),
};
type DataKey = keyof typeof DATA;

function resolvedExperiment(c: Case): ResolvedExperiment {
  const { type, ...given } = c.optimizer;
  const optimizer = { type, ...TORCH_DEFAULTS[type], ...given } as OptimizerSpec;
  return experiment({
    seed: 3,
    model: { hidden: [8], activation: 'relu', norm: 'none', bias: true, ...c.model },
    optimizer,
    paramGroups: c.paramGroups ?? 'all',
    penalty: { l1: 0, l2: 0, params: 'all', l1Mode: 'subgradient', activationL1: 0, activationL2: 0, ...c.penalty },
    training: { epochs: Number(process.env.REGLAB_PARITY_EPOCHS ?? 0) || (c.epochs ?? 4), batchSize: c.batchSize ?? 16, shuffle: c.shuffle ?? true },
  });
}

function initTable(exp: ResolvedExperiment, data: Dataset, zeros: boolean) {
  const specs = parameterShapes(exp.model, data.features, data.outputs);
  const values = defaultInit(specs, exp.seed);
  if (zeros) {
    specs.forEach((s, i) => { if (s.kind === 'weight') for (let j = 0; j < values[i].length; j += 3) values[i][j] = 0; });
    const w0 = values[0];
    if (data.featureNames.at(-1) === 'zero') for (let r = 0; r < specs[0].shape[0]; r++) w0[r * data.features + data.features - 1] = 0;
  }
  return tableOf(specs, values);
}

/** The batch order RegLab documents: one permutation per epoch from Rng(deriveSeed(seed, "shuffle")). */
function epochOrders(exp: ResolvedExperiment, n: number): number[][] {
  const rng = new Rng(deriveSeed(exp.seed, 'shuffle'));
  return Array.from({ length: exp.training.epochs }, () => (exp.training.shuffle ? Array.from(rng.permutation(n)) : Array.from({ length: n }, (_, i) => i)));
}

/** Runs every case in RegLab (as subtests of `t`) and in one PyTorch process, and compares. */
export async function checkParityWithTorch(t: TestContext): Promise<void> {
  if (!requireTorch(t)) return;
  const only = process.env.REGLAB_PARITY_ONLY;
  const prepared = CASES.filter((c) => !only || c.id.includes(only)).map((c) => {
    const exp = resolvedExperiment(c);
    const data = DATA[c.task];
    const init = initTable(exp, data, c.zerosInInit ?? false);
    const torchCase = {
      id: c.id, task: data.task,
      model: { inputs: data.features, outputs: data.outputs, ...exp.model },
      init,
      data: { xTrain: Array.from(data.xTrain), yTrain: Array.from(data.yTrain), xVal: Array.from(data.xVal), yVal: Array.from(data.yVal), nTrain: data.nTrain, nVal: data.nVal },
      optimizer: c.optimizer,
      paramGroups: c.paramGroups ?? 'all',
      penalty: exp.penalty,
      orders: epochOrders(exp, data.nTrain),
      batchSize: exp.training.batchSize,
    };
    return { c, exp, data, init, torchCase };
  });
  const reference = runTorchReference(prepared.map((p) => p.torchCase));

  for (const { c, exp, data, init } of prepared) {
    await t.test(c.id, async () => {
      const ref = reference[c.id];
      assert.ok(ref && !ref.error, `torch reference failed: ${ref?.error}`);
      const r = await train(exp, data, { backend: c.backend ?? 'wasm', init });
      assert.equal(r.status, 'completed');
      assert.equal(r.backend, c.backend ?? 'wasm');
      const failures: string[] = [];
      const check = (what: string, ours: ArrayLike<number>, theirs: ArrayLike<number>) => {
        const { worst, at } = compareArrays(ours, theirs);
        if (process.env.REGLAB_PARITY_VERBOSE) console.error(`${c.id} ${what}: worst scaled error ${worst.toExponential(2)}`);
        if (!(worst <= TOL)) failures.push(`${what}[${at}]: reglab ${ours[at]} vs torch ${theirs[at]} (scaled error ${worst.toExponential(2)})`);
      };
      assert.deepEqual(Object.keys(r.params).sort(), Object.keys(ref.params).sort());
      for (const [name, theirs] of Object.entries(ref.params)) check(name, (r.params[name] as number[] | number[][]).flat(), theirs.flat());
      for (const [name, theirs] of Object.entries(ref.buffers)) check(name, (r.buffers?.[name] ?? []) as number[], theirs);
      check('trainLoss per epoch', r.metrics.map((m) => m.trainLoss), ref.trainLoss);
      check('penalty per epoch', r.metrics.map((m) => m.penalty), ref.penalty);
      check('final valLoss', [r.metrics.at(-1)!.valLoss], [ref.valLoss]);
      // The param groups torch built (lr, weight decay, size) are the ones RegLab reports.
      assert.deepEqual(r.metrics[0].groups.filter((g) => g.params.length).map((g) => ({ lr: g.lr, weight_decay: g.weightDecay, n: g.params.length })),
        ref.groups.filter((g) => g.n > 0));
      assert.deepEqual(failures, [], failures.join('\n'));
      if (data.featureNames.at(-1) === 'zero') {
        const column = (r.params['0.weight'] as number[][]).map((row) => row[data.features - 1]);
        assert.ok(column.every((v) => v === 0), `weights of the all-zero feature moved: ${column}`);
      }
      // The training actually moved the parameters (a no-op trainer would not pass as "equal").
      const moved = compareArrays((r.params['0.weight'] as number[][]).flat(), (init['0.weight'] as number[][]).flat());
      assert.ok(moved.worst > 1e-3, `parameters barely moved (${moved.worst})`);
    });
  }
}

// RegLab side of `npm run bench`: times the engine's own training step (src/core/train/trainStep,
// the Mlp, torch-exact AdamW) on a fixed data set, the way `reglab run` executes it: per step a
// batch slice, trainStep, and the loss kept on the device; one host read per timed run.
// Protocol (JSON lines on stdin/stdout, driven by scripts/bench.mjs):
//   {"cmd":"init","backend":"wasm"|"cpu"}            -> {"backend","nativeKernels"}
//   {"cmd":"run","case":{name,sizes,batch},"steps":N} -> {"name","ms","cpuMs"}   (per step: wall
//                                                        time, process CPU time)
import * as tf from '@tensorflow/tfjs-core';
import { createInterface } from 'node:readline';
import { selectBackend, type BackendRequest } from '../../src/core/backend/selectBackend';
import { Mlp } from '../../src/core/model/mlp';
import { parameterShapes } from '../../src/core/model/paramSpecs';
import { defaultInit } from '../../src/core/model/defaultInit';
import { createOptimizer } from '../../src/core/optim/optimizers';
import { resolveParamGroups } from '../../src/core/optim/paramGroups';
import { planPenalty } from '../../src/core/penalty/penalty';
import { trainStep, type StepContext } from '../../src/core/train/trainStep';
import type { ModelSpec, OptimizerSpec, PenaltySpec } from '../../src/core/experiment/types';

interface BenchCase { name: string; sizes: number[]; batch: number }
interface Prepared { ctx: StepContext; x: tf.Tensor2D; y: tf.Tensor2D; n: number; batch: number; cursor: number }

const ADAMW: OptimizerSpec = {
  type: 'adamw', lr: 1e-3, momentum: 0, dampening: 0, nesterov: false, betas: [0.9, 0.999], eps: 1e-8, amsgrad: false, weightDecay: 1e-2,
};
const NO_PENALTY: PenaltySpec = { l1: 0, l2: 0, params: 'all', l1Mode: 'subgradient', activationL1: 0, activationL2: 0 };
const prepared = new Map<string, Prepared>();

function prepare(c: BenchCase): Prepared {
  const inputs = c.sizes[0], outputs = c.sizes[c.sizes.length - 1];
  const model: ModelSpec = { hidden: c.sizes.slice(1, -1), activation: 'relu', norm: 'none', bias: true };
  const specs = parameterShapes(model, inputs, outputs);
  const mlp = new Mlp(model, inputs, outputs, defaultInit(specs, 0));
  const groups = resolveParamGroups(specs, ADAMW, 'all');
  const optimizer = createOptimizer('adamw', mlp.params, groups);
  const n = c.batch * 16;
  const [x, y] = tf.tidy(() => {
    const labels = tf.randomUniform([n], 0, outputs, 'int32', 1);
    return [tf.randomNormal([n, inputs], 0, 1, 'float32', 2) as tf.Tensor2D, tf.cast(tf.oneHot(labels, outputs), 'float32') as tf.Tensor2D];
  });
  const ctx: StepContext = { task: 'classification', model: mlp, optimizer, plan: planPenalty(NO_PENALTY, specs), lrOf: () => ADAMW.lr };
  return { ctx, x, y, n, batch: c.batch, cursor: 0 };
}

/** `steps` training steps; wall and process-CPU ms per step (the final read of the losses included). */
function run(p: Prepared, steps: number): { ms: number; cpuMs: number } {
  const losses: tf.Scalar[] = [];
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  for (let s = 0; s < steps; s++) {
    const start = p.cursor;
    p.cursor = (p.cursor + p.batch) % p.n;
    const [xb, yb] = tf.tidy(() => [tf.slice(p.x, [start, 0], [p.batch, -1]), tf.slice(p.y, [start, 0], [p.batch, -1])]);
    const out = trainStep(p.ctx, xb as tf.Tensor2D, yb as tf.Tensor2D);
    tf.dispose([xb, yb]);
    if (out.penalty) out.penalty.dispose();
    losses.push(out.loss);
  }
  const stacked = tf.stack(losses);
  const values = stacked.dataSync();
  const ms = (performance.now() - t0) / steps;
  const c = process.cpuUsage(c0);
  tf.dispose([stacked, ...losses]);
  if (!values.every(Number.isFinite)) throw new Error('non-finite loss in the benchmark run');
  return { ms, cpuMs: (c.user + c.system) / 1000 / steps };
}

async function handle(msg: { cmd: string; backend?: string; case?: BenchCase; steps?: number }): Promise<object> {
  if (msg.cmd === 'init') {
    // Only engine entry points, so the same worker also builds against an older revision
    // (bench.mjs --baseline); selectBackend installs the kernel set itself.
    const choice = await selectBackend((msg.backend ?? 'wasm') as BackendRequest);
    return { backend: choice.name, nativeKernels: (choice as { nativeKernels?: boolean }).nativeKernels === true };
  }
  if (msg.cmd === 'run' && msg.case) {
    let p = prepared.get(msg.case.name);
    if (!p) prepared.set(msg.case.name, (p = prepare(msg.case)));
    return { name: msg.case.name, ...run(p, msg.steps ?? 100), tensors: tf.memory().numTensors };
  }
  throw new Error(`unknown command ${JSON.stringify(msg)}`);
}

const rl = createInterface({ input: process.stdin });
let queue = Promise.resolve();
rl.on('line', (line) => {
  queue = queue.then(async () => {
    try {
      process.stdout.write(JSON.stringify(await handle(JSON.parse(line))) + '\n');
    } catch (e) {
      process.stdout.write(JSON.stringify({ error: e instanceof Error ? e.stack ?? e.message : String(e) }) + '\n');
    }
  });
});
rl.on('close', () => void queue.then(() => process.exit(0)));

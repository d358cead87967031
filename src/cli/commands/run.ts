// `reglab run <experiment.reglab.json> [--out DIR] [--params-out FILE] [--backend auto|native|wasm|cpu] [--json]`
// Trains one experiment into a run folder: experiment.json and meta.json first, metrics.jsonl
// appended and flushed per epoch, params.json and summary.json written atomically at the end.
// Where runs go: `--out DIR`, else `.reglab/runs/` in the experiment's workspace, which is the
// nearest folder at or above the experiment file's folder that already has a `.reglab/` folder,
// or the experiment file's own folder when none has.
// Exit codes: 0 completed, 3 diverged, 130 stopped (Ctrl-C), 1 an error, 2 bad usage.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { CliUsageError, parseCommandArgs, printJson } from '../args';
import { isBackendRequest, selectBackend } from '../../core/backend/selectBackend';
import { loadDataset } from '../../core/data/loadDataset';
import { loadExperimentFile } from '../../core/experiment/load';
import { storeRootForExperiment } from '../../core/runs/layout';
import { RunWriter } from '../../core/runs/runWriter';
import { writeJsonAtomic } from '../../core/runs/atomicWrite';
import { train } from '../../core/train/train';
import type { EpochMetrics, ParamTable, RunSummary, TrainResult } from '../../core/train/types';

const EXIT: Record<RunSummary['status'], number> = { completed: 0, diverged: 3, stopped: 130, failed: 1, pruned: 1, incomplete: 1 };

export async function run(argv: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs(argv, {
    out: { type: 'string' },
    'params-out': { type: 'string' },
    backend: { type: 'string', default: 'auto' },
    json: { type: 'boolean', default: false },
  });
  if (positionals.length !== 1) throw new CliUsageError(`expected one experiment file, got ${positionals.length}`);
  const backend = values.backend!;
  if (!isBackendRequest(backend)) throw new CliUsageError(`--backend must be auto, native, wasm or cpu, got "${backend}"`);
  const log = (line: string) => process.stderr.write(line + '\n');

  const exp = loadExperimentFile(positionals[0]);
  const data = loadDataset(exp);
  // Start the backend before creating the run folder: an unavailable backend leaves no failed run behind.
  await selectBackend(backend);
  const root = storeRootForExperiment(exp.sourceFile!, values.out);
  mkdirSync(root, { recursive: true });
  const writer = RunWriter.create({ root, experiment: exp });
  log(`[reglab] run ${writer.id}: ${exp.name}, ${data.nTrain} train / ${data.nVal} val samples (${data.description})`);
  log(`[reglab] folder ${writer.dir}`);

  const ctrl = new AbortController();
  const onSigint = () => { log('[reglab] stopping after the current step…'); ctrl.abort(); };
  process.once('SIGINT', onSigint);
  let result: TrainResult;
  let summary: RunSummary;
  try {
    const progress = progressPrinter(exp.training.epochs, log);
    result = await train(exp, data, {
      backend,
      signal: ctrl.signal,
      onEpoch: (m) => { writer.appendEpoch(m); progress(m); },
    });
    for (const s of result.backendSkipped ?? []) log(`[reglab] backend ${s.backend} skipped: ${s.error}`);
    log(`[reglab] backend ${result.backend}${result.nativeKernels === undefined ? '' : result.nativeKernels ? ' with native kernels' : ' (TF.js kernels)'}`);
    const params: ParamTable = { ...result.params, ...result.buffers };
    summary = writer.finish({ status: result.status, backend: result.backend, params, ...(result.divergence ? { divergence: result.divergence } : {}) });
    if (values['params-out']) writeJsonAtomic(path.resolve(values['params-out']), params);
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    writer.finish({ status: 'failed', backend: backend, reason });
    throw err;
  } finally {
    process.removeListener('SIGINT', onSigint);
  }

  if (summary.status === 'diverged') log(`[reglab] diverged: ${summary.divergence?.message}`);
  log(`[reglab] ${summary.status} after ${summary.epochsCompleted}/${summary.epochsPlanned} epochs` +
    (summary.final ? `: train ${fmt(summary.final.trainLoss)}, val ${fmt(summary.final.valLoss)}${summary.final.valAccuracy !== undefined ? `, val acc ${fmt(summary.final.valAccuracy)}` : ''}` : ''));
  if (values.json) {
    printJson({ ...summary, dir: writer.dir, ...(values['params-out'] ? { paramsOut: path.resolve(values['params-out']) } : {}), backendSkipped: result.backendSkipped ?? [], ...(result.nativeKernels !== undefined ? { nativeKernels: result.nativeKernels } : {}) });
  } else {
    process.stdout.write(`${summary.status} ${writer.dir}\n`);
  }
  return EXIT[summary.status];
}

/** One stderr line per epoch for short runs; about one a second (plus the last) for long ones. */
function progressPrinter(epochs: number, log: (s: string) => void): (m: EpochMetrics) => void {
  let last = 0;
  return (m) => {
    const now = Date.now();
    if (epochs > 50 && m.epoch !== epochs && now - last < 1000) return;
    last = now;
    log(`epoch ${m.epoch}/${epochs}  train ${fmt(m.trainLoss)}  penalty ${fmt(m.penalty)}  val ${fmt(m.valLoss)}` +
      `${m.valAccuracy !== undefined ? `  acc ${fmt(m.valAccuracy)}` : ''}  ${m.timeMs.toFixed(0)} ms`);
  };
}

function fmt(v: number): string {
  return Number.isFinite(v) ? (Math.abs(v) >= 1e-3 || v === 0 ? v.toFixed(4) : v.toExponential(3)) : String(v);
}

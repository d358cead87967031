// Shared fixtures for the run-store and sweep tests (not a test file itself).
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ResolvedExperiment } from '../../src/core/experiment/types';
import type { EpochMetrics } from '../../src/core/train/types';

export function tempDir(prefix = 'reglab-test-'): string {
  return mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** A complete in-memory experiment (every default filled in), small enough to train in ~1 s. */
export function smallExperiment(over: Partial<ResolvedExperiment> = {}): ResolvedExperiment {
  return {
    name: 'spiral-test',
    seed: 0,
    data: { source: 'synthetic', name: 'spiral', samples: 200, noise: 0.2, valFraction: 0.5 },
    model: { hidden: [8], activation: 'tanh', norm: 'none', bias: true },
    optimizer: { type: 'adamw', lr: 0.01, momentum: 0, dampening: 0, nesterov: false, betas: [0.9, 0.999], eps: 1e-8, amsgrad: false, weightDecay: 0 },
    paramGroups: 'all',
    penalty: { l1: 0, l2: 0, params: 'all', l1Mode: 'subgradient', activationL1: 0, activationL2: 0 },
    training: { epochs: 5, batchSize: 32, shuffle: true },
    baseDir: os.tmpdir(),
    ...over,
  };
}

/** A plausible epoch record (the run store treats it as opaque apart from the losses). */
export function fakeEpoch(epoch: number, valLoss = 1 / epoch): EpochMetrics {
  return { epoch, trainLoss: valLoss * 0.9, penalty: 0.01, valLoss, lr: 0.01, groups: [], params: {}, timeMs: 3 };
}

/** The process exists (signal 0 only checks). */
export function processAlive(pid: number): boolean {
  try { process.kill(pid, 0); return true; } catch { return false; }
}

/** Waits until every process has exited; false when some are still there after `withinMs`. */
export async function processesGone(pids: number[], withinMs: number): Promise<boolean> {
  const until = Date.now() + withinMs;
  while (Date.now() < until) {
    if (pids.every((p) => !processAlive(p))) return true;
    await new Promise((r) => setTimeout(r, 25));
  }
  return pids.every((p) => !processAlive(p));
}

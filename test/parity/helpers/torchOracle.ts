// Runs the PyTorch reference (torch_reference.py) under Debian's /usr/bin/python3 and decides
// what a missing oracle means: a failure, unless REGLAB_ALLOW_MISSING_ORACLES=1 (then a skip).
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import type { TestContext } from 'node:test';

export const PYTHON = '/usr/bin/python3';
const SCRIPT = path.join(__dirname, 'torch_reference.py');

/** Why torch cannot be used, or undefined when it can. */
export function torchUnavailable(): string | undefined {
  const r = spawnSync(PYTHON, ['-c', 'import torch; print(torch.__version__)'], { encoding: 'utf8' });
  if (r.error) return `${PYTHON} cannot run (${r.error.message})`;
  if (r.status !== 0) return `PyTorch is not importable by ${PYTHON}: ${r.stderr.trim().split('\n').pop()}`;
  return undefined;
}

/** Skips the test (with the reason printed) when allowed, else fails it. Returns true when torch is usable. */
export function requireTorch(t: TestContext): boolean {
  const why = torchUnavailable();
  if (!why) return true;
  if (process.env.REGLAB_ALLOW_MISSING_ORACLES === '1') {
    t.skip(`PyTorch oracle unavailable: ${why}`);
    return false;
  }
  throw new Error(`PyTorch oracle unavailable: ${why} (install python3-torch, or set REGLAB_ALLOW_MISSING_ORACLES=1 to skip)`);
}

export interface TorchResult {
  params: Record<string, number[] | number[][]>;
  buffers: Record<string, number[]>;
  trainLoss: number[];
  penalty: number[];
  valLoss: number;
  groups: Array<{ lr: number; weight_decay: number; n: number }>;
  error?: string;
}

export function runTorchReference(cases: unknown[]): Record<string, TorchResult> {
  const r = spawnSync(PYTHON, [SCRIPT], { input: JSON.stringify({ cases }), encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  if (r.status !== 0) throw new Error(`torch_reference.py failed (${r.status}): ${r.stderr}`);
  return JSON.parse(r.stdout).results;
}

/** |a - b| <= tol * max(1, |b|) for every entry; returns the worst scaled error and where. */
export function compareArrays(a: ArrayLike<number>, b: ArrayLike<number>): { worst: number; at: number } {
  if (a.length !== b.length) throw new Error(`length ${a.length} vs ${b.length}`);
  let worst = 0;
  let at = -1;
  for (let i = 0; i < a.length; i++) {
    const e = Math.abs(a[i] - b[i]) / Math.max(1, Math.abs(b[i]));
    if (!(e <= worst)) { worst = e; at = i; }
  }
  return { worst, at };
}

// Bad input of every shape must end in an ExperimentError (or a valid experiment), never another
// exception: a seeded fuzz over type-confused, truncated and perturbed experiment files.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Rng } from '../../src/core/data/rng';
import { ExperimentError, resolveExperiment } from '../../src/core/experiment';

const dir = mkdtempSync(path.join(os.tmpdir(), 'reglab-fuzz-'));
const BASE = {
  name: 'f', seed: 1,
  data: { source: 'synthetic', name: 'sparse-linear', samples: 50, features: 4, informative: 2 },
  model: { hidden: [4], norm: 'batchnorm' },
  optimizer: { type: 'sgd', lr: 0.1, momentum: 0.9, nesterov: true },
  paramGroups: [{ match: 'bias$', weightDecay: 0 }],
  penalty: { l1: 0.1, params: '^0\\.' },
  training: { epochs: 2, batchSize: 8 },
  sweep: { param: 'penalty.l1', values: [0, 0.1], seeds: [0, 1], compare: [{ name: 'a', set: { 'optimizer.type': 'adam' } }] },
};
const ODD: unknown[] = [null, true, 0, -1, 1.5, 1e308, '', 'x', '(', [], [1, 'a'], {}, { a: 1 }, Number.MAX_SAFE_INTEGER];

function leaves(v: unknown, at: (string | number)[] = []): (string | number)[][] {
  if (v === null || typeof v !== 'object') return [at];
  return [at, ...Object.entries(v).flatMap(([k, c]) => leaves(c, [...at, Array.isArray(v) ? Number(k) : k]))];
}

function mutate(rng: Rng): string {
  const obj = structuredClone(BASE) as Record<string, unknown>;
  const paths = leaves(obj).filter((p) => p.length > 0);
  for (let k = 0; k < 1 + rng.int(3); k++) {
    const p = paths[rng.int(paths.length)];
    let parent = obj as Record<string | number, unknown>;
    for (const s of p.slice(0, -1)) { if (parent[s] === null || typeof parent[s] !== 'object') break; parent = parent[s] as Record<string | number, unknown>; }
    const last = p[p.length - 1];
    if (rng.next() < 0.15) delete parent[last];
    else parent[last] = ODD[rng.int(ODD.length)];
  }
  const text = JSON.stringify(obj);
  // Sometimes break the JSON itself.
  return rng.next() < 0.1 ? text.slice(0, rng.int(text.length)) : text;
}

test('400 mutated experiments: each resolves or fails with positioned ExperimentError issues only', () => {
  const rng = new Rng(2024);
  let rejected = 0;
  for (let i = 0; i < 400; i++) {
    const text = mutate(rng);
    try {
      resolveExperiment(text, { sourceFile: path.join(dir, 'f.reglab.json'), baseDir: dir });
    } catch (err) {
      assert.ok(err instanceof ExperimentError, `case ${i} threw ${String(err)} for ${text}`);
      for (const issue of err.issues) {
        assert.ok(issue.line >= 1 && issue.column >= 1 && issue.message.length > 0, `case ${i}: ${JSON.stringify(issue)}`);
      }
      rejected++;
    }
  }
  assert.ok(rejected > 300, `most mutations should be rejected (${rejected})`);
});

// scripts/eval-lint.mjs on a small corpus written here (the real held-out corpus is not in CI):
// per-rule confusion counts, the FP / FN lists, and the refusal to score an incomplete corpus.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';

const root = path.resolve(__dirname, '../..');
const script = path.join(root, 'scripts/eval-lint.mjs');

function corpus(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'reglab-eval-'));
  for (const [p, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, p)), { recursive: true });
    writeFileSync(path.join(dir, p), text);
  }
  return dir;
}

const WHOLE = 'import torch\nmodel = torch.nn.Linear(4, 2)\nopt = torch.optim.AdamW(model.parameters(), lr=1e-3)\n';
const CLEAN = 'import torch\nmodel = torch.nn.Linear(4, 2)\nopt = torch.optim.SGD(model.parameters(), lr=0.1)\n';
const COUPLED = 'import torch\nmodel = torch.nn.Linear(4, 2)\nopt = torch.optim.Adam([model.weight], lr=1e-3, weight_decay=1e-4)\n';

test('eval-lint scores (file, rule) pairs and lists false positives and negatives', () => {
  const dir = corpus({ 'o/r/whole.py': WHOLE, 'o/r/clean.py': CLEAN, 'o/r/coupled.py': COUPLED });
  const labels = path.join(dir, 'labels.json');
  writeFileSync(labels, JSON.stringify({
    files: [
      { repo: 'o/r', commit: '0'.repeat(40), path: 'whole.py', expected: ['decayed-bias-norm'], why: 'whole parameters, AdamW default' },
      // Deliberately wrong labels: one FP (nothing expected) and one FN (a rule that cannot fire).
      { repo: 'o/r', commit: '0'.repeat(40), path: 'coupled.py', expected: [], why: 'labelled clean on purpose' },
      { repo: 'o/r', commit: '0'.repeat(40), path: 'clean.py', expected: ['l1-all-params'], why: 'labelled L1 on purpose' },
    ],
  }));
  try {
    const r = spawnSync(process.execPath, [script, dir, '--labels', labels, '--json'], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    const out = JSON.parse(r.stdout);
    assert.equal(out.files, 3);
    assert.deepEqual(out.rules['decayed-bias-norm'], { tp: 1, fp: 0, fn: 0, tn: 2, precision: 1, recall: 1 });
    assert.deepEqual(out.rules['adam-coupled-weight-decay'], { tp: 0, fp: 1, fn: 0, tn: 2, precision: 0, recall: null });
    assert.deepEqual(out.rules['l1-all-params'], { tp: 0, fp: 0, fn: 1, tn: 2, precision: null, recall: 0 });
    assert.deepEqual(out.falsePositives.map((x: { file: string; rule: string }) => [x.file, x.rule]), [['o/r/coupled.py', 'adam-coupled-weight-decay']]);
    assert.deepEqual(out.falseNegatives.map((x: { file: string; rule: string; detail: string }) => [x.file, x.rule, x.detail]), [['o/r/clean.py', 'l1-all-params', 'labelled L1 on purpose']]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('eval-lint refuses an incomplete corpus and names the missing files', () => {
  const dir = corpus({ 'o/r/whole.py': WHOLE });
  const labels = path.join(dir, 'labels.json');
  writeFileSync(labels, JSON.stringify({
    files: [
      { repo: 'o/r', commit: '1'.repeat(40), path: 'whole.py', expected: ['decayed-bias-norm'], why: '' },
      { repo: 'o/r', commit: '2'.repeat(40), path: 'gone/train.py', expected: [], why: '' },
    ],
  }));
  try {
    const r = spawnSync(process.execPath, [script, dir, '--labels', labels], { encoding: 'utf8' });
    assert.equal(r.status, 2);
    assert.match(r.stderr, /1 of 2 labelled files are missing/);
    assert.match(r.stderr, /o\/r\/gone\/train\.py {2}\(commit 2{40}\)/);
    assert.equal(r.stdout, '');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('eval-lint rejects a label that is not a rule id', () => {
  const dir = corpus({ 'o/r/whole.py': WHOLE });
  const labels = path.join(dir, 'labels.json');
  writeFileSync(labels, JSON.stringify({ files: [{ repo: 'o/r', commit: '0'.repeat(40), path: 'whole.py', expected: ['decayed-bias'], why: '' }] }));
  try {
    const r = spawnSync(process.execPath, [script, dir, '--labels', labels], { encoding: 'utf8' });
    assert.notEqual(r.status, 0);
    assert.match(r.stderr, /files\[0\] \(o\/r\/whole\.py\): unknown rule "decayed-bias"/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('eval-lint --batch scores only that batch (and refuses a batch no entry has)', () => {
  const dir = corpus({ 'o/r/whole.py': WHOLE, 'o/r/clean.py': CLEAN });
  const labels = path.join(dir, 'labels.json');
  writeFileSync(labels, JSON.stringify({
    files: [
      { repo: 'o/r', commit: '0'.repeat(40), path: 'whole.py', expected: ['decayed-bias-norm'], why: '', batch: 'b2' },
      // Outside the batch, and deliberately wrong: it must not count.
      { repo: 'o/r', commit: '0'.repeat(40), path: 'clean.py', expected: ['l1-all-params'], why: '' },
    ],
  }));
  try {
    const r = spawnSync(process.execPath, [script, dir, '--labels', labels, '--batch', 'b2', '--json'], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    const out = JSON.parse(r.stdout);
    assert.equal(out.files, 1);
    assert.deepEqual(out.rules.all, { tp: 1, fp: 0, fn: 0, tn: 6, precision: 1, recall: 1 });
    const none = spawnSync(process.execPath, [script, dir, '--labels', labels, '--batch', 'nope'], { encoding: 'utf8' });
    assert.equal(none.status, 2);
    assert.match(none.stderr, /no entry of .* has batch "nope"/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

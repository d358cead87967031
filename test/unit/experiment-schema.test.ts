// Schema-level errors of *.reglab.json: each reported with file, line, column, field path and message.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { rejectionIssues, singleIssue } from './experiment-helpers';
import { ExperimentError, loadExperimentFile, resolveExperiment, type Issue } from '../../src/core/experiment';
import schema from '../../schema/experiment.schema.json';

const dir = mkdtempSync(path.join(os.tmpdir(), 'reglab-exp-'));
const FILE = path.join(dir, 'e.reglab.json');

const issuesOf = (text: string) => rejectionIssues(text, FILE, dir);
const only = (text: string) => singleIssue(issuesOf(text));

const SPIRAL = '"data": {"source": "synthetic", "name": "spiral"}';

test('a minimal experiment resolves with every default filled in', () => {
  const e = resolveExperiment(`{${SPIRAL}}`, { sourceFile: path.join(dir, 'spiral-l1.reglab.json'), baseDir: dir });
  assert.equal(e.name, 'spiral-l1');
  assert.equal(e.seed, 0);
  assert.deepEqual(e.data, { source: 'synthetic', name: 'spiral', samples: 400, noise: 0.1, valFraction: 0.2 });
  assert.deepEqual(e.model, { hidden: [16, 16], activation: 'relu', norm: 'none', bias: true });
  assert.deepEqual(e.optimizer, { type: 'sgd', lr: 0.01, momentum: 0, dampening: 0, nesterov: false, betas: [0.9, 0.999], eps: 1e-8, amsgrad: false, weightDecay: 0 });
  assert.equal(e.paramGroups, 'all');
  assert.deepEqual(e.penalty, { l1: 0, l2: 0, params: 'weights', l1Mode: 'subgradient', activationL1: 0, activationL2: 0 });
  assert.deepEqual(e.training, { epochs: 100, batchSize: 32, shuffle: true });
  assert.equal(e.baseDir, dir);
});

test('optimizer defaults follow torch: adam lr 1e-3 wd 0; adamw lr 1e-3 wd 1e-2; explicit values win', () => {
  const r = (o: string) => resolveExperiment(`{${SPIRAL}, "optimizer": ${o}}`, { baseDir: dir }).optimizer;
  assert.deepEqual([r('{"type": "adam"}').lr, r('{"type": "adam"}').weightDecay], [1e-3, 0]);
  assert.deepEqual([r('{"type": "adamw"}').lr, r('{"type": "adamw"}').weightDecay, r('{"type": "adamw"}').eps], [1e-3, 1e-2, 1e-8]);
  assert.equal(r('{"type": "adamw", "weightDecay": 0}').weightDecay, 0);
  assert.deepEqual(r('{"type": "adam", "betas": [0.8, 0.99]}').betas, [0.8, 0.99]);
});

test('sparse-linear gets features 50 / informative 5; poly gets degree 3', () => {
  const d1 = resolveExperiment('{"data": {"source": "synthetic", "name": "sparse-linear"}}', { baseDir: dir }).data;
  assert.deepEqual([(d1 as { features: number }).features, (d1 as { informative: number }).informative], [50, 5]);
  const d2 = resolveExperiment('{"data": {"source": "synthetic", "name": "poly"}}', { baseDir: dir }).data;
  assert.equal((d2 as { degree: number }).degree, 3);
});

test('lr <= 0: file:line:col: optimizer.lr: must be > 0 (got -0.1)', () => {
  const text = `{\n  ${SPIRAL},\n  "optimizer": {"type": "sgd", "lr": -0.1}\n}`;
  const i = only(text);
  assert.deepEqual([i.file, i.line, i.column, i.path], [FILE, 3, 38, 'optimizer.lr']);
  assert.equal(i.message, 'must be > 0 (got -0.1)');
  assert.equal(i.expected, 'a number > 0');
  try { resolveExperiment(text, { sourceFile: FILE, baseDir: dir }); } catch (err) {
    assert.equal((err as Error).message, `${FILE}:3:38: optimizer.lr: must be > 0 (got -0.1)`);
  }
});

test('negative lambda in penalty.l1 / l2 / weightDecay is rejected at the value', () => {
  const i = only(`{${SPIRAL}, "penalty": {"l1": -1e-3}}`);
  assert.deepEqual([i.line, i.column, i.path, i.message], [1, 71, 'penalty.l1', 'must be >= 0 (got -0.001)']);
  assert.equal(only(`{${SPIRAL}, "penalty": {"l2": -2}}`).path, 'penalty.l2');
  assert.equal(only(`{${SPIRAL}, "optimizer": {"weightDecay": -1}}`).message, 'must be >= 0 (got -1)');
  assert.equal(only(`{${SPIRAL}, "paramGroups": [{"match": "bias", "weightDecay": -1}]}`).path, 'paramGroups[0].weightDecay');
});

test('betas outside [0, 1): optimizer.betas[1]', () => {
  const i = only(`{${SPIRAL},\n"optimizer": {"type": "adam", "betas": [0.9, 1.0]}}`);
  assert.deepEqual([i.line, i.column, i.path, i.message], [2, 46, 'optimizer.betas[1]', 'must be < 1 (got 1)']);
  assert.equal(only(`{${SPIRAL}, "optimizer": {"type": "adam", "betas": [-0.1, 0.9]}}`).path, 'optimizer.betas[0]');
  assert.match(only(`{${SPIRAL}, "optimizer": {"type": "adam", "betas": [0.9]}}`).message, /at least 2 items \(got 1\)/);
});

test('unknown field: did you mean', () => {
  const i = only(`{${SPIRAL},\n  "optimizer": {"weight_decay": 0.1}}`);
  assert.deepEqual([i.line, i.column, i.path], [2, 17, 'optimizer.weight_decay']);
  assert.equal(i.message, "unknown field 'weight_decay' (did you mean 'weightDecay'?)");
  assert.match(i.expected!, /one of: type, lr, momentum/);
  assert.equal(only(`{${SPIRAL}, "trainig": {}}`).message, "unknown field 'trainig' (did you mean 'training'?)");
  assert.equal(only(`{${SPIRAL}, "model": {"hiden": [4]}}`).message, "unknown field 'hiden' (did you mean 'hidden'?)");
  assert.equal(only('{"data": {"source": "synthetic", "name": "spiral", "nosie": 0.1}}').message, "unknown field 'nosie' (did you mean 'noise'?)");
  assert.equal(only(`{${SPIRAL}, "zzz": 1}`).message, "unknown field 'zzz'");
});

test('bad enum values suggest the closest one', () => {
  const i = only('{"data": {"source": "synthetic", "name": "spirl"}}');
  assert.equal(i.path, 'data.name');
  assert.match(i.message, /must be one of "circle", .* \(got "spirl"\) \(did you mean 'spiral'\?\)/);
  assert.match(only(`{${SPIRAL}, "paramGroups": "exclude-bias"}`).message, /did you mean 'exclude-bias-norm'/);
  assert.match(only(`{${SPIRAL}, "optimizer": {"type": "AdamW"}}`).message, /did you mean 'adamw'/);
});

test('wrong types, missing required fields, integers', () => {
  assert.equal(only(`{${SPIRAL}, "optimizer": {"lr": "0.1"}}`).message, 'must be a number (got "0.1")');
  assert.equal(only(`{${SPIRAL}, "training": {"epochs": 2.5}}`).message, 'must be an integer (got 2.5)');
  const req = only('{"data": {"source": "csv", "train": "a.csv", "target": "y"}}');
  assert.deepEqual([req.path, req.message, req.column], ['data', "missing required field 'task'", 10]);
  assert.equal(only('{"seed": 1}').message, "missing required field 'data'");
  assert.equal(only(`{${SPIRAL}, "model": {"hidden": [8, 0]}}`).path, 'model.hidden[1]');
});

test('invalid JSON is reported with its position, never thrown raw', () => {
  const cases: Array<[string, number, number, RegExp]> = [
    ['{\n  "seed": 1,\n}', 3, 1, /invalid JSON/],
    ['{"seed" 1}', 1, 9, /expected ':'/],
    ['', 1, 1, /empty/],
    ['// note\n{}', 1, 1, /comments are not allowed/],
    ['{"seed": 1, "seed": 2, ' + SPIRAL + '}', 1, 13, /duplicate field 'seed'/],
  ];
  for (const [text, line, column, msg] of cases) {
    const i = issuesOf(text)[0];
    assert.deepEqual([i.line, i.column], [line, column], text);
    assert.match(i.message, msg);
  }
});

test('loadExperimentFile reads from disk, names the file, and reports a missing file as an ExperimentError', () => {
  const f = path.join(dir, 'disk.reglab.json');
  writeFileSync(f, `{${SPIRAL}, "seed": 7}`);
  const e = loadExperimentFile(f);
  assert.equal(e.seed, 7);
  assert.equal(e.sourceFile, f);
  assert.equal(e.name, 'disk');
  assert.throws(() => loadExperimentFile(path.join(dir, 'nope.reglab.json')), (err: unknown) => err instanceof ExperimentError && /experiment file not found/.test(err.message));
});

test('every schema property has description, markdownDescription; leaf options have defaults', () => {
  const missing: string[] = [];
  const walk = (node: unknown, where: string) => {
    if (!node || typeof node !== 'object') return;
    const n = node as Record<string, unknown>;
    if (n.properties) {
      for (const [k, v] of Object.entries(n.properties as Record<string, Record<string, unknown>>)) {
        if (v.$ref) continue;
        if (!v.description || !v.markdownDescription) missing.push(`${where}.${k}`);
      }
    }
    for (const [k, v] of Object.entries(n)) if (typeof v === 'object' && k !== 'if') walk(v, `${where}/${k}`);
  };
  walk(schema, '#');
  assert.deepEqual(missing, []);
  const defs = schema.definitions as Record<string, Record<string, unknown>>;
  for (const k of ['lr', 'momentum', 'dampening', 'nesterov', 'eps', 'amsgrad', 'weightDecay', 'betas', 'valFraction']) {
    assert.ok('default' in defs[k] && defs[k].description && defs[k].markdownDescription, k);
  }
  assert.deepEqual(defs.betas.default, [0.9, 0.999]);
  assert.equal(defs.eps.default, 1e-8);
});

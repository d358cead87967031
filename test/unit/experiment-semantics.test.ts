// Semantic errors (what the schema cannot say) and file checks (data files, init tables).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { rejectionIssues, singleIssue } from './experiment-helpers';
import { ExperimentError, isInside, loadInitTable, resolveExperiment, type Issue } from '../../src/core/experiment';

const dir = mkdtempSync(path.join(os.tmpdir(), 'reglab-sem-'));
const FILE = path.join(dir, 'e.reglab.json');
const SPIRAL = '"data": {"source": "synthetic", "name": "spiral"}';

const issuesOf = (text: string) => rejectionIssues(text, FILE, dir);
const only = (text: string) => singleIssue(issuesOf(text));
const col = (text: string, needle: string) => text.split('\n').findIndex((l) => l.includes(needle)) + 1;

test('nesterov without momentum, and with dampening, as torch.optim.SGD rejects them', () => {
  const t1 = `{${SPIRAL},\n "optimizer": {"nesterov": true}}`;
  const i1 = only(t1);
  assert.deepEqual([i1.line, i1.column, i1.path, i1.message], [2, 28, 'optimizer.nesterov', 'nesterov needs momentum > 0 (momentum is 0)']);
  const i2 = only(`{${SPIRAL}, "optimizer": {"nesterov": true, "momentum": 0.9, "dampening": 0.1}}`);
  assert.equal(i2.message, 'nesterov needs dampening = 0 (dampening is 0.1)');
  // A group that turns nesterov on inherits momentum 0 from the optimizer.
  const i3 = only(`{${SPIRAL}, "paramGroups": [{"match": "bias", "nesterov": true}]}`);
  assert.equal(i3.path, 'paramGroups[0].nesterov');
  // Fine: momentum given.
  resolveExperiment(`{${SPIRAL}, "optimizer": {"nesterov": true, "momentum": 0.9}}`, { baseDir: dir });
});

test('options of another optimizer type are errors, as unexpected keyword arguments are in torch', () => {
  const i = only(`{${SPIRAL}, "optimizer": {"type": "adam", "momentum": 0.9}}`);
  assert.equal(i.path, 'optimizer.momentum');
  assert.match(i.message, /'momentum' is not an option of torch\.optim\.Adam/);
  const j = only(`{${SPIRAL}, "optimizer": {"type": "sgd"}, "paramGroups": [{"match": "bias", "betas": [0.9, 0.99]}]}`);
  assert.equal(j.path, 'paramGroups[0].betas');
  assert.match(j.message, /torch\.optim\.SGD/);
});

test('invalid regular expressions in paramGroups[].match and penalty.params', () => {
  const t = `{${SPIRAL},\n "paramGroups": [{"match": "(bias", "weightDecay": 0}]}`;
  const i = only(t);
  assert.deepEqual([i.line, i.path], [2, 'paramGroups[0].match']);
  assert.match(i.message, /^invalid regular expression "\(bias": .*Unterminated group/);
  const j = only(`{${SPIRAL}, "penalty": {"l1": 0.1, "params": "[0-"}}`);
  assert.equal(j.path, 'penalty.params');
  assert.match(j.message, /invalid regular expression/);
});

test('a param group or penalty pattern that catches no parameter is an error listing the names', () => {
  const i = only(`{${SPIRAL}, "model": {"hidden": [4]}, "paramGroups": [{"match": "norm", "weightDecay": 0}]}`);
  assert.match(i.message, /matches no parameter of the model \(parameters: 0\.weight, 0\.bias, 2\.weight, 2\.bias\)/);
  const j = only(`{${SPIRAL}, "paramGroups": [{"match": "bias", "weightDecay": 0}, {"match": "\\\\.bias$", "lr": 0.1}]}`);
  assert.equal(j.path, 'paramGroups[1].match');
  assert.match(j.message, /earlier group already took/);
  const k = only(`{${SPIRAL}, "penalty": {"l2": 0.1, "params": "^9\\\\."}}`);
  assert.equal(k.path, 'penalty.params');
});

test('data options that do not apply, informative > features', () => {
  const i = only('{"data": {"source": "synthetic", "name": "spiral", "degree": 3}}');
  assert.deepEqual([i.path, i.message, i.column], ['data.degree', 'only applies to name "poly" (this is "spiral")', 52]);
  const j = only('{"data": {"source": "synthetic", "name": "sparse-linear", "features": 4, "informative": 6}}');
  assert.equal(j.message, 'must be <= features (4) (got 6)');
});

test('a data file that does not exist names the resolved path at data.train', () => {
  const t = '{"data": {"source": "csv",\n "train": "missing.csv", "target": "y", "task": "regression"}}';
  const i = only(t);
  assert.deepEqual([i.line, i.column, i.path], [2, 11, 'data.train']);
  assert.equal(i.message, `train file not found: ${path.join(dir, 'missing.csv')}`);
});

test('batchnorm with a last training batch of one sample is rejected (torch would raise)', () => {
  // 400 samples, 20% validation -> 320 train; 320 % 319 = 1.
  const i = only(`{${SPIRAL}, "model": {"hidden": [4], "norm": "batchnorm"}, "training": {"batchSize": 319}}`);
  assert.equal(i.path, 'training.batchSize');
  assert.match(i.message, /320 training samples in batches of 319 leave a batch of 1/);
  resolveExperiment(`{${SPIRAL}, "model": {"hidden": [4], "norm": "batchnorm"}, "training": {"batchSize": 32}}`, { baseDir: dir });
});

test('sweep: values or logspace, not both or neither; duplicates', () => {
  assert.match(only(`{${SPIRAL}, "sweep": {"param": "penalty.l1"}}`).message, /give "values"/);
  assert.match(only(`{${SPIRAL}, "sweep": {"param": "penalty.l1", "values": [1], "logspace": {"from": 1e-3, "to": 1, "num": 3}}}`).message, /not both/);
  const d = only(`{${SPIRAL}, "sweep": {"param": "penalty.l1", "values": [0, 1e-3, 0]}}`);
  assert.equal(d.path, 'sweep.values[2]');
});

test('init table: missing parameter, unknown parameter (did you mean), wrong shape, bad JSON — positioned in the init file', () => {
  const init = path.join(dir, 'init.json');
  const exp = `{${SPIRAL}, "model": {"hidden": [3]}, "init": "init.json"}`;
  // Correct table: 0.weight [3, 2], 0.bias [3], 2.weight [2, 3] (2 classes), 2.bias [2].
  const good = { '0.weight': [[1, 2], [3, 4], [5, 6]], '0.bias': [0, 0, 0], '2.weight': [[1, 1, 1], [2, 2, 2]], '2.bias': [0, 1] };
  writeFileSync(init, JSON.stringify(good));
  resolveExperiment(exp, { baseDir: dir });

  writeFileSync(init, JSON.stringify({ ...good, '2.bias': undefined }, null, 1));
  let i = only(exp);
  assert.deepEqual([i.file, i.path, i.message], [init, '2.bias', "missing parameter '2.bias' (shape [2])"]);

  const typo = JSON.stringify({ ...good, '0.wieght': [1] }, null, 1);
  writeFileSync(init, typo);
  i = only(exp);
  assert.equal(i.file, init);
  assert.deepEqual([i.line, i.column], [col(typo, '0.wieght'), 2]);
  assert.match(i.message, /^unknown parameter '0\.wieght' \(did you mean '0\.weight'\?\); the model has 0\.weight, 0\.bias, 2\.weight, 2\.bias/);

  const bad = JSON.stringify({ ...good, '0.weight': [[1, 2, 3], [3, 4, 5], [5, 6, 7]] }, null, 1);
  writeFileSync(init, bad);
  i = only(exp);
  assert.deepEqual([i.path, i.line, i.message], ['0.weight[0]', col(bad, '"0.weight"') + 1, 'expected shape [3, 2], row 0 has 3 entries']);

  writeFileSync(init, JSON.stringify({ ...good, '0.bias': [0, 'x', 0] }));
  i = only(exp);
  assert.equal(i.path, '0.bias[1]');
  assert.equal(i.message, 'must be a finite number (got "x")');

  writeFileSync(init, '{"0.weight": [[1, 2]],,}');
  i = only(exp);
  assert.deepEqual([i.file, i.line, i.column], [init, 1, 23]);
  assert.match(i.message, /invalid JSON/);

  writeFileSync(init, '[1, 2]');
  assert.match(only(exp).message, /must be a JSON object/);

  i = only(`{${SPIRAL}, "init": "nope.json"}`);
  assert.deepEqual([i.path, i.message], ['init', `init file not found: ${path.join(dir, 'nope.json')}`]);
});

test('loadInitTable checks shapes once the data sizes are known (CSV data)', () => {
  const init = path.join(dir, 'init-csv.json');
  writeFileSync(init, JSON.stringify({ '0.weight': [[1, 2, 3]], '0.bias': [0] }));
  const model = { hidden: [], activation: 'relu' as const, norm: 'none' as const, bias: true };
  assert.deepEqual(loadInitTable(init, model, 3, 1)['0.bias'], [0]);
  assert.throws(() => loadInitTable(init, model, 4, 1), (err: unknown) => err instanceof ExperimentError && /expected shape \[1, 4\], row 0 has 3 entries/.test(err.message));
});

test('isInside: the experiment folder tree, not its siblings', () => {
  mkdirSync(path.join(dir, 'sub'), { recursive: true });
  assert.equal(isInside(dir, 'sub/a.csv'), true);
  assert.equal(isInside(dir, path.join(dir, 'a.csv')), true);
  assert.equal(isInside(dir, '../a.csv'), false);
  assert.equal(isInside(dir, `${dir}-other/a.csv`), false);
  assert.equal(isInside(dir, '/etc/passwd'), false);
});

test('sweep.param must name a numeric field (did you mean); every value and variant must give a valid experiment', () => {
  const t = `{${SPIRAL},\n "sweep": {"param": "optimizer.weightDecy", "values": [0, 1e-3]}}`;
  const i = only(t);
  assert.deepEqual([i.line, i.column, i.path], [2, 21, 'sweep.param']);
  assert.equal(i.message, '"optimizer.weightDecy" is not a numeric field of the experiment (did you mean \'optimizer.weightDecay\'?)');
  assert.match(only(`{${SPIRAL}, "sweep": {"param": "seed", "values": [1, 2]}}`).message, /cannot sweep the seed; list seeds in sweep.seeds/);
  const v = only(`{${SPIRAL}, "sweep": {"param": "training.batchSize", "values": [16, 0.5]}}`);
  assert.equal(v.path, 'sweep.values[1]');
  assert.equal(v.message, 'training.batchSize = 0.5 makes training.batchSize invalid: must be an integer (got 0.5)');
  const neg = only(`{${SPIRAL}, "sweep": {"param": "penalty.l1", "values": [-1]}}`);
  assert.match(neg.message, /penalty\.l1 = -1 makes penalty\.l1 invalid: must be >= 0/);
  const u = only(`{${SPIRAL}, "sweep": {"param": "penalty.l1", "values": [1e-3], "compare": [{"name": "a", "set": {"optimizer.tpye": "adamw"}}]}}`);
  assert.deepEqual([u.path, u.message], ['sweep.compare[0].set.optimizer.tpye', '"optimizer.tpye" is not a field of the experiment (did you mean \'optimizer.type\'?)']);
  const bad = only(`{${SPIRAL}, "sweep": {"param": "penalty.l1", "values": [1e-3], "compare": [{"name": "a", "set": {"optimizer.type": "adamx"}}]}}`);
  assert.equal(bad.path, 'sweep.compare[0].set');
  assert.match(bad.message, /^variant "a" makes optimizer\.type invalid: must be one of "sgd", "adam", "adamw" \(got "adamx"\)/);
  resolveExperiment(`{${SPIRAL}, "sweep": {"param": "optimizer.weightDecay", "logspace": {"from": 1e-5, "to": 1e-1, "num": 5}, "compare": [{"name": "adam", "set": {"optimizer.type": "adam"}}, {"name": "adamw", "set": {"optimizer.type": "adamw", "paramGroups": "exclude-bias-norm"}}, {"name": "l2", "param": "penalty.l2", "set": {}}]}}`, { baseDir: dir });
});

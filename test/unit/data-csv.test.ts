// CSV data: parsing, class mapping, split, and errors with file + line (+ column) for bad input.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadDataset } from '../../src/core/data/loadDataset';
import { ExperimentError, resolveExperiment, type Issue } from '../../src/core/experiment';

const dir = mkdtempSync(path.join(os.tmpdir(), 'reglab-csv-'));

function csvExp(files: Record<string, string>, data: Record<string, unknown>, extra = '') {
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text);
  return resolveExperiment(`{"data": ${JSON.stringify({ source: 'csv', ...data })}${extra}}`, { sourceFile: path.join(dir, 'e.reglab.json'), baseDir: dir });
}

function loadIssues(files: Record<string, string>, data: Record<string, unknown>): Issue[] {
  try {
    loadDataset(csvExp(files, data));
  } catch (err) {
    assert.ok(err instanceof ExperimentError, `expected ExperimentError, got ${String(err)}`);
    return err.issues;
  }
  assert.fail('expected the data to be rejected');
}

const REG = 'a,b,y\n1,2,3\n4,5,6\n7,8,9\n10,11,12\n13,14,15\n';

test('regression CSV with a val file: features in header order without the target, float32', () => {
  const d = loadDataset(csvExp({ 'tr.csv': 'a,y,b\n1,10,2\n3,30,4\n', 'va.csv': 'b,a,y\n6,5,50\n' }, { train: 'tr.csv', val: 'va.csv', target: 'y', task: 'regression' }));
  assert.deepEqual(d.featureNames, ['a', 'b']);
  assert.deepEqual(Array.from(d.xTrain), [1, 2, 3, 4]);
  assert.deepEqual(Array.from(d.yTrain), [10, 30]);
  assert.deepEqual(Array.from(d.xVal), [5, 6]); // val columns reordered to the train order
  assert.deepEqual([d.nTrain, d.nVal, d.features, d.outputs, d.task], [2, 1, 2, 1, 'regression']);
});

test('without val: seeded split by valFraction (default 0.2), rows kept in file order', () => {
  const d = loadDataset(csvExp({ 'r.csv': REG }, { train: 'r.csv', target: 'y', task: 'regression' }));
  assert.deepEqual([d.nTrain, d.nVal], [4, 1]);
  const all = [...d.yTrain, ...d.yVal].sort((a, b) => a - b);
  assert.deepEqual(all, [3, 6, 9, 12, 15]);
  assert.deepEqual(Array.from(d.yTrain), [...d.yTrain].sort((a, b) => a - b));
  const d2 = loadDataset(csvExp({ 'r.csv': REG }, { train: 'r.csv', target: 'y', task: 'regression', valFraction: 0.4 }));
  assert.equal(d2.nVal, 2);
});

test('classification: labels mapped to indices in sorted order (numeric order for numbers)', () => {
  const d = loadDataset(csvExp({ 'c.csv': 'x,label\n1,cat\n2,dog\n3,ant\n4,dog\n', 'cv.csv': 'x,label\n5,ant\n6,cat\n' }, { train: 'c.csv', val: 'cv.csv', target: 'label', task: 'classification' }));
  assert.deepEqual(d.classLabels, ['ant', 'cat', 'dog']);
  assert.deepEqual(Array.from(d.yTrain), [1, 2, 0, 2]);
  assert.deepEqual(Array.from(d.yVal), [0, 1]);
  assert.equal(d.outputs, 3);
  const n = loadDataset(csvExp({ 'n.csv': 'x,k\n1,10\n2,9\n3,2\n' }, { train: 'n.csv', val: 'n.csv', target: 'k', task: 'classification' }));
  assert.deepEqual(n.classLabels, ['2', '9', '10']);
});

test('standardize: train mean 0 / std 1, the same transform on val; the target untouched', () => {
  const d = loadDataset(csvExp({ 's.csv': 'a,y\n1,1\n2,2\n3,3\n', 'sv.csv': 'a,y\n4,4\n' }, { train: 's.csv', val: 'sv.csv', target: 'y', task: 'regression', standardize: true }));
  const sd = Math.sqrt(2 / 3);
  assert.ok(Math.abs(d.xTrain[0] + 1 / sd) < 1e-6 && Math.abs(d.xTrain[1]) < 1e-7);
  assert.ok(Math.abs(d.xVal[0] - 2 / sd) < 1e-6);
  assert.deepEqual(Array.from(d.yVal), [4]);
});

test('ragged row: file and line', () => {
  const [i] = loadIssues({ 'bad.csv': 'a,b,y\n1,2,3\n\n4,5\n' }, { train: 'bad.csv', target: 'y', task: 'regression' });
  assert.deepEqual([i.file, i.line, i.message], [path.join(dir, 'bad.csv'), 4, 'row has 2 fields, the header has 3']);
});

test('non-numeric, empty, NaN and Inf cells: file, line, column and column name', () => {
  const issues = loadIssues({ 'bad.csv': 'a,b,y\n1,2,3\n1,abc,3\n,2,3\n1,NaN,3\n1,2,inf\n' }, { train: 'bad.csv', target: 'y', task: 'regression' });
  assert.deepEqual(issues.map((i) => [i.line, i.column, i.path, i.message]), [
    [3, 3, "column 'b'", 'not a number (got "abc")'],
    [4, 1, "column 'a'", 'empty cell'],
    [5, 3, "column 'b'", 'NaN is not allowed (values must be finite)'],
    [6, 5, "column 'y'", 'target inf is not allowed (values must be finite)'],
  ]);
  const [t] = loadIssues({ 'lab.csv': 'a,y\n1,yes\n' }, { train: 'lab.csv', target: 'y', task: 'regression' });
  assert.match(t.message, /target not a number \(got "yes"\) \(for class labels set "task": "classification"\)/);
});

test('missing target column: did you mean, with the columns', () => {
  const [i] = loadIssues({ 'r.csv': REG.replace('y', 'target') }, { train: 'r.csv', target: 'targt', task: 'regression' });
  assert.deepEqual([i.line, i.path], [1, 'data.target']);
  assert.equal(i.message, "no column 'targt' in the header (did you mean 'target'?); columns: a, b, target");
});

test('empty file, header only, single-class classification, unknown class in val, val columns differ', () => {
  assert.match(loadIssues({ 'e.csv': '' }, { train: 'e.csv', target: 'y', task: 'regression' })[0].message, /the file is empty/);
  assert.match(loadIssues({ 'h.csv': 'a,y\n' }, { train: 'h.csv', target: 'y', task: 'regression' })[0].message, /header but no data rows/);
  const one = loadIssues({ 'o.csv': 'a,y\n1,x\n2,x\n3,x\n' }, { train: 'o.csv', target: 'y', task: 'classification' })[0];
  assert.deepEqual([one.line, one.column, one.path], [1, 3, "column 'y'"]);
  assert.match(one.message, /at least 2 classes; every row has class "x"/);
  const unk = loadIssues({ 'c.csv': 'a,y\n1,x\n2,z\n', 'cv.csv': 'a,y\n1,x\n2,w\n' }, { train: 'c.csv', val: 'cv.csv', target: 'y', task: 'classification' })[0];
  assert.deepEqual([unk.file, unk.line], [path.join(dir, 'cv.csv'), 3]);
  assert.match(unk.message, /class "w" does not occur in the train file/);
  const cols = loadIssues({ 'c.csv': 'a,y\n1,x\n2,z\n', 'cv2.csv': 'b,y\n1,x\n' }, { train: 'c.csv', val: 'cv2.csv', target: 'y', task: 'classification' })[0];
  assert.match(cols.message, /columns differ from the train file; missing: a; not in train: b/);
  assert.match(loadIssues({ 'q.csv': 'a,y\n"1,2\n' }, { train: 'q.csv', target: 'y', task: 'regression' })[0].message, /invalid CSV: Quote Not Closed/);
  assert.match(loadIssues({ 'd.csv': 'a,a,y\n1,2,3\n' }, { train: 'd.csv', target: 'y', task: 'regression' })[0].message, /duplicate column name/);
});

test('batchnorm with a CSV split leaving a batch of one is reported at training.batchSize', () => {
  const rows = Array.from({ length: 11 }, (_, i) => `${i},${i}`).join('\n');
  writeFileSync(path.join(dir, 'bn.csv'), `a,y\n${rows}\n`);
  const e = csvExp({}, { train: 'bn.csv', val: 'bn.csv', target: 'y', task: 'regression' }, ', "model": {"hidden": [2], "norm": "batchnorm"}, "training": {"batchSize": 5}');
  assert.throws(() => loadDataset(e), (err: unknown) => err instanceof ExperimentError && err.issues[0].path === 'training.batchSize' && err.issues[0].line === 1 && /11 training samples in batches of 5/.test(err.message));
});

// Turns an experiment's `data` block into a Dataset: generate or read, split (seeded), standardize
// with training-split statistics where asked, and convert to float32.
import path from 'node:path';
import { ExperimentError, type Issue } from '../experiment/issues';
import { batchNormIssue, experimentDocument } from '../experiment/load';
import type { CsvData, ResolvedExperiment } from '../experiment/types';
import { readBuiltin } from './builtin';
import { readCsv, sortLabels, type CsvTable } from './csv';
import { applyStandardization, columnStats, splitIndices, takeRows } from './split';
import { generateSynthetic, type RawData } from './synthetic';
import type { Dataset } from './types';

export function loadDataset(exp: ResolvedExperiment): Dataset {
  const d = exp.data;
  if (d.source === 'csv') {
    const ds = loadCsvDataset(d, exp.baseDir, exp.seed);
    const bn = batchNormIssue(experimentDocument(exp), exp, ds.nTrain);
    if (bn) throw new ExperimentError([bn]);
    return ds;
  }
  const raw = d.source === 'builtin' ? readBuiltin(d.name) : generateSynthetic(d, exp.seed);
  const { train, val } = splitIndices(raw.y.length, d.valFraction, exp.seed);
  const standardize = d.source === 'builtin' && d.standardize !== false;
  return assemble(raw, train, val, standardize, standardize && raw.task === 'regression', `${raw.description}; seeded split ${train.length} train / ${val.length} validation`);
}

function assemble(raw: RawData, train: number[], val: number[], standardizeX: boolean, standardizeY: boolean, description: string): Dataset {
  const p = raw.features;
  const xTrain = takeRows(raw.x, p, train);
  const xVal = takeRows(raw.x, p, val);
  const yTrain = train.map((i) => raw.y[i]);
  const yVal = val.map((i) => raw.y[i]);
  const notes: string[] = [];
  if (standardizeX) {
    const stats = columnStats(xTrain, train.length, p);
    applyStandardization(xTrain, p, stats);
    applyStandardization(xVal, p, stats);
    notes.push('features standardized with the training split mean and population std');
  }
  if (standardizeY) {
    const { mean: [m], std: [s] } = columnStats(yTrain, yTrain.length, 1);
    for (const ys of [yTrain, yVal]) for (let i = 0; i < ys.length; i++) ys[i] = (ys[i] - m) / s;
    notes.push(`target standardized with the training split mean ${m.toPrecision(6)} and std ${s.toPrecision(6)}`);
  }
  return {
    task: raw.task,
    features: p,
    outputs: raw.task === 'classification' ? raw.classLabels!.length : 1,
    featureNames: raw.featureNames,
    ...(raw.classLabels && raw.task === 'classification' ? { classLabels: raw.classLabels } : {}),
    xTrain: Float32Array.from(xTrain),
    yTrain: Float32Array.from(yTrain),
    xVal: Float32Array.from(xVal),
    yVal: Float32Array.from(yVal),
    nTrain: train.length,
    nVal: val.length,
    ...(raw.trueCoefficients ? { trueCoefficients: raw.trueCoefficients } : {}),
    description: [description, ...notes].join('; '),
  };
}

function loadCsvDataset(d: CsvData, baseDir: string, seed: number): Dataset {
  const trainFile = path.resolve(baseDir, d.train);
  const t = readCsv(trainFile, d.target, d.task, 'train');
  let v: CsvTable | undefined;
  if (d.val !== undefined) {
    v = readCsv(path.resolve(baseDir, d.val), d.target, d.task, 'val');
    const missing = t.featureNames.filter((n) => !v!.featureNames.includes(n));
    const extra = v.featureNames.filter((n) => !t.featureNames.includes(n));
    if (missing.length || extra.length) {
      throw new ExperimentError([{ file: v.file, line: 1, column: 1, path: '', message: `columns differ from the train file${missing.length ? `; missing: ${missing.join(', ')}` : ''}${extra.length ? `; not in train: ${extra.join(', ')}` : ''}` }]);
    }
    v = reorderColumns(v, t.featureNames);
  }
  let labels: string[] | undefined;
  const toY = (table: CsvTable): number[] => {
    if (d.task === 'regression') return table.targets as number[];
    const ids = new Map(labels!.map((l, i) => [l, i]));
    const issues: Issue[] = [];
    const y = (table.targets as string[]).map((l, i) => {
      const id = ids.get(l);
      if (id === undefined && issues.length < 20) issues.push({ file: table.file, line: table.lines[i], column: 1, path: `column '${d.target}'`, message: `class ${JSON.stringify(l)} does not occur in the train file (classes: ${labels!.join(', ')})` });
      return id ?? -1;
    });
    if (issues.length) throw new ExperimentError(issues);
    return y;
  };
  if (d.task === 'classification') {
    labels = sortLabels(t.targets as string[]);
    if (labels.length < 2) {
      throw new ExperimentError([{ file: t.file, ...t.targetAt, path: `column '${d.target}'`, message: `classification needs at least 2 classes; every row has class ${JSON.stringify(labels[0])}` }]);
    }
  }
  const p = t.featureNames.length;
  const raw: RawData = {
    task: d.task, features: p, featureNames: t.featureNames,
    x: v ? concat(t.x, v.x) : t.x,
    y: Float64Array.from([...toY(t), ...(v ? toY(v) : [])]),
    ...(labels ? { classLabels: labels } : {}),
    description: `CSV ${d.train}${d.val ? ` + ${d.val}` : ''}, target '${d.target}' (${d.task})`,
  };
  const nT = t.targets.length;
  let split: { train: number[]; val: number[] };
  if (v) {
    split = { train: range(0, nT), val: range(nT, nT + v.targets.length) };
  } else {
    if (nT < 2) throw new ExperimentError([{ file: t.file, line: t.lines[0] ?? 1, column: 1, path: '', message: 'one data row cannot be split into training and validation rows; add rows or give a "val" file' }]);
    split = splitIndices(nT, d.valFraction ?? 0.2, seed);
  }
  const desc = `${raw.description}; ${v ? 'validation from the val file' : 'seeded split'}: ${split.train.length} train / ${split.val.length} validation`;
  return assemble(raw, split.train, split.val, d.standardize === true, false, desc);
}

function reorderColumns(v: CsvTable, order: string[]): CsvTable {
  if (v.featureNames.every((n, i) => n === order[i])) return v;
  const p = order.length;
  const idx = order.map((n) => v.featureNames.indexOf(n));
  const rows = v.targets.length;
  const x = new Float64Array(rows * p);
  for (let r = 0; r < rows; r++) for (let c = 0; c < p; c++) x[r * p + c] = v.x[r * p + idx[c]];
  return { ...v, featureNames: order, x };
}

function concat(a: Float64Array, b: Float64Array): Float64Array {
  const out = new Float64Array(a.length + b.length);
  out.set(a); out.set(b, a.length);
  return out;
}

function range(a: number, b: number): number[] {
  return Array.from({ length: b - a }, (_, i) => a + i);
}

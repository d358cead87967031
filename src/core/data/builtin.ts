// The built-in data sets (copies of scikit-learn's package data, see data/builtin/README.md).
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import manifest from '../../../data/builtin/datasets.json';
import type { BuiltinName, Task } from '../experiment/types';
import type { RawData } from './synthetic';

export interface BuiltinInfo {
  task: Task;
  samples: number;
  features: number;
  /** Classes (classification) or 1 (regression). */
  outputs: number;
  layout: 'diabetes' | 'sklearn-header' | 'plain-last-target';
  files: string[];
  featureNames: string[];
  classLabels?: string[];
}

export const BUILTIN: Record<BuiltinName, BuiltinInfo> = manifest as Record<BuiltinName, BuiltinInfo>;

/** Folder holding the data files: REGLAB_DATA_DIR, or data/builtin next to the sources or the bundle. */
export function builtinDataDir(): string {
  const candidates = [
    process.env.REGLAB_DATA_DIR,
    path.resolve(__dirname, '../../../data/builtin'), // src/core/data (tests, tsx)
    path.resolve(__dirname, '../data/builtin'), // dist/*.js (bundled CLI, extension, trainer)
  ].filter((d): d is string => !!d);
  const found = candidates.find((d) => existsSync(path.join(d, 'datasets.json')));
  if (!found) throw new Error(`RegLab's built-in data files are missing (looked in ${candidates.join(', ')})`);
  return found;
}

function readText(file: string): string {
  const buf = readFileSync(file);
  return (file.endsWith('.gz') ? gunzipSync(buf) : buf).toString('utf8');
}

function numbers(line: string, sep: RegExp): number[] {
  return line.trim().split(sep).map(Number);
}

export function readBuiltin(name: BuiltinName): RawData {
  const info = BUILTIN[name];
  const dir = builtinDataDir();
  const p = info.features;
  const rows: number[][] = [];
  const y: number[] = [];
  let classLabels = info.classLabels;
  const lines = (f: string) => readText(path.join(dir, f)).split('\n').filter((l) => l.trim());
  if (info.layout === 'diabetes') {
    for (const l of lines(info.files[0])) rows.push(numbers(l, /\s+/));
    for (const l of lines(info.files[1])) y.push(Number(l));
  } else {
    const all = lines(info.files[0]);
    if (info.layout === 'sklearn-header') classLabels = all.shift()!.trim().split(',').slice(2);
    for (const l of all) {
      const v = numbers(l, /,/);
      rows.push(v.slice(0, p));
      y.push(v[p]);
    }
  }
  const x = new Float64Array(rows.length * p);
  rows.forEach((r, i) => r.forEach((v, j) => { x[i * p + j] = v; }));
  const bad = rows.length !== info.samples || y.length !== info.samples || rows.some((r) => r.length !== p) || x.some((v) => !Number.isFinite(v)) || y.some((v) => !Number.isFinite(v));
  if (bad) throw new Error(`built-in data set ${name} in ${dir} is damaged: expected ${info.samples} x ${p} finite values`);
  return {
    task: info.task, features: p, featureNames: info.featureNames, x, y: Float64Array.from(y),
    ...(info.task === 'classification' ? { classLabels } : {}),
    description: `built-in "${name}" (${info.samples} x ${p}, from scikit-learn's package data; see data/builtin/README.md)`,
  };
}

// What can be told about an experiment's data without reading it: task, sizes, split sizes.
import type { DataSpec, Task } from '../experiment/types';
import { BUILTIN } from './builtin';
import { validationCount } from './split';

const CLASSIFICATION_GENERATORS = new Set(['circle', 'xor', 'gauss', 'spiral']);

export function dataTask(d: DataSpec): Task {
  if (d.source === 'csv') return d.task;
  if (d.source === 'builtin') return BUILTIN[d.name].task;
  return CLASSIFICATION_GENERATORS.has(d.name) ? 'classification' : 'regression';
}

/** Sizes of synthetic and built-in data (undefined for CSV, which must be read first). */
export function staticDataShape(d: DataSpec): { inputs: number; outputs: number; nTrain: number; nVal: number } | undefined {
  if (d.source === 'csv') return undefined;
  let n: number, inputs: number, outputs: number;
  if (d.source === 'builtin') {
    const b = BUILTIN[d.name];
    n = b.samples; inputs = b.features; outputs = b.outputs;
  } else {
    n = d.samples;
    inputs = d.name === 'sparse-linear' ? d.features ?? 50 : d.name === 'poly' ? 1 : 2;
    outputs = dataTask(d) === 'classification' ? 2 : 1;
  }
  const nVal = validationCount(n, d.valFraction);
  return { inputs, outputs, nTrain: n - nVal, nVal };
}

// Exports a resolved experiment as a PyTorch script: loads its data and initial parameters the
// way the engine does (init table, else the engine's seeded default init) and renders the script.
import path from 'node:path';
import { loadDataset } from '../data/loadDataset';
import { bufferShapes, loadInitTable } from '../experiment/initTable';
import type { ResolvedExperiment } from '../experiment/types';
import { defaultInit } from '../model/defaultInit';
import { fromNested } from '../model/paramTable';
import { parameterShapes } from '../model/paramSpecs';
import { pytorchScript, type InitialState } from './pytorchScript';

export function initialState(exp: ResolvedExperiment, inputs: number, outputs: number): InitialState {
  const specs = parameterShapes(exp.model, inputs, outputs);
  if (!exp.init) return { params: defaultInit(specs, exp.seed), buffers: new Map() };
  const file = path.resolve(exp.baseDir, exp.init);
  const table = loadInitTable(file, exp.model, inputs, outputs);
  const buffers = new Map<string, Float32Array>();
  for (const [name, shape] of bufferShapes(specs)) {
    if (name in table && shape.length === 1) buffers.set(name, fromNested(table[name], shape, `${file}: ${name}`));
  }
  return { params: specs.map((s) => fromNested(table[s.name], s.shape, `${file}: ${s.name}`)), buffers };
}

export function exportPytorchScript(exp: ResolvedExperiment): string {
  const data = loadDataset(exp);
  return pytorchScript(exp, data, initialState(exp, data.features, data.outputs));
}

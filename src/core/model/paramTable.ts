// Conversions between parameter tables ({name: nested array in PyTorch layout}, the `init` and
// `--params-out` format) and flat float32 buffers, with errors that say which entry is wrong.
import type { ParamTable } from '../train/types';
import { shapeSize, type ParamSpec } from './paramSpecs';

/** Nested array of `shape` from a row-major buffer (numbers are the float32 values as doubles). */
export function toNested(values: ArrayLike<number>, shape: readonly number[]): number[] | number[][] {
  if (shape.length === 1) return Array.from(values);
  const [rows, cols] = shape;
  const out: number[][] = [];
  for (let r = 0; r < rows; r++) out.push(Array.from({ length: cols }, (_, c) => values[r * cols + c]));
  return out;
}

/** Row-major float32 buffer of a nested array (or a number for shape []), checked against `shape`; `where` names it in errors. */
export function fromNested(value: unknown, shape: readonly number[], where: string): Float32Array {
  const out = new Float32Array(shapeSize(shape));
  const expected = shape.length ? `an array of shape [${shape.join(', ')}]` : 'a number';
  const fail = (detail: string): never => {
    throw new Error(`${where}: expected ${expected}; ${detail}`);
  };
  const num = (v: unknown, at: string): number =>
    typeof v === 'number' && Number.isFinite(v) ? v : fail(`${at} is ${JSON.stringify(v)}, not a finite number`);
  if (shape.length === 0) {
    out[0] = num(value, 'the value');
    return out;
  }
  if (!Array.isArray(value)) fail(`got ${typeof value}`);
  const arr = value as unknown[];
  if (arr.length !== shape[0]) fail(`got ${arr.length} entries in the first dimension`);
  if (shape.length === 1) {
    arr.forEach((v, i) => { out[i] = num(v, `[${i}]`); });
  } else {
    const cols = shape[1];
    arr.forEach((row, r) => {
      if (!Array.isArray(row) || row.length !== cols) fail(`row ${r} is not an array of ${cols} numbers`);
      (row as unknown[]).forEach((v, c) => { out[r * cols + c] = num(v, `[${r}][${c}]`); });
    });
  }
  return out;
}

/**
 * Checks a table against the model's parameters and returns one buffer per parameter (spec
 * order). Every parameter must be present; names the model lacks are an error (a typo would
 * otherwise silently fall back to random values). Entries named in `extraShapes` (BatchNorm
 * running statistics) are optional and returned separately.
 */
export function readParamTable(
  table: unknown,
  specs: readonly ParamSpec[],
  source: string,
  extraShapes: ReadonlyMap<string, number[]> = new Map(),
): { params: Float32Array[]; extra: Map<string, Float32Array> } {
  if (typeof table !== 'object' || table === null || Array.isArray(table)) {
    throw new Error(`${source}: expected a JSON object {parameter name: nested array}`);
  }
  const t = table as Record<string, unknown>;
  const known = new Set([...specs.map((s) => s.name), ...extraShapes.keys()]);
  const unknown = Object.keys(t).filter((k) => !known.has(k));
  if (unknown.length) {
    throw new Error(`${source}: unknown parameter ${unknown.map((u) => `"${u}"`).join(', ')}; the model has ${specs.map((s) => s.name).join(', ')}`);
  }
  const params = specs.map((s) => {
    if (!(s.name in t)) throw new Error(`${source}: missing parameter "${s.name}" (shape [${s.shape.join(', ')}])`);
    return fromNested(t[s.name], s.shape, `${source}: "${s.name}"`);
  });
  const extra = new Map<string, Float32Array>();
  for (const [name, shape] of extraShapes) {
    if (name in t) extra.set(name, fromNested(t[name], shape, `${source}: "${name}"`));
  }
  return { params, extra };
}

export function tableOf(specs: readonly { name: string; shape: number[] }[], values: readonly ArrayLike<number>[]): ParamTable {
  const out: ParamTable = {};
  specs.forEach((s, i) => { out[s.name] = toNested(values[i], s.shape); });
  return out;
}

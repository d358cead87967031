// The `init` table: {parameter name: nested array in PyTorch layout}. Checked against the model's
// parameters (names always; shapes once the data's sizes are known) with positions in the file.
import { readFileSync } from 'node:fs';
import { parameterShapes, type ParamSpec } from '../model/paramSpecs';
import type { ParamTable } from '../train/types';
import { didYouMean } from './didYouMean';
import { ExperimentError, type Issue } from './issues';
import { JsonDocument } from './jsonDocument';
import type { ModelSpec } from './types';

/** Optional extra entries a table may carry: BatchNorm1d running statistics (torch state_dict names). */
export function bufferShapes(specs: readonly ParamSpec[]): Map<string, number[]> {
  const out = new Map<string, number[]>();
  for (const s of specs) {
    if (s.module === 'batchnorm' && s.name.endsWith('.weight')) {
      out.set(`${s.layer}.running_mean`, s.shape);
      out.set(`${s.layer}.running_var`, s.shape);
      out.set(`${s.layer}.num_batches_tracked`, []);
    }
  }
  return out;
}

/** Reads and parses an init file; a missing or unreadable file is an issue at `at` in the experiment. */
export function readInitDocument(file: string): JsonDocument {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new ExperimentError([{ file, line: 1, column: 1, path: '', message: code === 'ENOENT' ? 'init file not found' : `cannot read init file (${code ?? String(err)})` }]);
  }
  return JsonDocument.parse(text, file);
}

/**
 * Issues of an init table. With `sizes` (inputs, outputs) shapes are checked too; without them only
 * names (which do not depend on the sizes).
 */
export function initTableIssues(doc: JsonDocument, model: ModelSpec, sizes?: { inputs: number; outputs: number }): Issue[] {
  const table = doc.value;
  if (table === null || typeof table !== 'object' || Array.isArray(table)) {
    return [doc.issueAt([], 'must be a JSON object {parameter name: nested array}', { expected: 'an object' })];
  }
  const specs = parameterShapes(model, sizes?.inputs ?? 1, sizes?.outputs ?? 1);
  const buffers = bufferShapes(specs);
  const names = specs.map((s) => s.name);
  const t = table as Record<string, unknown>;
  const issues: Issue[] = [];
  for (const key of Object.keys(t)) {
    if (names.includes(key) || buffers.has(key)) continue;
    issues.push(doc.issueAt([key], `unknown parameter '${key}'${didYouMean(key, names)}; the model has ${names.join(', ')}`, { key: true, path: key, expected: `one of: ${names.join(', ')}` }));
  }
  for (const s of specs) {
    if (!(s.name in t)) {
      issues.push(doc.issueAt([], `missing parameter '${s.name}'${sizes ? ` (shape [${s.shape.join(', ')}])` : ''}`, { path: s.name, expected: 'every parameter of the model' }));
    } else {
      issues.push(...valueIssues(doc, s.name, t[s.name], sizes ? s.shape : undefined, s.shape.length));
    }
  }
  if (sizes) {
    for (const [name, shape] of buffers) if (name in t) issues.push(...valueIssues(doc, name, t[name], shape, shape.length));
  }
  return issues;
}

/** Shape of a nested array, or a description of why it is not a regular one. */
function valueIssues(doc: JsonDocument, name: string, v: unknown, shape: number[] | undefined, rank: number): Issue[] {
  const wanted = shape ? `shape [${shape.join(', ')}]` : rank === 0 ? 'a number' : `a ${rank}-D array`;
  const at = (segs: (string | number)[], msg: string) => doc.issueAt([name, ...segs], msg, { path: name + segs.map((x) => `[${x}]`).join(''), expected: wanted });
  if (rank === 0) return typeof v === 'number' && Number.isFinite(v) ? [] : [at([], `must be a finite number (got ${JSON.stringify(v)})`)];
  if (!Array.isArray(v)) return [at([], `must be ${wanted} (got ${typeof v})`)];
  if (shape && v.length !== shape[0]) return [at([], `expected ${wanted}, got ${v.length} entries in the first dimension`)];
  for (let i = 0; i < v.length; i++) {
    const row = v[i];
    if (rank === 1) {
      if (typeof row !== 'number' || !Number.isFinite(row)) return [at([i], `must be a finite number (got ${JSON.stringify(row)})`)];
      continue;
    }
    if (!Array.isArray(row)) return [at([i], `expected ${wanted}: row ${i} is not an array`)];
    if (shape ? row.length !== shape[1] : row.length !== (v[0] as unknown[]).length) {
      return [at([i], `expected ${wanted}, row ${i} has ${row.length} entries${shape ? '' : ` (row 0 has ${(v[0] as unknown[]).length})`}`)];
    }
    for (let j = 0; j < row.length; j++) {
      if (typeof row[j] !== 'number' || !Number.isFinite(row[j])) return [at([i, j], `must be a finite number (got ${JSON.stringify(row[j])})`)];
    }
  }
  return [];
}

/** Reads the experiment's init table and checks it against the model for these sizes; throws ExperimentError. */
export function loadInitTable(file: string, model: ModelSpec, inputs: number, outputs: number): ParamTable {
  const doc = readInitDocument(file);
  const issues = initTableIssues(doc, model, { inputs, outputs });
  if (issues.length) throw new ExperimentError(issues);
  return doc.value as ParamTable;
}

// Loading an experiment: strict JSON with positions -> schema (ajv) -> defaults -> semantic and
// file checks. Every problem in the input becomes an ExperimentError listing positioned issues;
// nothing else is thrown for bad input.
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { staticDataShape } from '../data/shape';
import { fillDefaults } from './defaults';
import { initTableIssues, readInitDocument } from './initTable';
import { ExperimentError, type Issue } from './issues';
import { JsonDocument } from './jsonDocument';
import { schemaIssues } from './schemaValidation';
import { semanticIssues } from './semantics';
import type { ResolvedExperiment } from './types';

export interface ResolveOptions {
  /** Absolute path of the experiment file (named in issues); undefined for in-memory text. */
  sourceFile?: string;
  /** Folder that relative data and init paths are resolved against. */
  baseDir: string;
}

/** The document each resolved experiment came from, so later checks can point into the file. */
const documents = new WeakMap<ResolvedExperiment, JsonDocument>();

export function experimentDocument(exp: ResolvedExperiment): JsonDocument | undefined {
  return documents.get(exp);
}

export function loadExperimentFile(file: string): ResolvedExperiment {
  const abs = path.resolve(file);
  let text: string;
  try {
    text = readFileSync(abs, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new ExperimentError([{ file: abs, line: 1, column: 1, path: '', message: code === 'ENOENT' ? 'experiment file not found' : `cannot read the experiment file (${code ?? String(err)})` }]);
  }
  return resolveExperiment(text, { sourceFile: abs, baseDir: path.dirname(abs) });
}

export function resolveExperiment(text: string, opts: ResolveOptions): ResolvedExperiment {
  const file = opts.sourceFile ?? '<experiment>';
  const doc = JsonDocument.parse(text, file);
  const raw = doc.value;
  const schema = schemaIssues(doc, raw);
  if (schema.length) throw new ExperimentError(schema);
  const fallbackName = opts.sourceFile ? path.basename(opts.sourceFile).replace(/(\.reglab)?\.json$/i, '') : 'experiment';
  const exp = fillDefaults(raw as Record<string, unknown>, fallbackName);
  const issues = [...semanticIssues(doc, raw as Record<string, unknown>, exp), ...fileIssues(doc, exp, opts.baseDir)];
  if (issues.length) throw new ExperimentError(issues);
  const resolved: ResolvedExperiment = { ...exp, ...(opts.sourceFile ? { sourceFile: opts.sourceFile } : {}), baseDir: opts.baseDir };
  documents.set(resolved, doc);
  return resolved;
}

/**
 * torch's BatchNorm1d raises on a training batch of one sample ("Expected more than 1 value per
 * channel when training"), so a split that leaves a last batch of 1 is an error, as it would be there.
 */
export function batchNormIssue(doc: JsonDocument | undefined, exp: Pick<ResolvedExperiment, 'model' | 'training'>, nTrain: number): Issue | undefined {
  if (exp.model.norm !== 'batchnorm' || !exp.model.hidden.length) return undefined;
  const b = exp.training.batchSize;
  if (!(b === 1 || nTrain === 1 || nTrain % b === 1)) return undefined;
  const message = `with batchnorm every training batch needs at least 2 samples, but ${nTrain} training samples in batches of ${b} leave a batch of 1 (PyTorch's BatchNorm1d rejects it); change batchSize or valFraction`;
  const expected = 'a batch size that leaves no batch of 1';
  return doc ? doc.issueAt(['training', 'batchSize'], message, { expected }) : { file: '<experiment>', line: 1, column: 1, path: 'training.batchSize', message, expected };
}

function fileIssues(doc: JsonDocument, exp: ReturnType<typeof fillDefaults>, baseDir: string): Issue[] {
  const issues: Issue[] = [];
  const mustBeFile = (rel: string, at: (string | number)[], what: string) => {
    const abs = path.resolve(baseDir, rel);
    let ok = false;
    try { ok = statSync(abs).isFile(); } catch { /* reported below */ }
    if (!ok) issues.push(doc.issueAt(at, `${what} not found: ${abs}`, { expected: `a file, relative to ${baseDir}` }));
    return ok ? abs : undefined;
  };
  if (exp.data.source === 'csv') {
    mustBeFile(exp.data.train, ['data', 'train'], 'train file');
    if (exp.data.val !== undefined) mustBeFile(exp.data.val, ['data', 'val'], 'val file');
  }
  const shape = staticDataShape(exp.data);
  const bn = shape && batchNormIssue(doc, exp, shape.nTrain);
  if (bn) issues.push(bn);
  if (exp.init !== undefined) {
    const abs = mustBeFile(exp.init, ['init'], 'init file');
    if (abs) {
      try {
        issues.push(...initTableIssues(readInitDocument(abs), exp.model, shape));
      } catch (err) {
        if (err instanceof ExperimentError) issues.push(...err.issues); else throw err;
      }
    }
  }
  return issues;
}

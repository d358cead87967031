// CSV files for `"source": "csv"`: a header row, then one sample per row; every column other than
// the target is a numeric feature. Errors name the file, line and column of the bad cell.
import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { didYouMean } from '../experiment/didYouMean';
import { ExperimentError, type Issue } from '../experiment/issues';
import type { Task } from '../experiment/types';

export interface CsvTable {
  file: string;
  featureNames: string[];
  /** Row-major [rows, featureNames.length]. */
  x: Float64Array;
  /** Regression: numbers. Classification: the labels as written (trimmed). */
  targets: number[] | string[];
  /** 1-based line of each data row (for later errors about a row). */
  lines: number[];
  /** Position of the target column's header cell. */
  targetAt: { line: number; column: number };
}

interface Rec { record: string[]; raw: string; info: { lines: number } }

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** The number in a cell, or why it is not one. */
export function parseCell(cell: string): number | string {
  const s = cell.trim();
  if (!s) return 'empty cell';
  if (/^[+-]?(nan|inf|infinity)$/i.test(s)) return `${s} is not allowed (values must be finite)`;
  if (!NUMBER.test(s)) return `not a number (got ${JSON.stringify(cell)})`;
  const v = Number(s);
  return Number.isFinite(v) ? v : `${s} overflows a double`;
}

/** 1-based character column of field `k` of a one-line unquoted record; 1 when it cannot be told. */
function fieldColumn(raw: string, k: number): number {
  const line = raw.replace(/^(\r?\n)+/, '').replace(/\r?\n$/, '');
  if (line.includes('"') || line.includes('\n')) return 1;
  const parts = line.split(',');
  let col = 1;
  for (let i = 0; i < k && i < parts.length; i++) col += parts[i].length + 1;
  return col;
}

export function readCsv(file: string, target: string, task: Task, role: 'train' | 'val'): CsvTable {
  const fail = (line: number, column: number, path: string, message: string): never => {
    throw new ExperimentError([{ file, line, column, path, message }]);
  };
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    return fail(1, 1, '', code === 'ENOENT' ? `${role} file not found` : `cannot read ${role} file (${code ?? String(err)})`);
  }
  let recs: Rec[];
  try {
    recs = parse(text, { relax_column_count: true, skip_empty_lines: true, info: true, raw: true, bom: true }) as unknown as Rec[];
  } catch (err) {
    const e = err as { lines?: number; message?: string };
    return fail(e.lines ?? 1, 1, '', `invalid CSV: ${e.message ?? String(err)}`);
  }
  if (!recs.length) return fail(1, 1, '', 'the file is empty; expected a header row and data rows');
  const header = recs[0].record.map((h) => h.trim());
  const headerLine = recs[0].info.lines;
  header.forEach((h, k) => {
    if (!h) fail(headerLine, fieldColumn(recs[0].raw, k), '', `header cell ${k + 1} is empty; every column needs a name`);
    const first = header.indexOf(h);
    if (first !== k) fail(headerLine, fieldColumn(recs[0].raw, k), `column '${h}'`, `duplicate column name (also column ${first + 1})`);
  });
  const ti = header.indexOf(target);
  if (ti < 0) {
    return fail(headerLine, 1, 'data.target', `no column '${target}' in the header${didYouMean(target, header)}; columns: ${header.join(', ')}`);
  }
  if (header.length < 2) fail(headerLine, 1, '', 'the file has no feature columns (only the target)');
  const rows = recs.slice(1);
  if (!rows.length) return fail(headerLine, 1, '', 'the file has a header but no data rows');
  const featureNames = header.filter((_, k) => k !== ti);
  const p = featureNames.length;
  const x = new Float64Array(rows.length * p);
  const targets: (number | string)[] = [];
  const lines: number[] = [];
  const issues: Issue[] = [];
  const MAX_ISSUES = 20;
  rows.forEach((r, i) => {
    if (issues.length >= MAX_ISSUES) return;
    const line = r.info.lines;
    lines.push(line);
    if (r.record.length !== header.length) {
      issues.push({ file, line, column: 1, path: '', message: `row has ${r.record.length} field${r.record.length === 1 ? '' : 's'}, the header has ${header.length}` });
      return;
    }
    let j = 0;
    r.record.forEach((cell, k) => {
      if (k === ti) {
        if (task === 'classification') {
          const label = cell.trim();
          if (!label) issues.push({ file, line, column: fieldColumn(r.raw, k), path: `column '${header[k]}'`, message: 'empty target cell' });
          targets.push(label);
        } else {
          const v = parseCell(cell);
          if (typeof v === 'string') issues.push({ file, line, column: fieldColumn(r.raw, k), path: `column '${header[k]}'`, message: `target ${v}${v.startsWith('not a number') ? ' (for class labels set "task": "classification")' : ''}` });
          targets.push(typeof v === 'number' ? v : NaN);
        }
        return;
      }
      const v = parseCell(cell);
      if (typeof v === 'string') issues.push({ file, line, column: fieldColumn(r.raw, k), path: `column '${header[k]}'`, message: v });
      x[i * p + j++] = typeof v === 'number' ? v : NaN;
    });
  });
  if (issues.length) throw new ExperimentError(issues.slice(0, MAX_ISSUES));
  const targetAt = { line: headerLine, column: fieldColumn(recs[0].raw, ti) };
  return { file, featureNames, x, targets: targets as number[] | string[], lines, targetAt };
}

/** Sorted class labels: numeric order when every label is a number, else code-point order. */
export function sortLabels(labels: Iterable<string>): string[] {
  const unique = [...new Set(labels)];
  const numeric = unique.every((l) => typeof parseCell(l) === 'number');
  return numeric ? unique.sort((a, b) => Number(a) - Number(b)) : unique.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

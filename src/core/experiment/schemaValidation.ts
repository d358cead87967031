// Validates a parsed experiment against schema/experiment.schema.json (the same file VS Code uses
// for editor help) and turns ajv's errors into positioned, human-worded issues. The validator is
// ajv's standalone code generated from the schema (scripts/gen-experiment-validator.mjs): no
// schema compilation at run time.
import type { ErrorObject } from 'ajv';
import schema from '../../../schema/experiment.schema.json';
import { didYouMean } from './didYouMean';
import type { Issue } from './issues';
import { showValue } from './issues';
import type { JsonDocument, Segment } from './jsonDocument';
import validate from './validateExperiment.generated';

export const experimentSchema = schema;

/** Schema problems of `value`, positioned in `doc` (whose tree `value` came from, or a variant of it). */
export function schemaIssues(doc: JsonDocument, value: unknown): Issue[] {
  if (validate(value)) return [];
  const seen = new Set<string>();
  const issues: Issue[] = [];
  for (const err of validate.errors ?? []) {
    const issue = toIssue(doc, value, err);
    if (!issue) continue;
    const key = `${issue.path}\u0000${issue.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    issues.push(issue);
  }
  return issues;
}

function segmentsOf(value: unknown, instancePath: string): Segment[] {
  const segs: Segment[] = [];
  let cur: unknown = value;
  for (const raw of instancePath.split('/').slice(1)) {
    const name = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    const seg: Segment = Array.isArray(cur) ? Number(name) : name;
    segs.push(seg);
    cur = cur !== null && typeof cur === 'object' ? (cur as Record<Segment, unknown>)[seg] : undefined;
  }
  return segs;
}

const ARTICLE: Record<string, string> = {
  number: 'a number', integer: 'an integer', string: 'a string', boolean: 'true or false',
  array: 'an array', object: 'an object', null: 'null',
};

function toIssue(doc: JsonDocument, value: unknown, err: ErrorObject): Issue | undefined {
  const segs = segmentsOf(value, err.instancePath);
  const got = showValue(err.data);
  const p = err.params as Record<string, unknown>;
  switch (err.keyword) {
    case 'if':
      return undefined; // the failing "then" branch reports the real problem
    case 'additionalProperties': {
      const name = String(p.additionalProperty);
      const allowed = Object.keys((err.parentSchema as { properties?: object })?.properties ?? {}).filter((k) => k !== '$schema');
      return doc.issueAt([...segs, name], `unknown field '${name}'${didYouMean(name, allowed)}`, { key: true, expected: `one of: ${allowed.join(', ')}` });
    }
    case 'required': {
      const name = String(p.missingProperty);
      return doc.issueAt(segs, `missing required field '${name}'`, { expected: `a field '${name}'` });
    }
    case 'type': {
      const types = String(p.type).split(',').map((t) => ARTICLE[t] ?? t).join(' or ');
      return doc.issueAt(segs, `must be ${types} (got ${got})`, { expected: types });
    }
    case 'enum': {
      const allowed = (p.allowedValues as unknown[]) ?? [];
      const hint = typeof err.data === 'string' ? didYouMean(err.data, allowed.map(String)) : '';
      const list = allowed.map((a) => JSON.stringify(a)).join(', ');
      return doc.issueAt(segs, `must be one of ${list} (got ${got})${hint}`, { expected: `one of: ${list}` });
    }
    case 'const':
      return doc.issueAt(segs, `must be ${JSON.stringify(p.allowedValue)} (got ${got})`, { expected: JSON.stringify(p.allowedValue) });
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum': {
      const op = { minimum: '>=', maximum: '<=', exclusiveMinimum: '>', exclusiveMaximum: '<' }[err.keyword];
      return doc.issueAt(segs, `must be ${op} ${String(p.limit)} (got ${got})`, { expected: `a number ${op} ${String(p.limit)}` });
    }
    case 'minItems':
      return doc.issueAt(segs, `must have at least ${String(p.limit)} item${p.limit === 1 ? '' : 's'} (got ${(err.data as unknown[]).length})`, { expected: `at least ${String(p.limit)} items` });
    case 'maxItems':
    case 'additionalItems':
      return doc.issueAt(segs, `must have at most ${String(p.limit)} items (got ${(err.data as unknown[]).length})`, { expected: `at most ${String(p.limit)} items` });
    case 'minLength':
      return doc.issueAt(segs, 'must not be empty', { expected: 'a non-empty string' });
    default:
      return doc.issueAt(segs, `${err.message ?? 'is invalid'} (got ${got})`);
  }
}

// Field paths into an experiment: "optimizer.weightDecay", "penalty.l1", "paramGroups[0].lr"
// (or "paramGroups.0.lr"). Used by `sweep.param` and by `compare` overrides.

export type PathKey = string | number;

export class FieldPathError extends Error {}

/** Splits "a.b[0].c" into ["a", "b", 0, "c"]. */
export function parseFieldPath(p: string): PathKey[] {
  if (typeof p !== 'string' || !p.trim()) throw new FieldPathError('a field path must be a non-empty string such as "optimizer.weightDecay"');
  if (!/^[A-Za-z_$][\w$]*(\.[\w$]+|\[\d+\])*$/.test(p)) {
    throw new FieldPathError(`"${p}" is not a field path (expected names separated by dots, array indexes as [0])`);
  }
  const keys: PathKey[] = [];
  for (const m of p.matchAll(/([^.[\]]+)|\[(\d+)\]/g)) {
    if (m[2] !== undefined) keys.push(Number(m[2]));
    else keys.push(/^\d+$/.test(m[1]) ? Number(m[1]) : m[1]);
  }
  return keys;
}

/** Value at `path`, or undefined when any step is missing. */
export function getField(obj: unknown, path: string): unknown {
  let cur: unknown = obj;
  for (const k of parseFieldPath(path)) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<PathKey, unknown>)[k];
  }
  return cur;
}

/**
 * A deep copy of `obj` with `path` set to `value`. The parent of the last key must already exist
 * (an object, or an array with that index); a missing parent is an error naming the path.
 */
export function withField<T>(obj: T, path: string, value: unknown): T {
  const keys = parseFieldPath(path);
  const copy = structuredClone(obj) as unknown;
  let cur = copy as Record<PathKey, unknown>;
  for (let i = 0; i < keys.length - 1; i++) {
    const next = cur[keys[i]];
    if (next === null || typeof next !== 'object') {
      const at = keys.slice(0, i + 1).join('.');
      throw new FieldPathError(`"${path}": the experiment has no object at "${at}"`);
    }
    cur = next as Record<PathKey, unknown>;
  }
  const last = keys[keys.length - 1];
  if (Array.isArray(cur) && (typeof last !== 'number' || last >= cur.length)) {
    throw new FieldPathError(`"${path}": index ${String(last)} is outside the array (length ${cur.length})`);
  }
  cur[last] = value;
  return copy as T;
}

/** Throws a FieldPathError unless `path` names a number in `obj`. */
export function assertNumericField(obj: unknown, path: string, what: string): void {
  const v = getField(obj, path);
  if (v === undefined && isOptionalGroupOption(obj, path)) return; // inherited from `optimizer` until set
  if (v === undefined) {
    throw new FieldPathError(`${what} "${path}" does not name a field of the experiment (examples: optimizer.weightDecay, penalty.l1, penalty.l2, optimizer.lr, paramGroups[0].weightDecay)`);
  }
  if (typeof v !== 'number') {
    throw new FieldPathError(`${what} "${path}" must name a numeric field; it holds ${Array.isArray(v) ? 'an array' : typeof v} ${JSON.stringify(v)}`);
  }
}

/** Numeric options a param group may omit (torch fills them from the optimizer's defaults). */
const GROUP_NUMERIC_OPTIONS = new Set(['weightDecay', 'lr', 'momentum', 'dampening', 'eps']);

function isOptionalGroupOption(obj: unknown, path: string): boolean {
  const keys = parseFieldPath(path);
  if (keys.length !== 3 || keys[0] !== 'paramGroups' || typeof keys[1] !== 'number') return false;
  const group = getField(obj, `paramGroups[${keys[1]}]`);
  return !!group && typeof group === 'object' && GROUP_NUMERIC_OPTIONS.has(String(keys[2]));
}

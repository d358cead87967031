// Checks that need more than the schema: options that torch would reject for the optimizer type,
// nesterov rules, regular expressions, parameter groups that catch nothing, data options that do
// not apply to the generator, and sweep settings. Every issue points at the field in the file.
import { parameterShapes } from '../model/paramSpecs';
import { assertNumericField, getField, withField } from '../sweep/fieldPath';
import { didYouMean } from './didYouMean';
import type { Issue } from './issues';
import { showValue } from './issues';
import type { JsonDocument, Segment } from './jsonDocument';
import { schemaIssues } from './schemaValidation';
import type { Experiment, OptimizerSpec, ParamGroupSpec } from './types';

const SGD_ONLY = ['momentum', 'dampening', 'nesterov'] as const;
const ADAM_ONLY = ['betas', 'eps', 'amsgrad'] as const;

type Raw = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export function semanticIssues(doc: JsonDocument, raw: Raw, exp: Experiment): Issue[] {
  return [
    ...optimizerIssues(doc, raw, exp),
    ...regexAndGroupIssues(doc, exp),
    ...dataIssues(doc, exp),
    ...sweepIssues(doc, exp),
  ];
}

/** Compiles a parameter-name pattern as RegLab does everywhere (JavaScript syntax, unanchored search). */
export function compileNamePattern(source: string): RegExp {
  return new RegExp(source);
}

function optimizerIssues(doc: JsonDocument, raw: Raw, exp: Experiment): Issue[] {
  const issues: Issue[] = [];
  const type = exp.optimizer.type;
  const foreign = type === 'sgd' ? ADAM_ONLY : SGD_ONLY;
  const torchName = { sgd: 'SGD', adam: 'Adam', adamw: 'AdamW' }[type];
  const checkForeign = (at: Segment[], given: Raw | undefined) => {
    for (const k of foreign) {
      if (given?.[k] === undefined) continue;
      issues.push(doc.issueAt([...at, k], `'${k}' is not an option of torch.optim.${torchName} (${type === 'sgd' ? 'it belongs to adam/adamw' : 'it belongs to sgd'}); remove it or change optimizer.type`, { key: true, expected: `options of ${type}` }));
    }
  };
  checkForeign(['optimizer'], raw.optimizer);
  const groups = Array.isArray(exp.paramGroups) ? exp.paramGroups : [];
  groups.forEach((g, i) => checkForeign(['paramGroups', i], g as Raw));

  // torch.optim.SGD: "Nesterov momentum requires a momentum and zero dampening", per group.
  const checkNesterov = (at: Segment[], o: Pick<OptimizerSpec, 'nesterov' | 'momentum' | 'dampening'>) => {
    if (type !== 'sgd' || !o.nesterov) return;
    if (!(o.momentum > 0)) issues.push(doc.issueAt([...at, 'nesterov'], `nesterov needs momentum > 0 (momentum is ${o.momentum})`, { expected: 'momentum > 0' }));
    if (o.dampening !== 0) issues.push(doc.issueAt([...at, 'nesterov'], `nesterov needs dampening = 0 (dampening is ${o.dampening})`, { expected: 'dampening 0' }));
  };
  checkNesterov(['optimizer'], exp.optimizer);
  groups.forEach((g, i) => {
    const merged = { ...exp.optimizer, ...definedOf(g) };
    // Point at the group if it turns nesterov on itself, else at the optimizer it inherits from.
    if (g.nesterov !== undefined || g.momentum !== undefined || g.dampening !== undefined) checkNesterov(['paramGroups', i], merged);
  });
  return issues;
}

function definedOf(g: ParamGroupSpec): Partial<ParamGroupSpec> {
  return Object.fromEntries(Object.entries(g).filter(([, v]) => v !== undefined));
}

function regexAndGroupIssues(doc: JsonDocument, exp: Experiment): Issue[] {
  const issues: Issue[] = [];
  // Names do not depend on the data's sizes, so any sizes will do here.
  const names = parameterShapes(exp.model, 1, 1).map((s) => s.name);
  const nameList = names.join(', ');
  const tryCompile = (source: string, at: Segment[]): RegExp | undefined => {
    try {
      return compileNamePattern(source);
    } catch (err) {
      issues.push(doc.issueAt(at, `invalid regular expression ${showValue(source)}: ${(err as Error).message.replace(/^Invalid regular expression: /, '')}`, { expected: 'a JavaScript regular expression' }));
      return undefined;
    }
  };
  if (Array.isArray(exp.paramGroups)) {
    const taken = new Set<string>();
    exp.paramGroups.forEach((g, i) => {
      const re = tryCompile(g.match, ['paramGroups', i, 'match']);
      if (!re) return;
      const caught = names.filter((n) => !taken.has(n) && re.test(n));
      caught.forEach((n) => taken.add(n));
      if (!caught.length) {
        const already = names.some((n) => re.test(n));
        issues.push(doc.issueAt(['paramGroups', i, 'match'], already
          ? `matches only parameters an earlier group already took (a parameter joins the first group that matches); parameters: ${nameList}`
          : `matches no parameter of the model (parameters: ${nameList})`, { expected: 'a pattern that finds at least one parameter name' }));
      }
    });
  }
  const p = exp.penalty;
  if (p.params !== 'all' && p.params !== 'weights') {
    const re = tryCompile(p.params, ['penalty', 'params']);
    if (re && (p.l1 > 0 || p.l2 > 0) && !names.some((n) => re.test(n))) {
      issues.push(doc.issueAt(['penalty', 'params'], `matches no parameter of the model, so l1/l2 would have no effect (parameters: ${nameList})`, { expected: '"all", "weights" or a pattern that finds a parameter name' }));
    }
  }
  return issues;
}

function dataIssues(doc: JsonDocument, exp: Experiment): Issue[] {
  const issues: Issue[] = [];
  const d = exp.data;
  if (d.source === 'synthetic') {
    const only = (k: 'features' | 'informative' | 'degree', gen: string) => {
      if (doc.has(['data', k]) && d.name !== gen) issues.push(doc.issueAt(['data', k], `only applies to name "${gen}" (this is "${d.name}")`, { key: true }));
    };
    only('features', 'sparse-linear');
    only('informative', 'sparse-linear');
    only('degree', 'poly');
    if (d.name === 'sparse-linear' && d.informative! > d.features!) {
      issues.push(doc.issueAt(['data', 'informative'], `must be <= features (${d.features}) (got ${d.informative})`, { expected: `an integer <= ${d.features}` }));
    }
  }
  if (d.source === 'csv' && d.val !== undefined && doc.has(['data', 'valFraction'])) {
    issues.push(doc.issueAt(['data', 'valFraction'], 'is not used when "val" names a validation file; remove one of them', { key: true }));
  }
  return issues;
}

function sweepIssues(doc: JsonDocument, exp: Experiment): Issue[] {
  const s = exp.sweep;
  if (!s) return [];
  const issues: Issue[] = [];
  if ((s.values === undefined) === (s.logspace === undefined)) {
    issues.push(doc.issueAt(['sweep'], s.values ? 'give "values" or "logspace", not both' : 'missing the values to try: give "values" (a list) or "logspace" ({"from", "to", "num"})', { expected: 'exactly one of values, logspace' }));
  }
  const firstDuplicate = (xs: readonly unknown[]) => xs.findIndex((x, i) => xs.indexOf(x) !== i);
  const dv = s.values ? firstDuplicate(s.values) : -1;
  if (dv >= 0) issues.push(doc.issueAt(['sweep', 'values', dv], `duplicate value ${s.values![dv]}`));
  const ds = doc.has(['sweep', 'seeds']) ? firstDuplicate(s.seeds) : -1;
  if (ds >= 0) issues.push(doc.issueAt(['sweep', 'seeds', ds], `duplicate seed ${s.seeds[ds]}`));
  if (s.logspace && s.logspace.num > 1 && s.logspace.from === s.logspace.to) {
    issues.push(doc.issueAt(['sweep', 'logspace', 'to'], `equals "from" (${s.logspace.from}): every value would be the same`));
  }
  const numeric = numericPaths(exp);
  const checkParam = (param: string, at: Segment[]): boolean => {
    if (param === 'seed') {
      // Every trial's seed comes from sweep.seeds, so a swept seed would be overwritten.
      issues.push(doc.issueAt(at, 'cannot sweep the seed; list seeds in sweep.seeds instead', { expected: 'a numeric field other than seed' }));
      return false;
    }
    try {
      assertNumericField(exp, param, 'sweep.param');
      return true;
    } catch (err) {
      issues.push(doc.issueAt(at, `${param === '' ? 'is empty' : `"${param}" is not a numeric field of the experiment${didYouMean(param, numeric)}`}`, { expected: `a numeric field path such as ${numeric.slice(0, 6).join(', ')}` }));
      return false;
    }
  };
  // Each swept value and each variant must still make a valid experiment (schema checks).
  const tryVariant = (sets: Array<[string, unknown]>, at: Segment[], what: string) => {
    let variant: unknown = exp;
    try {
      for (const [p, v] of sets) variant = withField(variant, p, v);
    } catch (err) {
      issues.push(doc.issueAt(at, `${what}: ${(err as Error).message}`));
      return;
    }
    const { sweep: _sweep, ...rest } = variant as Experiment;
    const bad = schemaIssues(doc, rest)[0];
    if (bad) issues.push(doc.issueAt(at, `${what} makes ${bad.path || 'the experiment'} invalid: ${bad.message}`));
  };
  const values = s.values ?? [];
  if (checkParam(s.param, ['sweep', 'param'])) {
    values.forEach((v, i) => tryVariant([[s.param, v]], ['sweep', 'values', i], `${s.param} = ${v}`));
  }
  const names = new Set<string>();
  (s.compare ?? []).forEach((c, i) => {
    if (names.has(c.name)) issues.push(doc.issueAt(['sweep', 'compare', i, 'name'], `duplicate variant name ${showValue(c.name)}`));
    names.add(c.name);
    const param = (c as { param?: string }).param ?? s.param;
    if ((c as { param?: string }).param !== undefined && !checkParam(param, ['sweep', 'compare', i, 'param'])) return;
    const sets = Object.entries(c.set);
    for (const [p, v] of sets) {
      try {
        assertNumericField(exp, p, 'set'); // numeric fields, the common case
      } catch {
        if (!knownPath(exp, p)) {
          issues.push(doc.issueAt(['sweep', 'compare', i, 'set', p], `"${p}" is not a field of the experiment${didYouMean(p, allPaths(exp))}`, { key: true, path: `sweep.compare[${i}].set.${p}` }));
          return;
        }
      }
    }
    tryVariant([[param, values[0] ?? s.logspace?.from ?? 0], ...sets], ['sweep', 'compare', i, 'set'], `variant ${showValue(c.name)}`);
  });
  return issues;
}

/** Every field path of the experiment ("optimizer.lr", "paramGroups[0].match", ...). */
function allPaths(value: unknown, prefix = ''): string[] {
  if (value === null || typeof value !== 'object') return prefix ? [prefix] : [];
  const out: string[] = prefix ? [prefix] : [];
  for (const [k, v] of Object.entries(value)) {
    const p = Array.isArray(value) ? `${prefix}[${k}]` : prefix ? `${prefix}.${k}` : k;
    if (p === 'sweep') continue;
    out.push(...allPaths(v, p));
  }
  return out;
}

function numericPaths(exp: Experiment): string[] {
  return allPaths(exp).filter((p) => p !== 'seed' && typeof getField(exp, p) === 'number');
}

function knownPath(exp: Experiment, p: string): boolean {
  const norm = p.replace(/\.(\d+)(?=\.|$)/g, '[$1]');
  return allPaths(exp).includes(norm) || /^paramGroups\[\d+\]\.(lr|weightDecay|momentum|dampening|nesterov|betas|eps|amsgrad)$/.test(norm);
}

// Project settings for the linter, read from pyproject.toml's [tool.reglab] table:
//
//   [tool.reglab]
//   disable = ["weight-decay-range"]          # rule ids to turn off
//   exclude = ["legacy/", "*_old.py"]         # .gitignore-style patterns, relative to pyproject.toml
//   [tool.reglab.severity]
//   l1-all-params = "error"                   # error | warning | information
//   [tool.reglab.weight-decay-range]
//   decoupled = [1e-4, 0.3]                   # usual [min, max] for AdamW-style decay
//   coupled = [1e-6, 1e-2]                    # usual [min, max] for SGD/Adam L2
//
// The nearest pyproject.toml above a file applies to it. Bad settings are errors that name the
// file, the field and what was expected.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse, TomlError } from 'smol-toml';
import { RULE_IDS, type LintOptions, type RuleId, type Severity } from './types';

export interface ProjectConfig {
  /** The pyproject.toml it came from (undefined: defaults). */
  file?: string;
  options: LintOptions;
  /** .gitignore-style patterns relative to the config's folder. */
  exclude: string[];
}

export class ConfigError extends Error {}

const SEVERITIES: Severity[] = ['error', 'warning', 'information'];

function fail(file: string, field: string, expected: string, got: unknown): never {
  throw new ConfigError(`${file}: [tool.reglab] ${field}: expected ${expected}, got ${JSON.stringify(got)}`);
}

function ruleId(file: string, field: string, v: unknown): RuleId {
  if (typeof v !== 'string' || !(RULE_IDS as readonly string[]).includes(v)) fail(file, field, `a rule id (${RULE_IDS.join(', ')})`, v);
  return v as RuleId;
}

/** Parses pyproject.toml text; returns defaults when there is no [tool.reglab] table. */
export function parseProjectConfig(text: string, file: string): ProjectConfig {
  let doc: Record<string, unknown>;
  try {
    doc = parse(text) as Record<string, unknown>;
  } catch (err) {
    const e = err as TomlError;
    throw new ConfigError(`${file}:${e.line ?? '?'}:${e.column ?? '?'}: invalid TOML: ${String(e.message).split('\n')[0]}`);
  }
  const tool = doc.tool as Record<string, unknown> | undefined;
  const cfg = tool?.reglab as Record<string, unknown> | undefined;
  const out: ProjectConfig = { file, options: {}, exclude: [] };
  if (cfg === undefined) return out;
  if (typeof cfg !== 'object' || cfg === null || Array.isArray(cfg)) fail(file, '', 'a table', cfg);
  for (const key of Object.keys(cfg)) {
    if (!['disable', 'exclude', 'severity', 'weight-decay-range'].includes(key)) {
      fail(file, key, 'one of disable, exclude, severity, weight-decay-range', key);
    }
  }
  if (cfg.disable !== undefined) {
    if (!Array.isArray(cfg.disable)) fail(file, 'disable', 'an array of rule ids', cfg.disable);
    out.options.disabledRules = cfg.disable.map((r, i) => ruleId(file, `disable[${i}]`, r));
  }
  if (cfg.exclude !== undefined) {
    if (!Array.isArray(cfg.exclude) || cfg.exclude.some((p) => typeof p !== 'string')) fail(file, 'exclude', 'an array of path patterns', cfg.exclude);
    out.exclude = cfg.exclude as string[];
  }
  if (cfg.severity !== undefined) {
    if (typeof cfg.severity !== 'object' || Array.isArray(cfg.severity)) fail(file, 'severity', 'a table of rule = "error" | "warning" | "information"', cfg.severity);
    const sev: Partial<Record<RuleId, Severity>> = {};
    for (const [k, v] of Object.entries(cfg.severity as Record<string, unknown>)) {
      const id = ruleId(file, `severity.${k}`, k);
      if (!SEVERITIES.includes(v as Severity)) fail(file, `severity.${k}`, '"error", "warning" or "information"', v);
      sev[id] = v as Severity;
    }
    out.options.severity = sev;
  }
  const range = cfg['weight-decay-range'];
  if (range !== undefined) {
    if (typeof range !== 'object' || Array.isArray(range)) fail(file, 'weight-decay-range', 'a table with decoupled / coupled = [min, max]', range);
    const r: NonNullable<LintOptions['weightDecayRange']> = {};
    for (const [k, v] of Object.entries(range as Record<string, unknown>)) {
      if (k !== 'decoupled' && k !== 'coupled') fail(file, `weight-decay-range.${k}`, '"decoupled" or "coupled"', k);
      if (!Array.isArray(v) || v.length !== 2 || v.some((x) => typeof x !== 'number' || !(x >= 0)) || (v[0] as number) > (v[1] as number)) {
        fail(file, `weight-decay-range.${k}`, '[min, max] with 0 <= min <= max', v);
      }
      r[k] = { min: v[0] as number, max: v[1] as number };
    }
    out.options.weightDecayRange = r;
  }
  return out;
}

/** The nearest pyproject.toml at or above dir (null when there is none). */
export function findProjectConfigFile(dir: string): string | null {
  let d = path.resolve(dir);
  for (;;) {
    const f = path.join(d, 'pyproject.toml');
    if (existsSync(f)) return f;
    const parent = path.dirname(d);
    if (parent === d) return null;
    d = parent;
  }
}

/** Loads the config that applies to files in dir (cached per pyproject.toml by the caller). */
export function loadProjectConfig(dir: string): ProjectConfig {
  const file = findProjectConfigFile(dir);
  if (!file) return { options: {}, exclude: [] };
  return parseProjectConfig(readFileSync(file, 'utf8'), file);
}

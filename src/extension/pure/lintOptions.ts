// Settings -> LintOptions. The linter knows three severities; the editor adds "hint" (shown as
// faint dots, not in the Problems count) and "off" (the rule is skipped entirely). Unknown rule
// ids and malformed values are reported back as warnings rather than silently ignored.
import { RULE_IDS, type LintOptions, type RuleId, type Severity, type WeightDecayRange } from '../../core/lint/types';
import type { RegLabSettings, SeveritySetting } from './settingsTypes';

export interface EditorLintOptions {
  options: LintOptions;
  /** Rules the editor shows with Hint severity (the linter reports them as information). */
  hints: Set<RuleId>;
  /** Problems found in the settings, for the log. */
  warnings: string[];
}

const SEVERITIES: readonly SeveritySetting[] = ['error', 'warning', 'information', 'hint', 'off'];

function isRule(id: string): id is RuleId {
  return (RULE_IDS as readonly string[]).includes(id);
}

function validRange(v: unknown): v is WeightDecayRange {
  if (typeof v !== 'object' || v === null) return false;
  const { min, max } = v as Record<string, unknown>;
  return typeof min === 'number' && typeof max === 'number' && Number.isFinite(min) && Number.isFinite(max) && min >= 0 && min <= max;
}

export function lintOptionsFromSettings(s: Pick<RegLabSettings, 'lintSeverity' | 'lintDisabledRules' | 'weightDecayRange'>): EditorLintOptions {
  const warnings: string[] = [];
  const disabled = new Set<RuleId>();
  const severity: Partial<Record<RuleId, Severity>> = {};
  const hints = new Set<RuleId>();

  for (const id of s.lintDisabledRules ?? []) {
    if (isRule(id)) disabled.add(id);
    else warnings.push(`reglab.lint.disabledRules: unknown rule "${id}" (expected one of ${RULE_IDS.join(', ')})`);
  }
  for (const [id, sev] of Object.entries(s.lintSeverity ?? {})) {
    if (!isRule(id)) {
      warnings.push(`reglab.lint.severity: unknown rule "${id}" (expected one of ${RULE_IDS.join(', ')})`);
      continue;
    }
    if (!SEVERITIES.includes(sev)) {
      warnings.push(`reglab.lint.severity["${id}"]: expected one of ${SEVERITIES.join(', ')}, got ${JSON.stringify(sev)}`);
      continue;
    }
    if (sev === 'off') disabled.add(id);
    else if (sev === 'hint') {
      severity[id] = 'information';
      hints.add(id);
    } else severity[id] = sev;
  }

  const weightDecayRange: LintOptions['weightDecayRange'] = {};
  for (const kind of ['coupled', 'decoupled'] as const) {
    const r = s.weightDecayRange?.[kind];
    if (r === undefined) continue;
    if (validRange(r)) weightDecayRange[kind] = { min: r.min, max: r.max };
    else warnings.push(`reglab.lint.weightDecayRange.${kind}: expected {"min": number >= 0, "max": number >= min}, got ${JSON.stringify(r)}`);
  }

  const options: LintOptions = { disabledRules: [...disabled], severity, weightDecayRange };
  return { options, hints, warnings };
}

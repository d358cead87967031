// The RegLab settings as the extension reads them (package.json contributes.configuration holds
// the same names, defaults, scopes and descriptions). Pure types and defaults: no vscode import,
// so the mapping to engine/linter options can be unit-tested.
import type { BackendName } from '../../core/train/types';

export type BackendSetting = BackendName | 'auto';
export type SeveritySetting = 'error' | 'warning' | 'information' | 'hint' | 'off';
export interface RangeSetting {
  min: number;
  max: number;
}

export interface RegLabSettings {
  /** reglab.backend */
  backend: BackendSetting;
  /** reglab.parallelTrials (0 = cores − 1, at least 1) */
  parallelTrials: number;
  /** reglab.sweep.defaultGrid */
  defaultGrid: number[];
  /** reglab.training.keepTrainersWarmSeconds (0 = trainers exit when a run or sweep ends) */
  keepTrainersWarmSeconds: number;
  /** reglab.lint.severity: rule id -> severity override */
  lintSeverity: Record<string, SeveritySetting>;
  /** reglab.lint.disabledRules */
  lintDisabledRules: string[];
  /** reglab.lint.weightDecayRange */
  weightDecayRange: { coupled?: RangeSetting; decoupled?: RangeSetting };
}

export const DEFAULT_SETTINGS: RegLabSettings = {
  backend: 'auto',
  parallelTrials: 0,
  defaultGrid: [0, 1e-5, 1e-4, 1e-3, 1e-2, 1e-1],
  keepTrainersWarmSeconds: 120,
  lintSeverity: {},
  lintDisabledRules: [],
  weightDecayRange: { decoupled: { min: 1e-4, max: 0.5 }, coupled: { min: 1e-6, max: 1e-2 } },
};

/** Keys under the `reglab` section, as `WorkspaceConfiguration.get` takes them. */
export const SETTING_KEYS = {
  backend: 'backend',
  parallelTrials: 'parallelTrials',
  defaultGrid: 'sweep.defaultGrid',
  keepTrainersWarmSeconds: 'training.keepTrainersWarmSeconds',
  lintSeverity: 'lint.severity',
  lintDisabledRules: 'lint.disabledRules',
  weightDecayRange: 'lint.weightDecayRange',
} as const satisfies Record<keyof RegLabSettings, string>;

/** Settings sections whose change means Python files must be linted again. */
export const LINT_SECTIONS = ['reglab.lint'];

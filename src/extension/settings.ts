// Reads the `reglab.*` settings into the typed RegLabSettings (pure/settingsTypes.ts), falling
// back to the defaults on wrongly typed values. Callers re-read only when
// `affectsConfiguration('reglab…')` matches.
import * as vscode from 'vscode';
import { DEFAULT_SETTINGS, SETTING_KEYS, type RegLabSettings } from './pure/settingsTypes';

function get<T>(cfg: vscode.WorkspaceConfiguration, key: string, fallback: T, ok: (v: unknown) => boolean): T {
  const v = cfg.get<unknown>(key);
  return v !== undefined && ok(v) ? (v as T) : fallback;
}

const isObject = (v: unknown): boolean => typeof v === 'object' && v !== null && !Array.isArray(v);

export function readSettings(scope?: vscode.ConfigurationScope): RegLabSettings {
  const cfg = vscode.workspace.getConfiguration('reglab', scope);
  const d = DEFAULT_SETTINGS;
  return {
    backend: get(cfg, SETTING_KEYS.backend, d.backend, (v) => v === 'auto' || v === 'native' || v === 'wasm' || v === 'cpu'),
    parallelTrials: get(cfg, SETTING_KEYS.parallelTrials, d.parallelTrials, (v) => Number.isInteger(v) && (v as number) >= 0),
    defaultGrid: get(cfg, SETTING_KEYS.defaultGrid, d.defaultGrid, (v) => Array.isArray(v) && v.length > 0 && v.every((x) => typeof x === 'number' && Number.isFinite(x) && x >= 0)),
    keepTrainersWarmSeconds: get(cfg, SETTING_KEYS.keepTrainersWarmSeconds, d.keepTrainersWarmSeconds, (v) => typeof v === 'number' && Number.isFinite(v) && v >= 0),
    lintSeverity: get(cfg, SETTING_KEYS.lintSeverity, d.lintSeverity, isObject),
    lintDisabledRules: get(cfg, SETTING_KEYS.lintDisabledRules, d.lintDisabledRules, (v) => Array.isArray(v)),
    weightDecayRange: get(cfg, SETTING_KEYS.weightDecayRange, d.weightDecayRange, isObject),
  };
}

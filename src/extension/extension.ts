// RegLab's extension entry point. activate() only registers things: no parser, no trainer pool,
// and never TensorFlow.js (training runs in trainer child processes). Its duration is logged.
import * as vscode from 'vscode';
import { createLog, log } from './log';
import { RegLab } from './reglab';
import { registerCommands } from './commands/register';
import { LintQuickFixes } from './python/quickFixes';
import { OptimizerHover } from './python/optimizerHover';
import { ExperimentCodeLens, EXPERIMENT_SELECTOR } from './experiment/experimentCodeLens';
import { PANEL_VIEW_TYPE, RegLabPanel, RegLabPanelSerializer } from './panel/panel';
import { LINT_SECTIONS } from './pure/settingsTypes';
import { LINTED_LANGUAGE_IDS } from './pure/lintLanguage';
import { LAG_RESOLUTION_MS, type LagStats } from './runs/eventLoopLag';
import type { JobRecord } from './runs/trainingService';

const PYTHON: vscode.DocumentSelector = [{ language: 'python', scheme: 'file' }, { language: 'python', scheme: 'untitled' }];
/** Python and TensorFlow.js code (JS/TS): what the linter reads (pure/lintLanguage.ts). */
const LINTED: vscode.DocumentSelector = LINTED_LANGUAGE_IDS.flatMap((language) => [{ language, scheme: 'file' }, { language, scheme: 'untitled' }]);

let reglab: RegLab | undefined;

/** What activate() returns (`vscode.extensions.getExtension('reglab.reglab').exports`): measurements for tests. */
export interface RegLabApi {
  /** Duration of activate() in milliseconds. */
  readonly activationMs: number;
  /** Event-loop lag of the extension host during the last training (undefined before any). */
  lastTrainingLag(): (LagStats & { trainerProcesses: number; what: string }) | undefined;
  /** Sampling period of the lag histogram (ms), for a control measured the same way. */
  readonly lagResolutionMs: number;
  /** The panel is open and its webview has loaded. */
  panelReady(): boolean;
  /** Messages posted to the panel's webview so far, by type. */
  panelPosts(): Record<string, number>;
  /** The training status bar item's text (undefined before the first training). */
  statusText(): string | undefined;
  /** Idle (warm) trainer processes kept for the next run or sweep. */
  idleTrainerPids(): number[];
  /** Timing (Date.now() in the host) and trainer pids of the last run or sweep that ended. */
  lastTrainingJob(): JobRecord | undefined;
}

export function activate(context: vscode.ExtensionContext): RegLabApi {
  const t0 = performance.now();
  context.subscriptions.push(createLog());
  reglab = new RegLab(context);
  const r = reglab;
  context.subscriptions.push(
    r,
    ...registerCommands(r),
    vscode.languages.registerCodeLensProvider(PYTHON, r.optimizerLenses),
    vscode.languages.registerHoverProvider(PYTHON, new OptimizerHover(r.lint)),
    vscode.languages.registerCodeActionsProvider(LINTED, new LintQuickFixes(r.lint), LintQuickFixes.metadata),
    vscode.languages.registerCodeLensProvider(EXPERIMENT_SELECTOR, new ExperimentCodeLens()),
    vscode.window.registerWebviewPanelSerializer(PANEL_VIEW_TYPE, new RegLabPanelSerializer(context.extensionUri, r.panel)),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (LINT_SECTIONS.some((s) => e.affectsConfiguration(s))) r.lintSettingsChanged();
    }),
    vscode.workspace.onDidGrantWorkspaceTrust(() => log.info('workspace trusted: training enabled')),
  );
  const ms = performance.now() - t0;
  const api: RegLabApi = {
    activationMs: ms,
    lastTrainingLag: () => r.trainingIfStarted?.lastLag,
    lagResolutionMs: LAG_RESOLUTION_MS,
    panelReady: () => RegLabPanel.current?.isReady ?? false,
    statusText: () => r.trainingIfStarted?.statusText,
    idleTrainerPids: () => r.trainingIfStarted?.idleTrainerPids ?? [],
    lastTrainingJob: () => r.trainingIfStarted?.lastJob,
    panelPosts: () => Object.fromEntries(RegLabPanel.posted),
  };
  log.info(`RegLab ${context.extension.packageJSON.version as string} activated in ${ms.toFixed(1)} ms in a ${vscode.workspace.isTrusted ? 'trusted workspace' : 'untrusted workspace (linting and viewing runs only)'}`);
  return api;
}

export function deactivate(): void {
  // Trainer processes, running and idle (warm), are stopped by RegLab.dispose (through
  // context.subscriptions). Revoking workspace trust restarts the extension host: the same path.
  reglab = undefined;
}

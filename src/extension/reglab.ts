// The extension's services, created in activate(). Cheap things are made at once; the trainer
// pool, the linter's parser and the status bar item come into being on first use.
import * as vscode from 'vscode';
import { LintService } from './python/lintService';
import { LintDiagnostics } from './python/diagnostics';
import { OptimizerCodeLens } from './python/optimizerCodeLens';
import { RunStore } from './panel/runStore';
import { PanelController } from './panel/panelController';
import { LambdaTarget } from './runs/lambdaTarget';
import type { TrainingService } from './runs/trainingService';

export class RegLab implements vscode.Disposable {
  readonly lint = new LintService();
  readonly diagnostics: LintDiagnostics;
  readonly optimizerLenses: OptimizerCodeLens;
  readonly runs = new RunStore();
  readonly lambdaTarget: LambdaTarget;
  readonly panel: PanelController;
  private trainingService: TrainingService | undefined;

  constructor(readonly context: vscode.ExtensionContext) {
    this.lambdaTarget = new LambdaTarget(context.workspaceState);
    this.diagnostics = new LintDiagnostics(this.lint, context.extensionUri);
    this.optimizerLenses = new OptimizerCodeLens(this.lint);
    this.panel = new PanelController(context.extensionUri, this.runs, (file, origin) => this.lambdaTarget.linkExperimentToPython(file.fsPath, origin), context.workspaceState);
  }

  /** The training service, created (with its trainer pool support) on first use. */
  async training(): Promise<TrainingService> {
    if (!this.trainingService) {
      const { TrainingService } = await import('./runs/trainingService');
      this.trainingService = new TrainingService(this.context.extensionUri, this.lambdaTarget);
      this.panel.attachTraining(this.trainingService, this.trainingService.onEvent);
    }
    return this.trainingService;
  }

  /** The training service if it was ever created (stopAll must not create it). */
  get trainingIfStarted(): TrainingService | undefined {
    return this.trainingService;
  }

  /** Settings under `reglab.lint` changed. */
  lintSettingsChanged(): void {
    this.lint.invalidate();
    this.diagnostics.refreshAll();
    this.optimizerLenses.update();
  }

  dispose(): void {
    this.trainingService?.dispose();
    this.panel.dispose();
    this.lambdaTarget.dispose();
    this.runs.dispose();
    this.optimizerLenses.dispose();
    this.diagnostics.dispose();
    this.lint.dispose();
  }
}

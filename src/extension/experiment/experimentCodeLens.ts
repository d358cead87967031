// CodeLens at the top of every experiment file: Run, Sweep, Export to PyTorch.
import * as vscode from 'vscode';
import { Command } from '../commandIds';

export const EXPERIMENT_SELECTOR: vscode.DocumentSelector = [
  { pattern: '**/*.reglab.json', scheme: 'file' },
  { pattern: '**/*.reglab.json', scheme: 'untitled' },
];

export function isExperimentFile(uri: vscode.Uri): boolean {
  return uri.path.endsWith('.reglab.json');
}

export class ExperimentCodeLens implements vscode.CodeLensProvider {
  provideCodeLenses(doc: vscode.TextDocument): vscode.CodeLens[] {
    if (!isExperimentFile(doc.uri)) return [];
    const top = new vscode.Range(0, 0, 0, 0);
    const trusted = vscode.workspace.isTrusted;
    const why = trusted ? '' : ' (needs a trusted workspace)';
    return [
      new vscode.CodeLens(top, { title: '$(play) Run', command: Command.RunExperiment, arguments: [doc.uri], tooltip: `Train this experiment in a trainer process${why}` }),
      new vscode.CodeLens(top, { title: '$(run-all) Sweep', command: Command.RunSweep, arguments: [doc.uri], tooltip: `Run the λ sweep of this experiment in parallel trainer processes${why}` }),
      new vscode.CodeLens(top, { title: '$(file-code) Export to PyTorch', command: Command.ExportPytorch, arguments: [doc.uri], tooltip: 'Open the equivalent PyTorch script in a new editor' }),
    ];
  }
}

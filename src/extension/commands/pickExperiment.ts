// Which experiment file a command acts on: the one it was given (CodeLens, explorer), the active
// editor's, or one the user picks from the workspace's *.reglab.json files.
import * as vscode from 'vscode';
import { isExperimentFile } from '../experiment/experimentCodeLens';

export async function pickExperiment(arg: unknown, purpose: string): Promise<vscode.Uri | undefined> {
  if (arg instanceof vscode.Uri && isExperimentFile(arg)) return arg;
  const active = vscode.window.activeTextEditor?.document.uri;
  if (active && isExperimentFile(active)) return active;
  const files = await vscode.workspace.findFiles('**/*.reglab.json', '**/node_modules/**', 500);
  if (!files.length) {
    void vscode.window.showInformationMessage('RegLab: no *.reglab.json experiment file in this workspace. The panel\'s experiment form can create one.');
    return undefined;
  }
  if (files.length === 1) return files[0];
  const items = files
    .map((uri) => ({ label: vscode.workspace.asRelativePath(uri), uri }))
    .sort((a, b) => a.label.localeCompare(b.label));
  const pick = await vscode.window.showQuickPick(items, { title: `RegLab: experiment to ${purpose}`, placeHolder: 'Pick a *.reglab.json file', matchOnDescription: true });
  return pick?.uri;
}

/** The text of an experiment file: the open document (unsaved edits included) or the file. */
export async function experimentText(uri: vscode.Uri): Promise<string> {
  const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
  if (open) return open.getText();
  return new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
}

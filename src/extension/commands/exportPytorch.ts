// reglab.exportPytorch: opens the PyTorch script equivalent to an experiment file (the same data,
// init, groups, penalties and batches) in a new untitled Python editor.
import * as vscode from 'vscode';
import { pickExperiment } from './pickExperiment';
import { log } from '../log';

export async function exportPytorch(arg?: unknown): Promise<void> {
  const uri = await pickExperiment(arg, 'export to PyTorch');
  if (!uri) return;
  if (uri.scheme !== 'file') {
    void vscode.window.showWarningMessage('RegLab: save the experiment file first; paths in it are relative to its folder.');
    return;
  }
  const { loadExperimentFile } = await import('../../core/experiment/load');
  const { exportPytorchScript } = await import('../../core/export/pytorch');
  let script: string;
  try {
    script = exportPytorchScript(loadExperimentFile(uri.fsPath));
  } catch (err) {
    log.warn(`export to PyTorch: ${String(err)}`);
    void vscode.window.showErrorMessage(`RegLab: cannot export ${vscode.workspace.asRelativePath(uri)}: ${err instanceof Error ? err.message : String(err)}`);
    return;
  }
  const doc = await vscode.workspace.openTextDocument({ language: 'python', content: script });
  await vscode.window.showTextDocument(doc, { preview: false });
}

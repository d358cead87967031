// reglab.lintWorkspace: lints every Python file of the workspace (files.exclude respected), with
// a cancellable progress notification, and puts the findings in the Problems panel.
import * as vscode from 'vscode';
import type { RegLab } from '../reglab';
import { log } from '../log';

const MAX_FILE_BYTES = 2 * 1024 * 1024;

export async function lintWorkspace(reglab: RegLab): Promise<void> {
  if (!vscode.workspace.workspaceFolders?.length) {
    void vscode.window.showInformationMessage('RegLab: open a folder to lint its Python files.');
    return;
  }
  await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: 'RegLab: linting Python files', cancellable: true },
    async (progress, token) => {
      const t0 = performance.now();
      // `undefined` as exclude applies files.exclude (and nothing else).
      const files = await vscode.workspace.findFiles('**/*.py', undefined, undefined, token);
      let findings = 0;
      let withFindings = 0;
      let done = 0;
      for (const uri of files) {
        if (token.isCancellationRequested) break;
        progress.report({ message: `${done}/${files.length} ${vscode.workspace.asRelativePath(uri)}`, increment: 100 / files.length });
        done++;
        try {
          const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
          let text: string;
          if (open) text = open.getText();
          else {
            const stat = await vscode.workspace.fs.stat(uri);
            if (stat.size > MAX_FILE_BYTES) {
              log.info(`lintWorkspace: skipped ${uri.fsPath} (${stat.size} bytes)`);
              continue;
            }
            text = new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
          }
          const result = await reglab.lint.lintText(text, uri.fsPath, uri);
          if (!result) continue;
          reglab.diagnostics.setFromWorkspaceLint(uri, result.findings);
          findings += result.findings.length;
          if (result.findings.length) withFindings++;
        } catch (err) {
          log.warn(`lintWorkspace: ${uri.fsPath}: ${String(err)}`);
        }
        // Let the extension host breathe between files.
        await new Promise((r) => setImmediate(r));
      }
      const ms = performance.now() - t0;
      const summary = `${done} Python file${done === 1 ? '' : 's'} linted in ${(ms / 1000).toFixed(1)} s: ${findings} finding${findings === 1 ? '' : 's'} in ${withFindings} file${withFindings === 1 ? '' : 's'}${token.isCancellationRequested ? ' (cancelled)' : ''}`;
      log.info(`lintWorkspace: ${summary}`);
      if (findings) {
        const show = 'Show Problems';
        void vscode.window.showInformationMessage(`RegLab: ${summary}.`, show).then((p) => p === show && vscode.commands.executeCommand('workbench.actions.view.problems'));
      } else void vscode.window.showInformationMessage(`RegLab: ${summary}.`);
    },
  );
}

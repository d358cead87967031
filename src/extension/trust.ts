// Workspace trust: in an untrusted workspace RegLab lints and shows stored runs, but does not
// train (training reads data files and writes run folders). Training commands call
// `requireTrust` and explain instead of running.
import * as vscode from 'vscode';

export async function requireTrust(what: string): Promise<boolean> {
  if (vscode.workspace.isTrusted) return true;
  const manage = 'Manage Workspace Trust';
  const pick = await vscode.window.showWarningMessage(
    `RegLab does not ${what} in an untrusted workspace: training reads the workspace's data files and writes run folders. Linting and viewing stored runs still work.`,
    manage,
  );
  if (pick === manage) await vscode.commands.executeCommand('workbench.trust.manage');
  return false;
}

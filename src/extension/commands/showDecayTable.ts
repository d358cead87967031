// (CodeLens: the decay summary) Puts the cursor on the optimizer call and shows its hover, the
// per-group decay table.
import * as vscode from 'vscode';

export async function showDecayTable(uri: unknown, position: unknown): Promise<void> {
  if (!(uri instanceof vscode.Uri) || !(position instanceof vscode.Position)) return;
  const editor = await vscode.window.showTextDocument(uri, { preserveFocus: false });
  const at = editor.document.lineAt(position.line).firstNonWhitespaceCharacterIndex;
  const pos = new vscode.Position(position.line, Math.max(position.character, at));
  editor.selection = new vscode.Selection(pos, pos);
  await vscode.commands.executeCommand('editor.action.showHover');
}

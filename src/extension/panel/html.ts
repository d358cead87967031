// The panel's HTML: only the built webview bundle and stylesheet from dist/webview (and media/),
// loaded through asWebviewUri, under a strict CSP with a fresh nonce. No inline style or script,
// no remote content.
import * as vscode from 'vscode';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';

export function nonce(): string {
  return randomBytes(18).toString('base64').replace(/[+/=]/g, '');
}

export function contentSecurityPolicy(cspSource: string, scriptNonce: string): string {
  return [
    "default-src 'none'",
    `style-src ${cspSource}`,
    `img-src ${cspSource} data:`,
    `script-src 'nonce-${scriptNonce}'`,
    `font-src ${cspSource}`,
  ].join('; ');
}

/** Folders the webview may load from. */
export function webviewRoots(extensionUri: vscode.Uri): vscode.Uri[] {
  return [vscode.Uri.joinPath(extensionUri, 'dist', 'webview'), vscode.Uri.joinPath(extensionUri, 'media')];
}

export function panelHtml(webview: vscode.Webview, extensionUri: vscode.Uri): string {
  const n = nonce();
  const dist = vscode.Uri.joinPath(extensionUri, 'dist', 'webview');
  const styles = [vscode.Uri.joinPath(dist, 'webview.css'), vscode.Uri.joinPath(extensionUri, 'media', 'panel.css')]
    .filter((u) => existsSync(u.fsPath))
    .map((u) => `<link rel="stylesheet" href="${webview.asWebviewUri(u).toString()}">`);
  const script = webview.asWebviewUri(vscode.Uri.joinPath(dist, 'webview.js'));
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${contentSecurityPolicy(webview.cspSource, n)}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
${styles.join('\n')}
<title>RegLab</title>
</head>
<body>
<div id="app"></div>
<script nonce="${n}" src="${script.toString()}"></script>
</body>
</html>`;
}

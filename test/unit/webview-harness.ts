// Serves the panel's webview bundle in a plain page that looks to it like a VS Code webview: the
// same CSP as the extension's panel (nonce'd script, styles only from the server), VS Code's theme
// variables and body classes (light, dark, high contrast), and a fake acquireVsCodeApi that records
// posted messages and keeps getState/setState across reloads (sessionStorage).
// Used by the webview tests and scripts/preview-webview.mjs.
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';

export type ThemeName = 'dark' | 'light' | 'high-contrast';

/** The variables the panel reads, with VS Code's Dark Modern / Light Modern / High Contrast values. */
export const THEMES: Record<ThemeName, { bodyClass: string; vars: Record<string, string> }> = {
  dark: {
    bodyClass: 'vscode-dark',
    vars: {
      'font-family': 'system-ui, -apple-system, "Segoe UI", Ubuntu, sans-serif', 'font-size': '13px',
      foreground: '#cccccc', descriptionForeground: '#9d9d9d', errorForeground: '#f85149', focusBorder: '#0078d4',
      'editor-background': '#1f1f1f', 'sideBar-background': '#181818', 'panel-border': '#2b2b2b', 'widget-border': '#313131',
      'button-background': '#0078d4', 'button-foreground': '#ffffff', 'button-hoverBackground': '#026ec1', 'button-border': '#ffffff12',
      'button-secondaryBackground': '#313131', 'button-secondaryForeground': '#cccccc', 'button-secondaryHoverBackground': '#3c3c3c',
      'input-background': '#313131', 'input-foreground': '#cccccc', 'input-border': '#3c3c3c',
      'dropdown-background': '#313131', 'dropdown-foreground': '#cccccc', 'dropdown-border': '#3c3c3c', 'checkbox-background': '#313131',
      'textLink-foreground': '#4daafc', 'textLink-activeForeground': '#4daafc', 'list-hoverBackground': '#2a2d2e', 'toolbar-hoverBackground': '#5a5d5e50',
      'panelTitle-activeBorder': '#0078d4', 'panelTitle-activeForeground': '#cccccc', 'panelTitle-inactiveForeground': '#9d9d9d',
      'progressBar-background': '#0078d4', 'testing-iconPassed': '#73c991', 'editorWarning-foreground': '#cca700',
      'textBlockQuote-background': '#2b2b2b', 'notifications-background': '#1f1f1f', 'notifications-border': '#2b2b2b', 'widget-shadow': '#0000005c',
      'charts-foreground': '#cccccc', 'charts-lines': 'rgba(204, 204, 204, 0.16)', 'charts-red': '#f14c4c', 'charts-blue': '#3794ff',
      'charts-yellow': '#cca700', 'charts-orange': '#d18616', 'charts-green': '#89d185', 'charts-purple': '#b180d7',
    },
  },
  light: {
    bodyClass: 'vscode-light',
    vars: {
      'font-family': 'system-ui, -apple-system, "Segoe UI", Ubuntu, sans-serif', 'font-size': '13px',
      foreground: '#3b3b3b', descriptionForeground: '#6f6f6f', errorForeground: '#f85149', focusBorder: '#005fb8',
      'editor-background': '#ffffff', 'sideBar-background': '#f8f8f8', 'panel-border': '#e5e5e5', 'widget-border': '#e5e5e5',
      'button-background': '#005fb8', 'button-foreground': '#ffffff', 'button-hoverBackground': '#0258a8', 'button-border': '#0000001a',
      'button-secondaryBackground': '#e5e5e5', 'button-secondaryForeground': '#3b3b3b', 'button-secondaryHoverBackground': '#cccccc',
      'input-background': '#ffffff', 'input-foreground': '#3b3b3b', 'input-border': '#cecece',
      'dropdown-background': '#ffffff', 'dropdown-foreground': '#3b3b3b', 'dropdown-border': '#cecece', 'checkbox-background': '#f8f8f8',
      'textLink-foreground': '#005fb8', 'textLink-activeForeground': '#005fb8', 'list-hoverBackground': '#f2f2f2', 'toolbar-hoverBackground': '#b8b8b850',
      'panelTitle-activeBorder': '#005fb8', 'panelTitle-activeForeground': '#3b3b3b', 'panelTitle-inactiveForeground': '#3b3b3b',
      'progressBar-background': '#005fb8', 'testing-iconPassed': '#388a34', 'editorWarning-foreground': '#bf8803',
      'textBlockQuote-background': '#f8f8f8', 'notifications-background': '#ffffff', 'notifications-border': '#e5e5e5', 'widget-shadow': '#00000029',
      'charts-foreground': '#616161', 'charts-lines': 'rgba(97, 97, 97, 0.18)', 'charts-red': '#e51400', 'charts-blue': '#1a85ff',
      'charts-yellow': '#bf8803', 'charts-orange': '#d18616', 'charts-green': '#388a34', 'charts-purple': '#652d90',
    },
  },
  'high-contrast': {
    bodyClass: 'vscode-high-contrast',
    vars: {
      'font-family': 'system-ui, -apple-system, "Segoe UI", Ubuntu, sans-serif', 'font-size': '13px',
      foreground: '#ffffff', descriptionForeground: '#ffffffb3', errorForeground: '#f48771', focusBorder: '#f38518', contrastBorder: '#6fc3df', contrastActiveBorder: '#f38518',
      'editor-background': '#000000', 'sideBar-background': '#000000', 'panel-border': '#6fc3df', 'widget-border': '#6fc3df',
      'button-background': '#000000', 'button-foreground': '#ffffff', 'button-border': '#6fc3df', 'button-secondaryBackground': '#000000',
      'button-secondaryForeground': '#ffffff', 'input-background': '#000000', 'input-foreground': '#ffffff', 'input-border': '#6fc3df',
      'dropdown-background': '#000000', 'dropdown-foreground': '#ffffff', 'dropdown-border': '#6fc3df',
      'textLink-foreground': '#21a6ff', 'panelTitle-activeBorder': '#6fc3df', 'panelTitle-activeForeground': '#ffffff',
      'panelTitle-inactiveForeground': '#ffffff', 'progressBar-background': '#6fc3df', 'testing-iconPassed': '#73c991',
      'charts-foreground': '#ffffff', 'charts-lines': 'rgba(255, 255, 255, 0.4)', 'charts-red': '#f48771', 'charts-blue': '#75beff',
      'charts-yellow': '#ffd700', 'charts-orange': '#ffaa00', 'charts-green': '#89d185', 'charts-purple': '#b180d7',
    },
  },
};

function themeCss(name: ThemeName): string {
  const vars = Object.entries(THEMES[name].vars).map(([k, v]) => `  --vscode-${k}: ${v};`).join('\n');
  return `html {\n${vars}\n}\n`;
}

/** The page the extension's panel serves (src/extension/panel/html.ts), with a fake VS Code API. */
function page(origin: string, theme: ThemeName, nonce: string): string {
  const csp = [`default-src 'none'`, `style-src ${origin}`, `img-src ${origin} data:`, `script-src 'nonce-${nonce}'`, `font-src ${origin}`].join('; ');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${origin}/theme-${theme}.css">
<link rel="stylesheet" href="${origin}/webview.css">
<title>RegLab</title>
</head>
<body class="${THEMES[theme].bodyClass}" data-vscode-theme-kind="${THEMES[theme].bodyClass}">
<div id="app"></div>
<script nonce="${nonce}" src="${origin}/fake-vscode.js"></script>
<script nonce="${nonce}" src="${origin}/webview.js"></script>
</body>
</html>`;
}

/** acquireVsCodeApi as VS Code provides it: once per page; posted messages recorded for the test. */
const FAKE_API = `(() => {
  let acquired = false;
  window.__posted = [];
  window.acquireVsCodeApi = () => {
    if (acquired) throw new Error('An instance of the VS Code API has already been acquired');
    acquired = true;
    return Object.freeze({
      postMessage: (m) => { window.__posted.push(JSON.parse(JSON.stringify(m))); },
      getState: () => { const s = sessionStorage.getItem('vscode-state'); return s ? JSON.parse(s) : undefined; },
      setState: (s) => { sessionStorage.setItem('vscode-state', JSON.stringify(s)); return s; },
    });
  };
})();`;

export interface Harness {
  origin: string;
  url(theme: ThemeName): string;
  close(): Promise<void>;
  /** Requests the server saw, for the "no other requests" check. */
  requests: string[];
}

/** Serves `bundleDir` (webview.js, webview.css) and the page. */
export async function serveWebview(bundleDir: string): Promise<Harness> {
  const requests: string[] = [];
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    requests.push(url.pathname);
    const send = (type: string, body: string | Buffer) => { res.writeHead(200, { 'content-type': type, 'cache-control': 'no-store' }); res.end(body); };
    const theme = url.pathname.match(/^\/theme-(dark|light|high-contrast)\.css$/)?.[1] as ThemeName | undefined;
    if (url.pathname === '/') return send('text/html', page(`http://${req.headers.host}`, (url.searchParams.get('theme') as ThemeName) ?? 'dark', randomBytes(16).toString('base64').replace(/[+/=]/g, '')));
    if (theme) return send('text/css', themeCss(theme));
    if (url.pathname === '/fake-vscode.js') return send('text/javascript', FAKE_API);
    if (url.pathname === '/favicon.ico') { res.writeHead(204); res.end(); return; }
    const file = path.join(bundleDir, path.basename(url.pathname));
    if (/^\/webview\.(js|css)$/.test(url.pathname) && existsSync(file)) return send(url.pathname.endsWith('.js') ? 'text/javascript' : 'text/css', readFileSync(file));
    res.writeHead(404);
    res.end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    url: (theme) => `${origin}/?theme=${theme}`,
    requests,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

// Writes the self-contained report: one HTML file with the data (JSON), the report script (Chart.js
// and the shared chart builders, bundled by esbuild into dist/webview/report.js) and its stylesheet
// inline. A Content-Security-Policy with hashes allows exactly those inline blocks and no network.
import { createHash } from 'node:crypto';
import type { ReportData } from './types';

export interface ReportAssets {
  /** The bundled report runtime (browser IIFE). */
  script: string;
  css: string;
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** JSON safe inside a <script> element: no "</script", no "<!--", no U+2028/2029 surprises. */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

/** Code safe inside a <script> element (a "</script" in a string literal would end the element). */
function scriptSafe(code: string): string {
  return code.replace(/\n\/\/# sourceMappingURL=\S+\s*$/, '\n').replace(/<\/(script)/gi, '<\\/$1').replace(/<!--/g, '<\\!--');
}

function sha256(text: string): string {
  return `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
}

export function renderReportHtml(data: ReportData, assets: ReportAssets): string {
  const script = scriptSafe(assets.script);
  const css = assets.css.replace(/\/\*# sourceMappingURL=\S+ \*\/\s*$/, '').replace(/<\/(style)/gi, '<\\/$1');
  const csp = [
    "default-src 'none'",
    `script-src ${sha256(script)}`,
    `style-src ${sha256(css)}`,
    'img-src data:',
    "connect-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
  const title = `RegLab report: ${data.title}`;
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="${escapeHtml(csp)}">
<meta name="color-scheme" content="light dark">
<meta name="generator" content="RegLab">
<title>${escapeHtml(title)}</title>
<style>${css}</style>
</head>
<body>
<noscript>This report draws its charts with JavaScript; enable it to see them. The data is in the reglab-data block of this file.</noscript>
<main id="report" aria-live="polite"></main>
<script type="application/json" id="reglab-data">${jsonForScript(data)}</script>
<script>${script}</script>
</body>
</html>
`;
}

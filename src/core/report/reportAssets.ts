// Finds the report runtime (dist/webview/report.js + report.css, built by scripts/build.mjs)
// next to the running bundle (dist/cli.js) or in the checkout's dist/ when run from source.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { ReportAssets } from './renderHtml';

export function reportAssetCandidates(): string[] {
  const dirs = [
    process.env.REGLAB_REPORT_ASSETS,
    path.join(__dirname, 'webview'), // bundled: dist/cli.js -> dist/webview/
    path.resolve(__dirname, '../../../dist/webview'), // from source: src/core/report -> dist/webview
  ];
  return dirs.filter((d): d is string => !!d);
}

export function loadReportAssets(): ReportAssets {
  for (const dir of reportAssetCandidates()) {
    const js = path.join(dir, 'report.js');
    const css = path.join(dir, 'report.css');
    if (existsSync(js) && existsSync(css)) return { script: readFileSync(js, 'utf8'), css: readFileSync(css, 'utf8') };
  }
  throw new Error(`the report runtime (report.js, report.css) was not found in ${reportAssetCandidates().join(', ')}; run \`npm run build\` first`);
}

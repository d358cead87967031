// Helpers for the report and webview browser tests: build the browser bundles into a temp folder
// with esbuild (so the tests do not depend on a prior `npm run build`), launch Chromium.
import * as esbuild from 'esbuild';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser } from 'playwright-core';

export const root = path.resolve(path.dirname(__filename), '../..');

const ENTRIES = { webview: 'webview/main.ts', report: 'webview/report/main.ts' };

/** Bundles the panel app and/or the report runtime as scripts/build.mjs does; returns the folder. */
export async function buildBrowserBundles(which: Array<keyof typeof ENTRIES> = ['webview', 'report']): Promise<string> {
  const outdir = mkdtempSync(path.join(os.tmpdir(), 'reglab-web-'));
  await esbuild.build({
    bundle: true, platform: 'browser', format: 'iife', target: 'es2022', logLevel: 'error',
    entryPoints: which.map((w) => ({ in: path.join(root, ENTRIES[w]), out: w })),
    outdir,
  });
  return outdir;
}

export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: process.env.REGLAB_CHROMIUM ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });
}

/** Per canvas: painted (non-transparent) pixels and distinct colours, computed in the page. */
export const CANVAS_STATS = `Array.from(document.querySelectorAll('canvas')).map((c) => {
  const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
  let painted = 0; const colours = new Set();
  for (let i = 0; i < d.length; i += 4) { if (d[i + 3] > 0) { painted++; if (colours.size < 64) colours.add((d[i] >> 4) + ',' + (d[i + 1] >> 4) + ',' + (d[i + 2] >> 4)); } }
  return { label: c.getAttribute('aria-label'), width: c.width, height: c.height, painted, colours: colours.size };
})`;

/** How many pixels of a canvas are within `tol` of an rgb colour. */
export function colourCount(selector: string, rgb: [number, number, number], tol = 24): string {
  return `(() => { const c = document.querySelector(${JSON.stringify(selector)}); const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data; let n = 0;
    for (let i = 0; i < d.length; i += 4) if (d[i + 3] > 200 && Math.abs(d[i] - ${rgb[0]}) <= ${tol} && Math.abs(d[i + 1] - ${rgb[1]}) <= ${tol} && Math.abs(d[i + 2] - ${rgb[2]}) <= ${tol}) n++; return n; })()`;
}

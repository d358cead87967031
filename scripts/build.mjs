// Bundles each entry point with esbuild: the extension host, the trainer process, the CLI
// (all Node, CommonJS) and the webview (browser). Type-checking is separate: `npm run typecheck`.
import * as esbuild from 'esbuild';
import { cpSync, mkdirSync, existsSync, readdirSync } from 'node:fs';
import path from 'node:path';

const root = path.dirname(path.dirname(new URL(import.meta.url).pathname));
const watch = process.argv.includes('--watch');
const production = process.argv.includes('--production');

const nodeCommon = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  sourcemap: production ? false : 'linked',
  minify: production,
  logLevel: 'warning',
  // vscode is provided by the host; tfjs-node is an optional native backend loaded at run time.
  external: ['vscode', '@tensorflow/tfjs-node'],
  loader: { '.wasm': 'file' },
  // jsonc-parser's "main" is a UMD build whose dynamic requires esbuild cannot follow; its ESM build bundles.
  mainFields: ['module', 'main'],
};

const entries = [
  { in: 'src/extension/extension.ts', out: 'extension' },
  { in: 'src/trainer/trainerProcess.ts', out: 'trainer' },
  { in: 'src/cli/main.ts', out: 'cli' },
].filter((e) => existsSync(path.join(root, e.in)));

const builds = [
  {
    ...nodeCommon,
    entryPoints: entries.map((e) => ({ in: path.join(root, e.in), out: e.out })),
    outdir: path.join(root, 'dist'),
  },
];
// Browser bundles: the panel's webview app, and the report runtime that `reglab report` inlines
// into its self-contained HTML (both draw with src/core/charts; each imports its own CSS).
const browserEntries = [
  { in: 'webview/main.ts', out: 'webview' },
  { in: 'webview/report/main.ts', out: 'report' },
].filter((e) => existsSync(path.join(root, e.in)));
const browserCommon = {
  bundle: true,
  platform: 'browser',
  format: 'iife',
  target: 'es2022',
  sourcemap: production ? false : 'linked',
  logLevel: 'warning',
  outdir: path.join(root, 'dist', 'webview'),
};
for (const e of browserEntries) {
  builds.push({
    ...browserCommon,
    // The report runtime is inlined into every report file (src/core/report/renderHtml.ts), so
    // it is always minified: 516 KB -> 221 KB per report. The panel's bundle only in production.
    minify: production || e.out === 'report',
    entryPoints: [{ in: path.join(root, e.in), out: e.out }],
  });
}

// Runtime assets the bundles locate next to themselves (no network at run time).
function copyAssets() {
  const wasmSrc = path.join(root, 'node_modules/@tensorflow/tfjs-backend-wasm/dist');
  const wasmDst = path.join(root, 'dist/wasm');
  mkdirSync(wasmDst, { recursive: true });
  for (const f of readdirSync(wasmSrc).filter((f) => f.endsWith('.wasm'))) {
    cpSync(path.join(wasmSrc, f), path.join(wasmDst, f));
  }
  const tsDst = path.join(root, 'dist/tree-sitter');
  mkdirSync(tsDst, { recursive: true });
  const tsSrc = path.join(root, 'node_modules/@vscode/tree-sitter-wasm/wasm');
  // Every grammar the linter loads (src/core/lint/parser.ts GRAMMAR_FILES): a packaged extension
  // has no node_modules to fall back on.
  for (const f of ['tree-sitter.wasm', 'tree-sitter-python.wasm', 'tree-sitter-javascript.wasm', 'tree-sitter-typescript.wasm', 'tree-sitter-tsx.wasm']) {
    if (existsSync(path.join(tsSrc, f))) cpSync(path.join(tsSrc, f), path.join(tsDst, f));
  }
  // The optional native kernels (npm run build:native), where they were built, so the packaged
  // trainer finds them beside itself (nativeAddon.ts looks in dist/native/build/Release). A
  // machine without OpenBLAS fails to load them and falls back to TF.js's kernels.
  const addon = path.join(root, 'native/build/Release/reglab_native.node');
  if (existsSync(addon)) {
    mkdirSync(path.join(root, 'dist/native/build/Release'), { recursive: true });
    cpSync(addon, path.join(root, 'dist/native/build/Release/reglab_native.node'));
  }
}

copyAssets();
if (watch) {
  for (const b of builds) {
    const ctx = await esbuild.context(b);
    await ctx.watch();
  }
  console.error('[build] watching…');
} else {
  await Promise.all(builds.map((b) => esbuild.build(b)));
}

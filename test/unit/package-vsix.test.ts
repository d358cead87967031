// The .vsix that `npm run package` writes holds what runs and nothing else: the bundles and their
// wasm files, the schema, the rule docs, the built-in data, media and the top-level docs; no
// sources, tests, node_modules or source maps. Also: every file the manifest points at is inside.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, statSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { packageVsix, readManifest } from '../e2e/harness/extensionPackage';
import { listZip } from '../e2e/harness/zipListing';
import { repoRoot } from '../e2e/harness/paths';
import { RULE_IDS } from '../../src/core/lint/types';

const REQUIRED: (string | RegExp)[] = [
  'extension/package.json',
  /^extension\/readme\.md$/i,
  /^extension\/license(\.txt|\.md)?$/i,
  /^extension\/changelog\.md$/i,
  'extension/dist/extension.js',
  'extension/dist/trainer.js',
  'extension/dist/webview/webview.js',
  'extension/dist/wasm/tfjs-backend-wasm.wasm',
  'extension/dist/wasm/tfjs-backend-wasm-simd.wasm',
  'extension/dist/wasm/tfjs-backend-wasm-threaded-simd.wasm',
  'extension/dist/tree-sitter/tree-sitter.wasm',
  'extension/dist/tree-sitter/tree-sitter-python.wasm',
  'extension/schema/experiment.schema.json',
  ...RULE_IDS.map((id) => `extension/docs/rules/${id}.md`),
  /^extension\/data\/builtin\/.*diabetes/,
  // The native kernels ship when they were built (CI builds them: REGLAB_REQUIRE_NATIVE=1).
  ...(existsSync(path.join(repoRoot, 'native/build/Release/reglab_native.node')) || process.env.REGLAB_REQUIRE_NATIVE === '1'
    ? ['extension/dist/native/build/Release/reglab_native.node'] : []),
];

/** Images the README shows (relative links) may ship so the Extensions view can render them. */
function readmeImages(): Set<string> {
  const readme = readFileSync(path.join(repoRoot, 'README.md'), 'utf8');
  const out = new Set<string>();
  for (const m of readme.matchAll(/!\[[^\]]*\]\(([^)\s]+)/g)) if (!/^[a-z]+:/i.test(m[1]!)) out.add(`extension/${m[1]!.replace(/^\.\//, '')}`);
  return out;
}

function allowed(name: string, images: Set<string>): boolean {
  if (name === '[Content_Types].xml' || name === 'extension.vsixmanifest') return true;
  if (name.endsWith('.map')) return false;
  return (
    name === 'extension/package.json' ||
    /^extension\/(readme|changelog)\.md$/i.test(name) ||
    /^extension\/license(\.txt|\.md)?$/i.test(name) ||
    /^extension\/dist\/.+\.(js|css|wasm|json|html|node)$/.test(name) ||
    /^extension\/schema\/[^/]+\.json$/.test(name) ||
    /^extension\/docs\/rules\/[^/]+\.md$/.test(name) ||
    /^extension\/data\/builtin\/.+/.test(name) ||
    /^extension\/media\/.+/.test(name) ||
    images.has(name)
  );
}

test('the packaged .vsix contains only what runs, and everything the manifest refers to', { timeout: 5 * 60_000 }, () => {
  const file = packageVsix();
  const entries = listZip(file);
  const names = entries.map((e) => e.name);
  const bytes = statSync(file).size;
  const unpacked = entries.reduce((s, e) => s + e.size, 0);
  console.log(`[package] ${path.basename(file)}: ${(bytes / 1e6).toFixed(2)} MB (${bytes} bytes), ${entries.length} files, ${(unpacked / 1e6).toFixed(2)} MB unpacked`);

  const missing = REQUIRED.filter((r) => !names.some((n) => (typeof r === 'string' ? n === r : r.test(n))));
  assert.deepEqual(missing.map(String), [], `required files missing from the .vsix`);

  const forbidden = names.filter((n) => /^extension\/(src|test|webview|scripts|examples|native\/src|\.e2e|\.reglab|test-artifacts)\//.test(n) || /(^|\/)node_modules\//.test(n) || /\.(map|ts)$/.test(n));
  assert.deepEqual(forbidden, [], 'sources, tests, node_modules or source maps in the .vsix');

  const images = readmeImages();
  const unexpected = names.filter((n) => !allowed(n, images));
  assert.deepEqual(unexpected, [], 'files in the .vsix that the extension does not need at run time');

  // What the manifest points at must be in the package.
  const m = readManifest() as unknown as {
    main: string;
    icon?: string;
    contributes?: { jsonValidation?: { url: string }[]; commands?: { icon?: string | { light: string; dark: string } }[] };
  };
  const refs = [m.main, m.icon, ...(m.contributes?.jsonValidation ?? []).map((j) => j.url)];
  for (const c of m.contributes?.commands ?? []) {
    if (c.icon && typeof c.icon === 'object') refs.push(c.icon.light, c.icon.dark);
  }
  const unresolved = refs
    .filter((r): r is string => !!r && !/^[a-z]+:/i.test(r))
    .map((r) => `extension/${path.posix.normalize(r).replace(/^\.\//, '')}`)
    .map((r) => (r.endsWith('.js') || path.posix.extname(r) ? r : `${r}.js`))
    .filter((r) => !names.includes(r));
  assert.deepEqual(unresolved, [], 'files the manifest refers to but the .vsix lacks');
});

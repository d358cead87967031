// Integration tests in a real desktop VS Code (@vscode/test-cli + @vscode/test-electron, which
// downloads VS Code when the tests run). `npm run build && npx vscode-test`.
// The tests in test/vscode/ use the vscode API against the examples/ workspace; they are bundled
// here with esbuild (vscode and mocha stay external) so no separate compile step is needed.
// This machine cannot download VS Code: the same scenarios run in code-server (test/e2e/).
import { defineConfig } from '@vscode/test-cli';
import { buildSync } from 'esbuild';
import { readdirSync } from 'node:fs';
import path from 'node:path';

const root = path.dirname(new URL(import.meta.url).pathname);
const testDir = path.join(root, 'test', 'vscode');
const outDir = path.join(root, 'out', 'test', 'vscode');

buildSync({
  entryPoints: readdirSync(testDir).filter((f) => f.endsWith('.test.ts')).map((f) => path.join(testDir, f)),
  outdir: outDir,
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  sourcemap: 'inline',
  external: ['vscode', 'mocha'],
  logLevel: 'warning',
});

export default defineConfig({
  label: 'reglab-integration',
  files: 'out/test/vscode/**/*.test.js',
  extensionDevelopmentPath: root,
  workspaceFolder: path.join(root, 'examples'),
  // Untrusted-workspace prompts would keep the extension in restricted mode.
  launchArgs: ['--disable-workspace-trust', '--disable-extensions'],
  mocha: { ui: 'tdd', timeout: 60_000 },
});

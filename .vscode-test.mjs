// Integration tests in a real desktop VS Code (@vscode/test-cli + @vscode/test-electron, which
// downloads VS Code when the tests run): `npm run build && npx vscode-test`.
// The tests in test/vscode/ use the vscode API against the examples/ workspace; they are bundled
// here with esbuild, so no separate compile step is needed. This machine cannot download VS Code:
// the same tests run inside code-server's extension host in test/e2e/vscode-api.test.ts.
import { defineConfig } from '@vscode/test-cli';
import path from 'node:path';
import { buildIntegrationTests } from './test/vscode/build.mjs';

const root = path.dirname(new URL(import.meta.url).pathname);
buildIntegrationTests(path.join(root, 'out', 'test', 'vscode'));

export default defineConfig({
  label: 'reglab-integration',
  files: 'out/test/vscode/**/*.test.js',
  extensionDevelopmentPath: root,
  workspaceFolder: path.join(root, 'examples'),
  // Untrusted-workspace prompts would keep the extension in restricted mode.
  launchArgs: ['--disable-workspace-trust', '--disable-extensions'],
  mocha: { ui: 'tdd', timeout: 60_000 },
});

// Bundles the integration tests (test/vscode/*.test.ts and the mocha entry index.ts) into outDir
// with esbuild; `vscode` and `mocha` stay external (the host provides them). Used by
// .vscode-test.mjs (desktop VS Code) and test/e2e/vscode-api.test.ts (code-server).
import { buildSync } from 'esbuild';
import { readdirSync } from 'node:fs';
import path from 'node:path';

export function buildIntegrationTests(outDir) {
  const testDir = path.dirname(new URL(import.meta.url).pathname);
  buildSync({
    entryPoints: readdirSync(testDir).filter((f) => f.endsWith('.test.ts') || f === 'index.ts').map((f) => path.join(testDir, f)),
    outdir: outDir,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    sourcemap: 'inline',
    external: ['vscode', 'mocha'],
    logLevel: 'warning',
  });
  return outDir;
}

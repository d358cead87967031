// Runs the test suites with node's built-in test runner (TypeScript through tsx).
//   node scripts/run-tests.mjs            -> every suite: unit, parity (PyTorch/scikit-learn), e2e (code-server)
//   node scripts/run-tests.mjs unit e2e   -> only those suites
// One `node --test` process runs all files so the closing summary counts every test.
import { readdirSync, statSync, existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import path from 'node:path';

const root = path.dirname(path.dirname(new URL(import.meta.url).pathname));
const all = ['unit', 'parity', 'e2e'];
const suites = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const chosen = suites.length ? suites : all;
for (const s of chosen) if (!all.includes(s)) { console.error(`unknown suite ${s}; expected one of ${all.join(', ')}`); process.exit(2); }

function walk(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const p = path.join(dir, name);
    return statSync(p).isDirectory() ? walk(p) : /\.test\.ts$/.test(name) ? [p] : [];
  });
}
const files = chosen.flatMap((s) => walk(path.join(root, 'test', s)).sort());
if (!files.length) { console.error('no test files found'); process.exit(1); }

const args = ['--import', 'tsx', '--test', '--test-reporter=spec', `--test-concurrency=${process.env.REGLAB_TEST_CONCURRENCY ?? 2}`, ...files];
const r = spawnSync(process.execPath, args, { stdio: 'inherit', cwd: root, env: { ...process.env, REGLAB_ROOT: root } });
process.exit(r.status ?? 1);

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';

const root = path.resolve(__dirname, '../..');
const cli = path.join(root, 'bin/reglab.js');

test('reglab without a command prints usage and exits 2', () => {
  const r = spawnSync(process.execPath, [cli], { encoding: 'utf8' });
  assert.equal(r.status, 2);
  assert.match(r.stdout, /Usage: reglab <command>/);
  for (const c of ['run', 'sweep', 'lint', 'export-pytorch', 'runs', 'report']) assert.match(r.stdout, new RegExp(`reglab ${c}\\b`));
});

test('an unknown command is an error naming the command', () => {
  const r = spawnSync(process.execPath, [cli, 'frobnicate'], { encoding: 'utf8' });
  assert.equal(r.status, 2);
  assert.match(r.stderr, /unknown command 'frobnicate'/);
});

// The webview and report runtime are browser code outside the main tsconfig (no DOM there, so
// src/core cannot use it by accident); they get their own project with the DOM library.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';

test('webview/ type-checks against the DOM library and the shared core', () => {
  const root = path.resolve(__dirname, '../..');
  const r = spawnSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', path.join(root, 'webview'), '--noEmit'], { cwd: root, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stdout + r.stderr);
});

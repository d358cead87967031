import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const probe = path.join(__dirname, '../parity/helpers/backendProbe.ts');
const tsx = pathToFileURL(require.resolve('tsx')).href;

/** Runs backend selection in a fresh process (a started TF.js backend stays for the process's life). */
function select(request: string, env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, ['--import', tsx, probe, request], { encoding: 'utf8', env: { ...process.env, ...env } });
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout.trim().split('\n').pop()!);
}

const nativeInstalled = (() => { try { require.resolve('@tensorflow/tfjs-node'); return true; } catch { return false; } })();

test('auto reports the backend that runs and why faster ones were skipped', () => {
  const r = select('auto');
  assert.equal(r.ok, true);
  if (nativeInstalled) {
    assert.equal(r.name, 'native');
  } else {
    assert.equal(r.name, 'wasm');
    assert.deepEqual(r.skipped.map((s: { backend: string }) => s.backend), ['native']);
    assert.match(r.skipped[0].error, /@tensorflow\/tfjs-node could not be loaded/);
  }
});

test('auto falls back to cpu when the wasm binaries are missing, and says so', (t) => {
  if (nativeInstalled) return t.skip('tfjs-node is installed here: auto picks it before wasm');
  const r = select('auto', { REGLAB_WASM_DIR: path.join(__dirname, 'no-such-dir') });
  assert.equal(r.ok, true);
  assert.equal(r.name, 'cpu');
  assert.deepEqual(r.skipped.map((s: { backend: string }) => s.backend), ['native', 'wasm']);
  assert.match(r.skipped[1].error, /tfjs-backend-wasm-simd\.wasm not found \(looked in .*no-such-dir\)/);
});

test('an explicitly requested backend that cannot start is a clear error, not a silent fallback', (t) => {
  const wasm = select('wasm', { REGLAB_WASM_DIR: '/nonexistent' });
  assert.equal(wasm.ok, false);
  assert.equal(wasm.name, 'BackendUnavailableError');
  assert.match(wasm.error, /the wasm backend is unavailable: .*not found/);
  if (nativeInstalled) return t.skip('tfjs-node is installed here');
  const native = select('native');
  assert.equal(native.ok, false);
  assert.match(native.error, /the native backend is unavailable: @tensorflow\/tfjs-node could not be loaded/);
  assert.equal(select('cpu').name, 'cpu');
});

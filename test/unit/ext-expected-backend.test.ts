// The status bar names the backend before any trainer reports it, without TF.js in the host
// (pure/expectedBackend.ts): the guess follows selectBackend's "auto" order, and on this machine
// it agrees with what selectBackend really picks.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { WASM_FILE as WASM_BINARY } from '../../src/core/assets/wasmLocation';
import { expectedBackend, machineProbe, type BackendProbe } from '../../src/extension/pure/expectedBackend';
import { selectBackend } from '../../src/core/backend/selectBackend';

const TRAINER = '/ext/dist/trainer.js';

function probe(modules: string[], files: string[], env: NodeJS.ProcessEnv = {}): BackendProbe {
  return { resolve: (m) => (modules.includes(m) ? `/nm/${m}` : undefined), exists: (f) => files.includes(f), env };
}

test('auto: tfjs-node if it resolves, else wasm where the trainer finds the binary, else cpu; explicit settings are kept', () => {
  const bundled = path.join('/ext/dist/wasm', WASM_BINARY);
  assert.equal(expectedBackend('auto', TRAINER, probe(['@tensorflow/tfjs-node'], [])), 'native');
  assert.equal(expectedBackend('auto', TRAINER, probe([], [bundled])), 'wasm');
  assert.equal(expectedBackend('auto', TRAINER, probe(['@tensorflow/tfjs-backend-wasm/package.json'], [path.join('/nm/@tensorflow/tfjs-backend-wasm', 'dist', WASM_BINARY)])), 'wasm');
  assert.equal(expectedBackend('auto', TRAINER, probe(['@tensorflow/tfjs-backend-wasm/package.json'], [])), 'cpu', 'the package without its binary');
  assert.equal(expectedBackend('auto', TRAINER, probe([], [])), 'cpu');
  // REGLAB_WASM_DIR replaces every other place, as in selectBackend.
  assert.equal(expectedBackend('auto', TRAINER, probe([], [bundled], { REGLAB_WASM_DIR: '/elsewhere' })), 'cpu');
  assert.equal(expectedBackend('auto', TRAINER, probe([], [path.join('/elsewhere', WASM_BINARY)], { REGLAB_WASM_DIR: '/elsewhere' })), 'wasm');
  for (const b of ['native', 'wasm', 'cpu'] as const) assert.equal(expectedBackend(b, TRAINER, probe([], [])), b);
});

test('on this machine the guess is the backend selectBackend("auto") starts', async () => {
  // Running from source, selectBackend looks beside src/core/backend and in the installed package.
  const from = path.join(__dirname, '../../src/core/backend/selectBackend.ts');
  const guess = expectedBackend('auto', from, machineProbe(from));
  const real = await selectBackend('auto');
  assert.equal(guess, real.name);
});

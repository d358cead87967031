// The extension host must never load TensorFlow.js (training runs in trainer processes), and
// activation must stay cheap: bundle src/extension/extension.ts the way scripts/build.mjs does and
// check what it pulls in.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import * as esbuild from 'esbuild';

const root = path.resolve(__dirname, '..', '..');

test('the extension bundle contains no TensorFlow.js and no trainer entry point', async () => {
  const r = await esbuild.build({
    entryPoints: [path.join(root, 'src/extension/extension.ts')],
    bundle: true, platform: 'node', format: 'cjs', target: 'node20', write: false, metafile: true,
    external: ['vscode', '@tensorflow/tfjs-node'], mainFields: ['module', 'main'], logLevel: 'silent', loader: { '.wasm': 'file' }, outdir: path.join(root, 'out', 'bundle-check'),
  });
  const inputs = Object.keys(r.metafile.inputs);
  const tf = inputs.filter((i) => i.includes('@tensorflow'));
  assert.deepEqual(tf, [], `TensorFlow.js reaches the extension host through: ${tf.slice(0, 5).join(', ')}`);
  for (const forbidden of ['src/core/train/train.ts', 'src/trainer/', 'src/core/penalty/penalty.ts', 'src/core/backend/']) {
    assert.ok(!inputs.some((i) => i.includes(forbidden)), `${forbidden} is bundled into the extension host`);
  }
  // The linter and the panel protocol are in (they run in the host).
  assert.ok(inputs.some((i) => i.includes('src/core/lint/index.ts')));
  assert.ok(inputs.some((i) => i.includes('src/core/panel/protocol.ts')));
});

// The PyTorch export without running PyTorch: what the script embeds and declares, and the CLI's
// handling of bad input. (test/parity/export.test.ts runs the scripts against the engine.)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { loadDataset } from '../../src/core/data/loadDataset';
import { resolveExperiment } from '../../src/core/experiment';
import { exportPytorchScript, initialState } from '../../src/core/export/pytorch';
import { defaultInit } from '../../src/core/model/defaultInit';
import { parameterShapes } from '../../src/core/model/paramSpecs';

const dir = mkdtempSync(path.join(os.tmpdir(), 'reglab-exp-export-'));
const EXP = {
  seed: 4, data: { source: 'synthetic', name: 'circle', samples: 60 },
  model: { hidden: [5], norm: 'batchnorm', activation: 'tanh', bias: false },
  optimizer: { type: 'adamw', lr: 0.003 },
  paramGroups: [{ match: '^1\\.', weightDecay: 0 }],
  penalty: { l1: 0.01, l1Mode: 'proximal', activationL1: 0.002 },
  training: { epochs: 7, batchSize: 10, shuffle: false },
};

/** The float32 values of a base64 literal (possibly split over implicitly concatenated lines). */
function decode(literal: string): Float32Array {
  const b = Buffer.from(literal.replace(/[\s"()]/g, ''), 'base64');
  return new Float32Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength));
}

test('the script embeds the exact float32 data and the engine\'s default init, and declares model, groups, penalties', () => {
  const exp = resolveExperiment(JSON.stringify(EXP), { baseDir: dir });
  const script = exportPytorchScript(exp);
  const data = loadDataset(exp);
  const lit = (name: string) => script.match(new RegExp(`^${name} = f32\\(([\\s\\S]*?)(?:, N_|, \\d)`, 'm'))![1];
  assert.deepEqual(decode(lit('X_TRAIN')), data.xTrain);
  assert.deepEqual(decode(lit('X_VAL')), data.xVal);
  assert.deepEqual(decode(lit('Y_TRAIN')), data.yTrain);
  const specs = parameterShapes(exp.model, 2, 2);
  const init = defaultInit(specs, 4);
  assert.deepEqual(initialState(exp, 2, 2).params, init);
  const w0 = script.match(/"0\.weight": f32\(([\s\S]*?), 5, 2\)/)![1];
  assert.deepEqual(decode(w0), init[0]);
  assert.match(script, /nn\.Linear\(2, 5, bias=False\),\s+# 0\n\s+nn\.BatchNorm1d\(5\),\s+# 1 \(eps 1e-5, momentum 0\.1\)\n\s+nn\.Tanh\(\),\s+# 2\n\s+nn\.Linear\(5, 2, bias=False\),\s+# 3/);
  assert.match(script, /torch\.optim\.AdamW\(\[\n {4}\{"params": \[P\["1\.weight"\], P\["1\.bias"\]\], "weight_decay": 0\.0\},\n {4}\{"params": \[P\["0\.weight"\], P\["3\.weight"\]\]\},\n\], lr=0\.003, betas=\(0\.9, 0\.999\), eps=1e-8, weight_decay=0\.01, amsgrad=False\)/);
  assert.match(script, /L1, L2, ACT_L1, ACT_L2 = 0\.01, 0\.0, 0\.002, 0\.0\nPROXIMAL = True\nPENALIZED = \["0\.weight", "3\.weight"\]/);
  assert.match(script, /EPOCHS, BATCH_SIZE, SHUFFLE = 7, 10, False/);
  assert.match(script, /shuffle_rng = Rng\(derive_seed\(4, "shuffle"\)\)/);
  assert.match(script, /loss_fn = nn\.CrossEntropyLoss\(\)/);
});

test('an init table is embedded as given (float32), BatchNorm running statistics included', () => {
  writeFileSync(path.join(dir, 'init.json'), JSON.stringify({
    '0.weight': [[0.1, 0.2], [0.3, 0.4], [0.5, 0.6], [0.7, 0.8], [0.9, 1.0]], '1.weight': [1, 1, 1, 1, 2], '1.bias': [0, 0, 0, 0, 0.5],
    '1.running_mean': [0.1, 0, 0, 0, 0], '1.running_var': [2, 1, 1, 1, 1], '3.weight': [[1, 2, 3, 4, 5], [-1, -2, -3, -4, -5]],
  }));
  const exp = resolveExperiment(JSON.stringify({ ...EXP, init: 'init.json' }), { baseDir: dir });
  const s = initialState(exp, 2, 2);
  assert.deepEqual(Array.from(s.params[0]), [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0].map(Math.fround));
  assert.deepEqual(Array.from(s.buffers.get('1.running_var')!), [2, 1, 1, 1, 1]);
  assert.match(exportPytorchScript(exp), /"1\.running_mean": f32\(/);
});

test('reglab export-pytorch: a bad experiment prints file:line:col errors on stderr and exits 1', () => {
  const file = path.join(dir, 'bad.reglab.json');
  writeFileSync(file, '{"data": {"source": "synthetic", "name": "spiral"},\n "optimizer": {"lr": 0}}');
  const tsx = pathToFileURL(require.resolve('tsx')).href;
  const r = spawnSync(process.execPath, ['--import', tsx, path.resolve(__dirname, '../../src/cli/main.ts'), 'export-pytorch', file], { encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: '' } });
  assert.equal(r.status, 1);
  assert.equal(r.stdout, '');
  assert.equal(r.stderr.trim(), `${file}:2:22: optimizer.lr: must be > 0 (got 0)`);
});

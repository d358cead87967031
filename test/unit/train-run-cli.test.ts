import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { spawn } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const root = path.resolve(__dirname, '../..');
const main = path.join(root, 'src/cli/main.ts');
// tsx by absolute URL, so the CLI can run from any working directory.
const tsx = pathToFileURL(require.resolve('tsx')).href;

function reglab(args: string[], cwd = root) {
  return spawnSync(process.execPath, ['--import', tsx, main, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: '' } });
}

function workspace(experiment: object): { dir: string; file: string } {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'reglab-run-'));
  const file = path.join(dir, 'exp.reglab.json');
  writeFileSync(file, JSON.stringify(experiment, null, 2));
  return { dir, file };
}

const EXP = {
  name: 'cli-run', seed: 1,
  data: { source: 'synthetic', name: 'circle', samples: 120, noise: 0.1, valFraction: 0.25 },
  model: { hidden: [6], activation: 'tanh', norm: 'batchnorm' },
  optimizer: { type: 'adamw', lr: 0.01 },
  training: { epochs: 4, batchSize: 16 },
};

test('reglab run --json: one JSON object on stdout, a complete run folder, --params-out', () => {
  const { dir, file } = workspace(EXP);
  const paramsOut = path.join(dir, 'final.json');
  const r = reglab(['run', file, '--json', '--params-out', paramsOut, '--backend', 'wasm']);
  assert.equal(r.status, 0, r.stderr);
  const out = JSON.parse(r.stdout);
  assert.equal(out.status, 'completed');
  assert.equal(out.backend, 'wasm');
  assert.equal(out.epochsCompleted, 4);
  assert.equal(path.dirname(out.dir), path.join(dir, '.reglab', 'runs'));
  assert.deepEqual(readdirSync(out.dir).sort(), ['experiment.json', 'meta.json', 'metrics.jsonl', 'params.json', 'summary.json']);
  const lines = readFileSync(path.join(out.dir, 'metrics.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
  assert.deepEqual(lines.map((m) => m.epoch), [1, 2, 3, 4]);
  assert.equal(out.final.valLoss, lines[3].valLoss);
  const params = JSON.parse(readFileSync(path.join(out.dir, 'params.json'), 'utf8'));
  assert.deepEqual(JSON.parse(readFileSync(paramsOut, 'utf8')), params);
  // Parameters plus BatchNorm running statistics, usable as an `init` table.
  assert.deepEqual(Object.keys(params).sort(), ['0.bias', '0.weight', '1.bias', '1.running_mean', '1.running_var', '1.weight', '3.bias', '3.weight']);
  const resolved = JSON.parse(readFileSync(path.join(out.dir, 'experiment.json'), 'utf8'));
  assert.equal(resolved.optimizer.weightDecay, 0.01, 'the resolved experiment has AdamW\'s default decay filled in');
  assert.match(r.stderr, /epoch 4\/4/);

  // The final table fed back as `init` (lr so small that no float32 weight moves) gives them back.
  const again = workspace({ ...EXP, init: paramsOut, optimizer: { type: 'sgd', lr: 1e-30 }, training: { epochs: 1, batchSize: 16 } });
  const r2 = reglab(['run', again.file, '--json', '--out', path.join(again.dir, 'elsewhere')]);
  assert.equal(r2.status, 0, r2.stderr);
  const out2 = JSON.parse(r2.stdout);
  assert.equal(path.dirname(out2.dir), path.join(again.dir, 'elsewhere'));
  const p2 = JSON.parse(readFileSync(path.join(out2.dir, 'params.json'), 'utf8'));
  for (const k of ['0.weight', '0.bias', '1.weight', '3.weight']) assert.deepEqual(p2[k], params[k]);
});

test('reglab run stores runs in the nearest workspace that has .reglab/', () => {
  const { dir } = workspace({});
  mkdirSync(path.join(dir, '.reglab'));
  const sub = path.join(dir, 'experiments', 'a');
  mkdirSync(sub, { recursive: true });
  const file = path.join(sub, 'e.reglab.json');
  writeFileSync(file, JSON.stringify({ ...EXP, training: { epochs: 1, batchSize: 16 } }));
  const r = reglab(['run', file, '--json', '--backend', 'cpu'], os.tmpdir());
  assert.equal(r.status, 0, r.stderr);
  const out = JSON.parse(r.stdout);
  assert.equal(out.backend, 'cpu');
  assert.equal(path.dirname(out.dir), path.join(dir, '.reglab', 'runs'));
});

test('reglab run: a diverging run exits 3 with status "diverged"; bad input and an unavailable backend are clear errors', () => {
  const { file } = workspace({ ...EXP, model: { hidden: [] }, data: { source: 'synthetic', name: 'reg-plane', samples: 100, noise: 0.1, valFraction: 0.2 }, optimizer: { type: 'sgd', lr: 1e6 } });
  const r = reglab(['run', file, '--json']);
  assert.equal(r.status, 3, r.stderr);
  const out = JSON.parse(r.stdout);
  assert.equal(out.status, 'diverged');
  assert.equal(out.divergence.epoch, 1);
  assert.ok(out.divergence.step >= 1);

  const native = workspace(EXP);
  const rn = reglab(['run', native.file, '--backend', 'native']);
  assert.equal(rn.status, 1);
  assert.match(rn.stderr, /native backend is unavailable: @tensorflow\/tfjs-node could not be loaded/);
  assert.equal(rn.stdout, '');
  assert.ok(!existsSync(path.join(native.dir, '.reglab')), 'no run folder for a run that never started');

  const bad = workspace({ ...EXP, optimizer: { type: 'sgd', lr: 'fast' } });
  const rb = reglab(['run', bad.file]);
  assert.equal(rb.status, 1);
  assert.match(rb.stderr, /exp\.reglab\.json:\d+:\d+: optimizer\.lr/);

  const usage = reglab(['run', file, '--backend', 'gpu']);
  assert.equal(usage.status, 2);
  assert.match(usage.stderr, /--backend must be auto, native, wasm or cpu/);
});

test('Ctrl-C stops a run: status "stopped", exit 130, finished epochs kept', async () => {
  const { file } = workspace({ ...EXP, training: { epochs: 100000, batchSize: 8 } });
  const child = spawn(process.execPath, ['--import', tsx, main, 'run', file, '--json'], { cwd: root, env: { ...process.env, NODE_OPTIONS: '' } });
  // Never leave a runaway trainer behind, whatever happens to the assertions.
  const guard = setTimeout(() => child.kill('SIGKILL'), 60_000);
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (b) => { stdout += b; });
  const code = await new Promise<number | null>((resolve) => {
    child.stderr.on('data', (b) => {
      stderr += b;
      if (/epoch \d+\/100000/.test(stderr) && !child.killed) child.kill("SIGINT");
    });
    child.on('exit', (c) => resolve(c));
  });
  clearTimeout(guard);
  assert.equal(code, 130, stderr);
  const out = JSON.parse(stdout);
  assert.equal(out.status, 'stopped');
  assert.ok(out.epochsCompleted >= 1 && out.epochsCompleted < 100000);
  const lines = readFileSync(path.join(out.dir, 'metrics.jsonl'), 'utf8').trim().split('\n');
  assert.equal(lines.length, out.epochsCompleted);
  assert.ok(existsSync(path.join(out.dir, 'params.json')));
});

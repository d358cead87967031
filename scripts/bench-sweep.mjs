// Sweep benchmark: a 5-λ × 3-seed sweep (15 trials) of the spiral MLP 2-16-16-2, AdamW lr 0.01,
// batch 32, 100 epochs with validation after every epoch, timed end to end:
//   - RegLab: `reglab sweep --parallel 1` and `--parallel 2` (dist/cli.js forking dist/trainer.js;
//     process start-up, data, training, metrics.jsonl/summary writing all included);
//   - the same sweep as a plain PyTorch script (/usr/bin/python3, torch.set_num_threads(1) per
//     process): one process running the 15 trials in turn, and 2 processes splitting them.
// Each configuration runs `--rounds` times, interleaved so a busy machine slows all alike; the
// figure is the fastest round (the least disturbed). Ratios > 1 mean RegLab is slower. CPU time
// (user + sys of every process, from /usr/bin/time) is printed beside wall time: on a busy machine
// it still says how much work each side did.
//
//   npm run build && node scripts/bench-sweep.mjs [--rounds N] [--epochs E] [--json FILE]
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const root = path.dirname(path.dirname(new URL(import.meta.url).pathname));
const argv = process.argv.slice(2);
const option = (name, dflt) => (argv.includes(name) ? argv[argv.indexOf(name) + 1] : dflt);
const rounds = Number(option('--rounds', 2));
const epochs = Number(option('--epochs', 100));
const jsonFile = option('--json', undefined);
const PYTHON = '/usr/bin/python3';
const LAMBDAS = [0, 1e-4, 1e-3, 1e-2, 1e-1];
const SEEDS = [0, 1, 2];

const cli = path.join(root, 'dist/cli.js');
for (const f of [cli, path.join(root, 'dist/trainer.js')]) {
  if (!existsSync(f)) { console.error(`${f} is missing: run \`npm run build\` first`); process.exit(1); }
}
if (!existsSync(PYTHON)) { console.error(`${PYTHON} is missing: PyTorch side cannot run (scripts/setup.sh installs python3-torch)`); process.exit(1); }

const work = mkdtempSync(path.join(os.tmpdir(), 'reglab-bench-sweep-'));
const experimentFile = path.join(work, 'spiral-sweep.reglab.json');
writeFileSync(experimentFile, JSON.stringify({
  name: 'bench-spiral',
  seed: 0,
  data: { source: 'synthetic', name: 'spiral', samples: 400, noise: 0.2, valFraction: 0.5 },
  model: { hidden: [16, 16], activation: 'relu' },
  optimizer: { type: 'adamw', lr: 0.01 },
  training: { epochs, batchSize: 32, shuffle: true },
  sweep: { param: 'optimizer.weightDecay', values: LAMBDAS, seeds: SEEDS, metric: 'valLoss', select: 'min' },
}, null, 2));

// The PyTorch side: the ordinary training loop, same data size and split, model, optimizer,
// batch size, epochs and per-epoch validation (eval mode, no_grad) as the RegLab experiment.
const torchScript = path.join(work, 'sweep_torch.py');
writeFileSync(torchScript, `
import json, math, sys, time
t_import = time.perf_counter()
import numpy as np
import torch
torch.set_num_threads(1)
t_import = time.perf_counter() - t_import

def spiral(seed, n=400, noise=0.2):
    rng = np.random.default_rng(seed)
    xs, ys = [], []
    for cls, m, delta in ((1, (n + 1) // 2, 0.0), (0, n // 2, math.pi)):
        for k in range(m):
            r = k / m * 5
            t = 1.75 * k / m * 2 * math.pi + delta
            xs.append([r * math.sin(t) + rng.uniform(-1, 1) * noise, r * math.cos(t) + rng.uniform(-1, 1) * noise])
            ys.append(cls)
    x = torch.tensor(xs, dtype=torch.float32); y = torch.tensor(ys)
    perm = torch.randperm(n, generator=torch.Generator().manual_seed(seed))
    nval = n // 2
    return x[perm[nval:]], y[perm[nval:]], x[perm[:nval]], y[perm[:nval]]

def trial(lam, seed, epochs):
    torch.manual_seed(seed)
    xtr, ytr, xva, yva = spiral(seed)
    model = torch.nn.Sequential(torch.nn.Linear(2, 16), torch.nn.ReLU(), torch.nn.Linear(16, 16), torch.nn.ReLU(), torch.nn.Linear(16, 2))
    opt = torch.optim.AdamW(model.parameters(), lr=0.01, weight_decay=lam)
    loss_fn = torch.nn.CrossEntropyLoss()
    g = torch.Generator().manual_seed(seed)
    n = xtr.shape[0]
    for epoch in range(epochs):
        model.train()
        perm = torch.randperm(n, generator=g)
        total = torch.zeros(())
        for i in range(0, n, 32):
            idx = perm[i:i + 32]
            opt.zero_grad()
            loss = loss_fn(model(xtr[idx]), ytr[idx])
            loss.backward()
            opt.step()
            total += loss.detach()
        train_loss = total.item() / math.ceil(n / 32)
        model.eval()
        with torch.no_grad():
            out = model(xva)
            val_loss = loss_fn(out, yva).item()
            val_acc = (out.argmax(1) == yva).float().mean().item()
    return val_loss

trials = json.loads(sys.argv[1])
epochs = int(sys.argv[2])
print(json.dumps({"importS": t_import, "valLoss": [trial(lam, seed, epochs) for lam, seed in trials]}))
`);

// Runs a command to completion. With /usr/bin/time present it also returns the CPU seconds
// (user + sys) of the command and every process it waited for: the work done, which a busy
// machine does not inflate the way it inflates wall time.
const TIME = existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;
function runProcess(cmd, args) {
  return new Promise((resolve, reject) => {
    const [exe, argv] = TIME ? [TIME, ['-f', 'BENCH_CPU %U %S', cmd, ...args]] : [cmd, args];
    const p = spawn(exe, argv, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, OPENBLAS_NUM_THREADS: '1', OMP_NUM_THREADS: '1' } });
    let out = '';
    let err = '';
    p.stdout.on('data', (d) => (out += d));
    p.stderr.on('data', (d) => (err += d));
    p.on('exit', (code) => {
      if (code !== 0) return reject(new Error(`${path.basename(cmd)} ${args.slice(0, 2).join(' ')} exited ${code}: ${err.trim().split('\n').slice(-5).join(' | ')}`));
      const m = /BENCH_CPU ([\d.]+) ([\d.]+)/.exec(err);
      resolve({ out, cpuS: m ? Number(m[1]) + Number(m[2]) : NaN });
    });
  });
}

async function reglab(parallel) {
  const out = path.join(work, `store-p${parallel}`);
  rmSync(out, { recursive: true, force: true });
  const t0 = performance.now();
  const { out: stdout, cpuS } = await runProcess(process.execPath, [cli, 'sweep', experimentFile, '--out', out, '--parallel', String(parallel), '--json']);
  const ms = performance.now() - t0;
  const s = JSON.parse(stdout);
  if (s.counts.completed !== LAMBDAS.length * SEEDS.length) throw new Error(`RegLab sweep did not complete every trial: ${JSON.stringify(s.counts)}`);
  const firstRun = JSON.parse(readFileSync(path.join(s.dir, s.trials[0].path, 'summary.json'), 'utf8'));
  return { ms, cpuS, backend: firstRun.backend, chosen: s.selections[0].chosen };
}

async function pytorch(procs) {
  const all = LAMBDAS.flatMap((lam) => SEEDS.map((seed) => [lam, seed]));
  const shares = Array.from({ length: procs }, (_, p) => all.filter((_, i) => i % procs === p));
  const t0 = performance.now();
  const outs = await Promise.all(shares.map((share) => runProcess(PYTHON, [torchScript, JSON.stringify(share), String(epochs)])));
  const ms = performance.now() - t0;
  return { ms, cpuS: outs.reduce((a, o) => a + o.cpuS, 0), importMs: Math.max(...outs.map((o) => JSON.parse(o.out).importS * 1000)) };
}

const configs = [
  { key: 'reglab-p1', label: 'RegLab  reglab sweep --parallel 1', run: () => reglab(1) },
  { key: 'torch-p1', label: 'PyTorch 1 process', run: () => pytorch(1) },
  { key: 'reglab-p2', label: 'RegLab  reglab sweep --parallel 2', run: () => reglab(2) },
  { key: 'torch-p2', label: 'PyTorch 2 processes', run: () => pytorch(2) },
];

const times = Object.fromEntries(configs.map((c) => [c.key, []]));
const cpu = Object.fromEntries(configs.map((c) => [c.key, []]));
const importMs = [];
let backend = '?';
console.log(`Sweep benchmark: ${LAMBDAS.length} λ × ${SEEDS.length} seeds = ${LAMBDAS.length * SEEDS.length} trials, spiral MLP 2-16-16-2, AdamW, batch 32, ${epochs} epochs; ${os.cpus().length} cores, load ${os.loadavg()[0].toFixed(1)}; ${rounds} rounds`);
try {
  for (let r = 0; r < rounds; r++) {
    for (const c of configs) {
      const res = await c.run();
      times[c.key].push(res.ms);
      cpu[c.key].push(res.cpuS);
      if (res.backend) backend = res.backend;
      if (res.importMs) importMs.push(res.importMs);
      console.error(`[bench-sweep] round ${r + 1} ${c.label}: ${(res.ms / 1000).toFixed(2)} s (CPU ${res.cpuS.toFixed(2)} s)`);
    }
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
const best = Object.fromEntries(Object.entries(times).map(([k, v]) => [k, Math.min(...v)]));
const bestCpu = Object.fromEntries(Object.entries(cpu).map(([k, v]) => [k, Math.min(...v)]));
const s = (ms) => `${(ms / 1000).toFixed(2)} s`;
console.log(`  ${''.padEnd(36)} ${'wall'.padStart(9)} ${'CPU'.padStart(9)}`);
for (const c of configs) console.log(`  ${c.label.padEnd(36)} ${s(best[c.key]).padStart(9)} ${(bestCpu[c.key].toFixed(2) + ' s').padStart(9)}   (wall rounds: ${times[c.key].map(s).join(', ')})`);
const ratios = {
  'reglab/pytorch, 1 process': best['reglab-p1'] / best['torch-p1'],
  'reglab/pytorch, 2 processes': best['reglab-p2'] / best['torch-p2'],
  'reglab speed-up 1 -> 2': best['reglab-p1'] / best['reglab-p2'],
  'pytorch speed-up 1 -> 2': best['torch-p1'] / best['torch-p2'],
  'reglab/pytorch CPU time, 1 process': bestCpu['reglab-p1'] / bestCpu['torch-p1'],
};
for (const [k, v] of Object.entries(ratios)) console.log(`  ${k.padEnd(36)} ${v.toFixed(2)}`);
const torchImportMs = Math.min(...importMs);
console.log(`  PyTorch times include \`import torch\` (${s(torchImportMs)} per process at best); RegLab's include starting its trainer processes.`);
console.log(`  RegLab backend: ${backend}; load after: ${os.loadavg()[0].toFixed(1)}`);
if (jsonFile) writeFileSync(jsonFile, JSON.stringify({ epochs, trials: LAMBDAS.length * SEEDS.length, backend, times, best, cpuSeconds: cpu, bestCpu, ratios, torchImportMs }, null, 2));

// Sweep benchmark: a 5-λ × 3-seed sweep (15 trials) of the spiral MLP 2-16-16-2, AdamW lr 0.01,
// batch 32, 100 epochs with validation after every epoch, timed end to end:
//   - RegLab: `reglab sweep --parallel 1` and `--parallel 2` (dist/cli.js forking dist/trainer.js;
//     process start-up, data, training, metrics.jsonl/summary writing all included);
//   - the same sweep as a plain PyTorch script (/usr/bin/python3, torch.set_num_threads(1) per
//     process): one process running the 15 trials in turn, and 2 processes splitting them.
// Then the scaling of `--parallel 1 -> 2` twice: for that sweep and for a longer,
// training-dominated one (2 λ × 2 seeds × --long-epochs epochs, RegLab only), each with the CPU
// seconds of every process (the CLI, each trainer's main thread and its other threads: V8's
// compiler and GC helpers), measured inside the processes (scripts/bench/cpu-preload.cjs), and
// the bound 2 cores put on the --parallel 2 wall time: its total CPU / cores. Last, the bench
// sweep on warm trainers (scripts/bench/warm-sweep.ts: the pool the VS Code extension keeps
// between sweeps), --parallel 1 and 2: the scaling of the training itself, without start-up.
// Each configuration runs `--rounds` times, interleaved so a busy machine slows all alike; the
// figures are the median round (and the fastest, the least disturbed). Ratios > 1 mean RegLab is
// slower. CPU time (user + sys of every process, from /usr/bin/time) is printed beside wall time:
// on a busy machine it still says how much work each side did. The load average before each
// round is printed too: other work on the machine makes wall times, not CPU times, worse.
// Before each run the script waits (up to --settle seconds, default 30) for a second in which
// the machine is idle, so runs do not start in another process's burst.
//
//   npm run build && node scripts/bench-sweep.mjs [--rounds N] [--epochs E] [--long-epochs E] [--json FILE]
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const root = path.dirname(path.dirname(new URL(import.meta.url).pathname));
const argv = process.argv.slice(2);
const option = (name, dflt) => (argv.includes(name) ? argv[argv.indexOf(name) + 1] : dflt);
const rounds = Number(option('--rounds', 3));
const epochs = Number(option('--epochs', 100));
const longEpochs = Number(option('--long-epochs', 2000));
const settleS = Number(option('--settle', 30));
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
function writeExperiment(name, sweepEpochs, values, seeds) {
  const file = path.join(work, `${name}.reglab.json`);
  writeFileSync(file, JSON.stringify({
    name,
    seed: 0,
    data: { source: 'synthetic', name: 'spiral', samples: 400, noise: 0.2, valFraction: 0.5 },
    model: { hidden: [16, 16], activation: 'relu' },
    optimizer: { type: 'adamw', lr: 0.01 },
    training: { epochs: sweepEpochs, batchSize: 32, shuffle: true },
    sweep: { param: 'optimizer.weightDecay', values, seeds, metric: 'valLoss', select: 'min' },
  }, null, 2));
  return { file, trials: values.length * seeds.length, epochs: sweepEpochs };
}
const benchSweep = writeExperiment('bench-spiral', epochs, LAMBDAS, SEEDS);
const longSweep = longEpochs > 0 ? writeExperiment('bench-spiral-long', longEpochs, [0, 1e-3], [0, 1]) : undefined;
const cpuPreload = path.join(root, 'scripts/bench/cpu-preload.cjs');
const warmSweepScript = path.join(root, 'scripts/bench/warm-sweep.ts');
const WARM_UP_SWEEPS = 3;
const WARM_SWEEPS = 5;

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

/** CPU seconds the whole machine has spent busy so far (all cores, from /proc/stat), or NaN. */
function machineBusyS() {
  try {
    const f = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
    const [user, nice, system, , , irq, softirq, steal] = f;
    return (user + nice + system + irq + softirq + steal) / 100;
  } catch {
    return NaN;
  }
}

/** Waits up to `maxS` seconds for a second in which all cores together were busy < 15%; true if found. */
async function settle(maxS = settleS) {
  const until = Date.now() + maxS * 1000;
  do {
    const b = machineBusyS();
    await new Promise((r) => setTimeout(r, 1000));
    if (!(machineBusyS() - b >= 0.15)) return true;
  } while (Date.now() < until);
  return false;
}

// Resolves with { out, cpuS, othersS }: othersS is the CPU time the rest of the machine used
// meanwhile (busy time of all cores minus this command's), the disturbance a wall time suffered.
function runProcess(cmd, args, env = {}) {
  const busy0 = machineBusyS();
  return new Promise((resolve, reject) => {
    const [exe, argv] = TIME ? [TIME, ['-f', 'BENCH_CPU %U %S', cmd, ...args]] : [cmd, args];
    const p = spawn(exe, argv, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, OPENBLAS_NUM_THREADS: '1', OMP_NUM_THREADS: '1', ...env } });
    let out = '';
    let err = '';
    p.stdout.on('data', (d) => (out += d));
    p.stderr.on('data', (d) => (err += d));
    p.on('exit', (code) => {
      if (code !== 0) return reject(new Error(`${path.basename(cmd)} ${args.slice(0, 2).join(' ')} exited ${code}: ${err.trim().split('\n').slice(-5).join(' | ')}`));
      const m = /BENCH_CPU ([\d.]+) ([\d.]+)/.exec(err);
      const cpuS = m ? Number(m[1]) + Number(m[2]) : NaN;
      resolve({ out, cpuS, othersS: Math.max(0, machineBusyS() - busy0 - cpuS) });
    });
  });
}

// One `reglab sweep`, with the CPU seconds of each of its processes (cpu-preload.cjs).
async function reglab(parallel, sweep = benchSweep) {
  const out = path.join(work, `store-p${parallel}`);
  const cpuLog = path.join(work, `cpu-p${parallel}.jsonl`);
  rmSync(out, { recursive: true, force: true });
  rmSync(cpuLog, { force: true });
  const nodeOptions = [process.env.NODE_OPTIONS, `--require ${JSON.stringify(cpuPreload)}`].filter(Boolean).join(' ');
  const t0 = performance.now();
  const { out: stdout, cpuS, othersS } = await runProcess(process.execPath, [cli, 'sweep', sweep.file, '--out', out, '--parallel', String(parallel), '--json'],
    { NODE_OPTIONS: nodeOptions, REGLAB_BENCH_CPU_LOG: cpuLog });
  const ms = performance.now() - t0;
  const s = JSON.parse(stdout);
  if (s.counts.completed !== sweep.trials) throw new Error(`RegLab sweep did not complete every trial: ${JSON.stringify(s.counts)}`);
  const firstRun = JSON.parse(readFileSync(path.join(s.dir, s.trials[0].path, 'summary.json'), 'utf8'));
  const procs = existsSync(cpuLog) ? readFileSync(cpuLog, 'utf8').trim().split('\n').map((l) => JSON.parse(l)) : [];
  const cliProc = procs.find((p) => p.script === 'cli.js');
  const trainers = procs.filter((p) => p.script === 'trainer.js');
  return {
    ms, cpuS, othersS, backend: firstRun.backend, chosen: s.selections[0].chosen,
    parentS: cliProc?.cpuS ?? NaN,
    trainers: trainers.map((t) => ({ mainS: t.mainS, threadsS: t.threadsS })),
  };
}

// The bench sweep on trainers kept warm: one pool runs it WARM_UP_SWEEPS times (untimed: the
// first is the cold start, the next ones let V8 finish optimizing both trainers) and then
// WARM_SWEEPS more times; the result is the median of those. CPU is the whole process's, warm-up
// included.
async function warmReglab(parallel) {
  const store = path.join(work, `warm-p${parallel}`);
  const { out, cpuS, othersS } = await runProcess(process.execPath, ['--import', 'tsx', warmSweepScript, benchSweep.file, String(parallel), String(WARM_SWEEPS), store, String(WARM_UP_SWEEPS)]);
  const r = JSON.parse(out.trim().split('\n').pop());
  if (r.completed.some((n) => n !== benchSweep.trials)) throw new Error(`warm sweep did not complete every trial: ${JSON.stringify(r)}`);
  const sorted = [...r.warmMs].sort((a, b) => a - b);
  const ms = sorted[(sorted.length - 1) >> 1];
  const totalMs = r.coldMs + [...r.warmUpMs, ...r.warmMs].reduce((a, b) => a + b, 0);
  // Disturbance scaled to the timed sweep's share of the process's life.
  return { ms, cpuS, othersS: othersS * (ms / totalMs), coldMs: r.coldMs, warmMs: r.warmMs };
}

async function pytorch(procs) {
  const all = LAMBDAS.flatMap((lam) => SEEDS.map((seed) => [lam, seed]));
  const shares = Array.from({ length: procs }, (_, p) => all.filter((_, i) => i % procs === p));
  const busy0 = machineBusyS();
  const t0 = performance.now();
  const outs = await Promise.all(shares.map((share) => runProcess(PYTHON, [torchScript, JSON.stringify(share), String(epochs)])));
  const ms = performance.now() - t0;
  const cpuS = outs.reduce((a, o) => a + o.cpuS, 0);
  return { ms, cpuS, othersS: Math.max(0, machineBusyS() - busy0 - cpuS), importMs: Math.max(...outs.map((o) => JSON.parse(o.out).importS * 1000)) };
}

const configs = [
  { key: 'reglab-p1', label: 'RegLab  reglab sweep --parallel 1', run: () => reglab(1) },
  { key: 'torch-p1', label: 'PyTorch 1 process', run: () => pytorch(1) },
  { key: 'reglab-p2', label: 'RegLab  reglab sweep --parallel 2', run: () => reglab(2) },
  { key: 'torch-p2', label: 'PyTorch 2 processes', run: () => pytorch(2) },
  ...(longSweep ? [
    { key: 'long-p1', label: 'RegLab  long sweep --parallel 1', run: () => reglab(1, longSweep) },
    { key: 'long-p2', label: 'RegLab  long sweep --parallel 2', run: () => reglab(2, longSweep) },
  ] : []),
  { key: 'warm-p1', label: 'RegLab  warm trainers --parallel 1', run: () => warmReglab(1) },
  { key: 'warm-p2', label: 'RegLab  warm trainers --parallel 2', run: () => warmReglab(2) },
];

const results = Object.fromEntries(configs.map((c) => [c.key, []]));
const loads = [];
const importMs = [];
let backend = '?';
const cores = os.cpus().length;
console.log(`Sweep benchmark: ${LAMBDAS.length} λ × ${SEEDS.length} seeds = ${benchSweep.trials} trials, spiral MLP 2-16-16-2, AdamW, batch 32, ${epochs} epochs; ${cores} cores, load ${os.loadavg()[0].toFixed(1)}; ${rounds} rounds`);
try {
  for (let r = 0; r < rounds; r++) {
    for (const c of configs) {
      const settled = settleS > 0 ? await settle() : false;
      const load = os.loadavg()[0];
      loads.push(load);
      const res = await c.run();
      results[c.key].push({ ...res, load, settled });
      if (res.backend) backend = res.backend;
      if (res.importMs) importMs.push(res.importMs);
      const procs = res.trainers ? `; CLI ${res.parentS.toFixed(2)} s, trainers ${res.trainers.map((t) => `${t.mainS.toFixed(2)}+${t.threadsS.toFixed(2)}`).join(', ')} s (main+threads)` : '';
      console.error(`[bench-sweep] round ${r + 1} ${c.label}: ${(res.ms / 1000).toFixed(2)} s (CPU ${res.cpuS.toFixed(2)} s${procs}; load ${load.toFixed(1)}${settleS > 0 && !settled ? ' (the machine never went idle)' : ''}, other processes ${res.othersS.toFixed(2)} CPU s meanwhile)`);
    }
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
const median = (v) => { const a = [...v].sort((x, y) => x - y); const m = a.length >> 1; return a.length % 2 ? a[m] : (a[m - 1] + a[m]) / 2; };
// A round is clean when the rest of the machine used less than a tenth of a core meanwhile; the
// medians are over the clean rounds (over all when none was clean).
const isClean = (x) => x.othersS < 0.1 * (x.ms / 1000);
const cleanRounds = (key) => (results[key].some(isClean) ? results[key].filter(isClean) : results[key]);
/** The (clean) round with the median wall time (its CPU figures go with it). */
const medianRound = (key) => [...cleanRounds(key)].sort((a, b) => a.ms - b.ms)[(cleanRounds(key).length - 1) >> 1];
const wall = Object.fromEntries(Object.keys(results).map((k) => [k, median(cleanRounds(k).map((x) => x.ms))]));
const best = Object.fromEntries(Object.entries(results).map(([k, v]) => [k, Math.min(...v.map((x) => x.ms))]));
const cpuMedian = Object.fromEntries(Object.keys(results).map((k) => [k, median(cleanRounds(k).map((x) => x.cpuS))]));
const s = (ms) => `${(ms / 1000).toFixed(2)} s`;
console.log(`  ${''.padEnd(36)} ${'median'.padStart(9)} ${'best'.padStart(9)} ${'CPU'.padStart(9)} ${'clean'.padStart(7)}`);
for (const c of configs) {
  const clean = results[c.key].filter(isClean).length;
  console.log(`  ${c.label.padEnd(36)} ${s(wall[c.key]).padStart(9)} ${s(best[c.key]).padStart(9)} ${(c.key.startsWith('warm-') ? 'n/a' : cpuMedian[c.key].toFixed(2) + ' s').padStart(9)} ${`${clean}/${results[c.key].length}`.padStart(7)}   ` +
    `(rounds: ${results[c.key].map((x) => `${s(x.ms)}${isClean(x) ? '' : ` [others ${x.othersS.toFixed(1)} CPU s]`}`).join(', ')})`);
}
console.log(`  (median over the clean rounds: the rest of the machine used < 0.1 core meanwhile; CPU: user + sys of the command's processes;`);
console.log(`   warm trainers: the median of ${WARM_SWEEPS} sweeps on a pool that already ran the sweep ${WARM_UP_SWEEPS} times, as the editor keeps its trainers)`);
const ratios = {
  'reglab/pytorch, 1 process': wall['reglab-p1'] / wall['torch-p1'],
  'reglab/pytorch, 2 processes': wall['reglab-p2'] / wall['torch-p2'],
  'reglab speed-up 1 -> 2': wall['reglab-p1'] / wall['reglab-p2'],
  'pytorch speed-up 1 -> 2': wall['torch-p1'] / wall['torch-p2'],
  'reglab/pytorch CPU time, 1 process': cpuMedian['reglab-p1'] / cpuMedian['torch-p1'],
  ...(longSweep ? { 'reglab long sweep speed-up 1 -> 2': wall['long-p1'] / wall['long-p2'] } : {}),
  'reglab warm-trainer speed-up 1 -> 2': wall['warm-p1'] / wall['warm-p2'],
  'reglab warm/pytorch, 2 processes': wall['warm-p2'] / wall['torch-p2'],
};
for (const [k, v] of Object.entries(ratios)) console.log(`  ${k.padEnd(36)} ${v.toFixed(2)}`);

// Scaling: what --parallel 2 gained, and what the 2 cores allowed. A p2 run cannot take less wall
// time than all its processes' CPU time spread over the cores.
const scaling = {};
console.log(`  Scaling --parallel 1 -> 2 on ${cores} cores (median rounds; CPU seconds measured in each process):`);
for (const [name, sweep, k1, k2] of [['bench sweep', benchSweep, 'reglab-p1', 'reglab-p2'], ['long sweep', longSweep, 'long-p1', 'long-p2']]) {
  if (!sweep) continue;
  const r1 = medianRound(k1);
  const r2 = medianRound(k2);
  const total = (r) => r.parentS + r.trainers.reduce((a, t) => a + t.mainS + t.threadsS, 0);
  const boundMs = (total(r2) / cores) * 1000;
  const procs = (r) => `CLI ${r.parentS.toFixed(2)} s + trainer${r.trainers.length > 1 ? 's' : ''} ${r.trainers.map((t) => `${t.mainS.toFixed(2)} main + ${t.threadsS.toFixed(2)} other threads`).join(', ')}`;
  scaling[name] = { trials: sweep.trials, epochs: sweep.epochs, p1: r1, p2: r2, speedUp: wall[k1] / wall[k2], boundMs, bestPossibleSpeedUp: wall[k1] / boundMs };
  console.log(`    ${name} (${sweep.trials} trials × ${sweep.epochs} epochs): ${s(wall[k1])} -> ${s(wall[k2])} = ${(wall[k1] / wall[k2]).toFixed(2)}x; ` +
    `--parallel 2 needs ${total(r2).toFixed(2)} CPU s: on ${cores} cores at least ${s(boundMs)}, a speed-up of ${(wall[k1] / boundMs).toFixed(2)}x at most`);
  console.log(`      p1: ${procs(r1)}`);
  console.log(`      p2: ${procs(r2)}`);
  const trainersCpu = (r) => r.trainers.reduce((a, t) => a + t.mainS + t.threadsS, 0);
  scaling[name].secondTrainerCpuS = trainersCpu(r2) - trainersCpu(r1);
  console.log(`      the second trainer adds ${(trainersCpu(r2) - trainersCpu(r1)).toFixed(2)} CPU s (its start-up, V8 compiling the same code again, its first trials at unoptimized speed) ` +
    `to the ${trainersCpu(r1).toFixed(2)} CPU s one trainer needs for the whole sweep`);
}
// Warm trainers: the training alone. With T trials on 2 trainers one of them trains ceil(T/2).
const warmBound = benchSweep.trials / Math.ceil(benchSweep.trials / 2);
scaling['warm trainers'] = { trials: benchSweep.trials, speedUp: wall['warm-p1'] / wall['warm-p2'], bestPossibleSpeedUp: warmBound };
console.log(`    warm trainers (${benchSweep.trials} trials × ${epochs} epochs, start-up and warm-up done): ${s(wall['warm-p1'])} -> ${s(wall['warm-p2'])} = ${(wall['warm-p1'] / wall['warm-p2']).toFixed(2)}x; ` +
  `one trainer trains ${Math.ceil(benchSweep.trials / 2)} of the ${benchSweep.trials} trials: ${warmBound.toFixed(3)}x at most`);
console.log(`    cold start of a sweep (--parallel 1, cold minus warm): ${s(wall['reglab-p1'] - wall['warm-p1'])} of its ${s(wall['reglab-p1'])}`);
const torchImportMs = Math.min(...importMs);
console.log(`  PyTorch times include \`import torch\` (${s(torchImportMs)} per process at best); RegLab's include starting its trainer processes.`);
console.log(`  RegLab backend: ${backend}; load average before the rounds: median ${median(loads).toFixed(1)} (${Math.min(...loads).toFixed(1)}-${Math.max(...loads).toFixed(1)}); after: ${os.loadavg()[0].toFixed(1)}`);
if (jsonFile) {
  writeFileSync(jsonFile, JSON.stringify({
    epochs, trials: benchSweep.trials, longEpochs, backend, results, wall, best, cpuMedian, ratios, scaling, torchImportMs, loads,
  }, null, 2));
}

// `npm run bench`: ms per training step of RegLab and of PyTorch, measured in one run on this
// machine, for MLP 100-256-10 and 2-16-16-2 at batch 32 and 256, AdamW (lr 1e-3, wd 1e-2),
// cross-entropy. Then the other benchmarks (scripts/bench-lint.mjs, scripts/bench-sweep.mjs) when
// they exist. Method (docs/performance.md): each side is a long-lived worker process — PyTorch
// (/usr/bin/python3, torch.set_num_threads(1)) and RegLab's engine (trainStep, bundled from
// src/) once with the native kernels and once on plain wasm; after a warm-up, rounds alternate
// between them so a busy machine slows all alike; the figure is the median over rounds.
//
//   node scripts/bench.mjs [--rounds N] [--quick] [--json FILE] [--no-extra] [--baseline REV]
// --baseline REV adds the engine as of git revision REV (its src/, same worker) as another side:
// before/after figures for a change, measured in the same run.
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createInterface } from 'node:readline';
import os from 'node:os';
import path from 'node:path';
import * as esbuild from 'esbuild';

const root = path.dirname(path.dirname(new URL(import.meta.url).pathname));
const argv = process.argv.slice(2);
const flag = (name) => argv.includes(name);
const option = (name, dflt) => (argv.includes(name) ? argv[argv.indexOf(name) + 1] : dflt);
const quick = flag('--quick');
const rounds = Number(option('--rounds', quick ? 3 : 7));
const runMs = quick ? 150 : 300; // wall time of one timed run
const PYTHON = '/usr/bin/python3';

const CASES = [
  { name: '100-256-10 b32', sizes: [100, 256, 10], batch: 32 },
  { name: '100-256-10 b256', sizes: [100, 256, 10], batch: 256 },
  { name: '2-16-16-2 b32', sizes: [2, 16, 16, 2], batch: 32 },
  { name: '2-16-16-2 b256', sizes: [2, 16, 16, 2], batch: 256 },
];

/** A worker speaking JSON lines; request() resolves with its next reply. env: null deletes a variable. */
function startWorker(label, cmd, args, env) {
  const fullEnv = { ...process.env, ...env };
  for (const [k, v] of Object.entries(env)) if (v === null) delete fullEnv[k];
  const child = spawn(cmd, args, { cwd: root, env: fullEnv, stdio: ['pipe', 'pipe', 'pipe'] });
  const waiting = [];
  let stderr = '';
  child.stderr.on('data', (d) => { stderr += d; });
  createInterface({ input: child.stdout }).on('line', (line) => {
    const w = waiting.shift();
    if (!w) return;
    let msg;
    try { msg = JSON.parse(line); } catch { return w.reject(new Error(`${label}: unexpected output ${line}`)); }
    if (msg.error) w.reject(new Error(`${label}: ${msg.error}`));
    else w.resolve(msg);
  });
  child.on('exit', (code) => {
    for (const w of waiting.splice(0)) w.reject(new Error(`${label} exited (${code}): ${stderr.trim().split('\n').slice(-5).join('\n')}`));
  });
  return {
    label,
    request(msg) {
      return new Promise((resolve, reject) => {
        waiting.push({ resolve, reject });
        child.stdin.write(JSON.stringify(msg) + '\n');
      });
    },
    close() { child.stdin.end(); },
  };
}

/** Bundles scripts/bench/reglab-worker.ts against `srcRoot`'s src/ (this tree, or a baseline). */
async function bundleWorker(srcRoot = root, name = 'reglab-worker') {
  const out = path.join(root, 'dist', 'bench', `${name}.js`);
  mkdirSync(path.dirname(out), { recursive: true });
  await esbuild.build({
    entryPoints: [path.join(srcRoot, 'scripts', 'bench', 'reglab-worker.ts')],
    outfile: out, bundle: true, platform: 'node', format: 'cjs', target: 'node20',
    external: ['@tensorflow/tfjs-node'], mainFields: ['module', 'main'], logLevel: 'error',
    nodePaths: [path.join(root, 'node_modules')],
  });
  return out;
}

/** The engine as of git revision `rev`, bundled with today's worker (dist/bench/baseline-worker.js). */
async function bundleBaseline(rev) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'reglab-baseline-'));
  try {
    const archive = spawnSync('git', ['-C', root, 'archive', rev, 'src'], { maxBuffer: 1 << 28 });
    if (archive.status !== 0) throw new Error(`git archive ${rev}: ${archive.stderr}`);
    const untar = spawnSync('tar', ['-x', '-C', dir], { input: archive.stdout });
    if (untar.status !== 0) throw new Error(`tar: ${untar.stderr}`);
    cpSync(path.join(root, 'scripts', 'bench'), path.join(dir, 'scripts', 'bench'), { recursive: true });
    return await bundleWorker(dir, 'baseline-worker');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function blasInfo() {
  try {
    return createRequire(import.meta.url)(path.join(root, 'native', 'build', 'Release', 'reglab_native.node')).blasInfo();
  } catch {
    return undefined;
  }
}

function ensureNativeBuilt() {
  const addon = path.join(root, 'native', 'build', 'Release', 'reglab_native.node');
  if (existsSync(addon) || process.env.REGLAB_NATIVE === '0') return;
  console.log('[bench] native addon missing: running scripts/build-native.mjs --optional');
  spawnSync(process.execPath, [path.join(root, 'scripts', 'build-native.mjs'), '--optional'], { stdio: 'inherit' });
}

const median = (xs) => { const s = [...xs].sort((a, b) => a - b); const m = s.length >> 1; return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2; };
const fmt = (x, d = 3) => (x == null || !Number.isFinite(x) ? '-' : x.toFixed(d));

async function main() {
  ensureNativeBuilt();
  const workerJs = await bundleWorker();
  const baseline = option('--baseline');
  const baselineJs = baseline ? await bundleBaseline(baseline) : undefined;
  const load0 = os.loadavg()[0];
  const sides = [
    // torch.set_num_threads(1) does not reach the OpenBLAS that Debian's PyTorch calls for matmul
    // (it still runs 2 threads here): the environment pins it, as it pins ours.
    startWorker('PyTorch', PYTHON, [path.join(root, 'scripts', 'bench-torch.py')], { OMP_NUM_THREADS: '1', MKL_NUM_THREADS: '1', OPENBLAS_NUM_THREADS: '1' }),
    startWorker('PyTorch set_num_threads(1) only', PYTHON, [path.join(root, 'scripts', 'bench-torch.py')], { OPENBLAS_NUM_THREADS: null }),
    startWorker('RegLab', process.execPath, [workerJs], { OPENBLAS_NUM_THREADS: '1' }),
    startWorker('RegLab wasm only', process.execPath, [workerJs], { REGLAB_NATIVE: '0' }),
    ...(baselineJs ? [startWorker(`RegLab @${baseline}`, process.execPath, [baselineJs], { OPENBLAS_NUM_THREADS: '1' })] : []),
  ];
  const info = {};
  info.PyTorch = await sides[0].request({ cmd: 'init' });
  info['PyTorch set_num_threads(1) only'] = await sides[1].request({ cmd: 'init' });
  info.RegLab = await sides[2].request({ cmd: 'init', backend: 'wasm' });
  info['RegLab wasm only'] = await sides[3].request({ cmd: 'init', backend: 'wasm' });
  if (baselineJs) info.baseline = await sides[4].request({ cmd: 'init', backend: 'wasm' });

  console.log(`RegLab bench — ${os.cpus()[0]?.model ?? 'cpu'} x${os.cpus().length}, node ${process.version}, load ${load0.toFixed(2)}`);
  console.log(`  PyTorch ${info.PyTorch.torch}: "1 thread" = torch.set_num_threads(1) + OPENBLAS_NUM_THREADS=1; "snt(1)" = torch.set_num_threads(1) alone`);
  console.log(`  (Debian's PyTorch then still runs its OpenBLAS matmuls on all ${os.cpus().length} cores)`);
  const nat = info.RegLab;
  console.log(`  RegLab: backend ${nat.backend}${nat.nativeKernels ? ` + native kernels (${blasInfo()})` : ' without native kernels (addon not built or failed to load)'}`);
  if (baseline) console.log(`  Baseline: the engine at ${baseline} (${info.baseline.backend}${info.baseline.nativeKernels ? ' + native kernels' : ''})`);
  console.log(`  ${rounds} rounds of ~${runMs} ms per side and case, alternating; median ms per step\n`);

  // Warm-up and calibration: steps per run so one run takes ~runMs on that side.
  const steps = new Map();
  for (const c of CASES) {
    for (const s of sides) {
      await s.request({ cmd: 'run', case: c, steps: 20 });
      const r = await s.request({ cmd: 'run', case: c, steps: 50 });
      steps.set(`${s.label}/${c.name}`, Math.max(20, Math.min(5000, Math.round(runMs / r.ms))));
    }
  }
  const samples = new Map();
  const cpuSamples = new Map();
  for (let r = 0; r < rounds; r++) {
    for (const c of CASES) {
      const order = sides.map((_, i) => sides[(i + r) % sides.length]);
      for (const s of order) {
        const key = `${s.label}/${c.name}`;
        const res = await s.request({ cmd: 'run', case: c, steps: steps.get(key) });
        samples.set(key, [...(samples.get(key) ?? []), res.ms]);
        cpuSamples.set(key, [...(cpuSamples.get(key) ?? []), res.cpuMs]);
      }
    }
  }
  for (const s of sides) s.close();

  const rows = CASES.map((c) => {
    const m = (label, from = samples) => median(from.get(`${label}/${c.name}`));
    const torch = m('PyTorch'), torchSnt = m('PyTorch set_num_threads(1) only'), reglab = m('RegLab'), wasm = m('RegLab wasm only');
    const base = baseline ? m(`RegLab @${baseline}`) : undefined;
    return {
      case: c.name, sizes: c.sizes, batch: c.batch, torchMs: torch, torchSntMs: torchSnt, reglabMs: reglab, wasmMs: wasm,
      ratio: reglab / torch, ratioSnt: reglab / torchSnt, wasmRatio: wasm / torch,
      cpuRatio: m('RegLab', cpuSamples) / m('PyTorch', cpuSamples),
      ...(baseline ? { baselineMs: base, baselineRatio: base / torch } : {}),
    };
  });
  const head = ['case', 'PyTorch 1 thread', 'PyTorch snt(1)', 'RegLab', 'RegLab/PyTorch', 'RegLab/snt(1)', 'wasm only', 'wasm/PyTorch',
    ...(baseline ? [`@${baseline}`, `@${baseline}/PyTorch`] : [])];
  const table = [head, ...rows.map((r) => [
    r.case, fmt(r.torchMs), fmt(r.torchSntMs), fmt(r.reglabMs), `${fmt(r.ratio, 2)}x`, `${fmt(r.ratioSnt, 2)}x`, fmt(r.wasmMs), `${fmt(r.wasmRatio, 2)}x`,
    ...(baseline ? [fmt(r.baselineMs), `${fmt(r.baselineRatio, 2)}x`] : []),
  ])];
  const widths = head.map((_, i) => Math.max(...table.map((row) => row[i].length)));
  for (const row of table) console.log(row.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join('  '));
  const met = rows.filter((r) => r.ratio <= 1).length;
  console.log(`\nTarget (RegLab at least as fast as PyTorch on one thread): met in ${met} of ${rows.length} cases.`);
  const load1 = os.loadavg()[0];
  console.log(`\nms per step (wall time, median over rounds); ratio < 1: RegLab faster. RegLab = wasm backend + native kernels,`);
  console.log(`one BLAS thread; "wasm only" = the fallback without the addon. Load average ${load0.toFixed(2)} -> ${load1.toFixed(2)}${load1 > 1.5 ? ` on ${os.cpus().length} cores: busy machine, absolute figures are inflated` : ''}.`);

  const jsonFile = option('--json');
  if (jsonFile) {
    writeFileSync(jsonFile, JSON.stringify({ date: new Date().toISOString(), load: [load0, load1], info, rows, samples: Object.fromEntries(samples), cpuSamples: Object.fromEntries(cpuSamples) }, null, 2) + '\n');
    console.log(`Results written to ${jsonFile}`);
  }

  if (!flag('--no-extra')) {
    for (const extra of ['bench-lint.mjs', 'bench-sweep.mjs']) {
      const file = path.join(root, 'scripts', extra);
      if (!existsSync(file)) continue;
      console.log(`\n== scripts/${extra} ==`);
      const r = spawnSync(process.execPath, [file], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
      process.stdout.write(r.stdout ?? '');
      if (r.status !== 0) console.log(`scripts/${extra} failed (exit ${r.status}): ${(r.stderr ?? '').trim().split('\n').slice(-10).join('\n')}`);
    }
  }
}

main().catch((e) => {
  console.error(`[bench] ${e instanceof Error ? e.message : e}`);
  process.exit(1);
});

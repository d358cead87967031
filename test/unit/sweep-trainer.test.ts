// Sweeps with the real engine: the built trainer (dist/trainer.js) and CLI (dist/cli.js).
// Build first: `npm run build` (npm test does it through pretest).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync, truncateSync } from 'node:fs';
import path from 'node:path';
import { runSweep } from '../../src/core/sweep/runSweep';
import { loadExperimentFile } from '../../src/core/experiment/load';
import { listStore, readRun } from '../../src/core/runs';
import { exitCode } from '../../src/cli/commands/sweep';
import type { SweepSummary } from '../../src/core/sweep/types';
import { tempDir } from './sweep-helpers';

const root = path.resolve(__dirname, '../..');
const trainerPath = path.join(root, 'dist/trainer.js');
const cli = path.join(root, 'bin/reglab.js');

function requireBuild(): void {
  for (const f of [trainerPath, path.join(root, 'dist/cli.js')]) {
    assert.ok(existsSync(f), `${f} is missing: run \`npm run build\` before these tests`);
  }
}

function writeExperiment(dir: string, over: { epochs?: number; sweep?: Record<string, unknown> } = {}): string {
  const file = path.join(dir, 'sweep.reglab.json');
  writeFileSync(file, JSON.stringify({
    name: 'tiny-spiral',
    seed: 0,
    data: { source: 'synthetic', name: 'spiral', samples: 200, noise: 0.2, valFraction: 0.5 },
    model: { hidden: [8], activation: 'tanh' },
    optimizer: { type: 'adamw', lr: 0.01 },
    training: { epochs: over.epochs ?? 12, batchSize: 32 },
    sweep: { param: 'optimizer.weightDecay', values: [0, 0.5], seeds: [0, 1], select: '1se', ...over.sweep },
  }, null, 2));
  return file;
}

function cliSweep(file: string, out: string): { code: number | null; json: SweepSummary & { dir: string }; stderr: string } {
  const r = spawnSync(process.execPath, [cli, 'sweep', file, '--out', out, '--parallel', '2', '--json', '--backend', 'wasm'], { encoding: 'utf8' });
  let json;
  try { json = JSON.parse(r.stdout); } catch { assert.fail(`stdout is not one JSON object:\n${r.stdout}\nstderr:\n${r.stderr}`); }
  return { code: r.status, json, stderr: r.stderr };
}

test('reglab sweep --json: every trial with its status; the same seeds twice give the same result', () => {
  requireBuild();
  const dir = tempDir();
  const file = writeExperiment(dir);
  const a = cliSweep(file, path.join(dir, 'a'));
  assert.equal(a.code, 0, a.stderr);
  assert.equal(a.json.trials.length, 4);
  assert.ok(a.json.trials.every((t) => t.status === 'completed' && typeof t.metric === 'number'), JSON.stringify(a.json.trials));
  assert.equal(a.json.selections[0].chosen !== undefined, true);
  assert.match(a.stderr, /\[4\/4\]/);
  const b = cliSweep(file, path.join(dir, 'b'));
  assert.deepEqual(b.json.trials.map((t) => t.metric), a.json.trials.map((t) => t.metric));
  assert.deepEqual(b.json.points, a.json.points);
  assert.deepEqual(b.json.selections, a.json.selections);
  // Same seed, different λ: the same data split (the run's first-epoch losses differ only through λ).
  const runA0 = readRun(path.resolve(a.json.dir, a.json.trials[0].path!));
  assert.equal(runA0.run.status, 'completed');
  assert.equal(runA0.metrics.length, 12);
});

test('SIGKILL of a real trainer mid-run: that trial is failed with its partial metrics, the sweep still chooses', async () => {
  requireBuild();
  const dir = tempDir();
  const exp = loadExperimentFile(writeExperiment(dir, { epochs: 400 }));
  const pids = new Map<number, number>();
  let killed = false;
  const { summary } = await runSweep(exp, {
    storeRoot: path.join(dir, 'store'), trainerPath, parallel: 2, backend: 'wasm',
    onEvent: (e) => {
      if (e.type === 'trial-started') pids.set(e.trial.index, e.pid);
      if (e.type === 'epoch' && e.trial.index === 0 && e.metrics.epoch === 3 && !killed) {
        killed = true;
        process.kill(pids.get(0)!, 'SIGKILL');
      }
    },
  });
  assert.ok(killed);
  assert.equal(summary.status, 'completed');
  const t0 = summary.trials[0];
  assert.equal(t0.status, 'failed');
  assert.match(t0.reason!, /killed by SIGKILL/);
  assert.ok(t0.epochsCompleted >= 3 && t0.epochsCompleted < 400);
  const onDisk = readRun(path.resolve(dir, 'store', summary.id, t0.path!));
  assert.equal(onDisk.run.status, 'failed');
  assert.ok(onDisk.metrics.length >= 3);
  assert.deepEqual(summary.trials.slice(1).map((t) => t.status), ['completed', 'completed', 'completed']);
  // λ = 0 lost a seed, so only λ = 0.5 is eligible.
  assert.match(summary.points[0].excluded!, /seed 0: failed/);
  assert.equal(summary.selections[0].chosen, 0.5);
  assert.equal(exitCode(summary), 1, 'a failed trial makes `reglab sweep` exit 1');
});

test('Ctrl-C on reglab sweep stops every trial within a second, keeps the epochs measured, exits 130', async () => {
  requireBuild();
  const dir = tempDir();
  const file = writeExperiment(dir, { epochs: 100000 });
  const out = path.join(dir, 'store');
  const child = spawn(process.execPath, [cli, 'sweep', file, '--out', out, '--parallel', '2', '--json', '--backend', 'wasm'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  const exited = new Promise<number | null>((r) => child.on('exit', (c) => r(c)));
  // Wait until both running trials have written metrics.
  const deadline = Date.now() + 60_000;
  const measuring = () => {
    if (!existsSync(out)) return 0;
    return readdirSync(out).filter((d) => {
      const f = path.join(out, d, 'metrics.jsonl');
      return existsSync(f) && statSync(f).size > 0;
    }).length;
  };
  while (measuring() < 2) {
    assert.ok(Date.now() < deadline, `trials never started:\n${stderr}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  // "Every trial stopped" is measured where it happens: the trainer processes are gone. The CLI
  // then writes the summaries and exits; that part only needs CPU, which a loaded CI box rations.
  const trainers = childPids(child.pid!);
  assert.equal(trainers.length, 2, 'two trainer processes run the two trials');
  const t0 = Date.now();
  child.kill('SIGINT');
  while (trainers.some(alive) && Date.now() - t0 < 5000) await new Promise((r) => setTimeout(r, 10));
  const stopped = Date.now() - t0;
  const code = await exited;
  const took = Date.now() - t0;
  assert.ok(stopped < 1000, `the trainers were gone after ${stopped} ms`);
  assert.ok(took < 3000, `the CLI exited after ${took} ms`);
  assert.equal(code, 130, stderr);
  const json = JSON.parse(stdout) as SweepSummary;
  assert.equal(json.status, 'stopped');
  assert.equal(json.trials.length, 4);
  const ran = json.trials.filter((t) => t.runId);
  assert.equal(ran.length, 2);
  for (const t of ran) {
    assert.equal(t.status, 'stopped');
    assert.ok(t.epochsCompleted >= 1);
  }
  assert.ok(json.trials.filter((t) => !t.runId).every((t) => t.status === 'stopped' && /before it started/.test(t.reason!)));
  const l = listStore(out);
  assert.ok(l.runs.every((r) => r.status === 'stopped' && r.epochsCompleted >= 1));
});

test('reglab sweep: a bad sweep.param is a clear error naming the file and the field', () => {
  requireBuild();
  const dir = tempDir();
  const file = writeExperiment(dir, { sweep: { param: 'optimizer.weightDeacy' } });
  const r = spawnSync(process.execPath, [cli, 'sweep', file, '--out', path.join(dir, 's')], { encoding: 'utf8' });
  assert.equal(r.status, 1);
  assert.equal(r.stdout, '');
  assert.match(r.stderr, /sweep\.reglab\.json(:\d+:\d+)?: sweep\.param:? "optimizer\.weightDeacy" (does not name a field|is not a numeric field)/);
  assert.ok(!existsSync(path.join(dir, 's')), 'nothing is written for bad input');
  const p = spawnSync(process.execPath, [cli, 'sweep', file, '--parallel', '0'], { encoding: 'utf8' });
  assert.equal(p.status, 2);
  assert.match(p.stderr, /--parallel must be an integer >= 1/);
});

test('reglab runs --json lists runs and sweeps; damaged files are warnings on stderr, exit 0', () => {
  requireBuild();
  const dir = tempDir();
  const file = writeExperiment(dir, { epochs: 3, sweep: { values: [0], seeds: [0, 1] } });
  const out = path.join(dir, 'store');
  const s = cliSweep(file, out);
  assert.equal(s.code, 0, s.stderr);
  const victim = path.resolve(s.json.dir, s.json.trials[1].path!, 'summary.json');
  truncateSync(victim, 10);
  const r = spawnSync(process.execPath, [cli, 'runs', '--out', out, '--json'], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  const listing = JSON.parse(r.stdout);
  assert.equal(listing.sweeps.length, 1);
  assert.equal(listing.runs.length, 2);
  assert.deepEqual(listing.runs.map((x: { status: string }) => x.status).sort(), ['completed', 'incomplete']);
  assert.match(r.stderr, /warning: .*summary\.json: not valid JSON/);
  const text = spawnSync(process.execPath, [cli, 'runs', '--out', out], { encoding: 'utf8' });
  assert.equal(text.status, 0);
  assert.match(text.stdout, /Sweeps in .*\n.*\n.*completed\s+optimizer\.weightDecay\s+2 completed\s+0 \(1se\)/);
  assert.match(text.stdout, /incomplete\s+3\/3/);
});

/** Process ids whose parent is `pid` (Linux /proc). */
function childPids(pid: number): number[] {
  return readdirSync('/proc').filter((d) => /^\d+$/.test(d)).filter((d) => {
    try { return Number(readFileSync(`/proc/${d}/stat`, 'utf8').replace(/^.*\) /s, '').split(' ')[1]) === pid; } catch { return false; }
  }).map(Number);
}

function alive(pid: number): boolean {
  try {
    // A zombie has exited: it only waits for its parent to read its status.
    return !/^Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /s, ''));
  } catch { return false; }
}

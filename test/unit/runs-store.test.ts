import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, readFileSync, readdirSync, truncateSync, statSync, writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import {
  RunWriter, RUN_FILES, listStore, readRun, newId, finalizeAbandonedRun, createSweepFolder,
  writeSweepSummary, trialLink, readSweep,
} from '../../src/core/runs';
import type { SweepSummary } from '../../src/core/sweep/types';
import { fakeEpoch, smallExperiment, tempDir } from './sweep-helpers';

test('a finished run has experiment, metrics, params and summary; no temp files are left', () => {
  const root = tempDir();
  const w = RunWriter.create({ root, experiment: smallExperiment() });
  for (let e = 1; e <= 3; e++) w.appendEpoch(fakeEpoch(e, [0.9, 0.5, 0.7][e - 1]));
  const s = w.finish({ status: 'completed', backend: 'wasm', params: { '0.bias': [1, 2] } });
  assert.deepEqual(readdirSync(w.dir).sort(), ['experiment.json', 'meta.json', 'metrics.jsonl', 'params.json', 'summary.json']);
  assert.equal(s.epochsCompleted, 3);
  assert.equal(s.final?.valLoss, 0.7);
  assert.deepEqual(s.best, { epoch: 2, valLoss: 0.5 });
  const exp = JSON.parse(readFileSync(path.join(w.dir, RUN_FILES.experiment), 'utf8'));
  assert.equal(exp.optimizer.betas[1], 0.999, 'the resolved experiment keeps every default');
  const back = readRun(w.dir);
  assert.equal(back.run.status, 'completed');
  assert.equal(back.metrics.length, 3);
  assert.deepEqual(back.warnings, []);
});

test('run ids sort by start time and stay unique when made in the same millisecond', () => {
  const t = new Date(Date.UTC(2026, 10, 29, 9, 5, 7, 42));
  const a = newId('x', t);
  assert.match(a, /^20261129-090507-042-x-[0-9a-f]{6}$/);
  assert.ok(newId('zzz', new Date(t.getTime() - 1)) < newId('aaa', t));
  const root = tempDir();
  const ids = new Set<string>();
  for (let i = 0; i < 200; i++) ids.add(RunWriter.create({ root, experiment: smallExperiment() }).id);
  assert.equal(ids.size, 200);
});

test('a run without summary is listed as incomplete with the epochs that reached disk', () => {
  const root = tempDir();
  const w = RunWriter.create({ root, experiment: smallExperiment(), sweep: { id: 'sw', param: 'optimizer.weightDecay', value: 0.1, seed: 2 } });
  w.appendEpoch(fakeEpoch(1));
  w.appendEpoch(fakeEpoch(2));
  // no finish(): as if the process were killed here
  const l = listStore(root);
  assert.equal(l.runs.length, 1);
  assert.equal(l.runs[0].status, 'incomplete');
  assert.equal(l.runs[0].epochsCompleted, 2);
  assert.equal(l.runs[0].epochsPlanned, 5);
  assert.equal(l.runs[0].sweep?.seed, 2);
  assert.deepEqual(l.warnings, []);
});

test('a truncated metrics line and a truncated summary are reported and skipped; listing goes on', () => {
  const root = tempDir();
  const a = RunWriter.create({ root, experiment: smallExperiment({ name: 'a' }) });
  for (let e = 1; e <= 4; e++) a.appendEpoch(fakeEpoch(e));
  a.finish({ status: 'completed', backend: 'cpu' });
  // Tear the last metrics line in half (a write cut short) and add garbage in the middle.
  const mf = path.join(a.dir, RUN_FILES.metrics);
  const lines = readFileSync(mf, 'utf8').split('\n');
  writeFileSync(mf, [lines[0], '{"epoch": 2, "trainLo', lines[2], lines[3].slice(0, 20)].join('\n'));
  const b = RunWriter.create({ root, experiment: smallExperiment({ name: 'b' }) });
  b.appendEpoch(fakeEpoch(1));
  b.finish({ status: 'stopped', backend: 'cpu', reason: 'user' });
  const sf = path.join(b.dir, RUN_FILES.summary);
  truncateSync(sf, Math.floor(statSync(sf).size / 2));
  mkdirSync(path.join(root, 'not-a-run')); // ignored: no run files
  writeFileSync(path.join(root, 'stray.txt'), 'x');

  const l = listStore(root);
  assert.equal(l.runs.length, 2);
  const ra = l.runs.find((r) => r.name === 'a')!;
  assert.equal(ra.status, 'completed');
  const rb = l.runs.find((r) => r.name === 'b')!;
  assert.equal(rb.status, 'incomplete', 'a torn summary is not trusted');
  assert.equal(rb.epochsCompleted, 1);
  assert.ok(l.warnings.some((w) => w.includes('metrics.jsonl:2') && /corrupt/.test(w)), l.warnings.join('\n'));
  assert.ok(l.warnings.some((w) => w.includes('metrics.jsonl:4') && /truncated/.test(w)), l.warnings.join('\n'));
  assert.ok(l.warnings.some((w) => w.includes('summary.json') && /not valid JSON/.test(w)), l.warnings.join('\n'));
  assert.equal(readRun(a.dir).metrics.map((m) => m.epoch).join(','), '1,3');
});

test('listing survives empty, missing and unreadable stores', () => {
  assert.deepEqual(listStore(path.join(tempDir(), 'nope')).runs, []);
  const root = tempDir();
  const d = path.join(root, '20261129-000000-000-x-000000');
  mkdirSync(d);
  writeFileSync(path.join(d, RUN_FILES.summary), '[1,2]');
  writeFileSync(path.join(d, RUN_FILES.meta), '');
  const l = listStore(root);
  assert.equal(l.runs.length, 1);
  assert.equal(l.runs[0].status, 'incomplete');
  assert.ok(l.warnings.length >= 2);
});

test('finalizeAbandonedRun writes a failed summary from what reached disk, once', () => {
  const root = tempDir();
  const w = RunWriter.create({ root, experiment: smallExperiment() });
  w.appendEpoch(fakeEpoch(1, 0.8));
  appendFileSync(path.join(w.dir, RUN_FILES.metrics), '{"epoch":2,'); // torn write of the killed process
  const s = finalizeAbandonedRun(w.dir, 'failed', 'killed by SIGKILL');
  assert.equal(s.status, 'failed');
  assert.equal(s.reason, 'killed by SIGKILL');
  assert.equal(s.epochsCompleted, 1);
  assert.equal(s.final?.valLoss, 0.8);
  assert.equal(readRun(w.dir).run.status, 'failed');
  assert.equal(finalizeAbandonedRun(w.dir, 'stopped', 'again').status, 'failed');
});

test('a sweep folder links its trials by relative path; a dead running sweep lists as incomplete', () => {
  const root = tempDir();
  const exp = smallExperiment();
  const sw = createSweepFolder(root, exp);
  const t = RunWriter.create({ root, experiment: exp, sweep: { id: sw.id, param: 'optimizer.weightDecay', value: 0.01, seed: 0 } });
  t.appendEpoch(fakeEpoch(1));
  const summary: SweepSummary = {
    kind: 'sweep', id: sw.id, name: exp.name, status: 'running', startedAt: new Date().toISOString(),
    param: 'optimizer.weightDecay', metric: 'valLoss', direction: 'min', select: 'min', values: [0.01], seeds: [0],
    variants: [], earlyStopping: { kind: 'none' }, parallel: 1,
    trials: [{ index: 0, value: 0.01, seed: 0, status: 'running', runId: t.id, path: trialLink(sw.dir, t.dir), epochsCompleted: 0, epochsPlanned: 5 }],
    points: [], selections: [], notes: [], counts: { running: 1 },
    pid: 999999999, // no such process: the sweep was killed
  };
  writeSweepSummary(sw.dir, summary);
  assert.equal(summary.trials[0].path, `../${t.id}`);
  const r = readSweep(sw.dir);
  assert.equal(r.sweep?.status, 'incomplete');
  assert.equal(r.sweep?.trials[0].status, 'incomplete');
  assert.equal(r.sweep?.trials[0].epochsCompleted, 1);
  const l = listStore(root);
  assert.equal(l.sweeps.length, 1);
  assert.equal(l.runs.length, 1);
  assert.equal(l.runs[0].live, undefined, 'a dead sweep trains nothing');
  // The same sweep with its process alive: the trial is training, not abandoned.
  writeSweepSummary(sw.dir, { ...summary, pid: process.pid });
  const alive = listStore(root);
  assert.equal(alive.sweeps[0].status, 'running');
  assert.equal(alive.runs[0].status, 'incomplete');
  assert.equal(alive.runs[0].live, true);
});

// metrics.jsonl durability at sweep speed: every epoch is written at once (readable by another
// process, kept through SIGKILL), while fdatasync runs at most once per FLUSH_INTERVAL_MS (a
// group commit) instead of back to back, and finish() still flushes before the summary.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs, { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { RunWriter, RUN_FILES } from '../../src/core/runs';
import { FLUSH_INTERVAL_MS } from '../../src/core/runs/runWriter';
import { fakeEpoch, smallExperiment, tempDir } from './sweep-helpers';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

test('200 fast epochs: each line is on file at once, one fdatasync per interval, a last one at finish', async (t) => {
  const calls = { async: 0, sync: 0 };
  const realAsync = fs.fdatasync;
  const realSync = fs.fdatasyncSync;
  t.after(() => { fs.fdatasync = realAsync; fs.fdatasyncSync = realSync; });
  fs.fdatasync = ((fd: number, cb: (err: NodeJS.ErrnoException | null) => void) => { calls.async++; realAsync(fd, cb); }) as typeof fs.fdatasync;
  fs.fdatasyncSync = ((fd: number) => { calls.sync++; realSync(fd); }) as typeof fs.fdatasyncSync;

  const w = RunWriter.create({ root: tempDir(), experiment: smallExperiment() });
  const file = path.join(w.dir, RUN_FILES.metrics);
  for (let e = 1; e <= 100; e++) {
    w.appendEpoch(fakeEpoch(e));
    assert.equal(readFileSync(file, 'utf8').trim().split('\n').length, e, `epoch ${e} is in the file when appendEpoch returns`);
  }
  await sleep(50);
  assert.equal(calls.async, 1, 'the first epoch starts a flush; the 99 after it wait for the interval');
  await sleep(FLUSH_INTERVAL_MS + 200);
  assert.equal(calls.async, 2, 'one more flush covers everything written during the interval');
  for (let e = 101; e <= 200; e++) w.appendEpoch(fakeEpoch(e));
  await sleep(50);
  assert.ok(calls.async <= 3, `at most one flush per interval (${calls.async})`);
  const s = w.finish({ status: 'completed', backend: 'wasm' });
  assert.equal(calls.sync, 1, 'finish flushes synchronously before writing the summary');
  assert.equal(s.epochsCompleted, 200);
  await sleep(FLUSH_INTERVAL_MS + 200);
  assert.ok(calls.async <= 3, 'no flush is scheduled after finish');
});

test('finishAsync writes the same files as finish (params, summary, every metrics line), leaves no temp file', async () => {
  const root = tempDir();
  const a = RunWriter.create({ root, experiment: smallExperiment({ name: 'sync' }) });
  const b = RunWriter.create({ root, experiment: smallExperiment({ name: 'async' }) });
  for (let e = 1; e <= 30; e++) { a.appendEpoch(fakeEpoch(e)); b.appendEpoch(fakeEpoch(e)); }
  const params = { '0.weight': [[1, 2]], '0.bias': [3] };
  const sa = a.finish({ status: 'completed', backend: 'wasm', params });
  const sb = await b.finishAsync({ status: 'completed', backend: 'wasm', params });
  const strip = (s: object) => ({ ...s, id: '', name: '', startedAt: '', finishedAt: '' });
  assert.deepEqual(strip(sb), strip(sa));
  assert.deepEqual(readdirSync(b.dir).sort(), ['experiment.json', 'meta.json', 'metrics.jsonl', 'params.json', 'summary.json']);
  assert.deepEqual(JSON.parse(readFileSync(path.join(b.dir, RUN_FILES.params), 'utf8')), params);
  assert.deepEqual(JSON.parse(readFileSync(path.join(b.dir, RUN_FILES.summary), 'utf8')), sb);
  assert.equal(readFileSync(path.join(b.dir, RUN_FILES.metrics), 'utf8').trim().split('\n').length, 30);
  assert.equal(await b.finishAsync({ status: 'failed', backend: 'wasm' }), sb, 'a finished run stays finished');
  assert.throws(() => b.appendEpoch(fakeEpoch(31)), /already finished/);
});

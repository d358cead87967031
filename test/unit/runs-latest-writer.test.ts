// A running sweep's sweep.json is rewritten in the background (LatestFileWriter,
// SweepSummaryFile): a burst of updates ends with the newest text on disk after few writes, no
// temp file left behind, and the final summary is never overwritten by an older background write.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { createSweepFolder, LatestFileWriter, SweepSummaryFile, SWEEP_FILES } from '../../src/core/runs';
import type { SweepSummary } from '../../src/core/sweep/types';
import { tempDir } from './sweep-helpers';

test('a burst of 200 writes leaves the newest text, written a few times only, without blocking', async () => {
  const dir = tempDir();
  const file = path.join(dir, 'state.json');
  const w = new LatestFileWriter(file);
  let replaced = 0;
  const original = (w as unknown as { replace(t: string): Promise<void> }).replace.bind(w);
  (w as unknown as { replace(t: string): Promise<void> }).replace = (t) => { replaced++; return original(t); };
  const t0 = performance.now();
  for (let i = 0; i < 200; i++) w.write(JSON.stringify({ i, pad: 'x'.repeat(10_000) }));
  const syncMs = performance.now() - t0;
  await w.idle();
  assert.equal(JSON.parse(readFileSync(file, 'utf8')).i, 199);
  assert.ok(replaced <= 2, `${replaced} writes for a burst of 200`);
  assert.ok(syncMs < 50, `write() took ${syncMs.toFixed(1)} ms in all`);
  assert.equal(w.error, undefined);
  assert.deepEqual(readdirSync(dir), ['state.json'], 'no temp file left');
});

test('a write error is kept, not thrown', async () => {
  const w = new LatestFileWriter(path.join(tempDir(), 'no-such-folder', 'x.json'));
  w.write('{}');
  await w.idle();
  assert.match(String(w.error?.message), /ENOENT/);
});

test('SweepSummaryFile.final waits for the background write: the final status stays on disk', async () => {
  const dir = tempDir();
  const f = new SweepSummaryFile(dir);
  const state = (status: SweepSummary['status'], n: number) => ({ kind: 'sweep', id: 's', status, trials: new Array(n).fill({ pad: 'y'.repeat(5000) }) }) as unknown as SweepSummary;
  for (let i = 0; i < 50; i++) f.update(state('running', i));
  await f.final(state('completed', 50));
  await new Promise((r) => setTimeout(r, 50));
  const onDisk = JSON.parse(readFileSync(path.join(dir, SWEEP_FILES.sweep), 'utf8'));
  assert.equal(onDisk.status, 'completed');
  assert.equal(onDisk.trials.length, 50);
});

test('SweepSummaryFile.final flushes on libuv\'s pool: the caller\'s event loop keeps turning, and the file is complete', async () => {
  const dir = tempDir();
  const f = new SweepSummaryFile(dir);
  const state = { kind: 'sweep', id: 's', status: 'completed', trials: [{ pad: 'z'.repeat(50_000) }] } as unknown as SweepSummary;
  // With the write and its fsyncs done synchronously, final() resolves without the loop turning
  // once (no setImmediate runs); the VS Code extension host awaits it at the end of every sweep.
  let turns = 0;
  let done = false;
  const turn = (): void => { turns++; if (!done) setImmediate(turn); };
  setImmediate(turn);
  await f.final(state);
  done = true;
  assert.ok(turns > 0, 'final() blocked the event loop until it was done');
  assert.equal(JSON.parse(readFileSync(path.join(dir, SWEEP_FILES.sweep), 'utf8')).trials[0].pad.length, 50_000);
  assert.deepEqual(readdirSync(dir), [SWEEP_FILES.sweep], 'no temp file left');
});

test('createSweepFolder writes the resolved experiment without a flush (a sweep\'s start does not wait on the disk)', () => {
  const root = tempDir();
  const fsyncs: string[] = [];
  // The module object itself (an ESM namespace would be read-only), as atomicWrite.ts sees it.
  const fs = require('node:fs') as typeof import('node:fs');
  const original = fs.fsyncSync;
  (fs as { fsyncSync: typeof fs.fsyncSync }).fsyncSync = (fd) => { fsyncs.push(String(fd)); return original(fd); };
  try {
    const exp = { name: 'flushless', training: { epochs: 1 } } as unknown as Parameters<typeof createSweepFolder>[1];
    const { dir } = createSweepFolder(root, exp);
    assert.equal(JSON.parse(readFileSync(path.join(dir, SWEEP_FILES.experiment), 'utf8')).name, 'flushless');
  } finally {
    (fs as { fsyncSync: typeof fs.fsyncSync }).fsyncSync = original;
  }
  assert.deepEqual(fsyncs, [], 'fsyncSync was called');
});

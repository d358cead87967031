// A running sweep's sweep.json is rewritten in the background (LatestFileWriter,
// SweepSummaryFile): a burst of updates ends with the newest text on disk after few writes, no
// temp file left behind, and the final summary is never overwritten by an older background write.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { LatestFileWriter, SweepSummaryFile, SWEEP_FILES } from '../../src/core/runs';
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

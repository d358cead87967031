// Epoch progress from a trainer to its parent in batches (src/trainer/progressBatch.ts): the first
// epoch goes out at once, those within the interval after a send wait for the next send (or the
// timer), nothing is lost or reordered, and interval 0 sends every epoch by itself.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ProgressBatch } from '../../src/trainer/progressBatch';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

test('fast epochs are batched; the timer sends a waiting batch; flush sends the rest', async () => {
  const sent: number[][] = [];
  const b = new ProgressBatch<number>(80, (items) => sent.push(items));
  b.add(1);
  assert.deepEqual(sent, [[1]], 'the first epoch is sent at once');
  b.add(2);
  b.add(3);
  assert.deepEqual(sent, [[1]], 'epochs within the interval wait');
  await sleep(200);
  assert.deepEqual(sent, [[1], [2, 3]], 'the timer sends them without another epoch arriving');
  b.add(4);
  assert.equal(sent.length, 3, 'after a quiet interval the next epoch goes out at once');
  b.add(5);
  b.flush();
  assert.deepEqual(sent, [[1], [2, 3], [4], [5]]);
  b.flush();
  assert.equal(sent.length, 4, 'an empty flush sends nothing');
  await sleep(150);
  assert.equal(sent.length, 4, 'a flush cancels the pending timer');
});

test('interval 0 sends each epoch as it comes', () => {
  const sent: number[][] = [];
  const b = new ProgressBatch<number>(0, (items) => sent.push(items));
  for (let i = 1; i <= 5; i++) b.add(i);
  assert.deepEqual(sent, [[1], [2], [3], [4], [5]]);
});

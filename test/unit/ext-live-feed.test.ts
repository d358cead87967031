// Live epochs reach the panel in batches (panel/liveFeed.ts): at most one post per interval
// however many epochs arrive, each epoch exactly once and in order, only new epochs per post, and
// flush() posts what is buffered at once (a run's end).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LiveFeed, type EpochBatch, type FeedClock } from '../../src/extension/panel/liveFeed';
import { fakeEpoch } from './sweep-helpers';

class FakeClock implements FeedClock {
  t = 1000;
  private timers: Array<{ at: number; fn: () => void; id: number }> = [];
  private ids = 0;
  now(): number { return this.t; }
  setTimeout(fn: () => void, ms: number): unknown { const id = ++this.ids; this.timers.push({ at: this.t + ms, fn, id }); return id; }
  clearTimeout(h: unknown): void { this.timers = this.timers.filter((x) => x.id !== h); }
  advance(ms: number): void {
    const end = this.t + ms;
    for (;;) {
      const next = this.timers.filter((x) => x.at <= end).sort((a, b) => a.at - b.at)[0];
      if (!next) break;
      this.timers = this.timers.filter((x) => x !== next);
      this.t = next.at;
      next.fn();
    }
    this.t = end;
  }
}

test('400 epochs a second from two runs become at most 5 posts a second, each epoch once and in order', () => {
  const clock = new FakeClock();
  const posts: Array<{ at: number; batch: EpochBatch[] }> = [];
  const feed = new LiveFeed((batch) => posts.push({ at: clock.now(), batch }), 200, clock);
  const sent = new Map<string, number[]>([['a', []], ['b', []]]);
  for (let i = 1; i <= 400; i++) {
    const run = i % 2 ? 'a' : 'b';
    const epoch = Math.ceil(i / 2);
    feed.push(run, fakeEpoch(epoch, 1 / epoch));
    sent.get(run)!.push(epoch);
    clock.advance(2.5);
  }
  clock.advance(1000);
  assert.ok(posts.length >= 5 && posts.length <= 6, `${posts.length} posts in 1 s`);
  for (let i = 1; i < posts.length; i++) assert.ok(posts[i]!.at - posts[i - 1]!.at >= 200, `posts ${posts[i - 1]!.at} and ${posts[i]!.at} closer than 200 ms`);
  assert.equal(posts[0]!.at, 1000, 'the first epoch after a quiet spell goes at once');
  for (const run of ['a', 'b']) {
    const received = posts.flatMap((p) => p.batch.filter((b) => b.runId === run).flatMap((b) => b.metrics.map((m) => m.epoch)));
    assert.deepEqual(received, sent.get(run), `run ${run}: every epoch once, in order`);
  }
});

test('flush posts the buffered epochs at once and cancels the pending post; clear drops them', () => {
  const clock = new FakeClock();
  const posts: EpochBatch[][] = [];
  const feed = new LiveFeed((batch) => posts.push(batch), 200, clock);
  feed.push('a', fakeEpoch(1, 1));
  assert.equal(posts.length, 1);
  clock.advance(10);
  feed.push('a', fakeEpoch(2, 1));
  feed.push('a', fakeEpoch(3, 1));
  assert.equal(posts.length, 1, 'buffered within the interval');
  feed.flush();
  assert.deepEqual(posts[1]!.map((b) => [b.runId, b.metrics.map((m) => m.epoch)]), [['a', [2, 3]]]);
  clock.advance(1000);
  assert.equal(posts.length, 2, 'nothing left to post after the flush');
  feed.flush();
  assert.equal(posts.length, 2, 'an empty flush posts nothing');
  clock.advance(10);
  feed.push('b', fakeEpoch(1, 1));
  clock.advance(1);
  feed.push('b', fakeEpoch(2, 1));
  feed.clear();
  clock.advance(1000);
  assert.deepEqual(posts.slice(2).flat().map((b) => b.metrics.map((m) => m.epoch)), [[1]], 'the cleared epoch 2 is never posted');
});

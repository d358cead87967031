// WarmTrainers (the extension's idle trainer processes between runs), with stand-in pools and a
// fake clock: the next run reuses the idle trainers under the same key and replaces them under
// another, they exit when the keep time runs out, on Stop All (closeAll, also the running ones')
// and dispose, when keeping is off, when trust is gone, and never more than the parallel setting
// stay idle; a run the user stopped keeps its trainers for the next.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { WarmTrainers, type WarmablePool, type WarmClock } from '../../src/core/sweep/warmTrainers';

class FakeClock implements WarmClock {
  now = 0;
  private timers = new Map<number, { at: number; fn: () => void }>();
  private next = 1;
  setTimeout(fn: () => void, ms: number): unknown {
    const id = this.next++;
    this.timers.set(id, { at: this.now + ms, fn });
    return id;
  }
  clearTimeout(h: unknown): void {
    this.timers.delete(h as number);
  }
  advance(ms: number): void {
    const until = this.now + ms;
    for (;;) {
      const due = [...this.timers].filter(([, t]) => t.at <= until).sort((a, b) => a[1].at - b[1].at)[0];
      if (!due) break;
      this.timers.delete(due[0]);
      this.now = due[1].at;
      due[1].fn();
    }
    this.now = until;
  }
  get pending(): number {
    return this.timers.size;
  }
}

let nextPid = 1000;

/** A pool of pretend processes: start() forks up to count (dead ones do not count), setParallel trims. */
class FakePool implements WarmablePool {
  isCancelled = false;
  alive: number[] = [];
  closed = false;
  forked = 0;
  parallel: number;
  constructor(readonly key: string, parallel: number) {
    this.parallel = parallel;
  }
  get idlePids(): number[] {
    return this.closed ? [] : [...this.alive];
  }
  setParallel(n: number): void {
    this.parallel = n;
    this.alive = this.alive.slice(0, n);
  }
  start(count = this.parallel): void {
    this.closed = false;
    while (this.alive.length < Math.min(count, this.parallel)) {
      this.alive.push(nextPid++);
      this.forked++;
    }
  }
  close(): void {
    this.closed = true;
    this.alive = [];
  }
  reopen(): void {
    this.isCancelled = false;
  }
  /** A trainer died while idle. */
  die(pid: number): void {
    this.alive = this.alive.filter((p) => p !== pid);
  }
}

function setup(opts: { keepMs?: number; allowed?: () => boolean } = {}) {
  const clock = new FakeClock();
  const created: FakePool[] = [];
  const closes: Array<{ why: string; pids: number[] }> = [];
  const warm = new WarmTrainers<FakePool>({
    create: (key, parallel) => {
      const p = new FakePool(key, parallel);
      created.push(p);
      return p;
    },
    keepMs: opts.keepMs ?? 120_000,
    clock,
    ...(opts.allowed ? { allowed: opts.allowed } : {}),
    onClose: (why, pids) => closes.push({ why, pids }),
  });
  return { clock, created, closes, warm };
}

test('the next run reuses the idle trainers (same processes, nothing forked) within the keep time', () => {
  const { clock, created, warm } = setup();
  const a = warm.acquire('k', 2);
  assert.equal(a.alive.length, 2, 'trainers forked when the run starts, before it loads');
  const pids = [...a.alive];
  warm.release(a, 'k', 2);
  assert.deepEqual(warm.idlePids, pids);
  clock.advance(119_000);
  const b = warm.acquire('k', 2);
  assert.equal(b, a, 'the same pool');
  assert.deepEqual(b.alive, pids, 'the same processes');
  assert.equal(b.forked, 2, 'nothing forked for the second run');
  assert.equal(created.length, 1);
  assert.deepEqual(warm.idlePids, [], 'lent out: no longer idle');
  assert.equal(clock.pending, 0, 'the expiry timer stopped while in use');
});

test('idle trainers exit when the keep time runs out, and the next run forks new ones', () => {
  const { clock, created, closes, warm } = setup({ keepMs: 120_000 });
  const a = warm.acquire('k', 1);
  warm.release(a, 'k', 1);
  clock.advance(119_999);
  assert.equal(a.closed, false);
  clock.advance(1);
  assert.equal(a.closed, true, 'closed at 120 s');
  assert.deepEqual(warm.idlePids, []);
  assert.match(closes[0].why, /idle for 120 s/);
  const b = warm.acquire('k', 1);
  assert.notEqual(b, a);
  assert.equal(created.length, 2);
});

test('a warm trainer that died is replaced when the pool is taken again; the live one is kept', () => {
  const { warm } = setup();
  const a = warm.acquire('k', 2);
  const [first, second] = a.alive;
  warm.release(a, 'k', 2);
  a.die(first);
  const b = warm.acquire('k', 2);
  assert.equal(b, a);
  assert.equal(b.alive.length, 2, 'topped up to two');
  assert.ok(b.alive.includes(second), 'the surviving warm trainer is reused');
  assert.ok(!b.alive.includes(first));
  assert.equal(b.forked, 3, 'one fork: the replacement');
});

test('no more idle trainers than the parallel setting', () => {
  const { warm } = setup();
  const a = warm.acquire('k', 4);
  assert.equal(a.alive.length, 4);
  warm.release(a, 'k', 2); // the setting went down to 2 meanwhile
  assert.equal(warm.idlePids.length, 2);
  warm.trimIdle(1);
  assert.equal(warm.idlePids.length, 1, 'trimmed when the setting changes while idle');
  const b = warm.acquire('k', 3, 1);
  assert.equal(b.alive.length, 1, 'a single run makes one ready (the warm one)');
  assert.equal(b.parallel, 3);
});

test('another key (backend, trainer build) replaces the idle trainers instead of reusing them', () => {
  const { created, closes, warm } = setup();
  const a = warm.acquire('wasm', 1);
  warm.release(a, 'wasm', 1);
  const b = warm.acquire('cpu', 1);
  assert.notEqual(b, a);
  assert.equal(a.closed, true, 'the old idle trainers exit');
  assert.match(closes[0].why, /replaced/);
  assert.equal(created.length, 2);
});

test('Stop All (closeAll: idle now, running ones when they end), dispose and a keep time of 0 leave no idle trainer', () => {
  {
    const { clock, warm } = setup();
    const a = warm.acquire('k', 2);
    const running = warm.acquire('k', 2); // a second job at once: its own pool
    assert.notEqual(running, a);
    warm.release(a, 'k', 2);
    warm.closeAll('Stop All');
    assert.equal(a.closed, true);
    assert.equal(clock.pending, 0, 'no timer left behind');
    running.isCancelled = true; // its sweep was stopped
    warm.release(running, 'k', 2);
    assert.equal(running.closed, true, 'the stopped sweep\'s trainers exit too');
    assert.deepEqual(warm.idlePids, []);
    const next = warm.acquire('k', 2);
    assert.ok(next !== a && next !== running, 'the next run starts on new trainers');
  }
  {
    const { warm } = setup();
    const a = warm.acquire('k', 2);
    const lent = warm.acquire('k', 2); // a second job at once gets its own pool
    assert.notEqual(lent, a);
    warm.release(a, 'k', 2);
    warm.dispose();
    assert.equal(a.closed, true, 'idle trainers exit on dispose');
    warm.release(lent, 'k', 2);
    assert.equal(lent.closed, true, 'a pool released after dispose is closed, not kept');
    assert.throws(() => warm.acquire('k', 1), /disposed/);
  }
  {
    const { warm } = setup({ keepMs: 0 });
    const a = warm.acquire('k', 2);
    warm.release(a, 'k', 2);
    assert.equal(a.closed, true, 'keep time 0: trainers exit when the run ends');
  }
});

test('a run the user stopped (its pool cancelled) keeps its trainers, reopened for the next run', () => {
  const { warm } = setup();
  const a = warm.acquire('k', 2);
  const pids = [...a.alive];
  a.isCancelled = true;
  warm.release(a, 'k', 2);
  assert.equal(a.closed, false);
  assert.equal(a.isCancelled, false, 'reopened');
  assert.deepEqual(warm.idlePids, pids);
  assert.equal(warm.acquire('k', 2), a);
});

test('turning the setting to 0 ends idle trainers; a new keep time counts from the change', () => {
  const { clock, warm } = setup({ keepMs: 120_000 });
  const a = warm.acquire('k', 1);
  warm.release(a, 'k', 1);
  clock.advance(100_000);
  warm.setKeepMs(60_000);
  clock.advance(59_000);
  assert.equal(a.closed, false);
  clock.advance(1_000);
  assert.equal(a.closed, true);
  const b = warm.acquire('k', 1);
  warm.release(b, 'k', 1);
  warm.setKeepMs(0);
  assert.equal(b.closed, true, 'setting 0 ends them at once');
});

test('trust revoked: trainers are not kept; closeIdle ends those already idle', () => {
  let trusted = true;
  const { warm } = setup({ allowed: () => trusted });
  const a = warm.acquire('k', 2);
  const b = warm.acquire('k', 2);
  warm.release(a, 'k', 2);
  trusted = false;
  warm.closeIdle('workspace trust revoked');
  assert.equal(a.closed, true);
  warm.release(b, 'k', 2);
  assert.equal(b.closed, true, 'a run ending in an untrusted workspace keeps nothing');
  assert.deepEqual(warm.idlePids, []);
});

test('two jobs at once: the later one released is kept, the earlier idle one exits', () => {
  const { warm } = setup();
  const a = warm.acquire('k', 1);
  const b = warm.acquire('k', 1);
  warm.release(a, 'k', 1);
  warm.release(b, 'k', 1);
  assert.equal(a.closed, true);
  assert.equal(b.closed, false);
  assert.deepEqual(warm.idlePids, b.alive);
  warm.release(b, 'k', 1); // released twice: ignored
  assert.deepEqual(warm.idlePids, b.alive);
});

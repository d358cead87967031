// Warm trainers for a long-lived host (the VS Code extension): after a run or sweep, its trainer
// processes stay alive, idle, for a while and the next run or sweep takes them instead of forking
// new ones. A fresh trainer pays ~0.7 CPU s before it trains at full speed (loading TF.js, then V8
// optimizing TF.js's hot paths over its first trials: docs/sweeps.md "Performance"); a warm one
// has paid it. Trainers are reused only under the same key (trainer script, backend, priority,
// environment: whatever a fresh trainer would get differently), else replaced. At most one set
// of idle trainers is kept, never more processes than the parallel setting, and they exit when
// the idle time runs out, on closeIdle() (stop all, trust revoked) and on dispose(). A run or
// sweep the user stopped keeps its trainers (those that closed their run in time); Stop All
// (closeIdle with the lent pools) does not. The timer is the only clock: tests pass a fake one.
// No vscode import.

/** What WarmTrainers needs of a trainer pool (TrainerPool with keepIdle). */
export interface WarmablePool {
  readonly isCancelled: boolean;
  readonly idlePids: number[];
  /** Trainers at most; idle ones beyond it exit. */
  setParallel(parallel: number): void;
  /** Forks trainers up to `count` (dead idle ones are not counted, so they are replaced). */
  start(count?: number): void;
  /** Idle trainers exit. */
  close(): void;
  /** A cancelled pool may run again (on the trainers it kept). */
  reopen(): void;
}

export interface WarmClock {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const realClock: WarmClock = {
  setTimeout: (fn, ms) => {
    const t = setTimeout(fn, ms);
    t.unref?.(); // idle trainers never keep a host process alive
    return t;
  },
  clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout),
};

export interface WarmTrainersOptions<P> {
  /** A new pool (keepIdle) for `key`, with `parallel` trainers at most. */
  create(key: string, parallel: number): P;
  /** How long idle trainers stay, in ms (0: they exit as soon as a run or sweep ends). */
  keepMs: number;
  /** Checked when trainers would be kept (false: e.g. the workspace is no longer trusted). */
  allowed?: () => boolean;
  clock?: WarmClock;
  /** Why idle trainers went (for a log). */
  onClose?: (why: string, pids: number[]) => void;
}

interface Idle<P> {
  key: string;
  pool: P;
  timer: unknown;
}

export class WarmTrainers<P extends WarmablePool> {
  private idle: Idle<P> | undefined;
  private readonly lent = new Set<P>();
  /** Lent pools whose trainers must exit when released (Stop All). */
  private readonly discard = new WeakSet<P>();
  private keepMs: number;
  private disposed = false;
  private readonly clock: WarmClock;

  constructor(private readonly opts: WarmTrainersOptions<P>) {
    this.keepMs = Math.max(0, opts.keepMs);
    this.clock = opts.clock ?? realClock;
  }

  /** Process ids of the idle trainers kept now. */
  get idlePids(): number[] {
    return this.idle?.pool.idlePids ?? [];
  }

  /**
   * A pool for a run or sweep: the idle trainers when their key matches (else they exit and a new
   * pool is made), with `start` trainers forked or kept ready now (dead ones replaced) so their
   * start-up overlaps the caller's loading. Give it back with release().
   */
  acquire(key: string, parallel: number, start = parallel): P {
    if (this.disposed) throw new Error('the trainers were disposed');
    let pool: P;
    const idle = this.idle;
    if (idle && idle.key === key && !idle.pool.isCancelled) {
      this.clock.clearTimeout(idle.timer);
      this.idle = undefined;
      pool = idle.pool;
    } else {
      if (idle) this.closeIdle('replaced: the trainer settings changed');
      pool = this.opts.create(key, parallel);
    }
    pool.setParallel(parallel);
    pool.start(start);
    this.lent.add(pool);
    return pool;
  }

  /**
   * The run or sweep is over: its idle trainers (at most `maxIdle`) stay for the keep time, unless
   * keeping is off or not allowed, the pool was cancelled, or it is disposed. A pool kept earlier
   * under another key is closed (the newest settings win).
   */
  release(pool: P, key: string, maxIdle: number): void {
    if (!this.lent.delete(pool)) return;
    if (this.disposed || this.discard.has(pool) || this.keepMs <= 0 || !(this.opts.allowed?.() ?? true) || maxIdle < 1) {
      pool.close();
      return;
    }
    pool.reopen(); // a stopped run's trainers serve the next one
    if (this.idle) this.closeIdle('replaced by the trainers of a later run');
    pool.setParallel(maxIdle);
    this.idle = { key, pool, timer: this.clock.setTimeout(() => this.closeIdle(`idle for ${this.keepMs / 1000} s`), this.keepMs) };
  }

  /** Idle trainers exit now, and so do those of the lent pools when they are released (Stop All). */
  closeAll(why: string): void {
    for (const p of this.lent) this.discard.add(p);
    this.closeIdle(why);
  }

  /** Idle trainers exit now (workspace trust revoked, the keep time ran out). */
  closeIdle(why: string): void {
    const idle = this.idle;
    if (!idle) return;
    this.idle = undefined;
    this.clock.clearTimeout(idle.timer);
    const pids = idle.pool.idlePids;
    idle.pool.close();
    this.opts.onClose?.(why, pids);
  }

  /** At most `max` idle trainers (the parallel setting went down). */
  trimIdle(max: number): void {
    if (!this.idle) return;
    if (max < 1) this.closeIdle('the parallel setting allows none');
    else this.idle.pool.setParallel(max);
  }

  /** A new keep time: 0 closes the idle trainers; otherwise it counts from now. */
  setKeepMs(ms: number): void {
    this.keepMs = Math.max(0, ms);
    if (!this.idle) return;
    if (this.keepMs <= 0) return this.closeIdle('keeping trainers warm was turned off');
    this.clock.clearTimeout(this.idle.timer);
    this.idle.timer = this.clock.setTimeout(() => this.closeIdle(`idle for ${this.keepMs / 1000} s`), this.keepMs);
  }

  /** Idle trainers exit now; pools still lent close when released. */
  dispose(): void {
    this.closeAll('disposed');
    this.disposed = true;
  }
}

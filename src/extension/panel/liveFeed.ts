// Live epochs for the panel, batched: a sweep's trainers report hundreds of epochs a second, and
// one webview post per epoch kept the extension host busy serializing messages. Epochs are
// buffered per run and posted together at most once per interval (the first after a quiet spell
// goes at once); `flush` posts what is buffered now (before a run's `runFinished`, so the panel
// has every epoch first). Each post carries only the new epochs. Pure Node: no vscode import.
import type { EpochMetrics } from '../../core/train/types';

export interface EpochBatch {
  runId: string;
  metrics: EpochMetrics[];
}

export interface FeedClock {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const REAL_CLOCK: FeedClock = {
  now: () => performance.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout),
};

/** Default: at most 5 epoch posts a second. */
export const LIVE_FEED_INTERVAL_MS = 200;

export class LiveFeed {
  private readonly buffered = new Map<string, EpochMetrics[]>();
  private timer: unknown;
  private lastPost = -Infinity;

  constructor(
    private readonly post: (batch: EpochBatch[]) => void,
    private readonly intervalMs = LIVE_FEED_INTERVAL_MS,
    private readonly clock: FeedClock = REAL_CLOCK,
  ) {}

  push(runId: string, metrics: EpochMetrics): void {
    let list = this.buffered.get(runId);
    if (!list) this.buffered.set(runId, (list = []));
    list.push(metrics);
    if (this.timer !== undefined) return;
    const wait = this.lastPost + this.intervalMs - this.clock.now();
    if (wait <= 0) this.flush();
    else this.timer = this.clock.setTimeout(() => { this.timer = undefined; this.flush(); }, wait);
  }

  /** Posts everything buffered now (nothing when the buffer is empty). */
  flush(): void {
    if (this.timer !== undefined) { this.clock.clearTimeout(this.timer); this.timer = undefined; }
    if (!this.buffered.size) return;
    const batch = [...this.buffered].map(([runId, metrics]) => ({ runId, metrics }));
    this.buffered.clear();
    this.lastPost = this.clock.now();
    this.post(batch);
  }

  /** Forgets what is buffered (the panel is about to get the full live data instead). */
  clear(): void {
    if (this.timer !== undefined) { this.clock.clearTimeout(this.timer); this.timer = undefined; }
    this.buffered.clear();
  }

  dispose(): void {
    this.clear();
  }
}

// Batches a trial's epoch progress for the parent: an epoch goes out at once when `intervalMs`
// has passed since the last send, otherwise it waits (at most `intervalMs`, on a timer) and goes
// out with the epochs after it. A fast trial (a small model trains hundreds of epochs a second)
// then costs the parent a message per interval instead of one per epoch: each message wakes the
// parent, which shares the machine's cores with the trainers. intervalMs 0 sends every epoch.
export class ProgressBatch<T> {
  private pending: T[] = [];
  private lastSent = -Infinity;
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly intervalMs: number, private readonly send: (items: T[]) => void) {}

  add(item: T): void {
    this.pending.push(item);
    const since = performance.now() - this.lastSent;
    if (since >= this.intervalMs) this.flush();
    else this.timer ??= setTimeout(() => this.flush(), this.intervalMs - since);
  }

  /** Sends whatever is pending now (the trial's end, a stop). */
  flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (!this.pending.length) return;
    const items = this.pending;
    this.pending = [];
    this.lastSent = performance.now();
    this.send(items);
  }
}

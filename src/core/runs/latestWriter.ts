// Keeps a file that is rewritten often (a running sweep's sweep.json) current without blocking
// the process that writes it: each write replaces the file atomically (temp file + rename) on
// libuv's thread pool, one at a time, and a write requested while one is in flight only marks the
// newest text to write next, so a burst of updates costs at most two writes. The extension host
// runs sweeps in-process, where a synchronous rewrite per trial stalled its event loop.
import { open, rename, unlink } from 'node:fs/promises';
import path from 'node:path';

export class LatestFileWriter {
  private pending: string | undefined;
  private running: Promise<void> | undefined;
  private seq = 0;
  /** The first error of a write (the next successful write does not clear it). */
  error: Error | undefined;

  constructor(private readonly file: string) {}

  /** Schedules `text` as the file's next content (superseding any text not yet written). */
  write(text: string): void {
    this.pending = text;
    this.running ??= this.drain();
  }

  /** Resolves when everything requested so far is on disk (or failed: see `error`). */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  private async drain(): Promise<void> {
    try {
      while (this.pending !== undefined) {
        const text = this.pending;
        this.pending = undefined;
        await this.replace(text);
      }
    } finally {
      this.running = undefined;
    }
  }

  private async replace(text: string): Promise<void> {
    const tmp = path.join(path.dirname(this.file), `.${path.basename(this.file)}.${process.pid}.async${++this.seq}.tmp`);
    try {
      const fh = await open(tmp, 'w');
      try { await fh.writeFile(text); } finally { await fh.close(); }
      await rename(tmp, this.file);
    } catch (err) {
      this.error ??= err as Error;
      await unlink(tmp).catch(() => undefined);
    }
  }
}

// Crash-safe file writes: a reader sees either the old file or the complete new one, never half.
import { closeSync, fsyncSync, openSync, renameSync, writeSync, unlinkSync } from 'node:fs';
import path from 'node:path';

function fsyncDir(dir: string): void {
  // Makes the rename itself durable. Not every platform lets a directory be opened; that is fine.
  try {
    const fd = openSync(dir, 'r');
    try { fsyncSync(fd); } finally { closeSync(fd); }
  } catch { /* best effort */ }
}

export interface AtomicWriteOptions {
  /**
   * Default true: fsync the file and its folder, so the new content survives a machine crash.
   * false keeps the all-or-nothing rename (enough against a killed process) and skips the two
   * flushes (a few ms each) for files rewritten often, such as a running sweep's sweep.json.
   */
  durable?: boolean;
}

/** Writes `text` to a temp file beside `file`, fsyncs it, then renames it over `file`. */
export function writeFileAtomic(file: string, text: string, opts: AtomicWriteOptions = {}): void {
  const durable = opts.durable ?? true;
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.${Date.now()}.tmp`);
  const fd = openSync(tmp, 'w');
  try {
    writeSync(fd, text);
    if (durable) fsyncSync(fd);
  } catch (err) {
    closeSync(fd);
    try { unlinkSync(tmp); } catch { /* already gone */ }
    throw err;
  }
  closeSync(fd);
  renameSync(tmp, file);
  if (durable) fsyncDir(path.dirname(file));
}

export function writeJsonAtomic(file: string, value: unknown, opts: AtomicWriteOptions = {}): void {
  writeFileAtomic(file, JSON.stringify(value, null, 2) + '\n', opts);
}

// Crash-safe file writes: a reader sees either the old file or the complete new one, never half.
import { closeSync, fsyncSync, openSync, renameSync, writeSync, unlinkSync } from 'node:fs';
import { open, rename, unlink } from 'node:fs/promises';
import path from 'node:path';

function tempName(file: string): string {
  return path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.${Date.now()}.tmp`);
}

function fsyncDir(dir: string): void {
  // Makes the rename itself durable. Not every platform lets a directory be opened; that is fine.
  try {
    const fd = openSync(dir, 'r');
    try { fsyncSync(fd); } finally { closeSync(fd); }
  } catch { /* best effort */ }
}

/** fsyncDir off the calling thread (libuv's pool): for a host whose event loop must not wait on the disk. */
async function fsyncDirAsync(dir: string): Promise<void> {
  try {
    const fh = await open(dir, 'r');
    try { await fh.sync(); } finally { await fh.close(); }
  } catch { /* best effort, as fsyncDir */ }
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
  const tmp = tempName(file);
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

/** The text of a JSON file of the store: indented, ending with a newline. */
export function jsonText(value: unknown): string {
  return JSON.stringify(value, null, 2) + '\n';
}

export function writeJsonAtomic(file: string, value: unknown, opts: AtomicWriteOptions = {}): void {
  writeFileAtomic(file, jsonText(value), opts);
}

/**
 * Durably replaces several files of one folder, each atomically, with their disk flushes
 * overlapped: the temp files are written and fsync'd concurrently on libuv's thread pool together
 * with `alsoFlush` (e.g. a metrics file's fdatasync), then renamed in the order given, then the
 * folder is fsync'd once. That is two flush latencies instead of two per file. A file renamed
 * later (a run's summary.json) never lands without one renamed before it (its params.json): the
 * renames follow all the flushes, in order.
 */
export async function writeFilesAtomicDurable(files: Array<{ file: string; text: string }>, alsoFlush: Array<Promise<void>> = []): Promise<void> {
  const tmps = files.map((f) => tempName(f.file));
  try {
    await Promise.all([
      ...files.map(async (f, i) => {
        const fh = await open(tmps[i], 'w');
        try {
          await fh.writeFile(f.text);
          await fh.sync();
        } finally {
          await fh.close();
        }
      }),
      ...alsoFlush,
    ]);
  } catch (err) {
    await Promise.all(tmps.map((t) => unlink(t).catch(() => undefined)));
    throw err;
  }
  for (let i = 0; i < files.length; i++) await rename(tmps[i], files[i].file);
  await Promise.all([...new Set(files.map((f) => path.dirname(f.file)))].map(fsyncDirAsync));
}

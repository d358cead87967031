// Paths in an experiment are relative to the experiment file's folder.
import path from 'node:path';

/** Whether `p` (absolute, or relative to `dir`) lies inside `dir` or one of its subfolders. */
export function isInside(dir: string, p: string): boolean {
  const rel = path.relative(path.resolve(dir), path.resolve(dir, p));
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

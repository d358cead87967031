// Paths that come from the webview, from experiment files or from the user must lie inside the
// workspace. The check resolves symbolic links (realpath) so a link inside the workspace cannot
// point outside it; for a path that does not exist yet, its nearest existing ancestor is resolved.
import path from 'node:path';
import { realpathSync } from 'node:fs';
import type { ResolvedExperiment } from '../../core/experiment/types';

/** True when `child` is `parent` or below it (both absolute, already normalised). */
export function isInside(child: string, parent: string): boolean {
  const rel = path.relative(parent, child);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

/** realpath of `p`, or of its nearest existing ancestor joined with the rest. */
export function realpathOrAncestor(p: string): string {
  const abs = path.resolve(p);
  let head = abs;
  const tail: string[] = [];
  for (;;) {
    try {
      return path.join(realpathSync(head), ...tail.reverse());
    } catch {
      const parent = path.dirname(head);
      if (parent === head) return abs;
      tail.push(path.basename(head));
      head = parent;
    }
  }
}

/** The workspace folder (one of `folders`) that really contains `p`, or undefined. */
export function containingFolder(p: string, folders: readonly string[]): string | undefined {
  const real = realpathOrAncestor(p);
  return folders.find((f) => isInside(real, realpathOrAncestor(f)));
}

/** A saved experiment's path with exactly one ".reglab.json" (some save dialogs append the filter's extension again). */
export function experimentFileName(p: string): string {
  return `${p.replace(/(\.reglab)?(\.json)*$/i, '').replace(/(\.reglab\.json)+$/i, '')}.reglab.json`;
}

/** Paths an experiment reads besides itself. */
export function experimentInputs(exp: ResolvedExperiment): string[] {
  const files: string[] = [];
  if (exp.data.source === 'csv') {
    files.push(path.resolve(exp.baseDir, exp.data.train));
    if (exp.data.val) files.push(path.resolve(exp.baseDir, exp.data.val));
  }
  if (exp.init) files.push(path.resolve(exp.baseDir, exp.init));
  return files;
}

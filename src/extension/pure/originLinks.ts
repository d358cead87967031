// Which Python optimizer call each experiment file from "Try in RegLab" came from, as stored in
// the workspace's state (so the link survives a reload), and how a rename of either file (or of a
// folder holding it) carries the link along. Pure: no vscode import.
import path from 'node:path';
import type { PythonOrigin } from './presetFromOptimizer';

/** Experiment file (absolute path) -> the Python call its sweeps apply λ to. */
export type OriginLinks = Record<string, PythonOrigin>;

/** `p` is `dir` or inside it (not merely a path starting with the same characters). */
function isAtOrUnder(p: string, dir: string): boolean {
  return p === dir || p.startsWith(dir.endsWith(path.sep) ? dir : dir + path.sep);
}

/** `p` after `from` was renamed to `to` (p itself, or a path inside the renamed folder). */
export function renamedPath(p: string, from: string, to: string): string {
  if (p === from) return to;
  return isAtOrUnder(p, from) ? path.join(to, path.relative(from, p)) : p;
}

/** The links after a file or folder rename: experiment files and Python files both follow. */
export function renameInLinks(links: OriginLinks, from: string, to: string): OriginLinks {
  const out: OriginLinks = {};
  for (const [experiment, origin] of Object.entries(links)) {
    const file = renamedPath(origin.file, from, to);
    out[renamedPath(experiment, from, to)] = file === origin.file ? origin : { ...origin, file };
  }
  return out;
}

/** The links without the experiment files at or under `deleted` (a deleted file or folder). */
export function withoutDeleted(links: OriginLinks, deleted: string): OriginLinks {
  return Object.fromEntries(Object.entries(links).filter(([experiment]) => !isAtOrUnder(experiment, deleted)));
}

/**
 * Keeps the well-formed entries of a stored `Record<string, PythonOrigin>` (links, or pending
 * presets by id): the state may come from an older version.
 */
export function parseLinks(v: unknown): OriginLinks {
  const out: OriginLinks = {};
  if (!v || typeof v !== 'object') return out;
  for (const [k, o] of Object.entries(v as Record<string, unknown>)) {
    const x = o as Partial<PythonOrigin> | null;
    if (x && x.kind === 'python' && typeof x.file === 'string' && typeof x.optimizer === 'string' && x.call && typeof x.call.line === 'number') out[k] = x as PythonOrigin;
  }
  return out;
}

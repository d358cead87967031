// Run and sweep ids: a UTC timestamp down to the millisecond (so ids sort by start time), a
// short slug of the name for people, and random hex so two ids made in the same millisecond
// (parallel trials) still differ. Folder creation is exclusive, so a clash is retried, not merged.
import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import path from 'node:path';

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

/** "20261129-145403-123" (UTC), fixed width so lexical order is time order. */
export function timestampPart(d: Date): string {
  return (
    `${pad(d.getUTCFullYear(), 4)}${pad(d.getUTCMonth() + 1, 2)}${pad(d.getUTCDate(), 2)}-` +
    `${pad(d.getUTCHours(), 2)}${pad(d.getUTCMinutes(), 2)}${pad(d.getUTCSeconds(), 2)}-` +
    pad(d.getUTCMilliseconds(), 3)
  );
}

/** Lowercase letters, digits, '.', '=' and '-' only; at most 48 characters. */
export function slug(name: string): string {
  const s = name.toLowerCase().replace(/[^a-z0-9.=]+/g, '-').replace(/^-+|-+$/g, '');
  return (s || 'run').slice(0, 48).replace(/-+$/, '');
}

export function newId(name: string, now: Date = new Date()): string {
  return `${timestampPart(now)}-${slug(name)}-${randomBytes(3).toString('hex')}`;
}

/** Creates a fresh, uniquely named folder under `root` and returns [id, absolute path]. */
export function createUniqueFolder(root: string, name: string): { id: string; dir: string } {
  mkdirSync(root, { recursive: true });
  for (let attempt = 0; attempt < 20; attempt++) {
    const id = newId(name);
    const dir = path.join(root, id);
    try {
      mkdirSync(dir); // not recursive: fails with EEXIST instead of sharing a folder
      return { id, dir };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
  }
  throw new Error(`could not create a unique run folder under ${root}`);
}

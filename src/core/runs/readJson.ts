// Reads a JSON file and says what went wrong (missing, unreadable, truncated) instead of throwing.
import { readFileSync } from 'node:fs';

export type ReadJson<T> = { ok: true; value: T } | { ok: false; missing: boolean; error: string };

/** Parses a JSON file; says whether it was missing or unreadable instead of throwing. */
export function readJsonFile<T>(file: string): ReadJson<T> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    return { ok: false, missing: code === 'ENOENT', error: `${file}: ${code === 'ENOENT' ? 'missing' : (err as Error).message}` };
  }
  try {
    return { ok: true, value: JSON.parse(text) as T };
  } catch (err) {
    return { ok: false, missing: false, error: `${file}: not valid JSON (${(err as Error).message}); ${text.length} bytes, probably truncated` };
  }
}

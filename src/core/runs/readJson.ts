// Reads a JSON file and says what went wrong (missing, unreadable, truncated) instead of throwing.
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';

export type ReadJson<T> = { ok: true; value: T } | { ok: false; missing: boolean; error: string };

/** Parses a JSON file; says whether it was missing or unreadable instead of throwing. */
export function readJsonFile<T>(file: string): ReadJson<T> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    return failedRead(file, err);
  }
  return parseJsonText<T>(file, text);
}

/** readJsonFile without blocking (read on libuv's thread pool). */
export async function readJsonFileAsync<T>(file: string): Promise<ReadJson<T>> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    return failedRead(file, err);
  }
  return parseJsonText<T>(file, text);
}

function failedRead(file: string, err: unknown): ReadJson<never> {
  const code = (err as NodeJS.ErrnoException).code;
  return { ok: false, missing: code === 'ENOENT', error: `${file}: ${code === 'ENOENT' ? 'missing' : (err as Error).message}` };
}

/** Parses the content `text` of `file`, with readJsonFile's errors. */
export function parseJsonText<T>(file: string, text: string): ReadJson<T> {
  try {
    return { ok: true, value: JSON.parse(text) as T };
  } catch (err) {
    return { ok: false, missing: false, error: `${file}: not valid JSON (${(err as Error).message}); ${text.length} bytes, probably truncated` };
  }
}

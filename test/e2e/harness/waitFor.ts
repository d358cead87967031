// Polls a condition until it holds: the suite waits for what it needs to see, never for a fixed time.

export interface WaitOptions {
  timeoutMs?: number;
  intervalMs?: number;
}

/**
 * Calls `probe` until it returns a value other than undefined/false, and returns that value.
 * On timeout, throws `Timed out after N ms waiting for <what>` with the last probe error or value.
 */
export async function waitFor<T>(
  what: string,
  probe: () => Promise<T | undefined | false> | T | undefined | false,
  { timeoutMs = 30_000, intervalMs = 200 }: WaitOptions = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await probe();
      if (v !== undefined && v !== false) return v as T;
      last = v;
    } catch (e) {
      last = e;
    }
    if (Date.now() >= deadline) {
      const detail = last instanceof Error ? last.message : last === undefined || last === false ? '' : JSON.stringify(last);
      throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}${detail ? ` (last: ${detail})` : ''}`);
    }
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

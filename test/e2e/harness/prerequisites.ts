// The end-to-end suite needs code-server and Chromium. Missing tools are a failure with the reason,
// never a silent skip; REGLAB_ALLOW_MISSING_E2E=1 turns that into a skip that says why.
import { accessSync, constants } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { chromiumPath, codeServerBin } from './paths';

export function missingPrerequisites(): string[] {
  const missing: string[] = [];
  if (!isExecutable(codeServerBin)) {
    missing.push(`code-server not found at ${codeServerBin} (run \`npm run setup\`, or set REGLAB_CODE_SERVER)`);
  } else {
    const r = spawnSync(codeServerBin, ['--version'], { encoding: 'utf8', timeout: 30_000 });
    if (r.status !== 0) missing.push(`code-server at ${codeServerBin} does not run: ${(r.stderr || r.error?.message || '').trim()}`);
  }
  if (!isExecutable(chromiumPath)) {
    missing.push(`Chromium not found at ${chromiumPath} (apt-get install chromium, or set REGLAB_CHROMIUM)`);
  }
  return missing;
}

export const allowMissing = process.env.REGLAB_ALLOW_MISSING_E2E === '1';

/**
 * Returns the reason the suite cannot run, or undefined when it can. Throws when tools are missing
 * and skipping was not asked for, so the suite fails loudly.
 */
export function e2eSkipReason(): string | undefined {
  const missing = missingPrerequisites();
  if (!missing.length) return undefined;
  const reason = `end-to-end prerequisites missing: ${missing.join('; ')}`;
  if (!allowMissing) throw new Error(`${reason}. Set REGLAB_ALLOW_MISSING_E2E=1 to skip the end-to-end suite instead.`);
  console.log(`[e2e] skipping: ${reason}`);
  return reason;
}

function isExecutable(p: string): boolean {
  try {
    accessSync(p, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

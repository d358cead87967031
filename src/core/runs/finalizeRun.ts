// Closes a run whose trainer can no longer do it (crashed, killed): writes summary.json from
// what reached disk, with the status and reason the supervisor knows. A run that already has a
// valid summary is left as it is.
import path from 'node:path';
import type { RunStatus, RunSummary } from '../train/types';
import { writeJsonAtomic } from './atomicWrite';
import { RUN_FILES } from './layout';
import { readJsonFile } from './readJson';
import { readRun, synthesizeSummary } from './runReader';
import type { RunMeta } from './types';

export function finalizeAbandonedRun(dir: string, status: RunStatus, reason: string): RunSummary {
  const { run, metrics } = readRun(dir);
  if (run.status !== 'incomplete') {
    const { dir: _dir, ...summary } = run;
    return summary;
  }
  const m = readJsonFile<RunMeta>(path.join(dir, RUN_FILES.meta));
  const summary = { ...synthesizeSummary(dir, m.ok ? m.value : undefined, metrics, status, reason), finishedAt: new Date().toISOString() };
  writeJsonAtomic(path.join(dir, RUN_FILES.summary), summary);
  return summary;
}

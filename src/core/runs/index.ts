// The run store: one folder per run or sweep under `.reglab/runs/` (or `--out`).
export * from './layout';
export * from './types';
export { newId, slug, createUniqueFolder } from './runId';
export { writeFileAtomic, writeJsonAtomic } from './atomicWrite';
export { RunWriter, type CreateRunOptions, type FinishRunOptions } from './runWriter';
export { MetricsTally } from './metricsTally';
export { readJsonFile, readJsonFileAsync, type ReadJson } from './readJson';
export { readRun, readRunAsync, readMetrics, readMetricsAsync, synthesizeSummary, isRunFolder, type ReadRunResult } from './runReader';
export { listStore, readSweep, readSweepAsync, type StoreListing, type StoredSweep } from './listRuns';
export { createSweepFolder, writeSweepSummary, trialLink, SweepSummaryFile } from './sweepFolder';
export { LatestFileWriter } from './latestWriter';
export { finalizeAbandonedRun } from './finalizeRun';

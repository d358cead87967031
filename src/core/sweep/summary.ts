// Builds the SweepSummary (sweep.json) from the plan and the trial records as they stand:
// per-(variant, λ) statistics, the selection for each variant, counts and notes.
import type { SweepMetric } from '../experiment/types';
import type { RunSummary } from '../train/types';
import type { SweepPlan } from './grid';
import { gridEdgeNotes, selectLambda, sweepPoints } from './selection';
import type { SweepStatus, SweepSummary, SweepTrialRecord } from './types';

/** The sweep metric of a finished run: its value at the last completed epoch, if finite. */
export function trialMetric(summary: RunSummary | undefined, metric: SweepMetric): number | undefined {
  const v = summary?.final?.[metric];
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

export function pendingRecords(plan: SweepPlan): SweepTrialRecord[] {
  return plan.trials.map((t) => ({
    index: t.index,
    ...(t.variant !== undefined ? { variant: t.variant } : {}),
    value: t.value,
    seed: t.seed,
    status: 'pending',
    epochsCompleted: 0,
    epochsPlanned: t.experiment.training.epochs,
  }));
}

export interface SweepHeader {
  id: string;
  status: SweepStatus;
  startedAt: string;
  finishedAt?: string;
  parallel: number;
  wallMs?: number;
  pid?: number;
}

export function buildSweepSummary(plan: SweepPlan, trials: SweepTrialRecord[], h: SweepHeader): SweepSummary {
  const variantNames = plan.variants.map((v) => v.name);
  const baselines = new Set(plan.variants.filter((v) => v.baseline).map((v) => v.name!));
  const points = sweepPoints(trials, plan.values, variantNames, baselines);
  const selections = plan.variants.map((v) => {
    const own = points.filter((p) => p.variant === v.name);
    const sel = { ...selectLambda(own, plan.select, plan.direction, plan.metric, v.param, v.name), param: v.param };
    if (!v.baseline) return sel;
    const p = own.find((x) => x.n > 0 && !x.excluded);
    const level = p ? ` (mean ${plan.metric} ${Number(p.mean.toPrecision(4))} ± ${Number(p.se.toPrecision(4))})` : '';
    return { variant: v.name, param: v.param, baseline: true, rule: plan.select, why: `Variant "${v.name}" fixes ${v.param} itself: a baseline, the same at every λ${level}, so there is no λ to choose.` };
  });
  const counts: SweepSummary['counts'] = {};
  for (const t of trials) counts[t.status] = (counts[t.status] ?? 0) + 1;
  const notes = [...plan.notes];
  const pruned = trials.filter((t) => t.status === 'pruned');
  if (pruned.length) {
    notes.push(`Early stopping (${plan.earlyStopping.kind}) pruned ${pruned.length} trial${pruned.length === 1 ? '' : 's'}: ` +
      pruned.map((t) => `${t.variant ? `${t.variant} ` : ''}λ=${t.value} seed ${t.seed} at epoch ${t.prunedAtEpoch ?? t.epochsCompleted}`).join('; ') + '.');
  }
  // Judged once the sweep is over: mid-sweep choices rest on the trials finished so far.
  if (h.status !== 'running') for (const s of selections) notes.push(...gridEdgeNotes(s, plan.values));
  return {
    kind: 'sweep',
    id: h.id,
    name: plan.base.name,
    status: h.status,
    startedAt: h.startedAt,
    ...(h.finishedAt ? { finishedAt: h.finishedAt } : {}),
    ...(plan.base.sourceFile ? { experimentFile: plan.base.sourceFile } : {}),
    param: plan.param,
    metric: plan.metric,
    direction: plan.direction,
    select: plan.select,
    values: plan.values,
    seeds: plan.seeds,
    variants: variantNames.filter((v): v is string => v !== undefined),
    earlyStopping: plan.earlyStopping,
    parallel: h.parallel,
    trials,
    points,
    selections,
    notes,
    counts,
    ...(h.wallMs !== undefined ? { wallMs: h.wallMs } : {}),
    ...(h.pid !== undefined ? { pid: h.pid } : {}),
  };
}

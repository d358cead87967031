// Reduces a sweep summary (sweep.json) to the SweepView the panel and the report chart.
import type { SweepView, SweepVariantView } from '../panel/protocol';
import type { SweepSummary } from '../sweep/types';

/**
 * `experiment` (the sweep folder's experiment.json), when given, tells which field each compare
 * variant sweeps (e.g. penalty.l1 for "L1", penalty.l2 for "L2"), so the axis can say so.
 */
export function sweepViewFromSummary(s: SweepSummary, experiment?: { sweep?: { compare?: Array<{ name: string; param?: string }> } }): SweepView {
  const names = s.variants.length ? s.variants : [''];
  const variants: SweepVariantView[] = names.map((name) => {
    const values = [...new Set([...s.values, ...s.points.filter((p) => (p.variant ?? '') === name).map((p) => p.value)])].sort((a, b) => a - b);
    return {
      name,
      points: values.map((value) => {
        const stat = s.points.find((p) => (p.variant ?? '') === name && p.value === value);
        const trials = s.trials
          .filter((t) => (t.variant ?? '') === name && t.value === value)
          .sort((a, b) => a.seed - b.seed)
          .map((t) => ({
            runId: t.runId ?? t.path ?? `trial-${t.index}`,
            seed: t.seed,
            status: t.status,
            ...(t.metric !== undefined && t.metric !== null ? { metric: t.metric } : {}),
            ...(t.reason ? { reason: t.reason } : {}),
            epochsCompleted: t.epochsCompleted,
            epochsPlanned: t.epochsPlanned,
          }));
        const finite = stat && stat.n > 0 && Number.isFinite(stat.mean);
        return {
          value,
          ...(finite ? { mean: stat.mean, se: stat.se } : {}),
          n: stat?.n ?? 0,
          ...(stat?.excluded ? { excluded: stat.excluded } : {}),
          trials,
        };
      }),
    };
  });
  const view: SweepView = {
    id: s.id,
    name: s.name,
    param: s.param,
    metric: s.metric,
    select: s.select,
    status: s.status,
    variants,
    selections: s.selections.map((sel) => ({
      variant: sel.variant ?? '',
      ...(sel.chosen !== undefined ? { chosen: sel.chosen } : {}),
      ...(sel.best !== undefined ? { best: sel.best } : {}),
      ...(sel.bestMean !== undefined ? { bestMean: sel.bestMean } : {}),
      ...(sel.bestSe !== undefined ? { bestSe: sel.bestSe } : {}),
      ...(sel.threshold !== undefined ? { threshold: sel.threshold } : {}),
      why: sel.why,
    })),
    notes: s.notes,
  };
  const compare = experiment?.sweep?.compare;
  if (compare?.some((c) => c.param && c.param !== s.param)) {
    view.variantParams = Object.fromEntries(compare.map((c) => [c.name, c.param ?? s.param]));
  }
  return view;
}

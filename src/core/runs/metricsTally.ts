// Final and best-epoch figures of a run, accumulated epoch by epoch.
import type { EpochMetrics, RunSummary } from '../train/types';

/** Running final/best figures, so the summary needs no second pass over metrics.jsonl. */
export class MetricsTally {
  count = 0;
  last?: EpochMetrics;
  best?: EpochMetrics;

  add(m: EpochMetrics): void {
    this.count++;
    this.last = m;
    if (Number.isFinite(m.valLoss) && (!this.best || m.valLoss < this.best.valLoss)) this.best = m;
  }

  final(): RunSummary['final'] {
    const m = this.last;
    if (!m) return undefined;
    return { trainLoss: m.trainLoss, penalty: m.penalty, valLoss: m.valLoss, ...(m.valAccuracy !== undefined ? { valAccuracy: m.valAccuracy } : {}) };
  }

  bestEpoch(): RunSummary['best'] {
    const m = this.best;
    if (!m) return undefined;
    return { epoch: m.epoch, valLoss: m.valLoss, ...(m.valAccuracy !== undefined ? { valAccuracy: m.valAccuracy } : {}) };
  }
}

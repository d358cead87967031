// Early stopping of hopeless trials, off unless sweep.earlyStopping.kind says otherwise.
//   median: after `warmupEpochs`, stop a trial whose best metric so far is strictly worse than the
//     median of the best-so-far values, at the same epoch, of the trials before it in the sweep's
//     order that reached that epoch (needs `minTrials` of them). Google Vizier's median rule.
//   successive-halving (asynchronous, as Optuna's pruner): rungs at epochs w, w·η, w·η², ...
//     (w = warmupEpochs, η = reductionFactor, default 2); a trial reaching a rung continues only if
//     its best-so-far is among the best ⌊n/η⌋ (at least 1) of the n trials that reached that rung,
//     itself included, once at least `minTrials` have.
// Decisions only use trials that already reported, so with --parallel 1 they are reproducible;
// with more workers they can depend on which trial got to an epoch first.
import type { ResolvedEarlyStopping } from './grid';

export type PruneDecision = { prune: false } | { prune: true; reason: string };

const KEEP: PruneDecision = { prune: false };

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

function fmt(v: number): string {
  return Number(v.toPrecision(4)).toString();
}

export class Pruner {
  /** trial index -> best-so-far metric after each epoch (index epoch − 1). */
  private readonly bestSoFar = new Map<number, number[]>();
  /** rung epoch -> best-so-far values of the trials that reached it. */
  private readonly rungs = new Map<number, number[]>();
  readonly rungEpochs: number[];

  constructor(
    private readonly es: ResolvedEarlyStopping,
    private readonly direction: 'min' | 'max',
    private readonly metric: string,
    epochsPlanned: number,
  ) {
    this.rungEpochs = [];
    if (es.kind === 'successive-halving') {
      for (let r = Math.max(1, es.warmupEpochs); r < epochsPlanned; r = Math.ceil(r * es.reductionFactor)) this.rungEpochs.push(r);
    }
  }

  get enabled(): boolean {
    return this.es.kind !== 'none';
  }

  private better(a: number, b: number): boolean {
    return this.direction === 'min' ? a < b : a > b;
  }

  /** Records `value` (the metric after `epoch`, 1-based) for a trial and says whether to stop it. */
  report(trial: number, epoch: number, value: number): PruneDecision {
    const hist = this.bestSoFar.get(trial) ?? [];
    this.bestSoFar.set(trial, hist);
    const prev = hist.length ? hist[hist.length - 1] : undefined;
    const best = prev === undefined || !Number.isFinite(prev) || (Number.isFinite(value) && this.better(value, prev)) ? value : prev;
    hist[epoch - 1] = best;
    if (!Number.isFinite(best)) return KEEP; // divergence is the trainer's verdict, not ours
    if (this.es.kind === 'median') return this.medianRule(trial, epoch, best);
    if (this.es.kind === 'successive-halving') return this.halving(epoch, best);
    return KEEP;
  }

  private medianRule(trial: number, epoch: number, best: number): PruneDecision {
    if (epoch < Math.max(1, this.es.warmupEpochs)) return KEEP;
    const others: number[] = [];
    for (const [j, h] of this.bestSoFar) {
      if (j < trial && h.length >= epoch && Number.isFinite(h[epoch - 1])) others.push(h[epoch - 1]);
    }
    if (others.length < this.es.minTrials) return KEEP;
    const med = median(others);
    if (!this.better(med, best)) return KEEP;
    return { prune: true, reason: `median stopping rule: best ${this.metric} ${fmt(best)} by epoch ${epoch} is worse than the median ${fmt(med)} of ${others.length} earlier trials at that epoch` };
  }

  private halving(epoch: number, best: number): PruneDecision {
    if (!this.rungEpochs.includes(epoch)) return KEEP;
    const rung = this.rungs.get(epoch) ?? [];
    rung.push(best);
    this.rungs.set(epoch, rung);
    if (rung.length < this.es.minTrials) return KEEP;
    const keep = Math.max(1, Math.floor(rung.length / this.es.reductionFactor));
    const sorted = [...rung].sort((a, b) => (this.direction === 'min' ? a - b : b - a));
    const cutoff = sorted[keep - 1];
    if (!this.better(cutoff, best)) return KEEP;
    return { prune: true, reason: `successive halving: best ${this.metric} ${fmt(best)} at rung epoch ${epoch} is not among the best ${keep} of the ${rung.length} trials that reached it (cut-off ${fmt(cutoff)})` };
  }
}

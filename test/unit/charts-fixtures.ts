// Synthetic but well-formed metrics and sweep views for the chart tests (shapes as the trainer
// writes them: src/core/train/types.ts).
import type { EpochMetrics, ParamStats } from '../../src/core/train/types';
import type { SweepView } from '../../src/core/panel/protocol';
import { themeFromCssVariables } from '../../src/core/charts';

export const theme = themeFromCssVariables((n) => ({
  '--vscode-charts-blue': '#1a85ff', '--vscode-charts-orange': '#d18616', '--vscode-charts-green': '#388a34',
  '--vscode-charts-purple': '#652d90', '--vscode-charts-red': '#e51400', '--vscode-charts-yellow': '#bf8803',
  '--vscode-foreground': '#616161', '--vscode-editor-background': '#ffffff',
} as Record<string, string>)[n] ?? '');

const PARAMS: Array<[string, ParamStats['kind'], boolean]> = [
  ['0.weight', 'weight', true], ['0.bias', 'bias', false], ['2.weight', 'weight', true], ['2.bias', 'bias', false],
];

export function makeMetrics(epochs: number, opts: { l1?: boolean; spikeAt?: number; histEvery?: number } = {}): EpochMetrics[] {
  const out: EpochMetrics[] = [];
  for (let e = 1; e <= epochs; e++) {
    const params: Record<string, ParamStats> = {};
    PARAMS.forEach(([name, kind, decayed], i) => {
      const l2 = (decayed ? 3 : 1) * Math.exp(-e / (epochs + 1)) + 0.1 * i;
      params[name] = { l2, l1: 2 * l2, maxAbs: l2 / 2, zeroFrac: opts.l1 && kind === 'weight' ? Math.min(0.8, e / epochs) : 0,
        smallFrac: opts.l1 && kind === 'weight' ? Math.min(0.9, 1.2 * e / epochs) : 0.01, group: decayed ? 0 : 1, decayed, kind };
    });
    const m: EpochMetrics = {
      epoch: e,
      trainLoss: e === opts.spikeAt ? 50 : 1 / e + 0.01 * Math.sin(e),
      penalty: 0.05 * Math.exp(-e / 50),
      valLoss: 1.2 / e + 0.05,
      lr: 0.01,
      groups: [],
      params,
      timeMs: 12,
    };
    if (opts.histEvery && (e % opts.histEvery === 0 || e === 1)) {
      m.histograms = { '0.weight': { edges: [-1, -0.5, 0, 0.5, 1].map((x) => x / Math.sqrt(e)), counts: [1, 5 + e, 6 + e, 2] } };
    }
    out.push(m);
  }
  return out;
}

export function makeSweep(opts: { zero?: boolean; variants?: string[]; select?: 'min' | '1se' } = {}): SweepView {
  const values = [...(opts.zero ? [0] : []), 1e-4, 1e-3, 1e-2, 1e-1];
  const names = opts.variants ?? [''];
  return {
    id: 'sw1', name: 'spiral', param: 'optimizer.weightDecay', metric: 'valLoss', select: opts.select ?? '1se',
    variants: names.map((name, vi) => ({
      name,
      points: values.map((value, k) => ({
        value, mean: 0.5 + 0.1 * vi + 0.02 * (k - 2) ** 2, se: 0.01 * (k + 1), n: 3,
        trials: [0, 1, 2].map((seed) => ({ runId: `${name || 'run'}-${k}-${seed}`, seed, status: 'completed' as const, metric: 0.5 + 0.1 * vi + 0.02 * (k - 2) ** 2 + 0.01 * (seed - 1) })),
      })),
    })),
    selections: names.map((name, vi) => ({ variant: name, chosen: values[values.length - 2], best: values[values.length - 3], bestMean: 0.5 + 0.1 * vi, bestSe: 0.03, threshold: 0.53 + 0.1 * vi, why: `largest λ within 1 SE of the best (${name || 'base'})` })),
  };
}

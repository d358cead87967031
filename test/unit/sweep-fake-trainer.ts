// A trainer process for pool tests: the real trainer loop (src/trainer/trainerLoop.ts) with a
// stand-in engine that "trains" by sleeping `epochMs` per epoch, so the pool's crash, kill and
// cancel handling is tested in a second instead of minutes. The experiment's name picks a
// behaviour: "crash-at-N" exits with code 3 at epoch N, "hang" ignores stop requests
// (only SIGKILL ends it), "stall-after-N" reports N epochs then waits for a stop (so a test can
// act on epoch N however late it sees it), "linger" closes its run on stop but then stays busy for
// 5 s when its channel closes (a trainer slow to exit), anything else trains normally with
// valLoss = (1 + λ)/epoch + seed/100 (λ = optimizer.weightDecay), so larger λ is worse.
import { startTrainerLoop } from '../../src/trainer/trainerLoop';
import type { TrialDeps } from '../../src/core/sweep/runTrial';
import type { Dataset } from '../../src/core/data/types';
import type { EpochMetrics, TrainResult } from '../../src/core/train/types';
import { fakeEpoch } from './sweep-helpers';

const epochMs = Number(process.env.FAKE_EPOCH_MS ?? 20);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

let linger = false;
process.prependListener('disconnect', () => {
  const until = Date.now() + (linger ? 5000 : 0);
  while (Date.now() < until) { /* busy: the process cannot exit meanwhile */ }
});

const deps: TrialDeps = {
  loadDataset: () => ({}) as Dataset,
  async train(exp, _data, opts): Promise<TrainResult> {
    const crashAt = /crash-at-(\d+)/.exec(exp.name)?.[1];
    const stallAfter = /stall-after-(\d+)/.exec(exp.name)?.[1];
    linger = exp.name.includes('linger');
    const lam = exp.optimizer.weightDecay;
    const metrics: EpochMetrics[] = [];
    for (let e = 1; e <= exp.training.epochs; e++) {
      if (exp.name.includes('hang')) {
        const until = Date.now() + 60_000;
        while (Date.now() < until) { /* busy: never yields, never sees the signal */ }
      }
      await sleep(epochMs);
      while (stallAfter && e > Number(stallAfter) && !opts.signal?.aborted) await sleep(epochMs);
      if (opts.signal?.aborted) return { status: 'stopped', backend: 'cpu', metrics, params: {} };
      if (crashAt && e === Number(crashAt)) {
        process.stderr.write(`fake trainer: simulated crash at epoch ${e}\n`);
        process.exit(3);
      }
      const m = fakeEpoch(e, (1 + lam) / e + exp.seed * 0.01);
      metrics.push(m);
      opts.onEpoch?.(m);
    }
    return { status: 'completed', backend: 'cpu', metrics, params: { w: [lam] } };
  },
};

startTrainerLoop(async () => deps);

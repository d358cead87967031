// The real training engine and data loader, loaded on first use (TensorFlow.js is heavy).
import type { TrialDeps } from '../core/sweep/runTrial';

export async function trainerDeps(): Promise<TrialDeps> {
  const [{ train }, { loadDataset }] = await Promise.all([import('../core/train/train'), import('../core/data/loadDataset')]);
  return { train, loadDataset };
}

// reglab.runSweep: runs the λ sweep of the active (or given, or picked) experiment file in
// parallel trainer processes; the panel shows trials live and the result. When the file has no
// `sweep` block, optimizer.weightDecay is swept over reglab.sweep.defaultGrid.
import type { RegLab } from '../reglab';
import { launchTraining } from './runExperiment';

export function runSweep(reglab: RegLab, arg?: unknown): Promise<void> {
  return launchTraining(reglab, arg, 'sweep', (t, uri) => t.runSweep(uri));
}

// Entry point of a trainer process (bundled to dist/trainer.js), forked by the trainer pool of
// the CLI or the extension host. The real engine and data loader are plugged into the trainer
// loop (trainerLoop.ts) here.
process.env.OPENBLAS_NUM_THREADS = '1'; // trials must not fight over cores
process.env.OMP_NUM_THREADS = '1';

import { trainerDeps } from './deps';
import { startTrainerLoop } from './trainerLoop';

startTrainerLoop(trainerDeps);

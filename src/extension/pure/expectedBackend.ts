// Which backend the trainers will use, told without loading TensorFlow.js in the extension host:
// for "auto" the trainer tries @tensorflow/tfjs-node, then the wasm backend, then cpu
// (core/backend/selectBackend.ts), so it is enough to know whether tfjs-node resolves from the
// trainer's folder and whether the wasm binaries are where the trainer looks. The status bar shows
// this from the first run's start; a run's summary (the backend that actually ran) replaces it.
// Pure Node: no vscode import.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { WASM_FILE, wasmCandidates } from '../../core/assets/wasmLocation';
import type { BackendName } from '../../core/train/types';
import type { BackendSetting } from './settingsTypes';

/** What the guess needs to know about the machine (a fake in tests). */
export interface BackendProbe {
  /** Where `module` resolves from the trainer's folder (resolution only: nothing is loaded). */
  resolve(module: string): string | undefined;
  /** The file exists. */
  exists(file: string): boolean;
  env: NodeJS.ProcessEnv;
}

const TFJS_NODE = '@tensorflow/tfjs-node';

/** The probe of this machine for the trainer at `trainerPath` (dist/trainer.js). */
export function machineProbe(trainerPath: string): BackendProbe {
  const req = createRequire(trainerPath);
  return {
    resolve: (m) => { try { return req.resolve(m); } catch { return undefined; } },
    exists: (f) => existsSync(f),
    env: process.env,
  };
}

/** The backend a trainer at `trainerPath` will pick for `setting`. */
export function expectedBackend(setting: BackendSetting, trainerPath: string, probe: BackendProbe): BackendName {
  if (setting !== 'auto') return setting;
  if (probe.resolve(TFJS_NODE)) return 'native';
  const dirs = wasmCandidates(trainerPath, probe.env, probe.resolve);
  return dirs.some((d) => probe.exists(path.join(d, WASM_FILE))) ? 'wasm' : 'cpu';
}

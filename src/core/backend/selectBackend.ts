// Picks the TensorFlow.js backend a run uses. "auto" tries, in order:
//   native  @tensorflow/tfjs-node (an optional dependency: loaded at run time, absent on many machines),
//   wasm    @tensorflow/tfjs-backend-wasm (binaries shipped in the package / copied to dist/wasm),
//   cpu     the pure-JavaScript backend (always there).
// The result says which backend actually runs and why the faster ones were skipped.
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import '@tensorflow/tfjs-backend-cpu';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { BackendName } from '../train/types';
import { registerNativeKernels } from './nativeKernels';
import { patchWasmKernels } from './wasmKernelFixes';
import { WASM_FILE, wasmCandidates } from '../assets/wasmLocation';

export type BackendRequest = BackendName | 'auto';

export interface BackendAttempt {
  backend: BackendName;
  error: string;
}

export interface BackendChoice {
  /** The backend that runs. */
  name: BackendName;
  /** Faster backends that were tried first and why they were not used ("auto" only). */
  skipped: BackendAttempt[];
  /** wasm/cpu only: RegLab's native (OpenBLAS) kernels replace the backend's matmul (nativeKernels.ts). */
  nativeKernels?: boolean;
}

export class BackendUnavailableError extends Error {}

/** TensorFlow.js's own registry names. */
const TF_NAME: Record<BackendName, string> = { native: 'tensorflow', wasm: 'wasm', cpu: 'cpu' };
const AUTO_ORDER: BackendName[] = ['native', 'wasm', 'cpu'];

/** Why a backend could not be set up, remembered so "auto" does not retry a broken one. */
const failures = new Map<BackendName, string>();
let wasmPathsSet = false;

export function isBackendRequest(s: string): s is BackendRequest {
  return s === 'auto' || s in TF_NAME;
}

/**
 * Makes `request` the active TensorFlow.js backend (or, for "auto", the fastest that works).
 * Throws BackendUnavailableError with the reason when an explicitly requested backend cannot run.
 */
export async function selectBackend(request: BackendRequest = 'auto'): Promise<BackendChoice> {
  // Production mode: skips TF.js debug checks and its console banners (stderr stays readable).
  tf.enableProdMode();
  const candidates = request === 'auto' ? AUTO_ORDER : [request];
  const skipped: BackendAttempt[] = [];
  for (const name of candidates) {
    const error = await activate(name);
    if (error === undefined) {
      if (name === 'wasm') patchWasmKernels(tf);
      const nativeKernels = name === 'native' ? undefined : registerNativeKernels(tf, TF_NAME[name]);
      return { name, skipped, ...(nativeKernels === undefined ? {} : { nativeKernels }) };
    }
    skipped.push({ backend: name, error });
  }
  const why = skipped.map((s) => `${s.backend}: ${s.error}`).join('; ');
  throw new BackendUnavailableError(
    request === 'auto' ? `no TensorFlow.js backend could start (${why})` : `the ${request} backend is unavailable: ${skipped[0].error}`,
  );
}

/** Activates one backend; returns undefined on success or the reason it failed. */
async function activate(name: BackendName): Promise<string | undefined> {
  const known = failures.get(name);
  if (known !== undefined) return known;
  if (tf.getBackend() === TF_NAME[name] && tf.engine().backendNames().includes(TF_NAME[name])) return undefined;
  let error: string | undefined;
  try {
    if (name === 'native') error = registerNative();
    if (name === 'wasm') error = prepareWasm();
    if (error === undefined && !(await tf.setBackend(TF_NAME[name]))) {
      error = `TensorFlow.js could not initialise the "${TF_NAME[name]}" backend`;
    }
    if (error === undefined) await tf.ready();
  } catch (err) {
    error = err instanceof Error ? err.message : String(err);
  }
  if (error !== undefined) failures.set(name, error);
  return error;
}

/**
 * Loads @tensorflow/tfjs-node, which registers the "tensorflow" backend. The require is built at
 * run time so bundlers leave it alone and a missing or broken install is just a skipped backend.
 * TF.js keeps its engine and kernel registry on globalThis, so a separate tfjs-core copy inside
 * tfjs-node registers into the same engine as ours.
 */
function registerNative(): string | undefined {
  if (tf.findBackendFactory(TF_NAME.native)) return undefined;
  const moduleName = ['@tensorflow', 'tfjs-node'].join('/');
  try {
    createRequire(__filename)(moduleName);
  } catch (err) {
    const msg = err instanceof Error ? err.message.split('\n')[0] : String(err);
    return `${moduleName} could not be loaded (${msg}); it is an optional dependency whose install downloads libtensorflow`;
  }
  return tf.findBackendFactory(TF_NAME.native) ? undefined : `${moduleName} loaded but did not register the "tensorflow" backend`;
}

/** Points the wasm backend at its binaries (never the network); must happen before setBackend. */
function prepareWasm(): string | undefined {
  if (wasmPathsSet) return undefined;
  const dir = wasmDirectory();
  if (!dir) return `${WASM_FILE} not found (looked in ${wasmDirectories().join(', ')})`;
  setWasmPaths(dir + path.sep);
  wasmPathsSet = true;
  return undefined;
}

function wasmDirectories(): string[] {
  const req = createRequire(__filename);
  return wasmCandidates(__filename, process.env, (m) => { try { return req.resolve(m); } catch { return undefined; } });
}

function wasmDirectory(): string | undefined {
  return wasmDirectories().find((d) => existsSync(path.join(d, WASM_FILE)));
}

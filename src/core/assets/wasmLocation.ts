// Where the wasm backend's binaries are, without loading TensorFlow.js: selectBackend.ts points
// the backend there (core/backend/selectBackend.ts), and the extension host (which never loads TF.js) tells from it whether a
// trainer will run on wasm.
import path from 'node:path';

export const WASM_FILE = 'tfjs-backend-wasm-simd.wasm';

/**
 * The folders to look in, in order: REGLAB_WASM_DIR if set; `wasm/` next to the bundle `bundleFile`
 * (dist/wasm, copied by scripts/build.mjs); else the installed package (running from source with
 * tsx). `resolve` resolves a module from the bundle's folder, undefined when it is not installed.
 */
export function wasmCandidates(bundleFile: string, env: NodeJS.ProcessEnv, resolve: (module: string) => string | undefined): string[] {
  const override = env.REGLAB_WASM_DIR;
  if (override) return [path.resolve(override)];
  const dirs = [path.join(path.dirname(bundleFile), 'wasm')];
  const pkg = resolve('@tensorflow/tfjs-backend-wasm/package.json');
  if (pkg) dirs.push(path.join(path.dirname(pkg), 'dist'));
  return dirs;
}

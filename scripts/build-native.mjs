// Builds RegLab's optional native kernels (native/ -> native/build/Release/reglab_native.node) with
// node-gyp against the running Node's own headers and the system's OpenBLAS. Offline: node-gyp
// gets --nodedir when the headers are installed beside node (Debian: /usr/include/node), so it
// downloads nothing.
//
//   node scripts/build-native.mjs             build; exit 1 on failure
//   node scripts/build-native.mjs --optional  build; on failure print why and exit 0 (postinstall:
//                                             a machine without a compiler or OpenBLAS still
//                                             installs, and RegLab uses TF.js's own kernels)
// REGLAB_REQUIRE_NATIVE=1 makes --optional strict (CI). REGLAB_SKIP_NATIVE_BUILD=1 skips the build.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';

const root = path.dirname(path.dirname(new URL(import.meta.url).pathname));
const nativeDir = path.join(root, 'native');
const optional = process.argv.includes('--optional') && process.env.REGLAB_REQUIRE_NATIVE !== '1';
const addon = path.join(nativeDir, 'build', 'Release', 'reglab_native.node');

function finish(ok, message) {
  if (ok) {
    console.log(`[build:native] ${message}`);
    process.exit(0);
  }
  const hint = 'RegLab will use TensorFlow.js\'s own (slower) kernels. To build the native kernels install a C compiler, make, python3 and OpenBLAS (Debian: apt-get install build-essential libopenblas-dev) and run `npm run build:native`.';
  console.error(`[build:native] native kernels not built: ${message}\n[build:native] ${hint}`);
  process.exit(optional ? 0 : 1);
}

if (process.env.REGLAB_SKIP_NATIVE_BUILD === '1') finish(true, 'skipped (REGLAB_SKIP_NATIVE_BUILD=1)');
if (!existsSync(path.join(nativeDir, 'binding.gyp'))) finish(false, `${nativeDir}/binding.gyp is missing`);

/** node-gyp: the one npm runs scripts with, else npm's bundled copy beside this node, else PATH. */
function nodeGyp() {
  const candidates = [
    process.env.npm_config_node_gyp,
    path.join(path.dirname(process.execPath), '..', 'lib', 'node_modules', 'npm', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js'),
  ].filter(Boolean);
  const js = candidates.find((c) => existsSync(c));
  return js ? [process.execPath, [js]] : ['node-gyp', []];
}

/** The directory holding include/node/node_api.h for this node, so node-gyp needs no download. */
function nodeDir() {
  const prefix = path.resolve(path.dirname(process.execPath), '..');
  return existsSync(path.join(prefix, 'include', 'node', 'node_api.h')) ? prefix : undefined;
}

const [cmd, pre] = nodeGyp();
const dir = nodeDir();
// configure + build, not rebuild: no clean step, so a process loading the addon meanwhile (tests
// running while someone `npm install`s) never finds it missing, and unchanged sources relink nothing.
const args = [...pre, 'configure', 'build', '--loglevel=warn', ...(dir ? [`--nodedir=${dir}`] : [])];
const r = spawnSync(cmd, args, { cwd: nativeDir, stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' });
if (r.error) finish(false, `could not run node-gyp (${r.error.message})`);
if (r.status !== 0) {
  const out = `${r.stdout ?? ''}${r.stderr ?? ''}`.trim().split('\n').filter((l) => !/^gyp (info|http)/.test(l));
  finish(false, `node-gyp failed (exit ${r.status}):\n${out.slice(-15).join('\n')}`);
}
if (!existsSync(addon)) finish(false, `node-gyp succeeded but ${addon} is missing`);

// Load it once: a library missing at run time (e.g. libopenblas.so.0) shows up here, not later.
const check = spawnSync(process.execPath, ['-e', `const a = require(${JSON.stringify(addon)}); console.log(a.blasInfo())`], { encoding: 'utf8' });
if (check.status !== 0) finish(false, `built, but loading it failed: ${(check.stderr || '').trim().split('\n')[0]}`);
finish(true, `built ${path.relative(root, addon)} (${check.stdout.trim()})`);

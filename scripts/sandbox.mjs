// `npm run sandbox`: RegLab in a real VS Code (code-server, installed by `npm run setup`) with the
// examples open, for a first look without installing VS Code. Builds and packages the extension,
// installs the .vsix into a profile of its own under .e2e/sandbox/, copies examples/ there once (so
// quick fixes and runs do not touch the repository) and prints the URL to open.
//
//   npm run sandbox                    # http://127.0.0.1:8080 (or the next free port)
//   npm run sandbox -- --port 9000     # a given port
//   npm run sandbox -- --reset         # fresh copy of examples/ and a fresh profile
//   npm run sandbox -- --no-package    # reuse the last reglab-<version>.vsix
//   npm run sandbox -- --vsix FILE --dir DIR   # install that .vsix, keep everything under DIR
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';

const root = path.dirname(path.dirname(new URL(import.meta.url).pathname));
const codeServer = process.env.REGLAB_CODE_SERVER ?? path.join(root, '.e2e/code-server/node_modules/.bin/code-server');

const argv = process.argv.slice(2);
const flag = (name) => argv.includes(name);
const option = (name) => {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : undefined;
};
const sandbox = path.resolve(option('--dir') ?? path.join(root, '.e2e', 'sandbox'));
if (flag('--help') || flag('-h')) {
  console.log(readFileSync(new URL(import.meta.url), 'utf8').split('\n').filter((l) => l.startsWith('//')).map((l) => l.slice(3)).join('\n'));
  process.exit(0);
}

function fail(message) {
  console.error(`[sandbox] ${message}`);
  process.exit(1);
}

function run(cmd, args, what) {
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) fail(`${what} failed (exit ${r.status ?? r.error?.message})`);
}

/** The first port from `preferred` up that nothing listens on at 127.0.0.1. */
async function freePort(preferred) {
  for (let port = preferred; port < preferred + 50; port++) {
    const ok = await new Promise((resolve) => {
      const srv = net.createServer();
      srv.once('error', () => resolve(false));
      srv.listen(port, '127.0.0.1', () => srv.close(() => resolve(true)));
    });
    if (ok) return port;
  }
  fail(`no free port in ${preferred}..${preferred + 49}`);
}

if (!existsSync(codeServer)) fail(`code-server is not installed at ${codeServer}: run \`npm run setup\` first.`);

const manifest = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
const vsix = option('--vsix') ? path.resolve(option('--vsix')) : path.join(root, `${manifest.name}-${manifest.version}.vsix`);
if (!flag('--no-package') && !option('--vsix')) {
  console.log('[sandbox] building and packaging RegLab (npm run package)');
  run('flock', ['/tmp/reglab-package.lock', 'npm', 'run', 'package'], '`npm run package`');
}
if (!existsSync(vsix)) fail(`${path.basename(vsix)} is missing: run without --no-package.`);

const userData = path.join(sandbox, 'user-data');
const extensions = path.join(sandbox, 'extensions');
const workspace = path.join(sandbox, 'examples');
if (flag('--reset')) rmSync(sandbox, { recursive: true, force: true });
mkdirSync(path.join(userData, 'User'), { recursive: true });
const settingsFile = path.join(userData, 'User', 'settings.json');
if (!existsSync(settingsFile)) {
  // The examples are the user's own copy: no trust prompt, no welcome page in the way.
  writeFileSync(settingsFile, JSON.stringify({
    'security.workspace.trust.enabled': false,
    'workbench.startupEditor': 'none',
    'telemetry.telemetryLevel': 'off',
  }, null, 2));
}
if (!existsSync(workspace)) {
  cpSync(path.join(root, 'examples'), workspace, { recursive: true, filter: (p) => !p.split(path.sep).includes('.reglab') });
  // As in the repository, schema/ sits beside examples/ (the experiment files' "$schema" points there).
  cpSync(path.join(root, 'schema'), path.join(sandbox, 'schema'), { recursive: true });
  console.log(`[sandbox] copied examples/ to ${path.relative(root, workspace)}`);
}

const env = { ...process.env, XDG_CONFIG_HOME: path.join(sandbox, 'xdg-config'), XDG_DATA_HOME: path.join(sandbox, 'xdg-data') };
const common = ['--user-data-dir', userData, '--extensions-dir', extensions];
console.log(`[sandbox] installing ${path.basename(vsix)}`);
const install = spawnSync(codeServer, [...common, '--force', '--install-extension', vsix], { env, encoding: 'utf8' });
if (install.status !== 0 || !/successfully installed/i.test(install.stdout + install.stderr)) {
  fail(`code-server --install-extension failed:\n${install.stdout}${install.stderr}`);
}

const port = option('--port') ? Number(option('--port')) : await freePort(8080);
const child = spawn(codeServer, [
  '--auth', 'none', '--bind-addr', `127.0.0.1:${port}`, ...common,
  '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust', '--disable-getting-started-override',
  workspace,
], { env, stdio: ['ignore', 'pipe', 'pipe'] });

let announced = false;
const onOutput = (data) => {
  const text = String(data);
  if (flag('--verbose')) process.stderr.write(text);
  if (!announced && /HTTP server listening on/.test(text)) {
    announced = true;
    const url = `http://127.0.0.1:${port}/?folder=${encodeURIComponent(workspace)}`;
    console.log(`\n[sandbox] RegLab is running in VS Code (code-server) with the examples open:\n\n    ${url}\n`);
    console.log('[sandbox] Open a file under pytorch/ for CodeLens and Problems, or an *.reglab.json for Run / Sweep.');
    console.log('[sandbox] Ctrl+C stops it. Logs: --verbose. Start over: --reset.');
  }
  if (!announced && /EADDRINUSE/.test(text)) fail(`port ${port} is in use; pass --port N`);
};
child.stdout.on('data', onOutput);
child.stderr.on('data', onOutput);
child.on('exit', (code, signal) => {
  if (!announced) fail(`code-server exited (${signal ?? code}) before it was ready; rerun with --verbose`);
  process.exit(code ?? 0);
});
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill('SIGTERM'));

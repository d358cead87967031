// The RegLab extension as the suite installs it: the .vsix that `npm run package` writes (the real
// thing, installed with `code-server --install-extension`), or, while the package script does not
// exist yet, the unpacked extension folder the way VS Code lays out an installed extension.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { repoRoot } from './paths';

export type PackagedExtension =
  | { kind: 'vsix'; file: string; id: string; version: string }
  | { kind: 'folder'; dir: string; id: string; version: string; reason: string };

interface Manifest { name: string; publisher: string; version: string; scripts?: Record<string, string> }

export function readManifest(): Manifest {
  return JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as Manifest;
}

/**
 * Runs `npm run package` and returns the .vsix. It runs in a staging copy of the working tree (the
 * files git lists, tracked or not ignored, plus a built native addon; node_modules linked), so the
 * production rebuild of dist/ cannot race with tests that run dist/cli.js or fork dist/trainer.js
 * meanwhile. Test files of one `node --test` run share one package (keyed by the runner's pid,
 * built once under a lock). REGLAB_E2E_VSIX uses a given file instead.
 */
export function packageVsix(): string {
  if (process.env.REGLAB_E2E_VSIX) {
    if (!existsSync(process.env.REGLAB_E2E_VSIX)) throw new Error(`REGLAB_E2E_VSIX=${process.env.REGLAB_E2E_VSIX} does not exist`);
    return process.env.REGLAB_E2E_VSIX;
  }
  const m = readManifest();
  if (!m.scripts?.package) throw new Error('package.json has no "package" script: cannot build the .vsix');
  const name = `${m.name}-${m.version}.vsix`;
  const underRunner = !!process.env.NODE_TEST_CONTEXT;
  const cacheDir = path.join(os.tmpdir(), `reglab-vsix-${underRunner ? `run-${process.ppid}` : `pid-${process.pid}`}`);
  const cached = path.join(cacheDir, name);
  const lock = path.join(os.tmpdir(), 'reglab-package.lock');
  // The lock is held by a small child script for the whole build; this process waits for it.
  const r = spawnSync('flock', [lock, process.execPath, '--import', 'tsx', __filename.replace(/\.ts$/, '') + '.ts', '--build-vsix', cached], {
    cwd: repoRoot,
    encoding: 'utf8',
    timeout: 6 * 60_000,
    env: { ...process.env, NODE_OPTIONS: '', NODE_TEST_CONTEXT: '' },
  });
  if (r.status !== 0 || !existsSync(cached)) {
    const out = `${r.stdout ?? ''}\n${r.stderr ?? ''}`.trim().split('\n').slice(-40).join('\n');
    throw new Error(`\`npm run package\` failed (exit ${r.status}${r.error ? `, ${r.error.message}` : ''}):\n${out}`);
  }
  const note = /\[built in ([\d.]+) s\]/.exec(r.stdout ?? '');
  console.log(note ? `[e2e] packaged ${name} in ${note[1]} s (staging copy)` : `[e2e] reusing ${name} packaged earlier in this test run`);
  return cached;
}

/** Deletes the packages of earlier test runs (their runner process is gone). */
function removeStaleCaches(): void {
  for (const d of readdirSync(os.tmpdir())) {
    const m = /^reglab-vsix-(?:run|pid)-(\d+)$/.exec(d);
    if (!m) continue;
    try {
      process.kill(Number(m[1]), 0);
    } catch {
      rmSync(path.join(os.tmpdir(), d), { recursive: true, force: true });
    }
  }
}

/** Files of the working tree as git sees them: tracked, and untracked but not ignored. */
function workingTreeFiles(): string[] | undefined {
  const r = spawnSync('git', ['ls-files', '--cached', '--others', '--exclude-standard', '-z'], { cwd: repoRoot, encoding: 'utf8', maxBuffer: 64 << 20 });
  if (r.status !== 0) return undefined;
  return r.stdout.split('\0').filter((f) => f && existsSync(path.join(repoRoot, f)));
}

/** Builds the .vsix into `target` unless it is there already (runs with the package lock held). */
function buildVsixInto(target: string): void {
  if (existsSync(target)) return;
  removeStaleCaches();
  const started = Date.now();
  const stage = mkdtempSync(path.join(os.tmpdir(), 'reglab-stage-'));
  try {
    const files = workingTreeFiles();
    if (files) {
      for (const f of files) cpSync(path.join(repoRoot, f), path.join(stage, f), { recursive: false });
    } else {
      const skip = new Set(['node_modules', 'dist', '.git', '.e2e', 'test-artifacts', 'out', '.reglab']);
      cpSync(repoRoot, stage, { recursive: true, filter: (p) => !skip.has(path.basename(p)) && !p.endsWith('.vsix') });
    }
    const addon = path.join('native', 'build', 'Release');
    if (existsSync(path.join(repoRoot, addon))) cpSync(path.join(repoRoot, addon), path.join(stage, addon), { recursive: true });
    symlinkSync(path.join(repoRoot, 'node_modules'), path.join(stage, 'node_modules'), 'dir');
    const r = spawnSync('npm', ['run', 'package'], { cwd: stage, encoding: 'utf8', timeout: 5 * 60_000 });
    const built = path.join(stage, path.basename(target));
    if (r.status !== 0 || !existsSync(built)) {
      process.stderr.write(`${r.stdout}\n${r.stderr}`);
      process.exit(1);
    }
    mkdirSync(path.dirname(target), { recursive: true });
    cpSync(built, target);
    console.log(`[built in ${((Date.now() - started) / 1000).toFixed(1)} s]`);
  } finally {
    rmSync(stage, { recursive: true, force: true });
  }
}

if (require.main === module && process.argv[2] === '--build-vsix' && process.argv[3]) buildVsixInto(process.argv[3]);

/** The unpacked extension (package.json, dist/, schema/, media/, ...) as `<publisher>.<name>-<version>/`. */
export function unpackedExtension(reason: string): PackagedExtension {
  const m = readManifest();
  const build = spawnSync('npm', ['run', 'build'], { cwd: repoRoot, encoding: 'utf8', timeout: 5 * 60_000 });
  if (build.status !== 0) throw new Error(`npm run build failed:\n${build.stdout}\n${build.stderr}`);
  const id = `${m.publisher}.${m.name}`;
  const dir = path.join(mkdtempSync(path.join(os.tmpdir(), 'reglab-unpacked-')), `${id}-${m.version}`);
  mkdirSync(dir, { recursive: true });
  for (const entry of ['package.json', 'dist', 'schema', 'media', 'docs', 'data', 'README.md', 'LICENSE', 'CHANGELOG.md']) {
    const src = path.join(repoRoot, entry);
    if (existsSync(src)) cpSync(src, path.join(dir, entry), { recursive: true, filter: (p) => !p.endsWith('.map') });
  }
  return { kind: 'folder', dir, id, version: m.version, reason };
}

/** The .vsix when it can be built; otherwise the unpacked folder, with the reason recorded. */
export function extensionUnderTest(): PackagedExtension {
  const m = readManifest();
  const id = `${m.publisher}.${m.name}`;
  try {
    return { kind: 'vsix', file: packageVsix(), id, version: m.version };
  } catch (e) {
    const reason = (e as Error).message;
    console.log(`[e2e] could not package the .vsix, installing the unpacked extension instead: ${reason}`);
    return unpackedExtension(reason);
  }
}

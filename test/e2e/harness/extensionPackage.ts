// The RegLab extension as the suite installs it: the .vsix that `npm run package` writes (the real
// thing, installed with `code-server --install-extension`), or, while the package script does not
// exist yet, the unpacked extension folder the way VS Code lays out an installed extension.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
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

/** Serialises `npm run package` across test processes: it rebuilds dist/ and writes one .vsix name. */
const PACKAGE_LOCK = path.join(os.tmpdir(), 'reglab-package.lock');

/**
 * Runs `npm run package` and returns a private copy of the .vsix (in a fresh temp folder), so a
 * concurrent packaging run cannot change it under the caller. REGLAB_E2E_VSIX reuses a given file.
 */
export function packageVsix(): string {
  if (process.env.REGLAB_E2E_VSIX) {
    if (!existsSync(process.env.REGLAB_E2E_VSIX)) throw new Error(`REGLAB_E2E_VSIX=${process.env.REGLAB_E2E_VSIX} does not exist`);
    return process.env.REGLAB_E2E_VSIX;
  }
  const m = readManifest();
  if (!m.scripts?.package) throw new Error('package.json has no "package" script: cannot build the .vsix');
  const name = `${m.name}-${m.version}.vsix`;
  const outDir = mkdtempSync(path.join(os.tmpdir(), 'reglab-vsix-'));
  const script = `npm run package && cp ${JSON.stringify(name)} ${JSON.stringify(outDir + '/')}`;
  const started = Date.now();
  const r = spawnSync('flock', [PACKAGE_LOCK, 'sh', '-c', script], {
    cwd: repoRoot,
    encoding: 'utf8',
    timeout: 5 * 60_000,
    env: { ...process.env, NODE_OPTIONS: '' },
  });
  const file = path.join(outDir, name);
  if (r.status !== 0 || !existsSync(file)) {
    const out = `${r.stdout ?? ''}\n${r.stderr ?? ''}`.trim().split('\n').slice(-40).join('\n');
    throw new Error(`\`npm run package\` failed (exit ${r.status}${r.error ? `, ${r.error.message}` : ''}):\n${out}`);
  }
  console.log(`[e2e] packaged ${name} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return file;
}

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

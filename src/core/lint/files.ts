// Which files `reglab lint <folders>` looks at: .py (and .js/.ts/... for TensorFlow.js) under the
// given folders, skipping what .gitignore files (from the repository root down) ignore, the usual
// environment folders, and the project's [tool.reglab] exclude patterns.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import ignore, { type Ignore } from 'ignore';

export const PYTHON_EXTENSIONS = ['.py', '.pyi'];
export const JS_EXTENSIONS = ['.js', '.mjs', '.cjs', '.ts', '.mts', '.cts', '.tsx', '.jsx'];
const ALWAYS_SKIPPED = new Set(['.git', 'node_modules', '__pycache__', '.venv', 'venv', '.tox', '.mypy_cache', '.pytest_cache', '.ruff_cache', 'site-packages', '.reglab']);

interface Layer {
  dir: string;
  ig: Ignore;
}

function readIgnore(dir: string, file = '.gitignore'): Ignore | null {
  const f = path.join(dir, file);
  if (!existsSync(f)) return null;
  try {
    return ignore().add(readFileSync(f, 'utf8'));
  } catch {
    return null;
  }
}

/** .gitignore layers from the enclosing repository's root down to (and including) dir's parent. */
function ancestorLayers(dir: string): Layer[] {
  const chain: string[] = [];
  let d = path.resolve(dir);
  let root: string | null = null;
  for (;;) {
    chain.unshift(d);
    if (existsSync(path.join(d, '.git'))) {
      root = d;
      break;
    }
    const parent = path.dirname(d);
    if (parent === d) break;
    d = parent;
  }
  if (!root) return [];
  const layers: Layer[] = [];
  for (const c of chain.slice(0, -1)) {
    const ig = readIgnore(c);
    if (ig) layers.push({ dir: c, ig });
  }
  return layers;
}

function ignored(layers: Layer[], abs: string, isDir: boolean): boolean {
  for (const l of layers) {
    const rel = path.relative(l.dir, abs).split(path.sep).join('/');
    if (!rel || rel.startsWith('..')) continue;
    if (l.ig.ignores(isDir ? `${rel}/` : rel)) return true;
  }
  return false;
}

export interface WalkOptions {
  /** Extra ignore layers (the project's exclude patterns), by folder. */
  extraIgnores?: { dir: string; patterns: string[] }[];
}

/** Files to lint under the given paths (files named explicitly are always included). */
export function collectFiles(paths: string[], opts: WalkOptions = {}): { files: string[]; missing: string[] } {
  const files: string[] = [];
  const missing: string[] = [];
  const extra: Layer[] = (opts.extraIgnores ?? []).filter((e) => e.patterns.length).map((e) => ({ dir: e.dir, ig: ignore().add(e.patterns) }));
  const wanted = (name: string) => PYTHON_EXTENSIONS.includes(path.extname(name)) || JS_EXTENSIONS.includes(path.extname(name));
  const walk = (dir: string, layers: Layer[]) => {
    let entries: import('node:fs').Dirent[];
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    const own = readIgnore(dir);
    const here = own ? [...layers, { dir, ig: own }] : layers;
    for (const e of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      const abs = path.join(dir, e.name);
      if (e.isDirectory()) {
        if (ALWAYS_SKIPPED.has(e.name) || ignored(here, abs, true) || ignored(extra, abs, true)) continue;
        walk(abs, here);
      } else if (e.isFile() && wanted(e.name) && !e.name.endsWith('.d.ts')) {
        if (!ignored(here, abs, false) && !ignored(extra, abs, false)) files.push(abs);
      }
    }
  };
  for (const p of paths) {
    const abs = path.resolve(p);
    let st;
    try {
      st = statSync(abs);
    } catch {
      missing.push(p);
      continue;
    }
    if (st.isDirectory()) walk(abs, ancestorLayers(abs));
    else files.push(abs);
  }
  return { files: [...new Set(files)], missing };
}

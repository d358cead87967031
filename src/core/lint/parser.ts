// Loads tree-sitter (the VS Code team's wasm build) and the grammars the linter needs, offline.
// The wasm files are looked up next to the bundle first (dist/tree-sitter, copied by the build)
// and then in the installed @vscode/tree-sitter-wasm package, file by file.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { Parser, Language, type Tree, type Edit } from '@vscode/tree-sitter-wasm';
import type { LintLanguage } from './types';

export type { Tree, Node, Edit } from '@vscode/tree-sitter-wasm';

const GRAMMAR_FILES: Record<LintLanguage, string> = {
  python: 'tree-sitter-python.wasm',
  javascript: 'tree-sitter-javascript.wasm',
  typescript: 'tree-sitter-typescript.wasm',
  tsx: 'tree-sitter-tsx.wasm',
};

function candidateDirs(): string[] {
  const dirs: string[] = [];
  if (process.env.REGLAB_TREE_SITTER_DIR) dirs.push(process.env.REGLAB_TREE_SITTER_DIR);
  // Bundled: dist/cli.js, dist/extension.js -> dist/tree-sitter.
  dirs.push(path.join(__dirname, 'tree-sitter'));
  try {
    dirs.push(path.join(path.dirname(require.resolve('@vscode/tree-sitter-wasm/package.json')), 'wasm'));
  } catch {
    // Not resolvable inside a bundle: the copied files are the only source.
  }
  return dirs;
}

/** Absolute path of a wasm file, or an error that lists where it was looked for. */
export function locateWasm(file: string): string {
  const dirs = candidateDirs();
  for (const d of dirs) {
    const p = path.join(d, file);
    if (existsSync(p)) return p;
  }
  throw new Error(`reglab lint: cannot find ${file} (looked in ${dirs.join(', ')})`);
}

let initPromise: Promise<void> | undefined;
const languages = new Map<LintLanguage, Language>();
const parsers = new Map<LintLanguage, Parser>();

/** Initialises tree-sitter and loads every grammar; safe to call many times. */
export function initParser(): Promise<void> {
  initPromise ??= (async () => {
    await Parser.init({ locateFile: (f: string) => locateWasm(f) });
    for (const [lang, file] of Object.entries(GRAMMAR_FILES) as [LintLanguage, string][]) {
      languages.set(lang, await Language.load(locateWasm(file)));
    }
  })().catch((err) => {
    initPromise = undefined;
    throw err;
  });
  return initPromise;
}

export function isParserReady(): boolean {
  return languages.size === Object.keys(GRAMMAR_FILES).length;
}

function parserFor(lang: LintLanguage): Parser {
  let p = parsers.get(lang);
  if (!p) {
    const language = languages.get(lang);
    if (!language) throw new Error('reglab lint: call `await initParser()` before parsing');
    p = new Parser();
    p.setLanguage(language);
    parsers.set(lang, p);
  }
  return p;
}

/** Parses source; with oldTree (already edited to match source) tree-sitter reuses unchanged parts. */
export function parseSource(source: string, lang: LintLanguage, oldTree?: Tree | null): Tree {
  const tree = parserFor(lang).parse(source, oldTree ?? null);
  if (!tree) throw new Error('reglab lint: tree-sitter returned no tree');
  return tree;
}

export function languageForFile(file: string): LintLanguage {
  const ext = path.extname(file).toLowerCase();
  if (ext === '.js' || ext === '.mjs' || ext === '.cjs') return 'javascript';
  if (ext === '.ts' || ext === '.mts' || ext === '.cts') return 'typescript';
  if (ext === '.tsx' || ext === '.jsx') return 'tsx';
  return 'python';
}

/** The single edit that turns oldText into newText (common prefix/suffix), in tree-sitter terms. */
export function diffEdit(oldText: string, newText: string): Edit | null {
  if (oldText === newText) return null;
  let start = 0;
  const minLen = Math.min(oldText.length, newText.length);
  while (start < minLen && oldText.charCodeAt(start) === newText.charCodeAt(start)) start++;
  let oldEnd = oldText.length;
  let newEnd = newText.length;
  while (oldEnd > start && newEnd > start && oldText.charCodeAt(oldEnd - 1) === newText.charCodeAt(newEnd - 1)) {
    oldEnd--;
    newEnd--;
  }
  return {
    startIndex: start,
    oldEndIndex: oldEnd,
    newEndIndex: newEnd,
    startPosition: pointAt(oldText, start),
    oldEndPosition: pointAt(oldText, oldEnd),
    newEndPosition: pointAt(newText, newEnd),
  };
}

function pointAt(text: string, index: number): { row: number; column: number } {
  let row = 0;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < index; i = text.indexOf('\n', i + 1)) {
    row++;
    lineStart = i + 1;
  }
  return { row, column: index - lineStart };
}

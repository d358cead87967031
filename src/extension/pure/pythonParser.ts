// Loads tree-sitter's Python grammar (@vscode/tree-sitter-wasm) once, on first use. The wasm files
// are found next to the bundle (dist/tree-sitter, copied by scripts/build.mjs) or, when running
// from sources (tests), in the package itself. No network, no native code.
import path from 'node:path';
import { existsSync } from 'node:fs';
import type * as TreeSitter from '@vscode/tree-sitter-wasm';

export type SyntaxNode = TreeSitter.Node;

function wasmDir(): string {
  const candidates = [
    path.join(__dirname, 'tree-sitter'),
    path.join(__dirname, '..', 'tree-sitter'),
  ];
  try {
    candidates.push(path.join(path.dirname(require.resolve('@vscode/tree-sitter-wasm/package.json')), 'wasm'));
  } catch {
    // bundled without node_modules: the dist/tree-sitter copy must be there
  }
  const dir = candidates.find((d) => existsSync(path.join(d, 'tree-sitter-python.wasm')));
  if (!dir) throw new Error(`tree-sitter-python.wasm not found (looked in ${candidates.join(', ')})`);
  return dir;
}

let parser: Promise<TreeSitter.Parser> | undefined;

export function pythonParser(): Promise<TreeSitter.Parser> {
  parser ??= (async () => {
    const dir = wasmDir();
    const ts = (await import('@vscode/tree-sitter-wasm')) as typeof TreeSitter & { default?: typeof TreeSitter };
    const mod = ts.Parser ? ts : ts.default!;
    await mod.Parser.init({ locateFile: (f: string) => path.join(dir, f) });
    const language = await mod.Language.load(path.join(dir, 'tree-sitter-python.wasm'));
    return new mod.Parser().setLanguage(language);
  })();
  parser.catch(() => { parser = undefined; });
  return parser;
}

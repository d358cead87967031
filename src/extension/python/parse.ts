// Parses Python with the linter's tree-sitter (src/core/lint/parser, loaded on first use).
import { initParser, parseSource, type Node } from '../../core/lint/parser';

export async function parsePython(text: string): Promise<Node> {
  await initParser();
  return parseSource(text, 'python').rootNode;
}

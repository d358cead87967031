// SARIF 2.1.0 output (what GitHub code scanning uploads): one run, the rule table, one result
// per finding with its region, and the fixes as artifact changes. Columns are UTF-16 code units,
// SARIF's default columnKind.
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { RULES } from './rules';
import { RULE_IDS, type Finding, type Severity } from './types';

const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', information: 'note' };

function ruleName(id: string): string {
  return id.split('-').map((w) => w[0].toUpperCase() + w.slice(1)).join('');
}

/** A SARIF log for findings; paths are made relative to baseDir (the %SRCROOT%). */
export function toSarif(findings: Finding[], baseDir: string, toolVersion: string): object {
  const uriOf = (file: string) => {
    const rel = path.relative(baseDir, path.resolve(baseDir, file));
    return rel.startsWith('..') || path.isAbsolute(rel) ? { uri: pathToFileURL(path.resolve(baseDir, file)).href } : { uri: rel.split(path.sep).join('/'), uriBaseId: '%SRCROOT%' };
  };
  const region = (r: { line: number; column: number; endLine: number; endColumn: number }) => ({
    startLine: r.line, startColumn: r.column, endLine: r.endLine, endColumn: r.endColumn,
  });
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [{
      tool: {
        driver: {
          name: 'RegLab',
          version: toolVersion,
          rules: RULE_IDS.map((id) => ({
            id,
            name: ruleName(id),
            shortDescription: { text: RULES[id].title },
            fullDescription: { text: `${RULES[id].title}. Documentation: ${RULES[id].docs}` },
            help: { text: `See ${RULES[id].docs} in the RegLab repository.` },
            defaultConfiguration: { level: LEVEL[RULES[id].severity] },
            properties: { tags: ['regularization', 'weight-decay'] },
          })),
        },
      },
      originalUriBaseIds: { '%SRCROOT%': { uri: pathToFileURL(baseDir + path.sep).href } },
      results: findings.map((f) => ({
        ruleId: f.rule,
        ruleIndex: RULE_IDS.indexOf(f.rule),
        level: LEVEL[f.severity],
        message: { text: f.message },
        locations: [{ physicalLocation: { artifactLocation: uriOf(f.file), region: region(f) } }],
        ...(f.fixes.length ? {
          fixes: f.fixes.map((fix) => ({
            description: { text: fix.note ? `${fix.title}. ${fix.note}` : fix.title },
            artifactChanges: [{
              artifactLocation: uriOf(f.file),
              replacements: fix.edits.map((e) => ({ deletedRegion: region(e), insertedContent: { text: e.newText } })),
            }],
          })),
        } : {}),
      })),
    }],
  };
}

// reglab lint <files or folders...> [--format text|json|sarif]
// Lints Python (and TensorFlow.js .js/.ts) files for weight-decay mistakes. Folders are walked
// with .gitignore respected; pyproject.toml [tool.reglab] configures rules. Exit code 1 when a
// warning or an error is found, 0 otherwise, 2 on bad usage or configuration.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { CliUsageError, parseCommandArgs, printJson } from '../args';
import { initParser, lintSourceSync } from '../../core/lint/index';
import { ConfigError, findProjectConfigFile, parseProjectConfig, type ProjectConfig } from '../../core/lint/config';
import { collectFiles, JS_EXTENSIONS } from '../../core/lint/files';
import { toSarif } from '../../core/lint/sarif';
import type { Finding, OptimizerReport } from '../../core/lint/types';

const FORMATS = ['text', 'json', 'sarif'] as const;
type Format = (typeof FORMATS)[number];

function version(): string {
  try {
    return require('../../../package.json').version as string;
  } catch {
    return '0.0.0';
  }
}

class ConfigCache {
  private readonly byFile = new Map<string, ProjectConfig>();
  private readonly byDir = new Map<string, string | null>();

  forDir(dir: string): ProjectConfig {
    let file = this.byDir.get(dir);
    if (file === undefined) {
      file = findProjectConfigFile(dir);
      this.byDir.set(dir, file);
    }
    if (!file) return { options: {}, exclude: [] };
    let cfg = this.byFile.get(file);
    if (!cfg) {
      cfg = parseProjectConfig(readFileSync(file, 'utf8'), file);
      this.byFile.set(file, cfg);
    }
    return cfg;
  }
}

export async function run(argv: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs(argv, { format: { type: 'string', default: 'text' } });
  const format = values.format as Format;
  if (!FORMATS.includes(format)) throw new CliUsageError(`--format must be one of ${FORMATS.join(', ')}, got '${format}'`);
  if (!positionals.length) throw new CliUsageError('give at least one file or folder to lint');

  const configs = new ConfigCache();
  let extraIgnores: { dir: string; patterns: string[] }[];
  try {
    extraIgnores = positionals.map((p) => {
      const abs = path.resolve(p);
      const cfg = configs.forDir(safeDir(abs));
      return { dir: cfg.file ? path.dirname(cfg.file) : abs, patterns: cfg.exclude };
    });
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`reglab lint: ${err.message}\n`);
      return 2;
    }
    throw err;
  }
  const { files, missing } = collectFiles(positionals, { extraIgnores });
  if (missing.length) {
    process.stderr.write(`reglab lint: no such file or folder: ${missing.join(', ')}\n`);
    return 2;
  }

  await initParser();
  const cwd = process.cwd();
  const findings: Finding[] = [];
  const optimizers: OptimizerReport[] = [];
  let unreadable = 0;
  for (const abs of files) {
    const display = displayPath(cwd, abs);
    let text: string;
    try {
      text = readFileSync(abs, 'utf8');
    } catch (err) {
      process.stderr.write(`reglab lint: cannot read ${display}: ${err instanceof Error ? err.message : String(err)}\n`);
      unreadable++;
      continue;
    }
    // In JavaScript / TypeScript only TF.js's biasRegularizer is checked: skip parsing files without it.
    if (JS_EXTENSIONS.includes(path.extname(abs)) && !text.includes('biasRegularizer')) continue;
    let cfg: ProjectConfig;
    try {
      cfg = configs.forDir(path.dirname(abs));
    } catch (err) {
      if (err instanceof ConfigError) {
        process.stderr.write(`reglab lint: ${err.message}\n`);
        return 2;
      }
      throw err;
    }
    const result = lintSourceSync(text, display, cfg.options);
    findings.push(...result.findings);
    optimizers.push(...result.optimizers);
  }

  if (format === 'json') {
    printJson({ files: files.length, findings, optimizers });
  } else if (format === 'sarif') {
    printJson(toSarif(findings, cwd, version()));
  } else {
    process.stdout.write(textReport(findings, files.length));
  }
  const failing = findings.some((f) => f.severity === 'error' || f.severity === 'warning');
  return failing || unreadable ? 1 : 0;
}

function safeDir(abs: string): string {
  try {
    return require('node:fs').statSync(abs).isDirectory() ? abs : path.dirname(abs);
  } catch {
    return path.dirname(abs);
  }
}

function displayPath(cwd: string, abs: string): string {
  const rel = path.relative(cwd, abs);
  return rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : abs;
}

function textReport(findings: Finding[], fileCount: number): string {
  const lines = findings.map((f) => `${f.file}:${f.line}:${f.column}: ${f.severity} [${f.rule}] ${f.message}${f.fixes.length ? ` (fix: ${f.fixes[0].title})` : ''}`);
  const count = (s: string) => findings.filter((f) => f.severity === s).length;
  lines.push(`${findings.length} finding${findings.length === 1 ? '' : 's'} (${count('error')} errors, ${count('warning')} warnings, ${count('information')} information) in ${fileCount} file${fileCount === 1 ? '' : 's'}`);
  return lines.join('\n') + '\n';
}

// `reglab lint` end to end (through tsx, no build needed): formats, exit codes, .gitignore,
// pyproject.toml [tool.reglab], and SARIF validated against the official 2.1.0 schema.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, writeFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import Ajv from 'ajv-draft-04';
import sarifSchema from '@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json';

const root = path.resolve(__dirname, '../..');
const main = path.join(root, 'src/cli/main.ts');
// tsx is resolved from the repository, not from the temporary project folder the CLI runs in.
const tsx = pathToFileURL(path.join(root, 'node_modules/tsx/dist/loader.mjs')).href;

function reglab(args: string[], cwd: string) {
  const r = spawnSync(process.execPath, ['--import', tsx, main, 'lint', ...args], { cwd, encoding: 'utf8', env: { ...process.env } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const BAD = `import torch\nmodel = torch.nn.Linear(4, 4)\nopt = torch.optim.AdamW(model.parameters(), lr=1e-3)\n`;
const GOOD = `import torch\nmodel = torch.nn.Linear(4, 4)\nopt = torch.optim.SGD(model.parameters(), lr=1e-3)\n`;
const INFO = `import torch\nmodel = torch.nn.Linear(4, 4, bias=False)\nopt = torch.optim.SGD(model.parameters(), lr=1e-3, weight_decay=0.5)\n`;

function project(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'reglab-lint-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

test('exit codes: 1 on a warning, 0 when clean or only information, 2 on bad usage', (t) => {
  const dir = project({ 'bad.py': BAD, 'good.py': GOOD, 'info.py': INFO });
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const bad = reglab(['bad.py'], dir);
  assert.equal(bad.code, 1);
  assert.match(bad.stdout, /^bad\.py:3:7: warning \[decayed-bias-norm\] AdamW's default weight_decay=0\.01 also decays 1 bias tensor/m);
  assert.equal(reglab(['good.py'], dir).code, 0);
  const info = reglab(['info.py'], dir);
  assert.equal(info.code, 0);
  assert.match(info.stdout, /information \[weight-decay-range\]/);
  assert.equal(reglab([], dir).code, 2);
  assert.equal(reglab(['good.py', '--format', 'xml'], dir).code, 2);
  const missing = reglab(['nope.py'], dir);
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /no such file or folder: nope\.py/);
});

test('--format json is one JSON object with findings and decay tables', (t) => {
  const dir = project({ 'src/train.py': BAD, 'src/ok.py': GOOD });
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const r = reglab(['src', '--format', 'json'], dir);
  assert.equal(r.code, 1);
  const out = JSON.parse(r.stdout);
  assert.equal(out.files, 2);
  assert.equal(out.findings.length, 1);
  const f = out.findings[0];
  assert.deepEqual(Object.keys(f).sort(), ['column', 'docs', 'endColumn', 'endLine', 'file', 'fixes', 'line', 'message', 'rule', 'severity'].sort());
  assert.equal(f.file, path.join('src', 'train.py'));
  assert.equal(f.fixes[0].edits[0].line, 3);
  assert.equal(out.optimizers.length, 2);
  assert.match(out.optimizers.find((o: { file: string }) => o.file.endsWith('train.py')).summary, /^AdamW · wd 0\.01 \(default\) → decays 1 weight, 1 bias ⚠$/);
});

test('folders: .gitignore (root and nested) and skipped environment folders are respected', (t) => {
  const dir = project({
    '.gitignore': 'generated/\n*_tmp.py\n',
    'pkg/.gitignore': 'local.py\n',
    'pkg/a.py': BAD,
    'pkg/local.py': BAD,
    'generated/g.py': BAD,
    'x_tmp.py': BAD,
    '.venv/lib/site.py': BAD,
    'node_modules/m/index.js': 'tf.layers.dense({biasRegularizer: r})',
    'web/model.js': 'const l = tf.layers.dense({units: 1, biasRegularizer: tf.regularizers.l2()});\n',
  });
  mkdirSync(path.join(dir, '.git'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const r = reglab(['.', '--format', 'json'], dir);
  const files = [...new Set(JSON.parse(r.stdout).findings.map((f: { file: string }) => f.file))].sort();
  assert.deepEqual(files, [path.join('pkg', 'a.py'), path.join('web', 'model.js')]);
  // A .gitignore above the folder given still applies.
  const sub = reglab(['generated', '--format', 'json'], dir);
  assert.equal(JSON.parse(sub.stdout).files, 0);
});

test('pyproject.toml [tool.reglab]: disable, severity, exclude, ranges; bad config names file and field', (t) => {
  const dir = project({
    'pyproject.toml': `[project]\nname = "x"\n\n[tool.reglab]\ndisable = ["adam-coupled-weight-decay"]\nexclude = ["legacy/"]\n[tool.reglab.severity]\ndecayed-bias-norm = "error"\n[tool.reglab.weight-decay-range]\ncoupled = [1e-6, 1.0]\n`,
    'train.py': BAD.replace('AdamW(model.parameters(), lr=1e-3)', 'Adam(model.parameters(), lr=1e-3, weight_decay=0.5)'),
    'legacy/old.py': BAD,
  });
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const out = JSON.parse(reglab(['.', '--format', 'json'], dir).stdout);
  assert.deepEqual(out.findings.map((f: { rule: string; severity: string; file: string }) => `${f.file}:${f.rule}:${f.severity}`), ['train.py:decayed-bias-norm:error']);
  writeFileSync(path.join(dir, 'pyproject.toml'), '[tool.reglab]\ndisable = ["no-such-rule"]\n');
  const bad = reglab(['train.py'], dir);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /pyproject\.toml: \[tool\.reglab\] disable\[0\]: expected a rule id/);
  writeFileSync(path.join(dir, 'pyproject.toml'), '[tool.reglab\n');
  const broken = reglab(['train.py'], dir);
  assert.equal(broken.code, 2);
  assert.match(broken.stderr, /pyproject\.toml:1:\d+: invalid TOML/);
});

test('--format sarif validates against the SARIF 2.1.0 schema and carries fixes', (t) => {
  const dir = project({ 'a.py': BAD, 'b.py': INFO, 'c.py': GOOD });
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const r = reglab(['.', '--format', 'sarif'], dir);
  assert.equal(r.code, 1);
  const log = JSON.parse(r.stdout);
  const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
  ajv.addFormat('uri', (s: string) => { try { new URL(s); return true; } catch { return false; } });
  ajv.addFormat('uri-reference', (s: string) => !/\s/.test(s));
  ajv.addFormat('date-time', (s: string) => !Number.isNaN(Date.parse(s)));
  const validate = ajv.compile(sarifSchema as object);
  assert.ok(validate(JSON.parse(r.stdout)), JSON.stringify(validate.errors, null, 2));
  const results = log.runs[0].results;
  assert.deepEqual(results.map((x: { ruleId: string; level: string }) => `${x.ruleId}:${x.level}`).sort(), ['decayed-bias-norm:warning', 'weight-decay-range:note']);
  const res = results.find((x: { ruleId: string }) => x.ruleId === 'decayed-bias-norm');
  assert.equal(res.locations[0].physicalLocation.artifactLocation.uri, 'a.py');
  assert.equal(res.locations[0].physicalLocation.region.startLine, 3);
  assert.equal(log.runs[0].tool.driver.rules[res.ruleIndex].id, 'decayed-bias-norm');
  assert.ok(res.fixes[0].artifactChanges[0].replacements[0].insertedContent.text.includes('p.ndim >= 2'));
  // The validator is not vacuous: a result without a message is rejected.
  delete res.message;
  assert.equal(validate(log), false);
});

// The lint core's API: decay tables, value sources, summaries, options, suppressions,
// incremental reparsing and robustness on hostile input.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { DocumentLinter, initParser, lintSource, lintSourceSync, RULE_IDS, RULES, type LintResult } from '../../src/core/lint/index';

const fixture = (name: string) => readFileSync(path.resolve(__dirname, '../fixtures/lint', name), 'utf8');
const rules = (r: LintResult) => r.findings.map((f) => f.rule).sort();

const MLP = `import torch
import torch.nn as nn

class MLP(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc1 = nn.Linear(10, 20)
        self.ln = nn.LayerNorm(20)
        self.fc2 = nn.Linear(20, 2)

model = MLP()
opt = torch.optim.AdamW(model.parameters(), lr=1e-3)
`;

test('whole parameters() under AdamW: counted decay table, one-line summary and message', async () => {
  const r = await lintSource(MLP, 'mlp.py');
  assert.equal(r.optimizers.length, 1);
  const o = r.optimizers[0];
  assert.equal(o.summary, 'AdamW · wd 0.01 (default) → decays 2 weights, 2 biases, 2 LayerNorm ⚠');
  assert.equal(o.model, 'MLP');
  assert.deepEqual(o.weightDecay, { value: 0.01, source: 'optimizer-default' });
  assert.equal(o.decayedBiases, 2);
  assert.equal(o.decayedNorms, 2);
  assert.equal(o.groups.length, 1);
  assert.equal(o.groups[0].selection, 'all');
  assert.deepEqual(o.groups[0].decayed, { weights: 2, biases: 2, norms: 2, embeddings: 0 });
  assert.deepEqual(rules(r), ['decayed-bias-norm']);
  const f = r.findings[0];
  assert.match(f.message, /^AdamW's default weight_decay=0\.01 also decays 2 bias and 2 LayerNorm tensors of MLP/);
  assert.deepEqual([f.line, f.column, f.endLine, f.endColumn], [12, 7, 12, 53]);
  assert.equal(f.severity, 'warning');
});

test('nanoGPT: the ndim rule is recognised, counts follow n_layer from the dataclass default', async () => {
  const r = await lintSource(fixture('nanogpt_model.py'), 'model.py');
  assert.deepEqual(r.findings, []);
  const o = r.optimizers[0];
  assert.equal(o.groups.length, 2);
  assert.deepEqual(o.groups[0].decayed, { weights: 49, biases: 0, norms: 0, embeddings: 2 });
  assert.equal(o.groups[0].weightDecay.source, 'unresolved');
  assert.equal(o.groups[0].weightDecay.expression, 'weight_decay');
  assert.deepEqual(o.groups[1].weightDecay, { value: 0, source: 'literal', expression: '0.0' });
  assert.equal(o.groups[1].selection, 'no-decay');
  assert.equal(o.decayedBiases, 0);
  assert.equal(o.decayedNorms, 0);
});

test('value sources: argparse default, dataclass default, config dict, parameter default, constant', async () => {
  const resnet = (await lintSource(fixture('resnet_sgd_whole.py'), 'a.py')).optimizers[0].weightDecay;
  assert.equal(resnet.value, 5e-4);
  assert.equal(resnet.source, 'argparse-default');
  assert.match(resnet.detail ?? '', /--wd default \(line \d+\)/);
  const [a, b] = (await lintSource(fixture('dataclass_config.py'), 'b.py')).optimizers;
  assert.deepEqual([a.groups[0].weightDecay.value, a.groups[0].weightDecay.source], [0.05, 'dataclass-default']);
  assert.deepEqual([b.groups[0].weightDecay.value, b.groups[0].weightDecay.source], [0.1, 'config']);
  assert.deepEqual([b.lr.value, b.lr.source], [1e-3, 'config']);
  const nn = (await lintSource(fixture('norm_not_excluded.py'), 'c.py')).optimizers[0].groups[0].weightDecay;
  assert.deepEqual([nn.value, nn.source], [0.1, 'parameter-default']);
  const adam = (await lintSource(fixture('adam_coupled.py'), 'd.py')).optimizers[0].weightDecay;
  assert.deepEqual([adam.value, adam.source], [1e-4, 'constant']);
  const unresolved = (await lintSource(fixture('unresolved_wd.py'), 'e.py')).optimizers[0].weightDecay;
  assert.equal(unresolved.value, null);
  assert.equal(unresolved.source, 'unresolved');
});

test('optimizers are recognised however they are imported', async () => {
  const src = `import torch
import torch.optim as optim
from torch import optim as o2
from torch.optim import AdamW as W
from torch.optim.adamw import AdamW
m = torch.nn.Linear(2, 2)
a = optim.AdamW(m.parameters())
b = o2.AdamW(m.parameters())
c = W(m.parameters())
d = AdamW(m.parameters())
e = torch.optim.AdamW(m.parameters())
cls = torch.optim.AdamW
f = cls(m.parameters())
`;
  const r = await lintSource(src, 'imports.py');
  assert.equal(r.optimizers.length, 6);
  for (const o of r.optimizers) assert.equal(o.qualifiedName.endsWith('AdamW'), true);
  assert.equal(r.findings.filter((f) => f.rule === 'decayed-bias-norm').length, 6);
});

test('a name that only looks like an optimizer is not one', async () => {
  const src = `class AdamW:\n    def __init__(self, params, lr=0.1):\n        pass\nAdamW([1, 2]).step()\nfrom mylib import SGD\nSGD(model.parameters(), weight_decay=0.1)\n`;
  const r = await lintSource(src, 'x.py');
  assert.deepEqual(r.optimizers, []);
  assert.deepEqual(r.findings, []);
});

test('options: disabled rules, severity overrides and weight-decay ranges', async () => {
  const src = fixture('adam_coupled.py');
  const base = await lintSource(src, 'a.py');
  assert.deepEqual(rules(base), ['adam-coupled-weight-decay', 'decayed-bias-norm']);
  const disabled = await lintSource(src, 'a.py', { disabledRules: ['decayed-bias-norm'] });
  assert.deepEqual(rules(disabled), ['adam-coupled-weight-decay']);
  const sev = await lintSource(src, 'a.py', { severity: { 'adam-coupled-weight-decay': 'error' } });
  assert.equal(sev.findings.find((f) => f.rule === 'adam-coupled-weight-decay')?.severity, 'error');
  const ranged = await lintSource(src, 'a.py', { weightDecayRange: { coupled: { min: 1e-3, max: 1e-2 } } });
  const info = ranged.findings.find((f) => f.rule === 'weight-decay-range');
  assert.equal(info?.severity, 'information');
  assert.match(info!.message, /far below the usual range for coupled L2 decay \(0\.001 to 0\.01\)/);
});

test('per-line suppressions: a named rule, every rule, and only that line', async () => {
  const src = `import torch
m = torch.nn.Linear(2, 2)
a = torch.optim.AdamW(m.parameters())  # reglab: ignore[decayed-bias-norm]
b = torch.optim.Adam(m.parameters(), weight_decay=1e-4)  # reglab: ignore[decayed-bias-norm]
c = torch.optim.AdamW(m.parameters())  # reglab: ignore
d = torch.optim.AdamW(m.parameters())  # reglab: ignore[l1-all-params]
`;
  const r = await lintSource(src, 's.py');
  assert.deepEqual(r.findings.map((f) => `${f.line}:${f.rule}`), ['4:adam-coupled-weight-decay', '6:decayed-bias-norm']);
  // The CodeLens summary drops its ⚠ when every warning on the call is suppressed.
  assert.ok(!r.optimizers[0].summary.endsWith('⚠'));
  assert.ok(r.optimizers[3].summary.endsWith('⚠'));
});

test('columns count UTF-16 code units, as editors do', async () => {
  const src = `import torch\nm = torch.nn.Linear(2, 2)\ns = "é😀"; opt = torch.optim.AdamW(m.parameters())\n`;
  const r = await lintSource(src, 'u.py');
  const line = src.split('\n')[2];
  assert.equal(r.findings[0].column, line.indexOf('torch.optim') + 1);
  assert.equal(r.findings[0].endColumn, line.length + 1);
});

test('never throws: empty, binary junk, broken syntax, deep nesting, a huge file', async () => {
  await initParser();
  const junk = Buffer.from(Array.from({ length: 20000 }, (_, i) => (i * 7919 + 13) % 256)).toString('latin1');
  const inputs = [
    '', '\0\0\0', junk, 'def (((((', 'torch.optim.AdamW(', 'x = ' + '('.repeat(5000) + ')'.repeat(5000),
    'torch.optim.AdamW(' + '['.repeat(3000), 'import torch\n' + 'opt = torch.optim.AdamW(model.parameters(), lr=1e-3)\n'.repeat(5000),
    'for n, p in m.named_parameters():\n' + '  if x:\n'.repeat(500) + '    pass\n',
  ];
  for (const s of inputs) {
    const r = lintSourceSync(s, 'junk.py');
    assert.ok(Array.isArray(r.findings) && Array.isArray(r.optimizers));
  }
  const big = lintSourceSync(inputs[7], 'big.py');
  assert.equal(big.optimizers.length, 5000);
  for (const s of [junk, 'const x = {biasRegularizer: ', '']) assert.ok(Array.isArray(lintSourceSync(s, 'junk.ts').findings));
});

test('incremental reparsing gives the same results as a fresh parse', async () => {
  await initParser();
  const doc = new DocumentLinter('train.py');
  let text = fixture('norm_not_excluded.py');
  const edits: [string, string][] = [
    ['no_decay = ["bias"]', 'no_decay = ["bias", "ln_1.weight", "ln_2.weight", "ln_f.weight"]'],
    ['lr=3e-4, weight_decay=0.1', 'lr=3e-4, weight_decay=0.2'],
    ['import torch\n', 'import torch\nimport math\n'],
    ['"weight_decay": 0.0}', '}'],
  ];
  const strip = (r: LintResult) => JSON.stringify({ f: r.findings, o: r.optimizers });
  assert.equal(strip(doc.lint(text)), strip(lintSourceSync(text, 'train.py')));
  for (const [from, to] of edits) {
    assert.ok(text.includes(from), from);
    text = text.replace(from, to);
    assert.equal(strip(doc.lint(text)), strip(lintSourceSync(text, 'train.py')));
  }
  assert.deepEqual(rules(doc.lint(text)), ['no-decay-group-inherits']);
  doc.dispose();
});

test('TypeScript and JavaScript: TF.js biasRegularizer only', async () => {
  const ts = `import * as tf from '@tensorflow/tfjs';\nconst l = tf.layers.dense({units: 4, biasRegularizer: tf.regularizers.l1l2()}); // comment\nconst k = tf.layers.dense({units: 4, biasRegularizer: undefined});\n`;
  const r = await lintSource(ts, 'model.ts');
  assert.deepEqual(r.findings.map((f) => `${f.line}:${f.rule}`), ['2:bias-regularizer']);
  const suppressed = await lintSource(ts.replace('// comment', '// reglab: ignore[bias-regularizer]'), 'model.ts');
  assert.deepEqual(suppressed.findings, []);
});

test('every rule has a docs page with what / why / example / fix', () => {
  for (const id of RULE_IDS) {
    const page = readFileSync(path.resolve(__dirname, '../..', RULES[id].docs), 'utf8');
    assert.ok(page.startsWith(`# ${id}\n`), id);
    for (const h of ['## What it flags', '## Why it matters', '## Example', '## Fix']) assert.ok(page.includes(h), `${id}: ${h}`);
    assert.ok(page.includes(`**Severity:** ${RULES[id].severity}`), `${id}: severity`);
  }
});

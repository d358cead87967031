// The extension's pure logic: settings -> lint options, the hover's decay table, the Try-in-RegLab
// preset, which λ a sweep hands to applyLambda, and the workspace path guard.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, symlinkSync, realpathSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { lintOptionsFromSettings } from '../../src/extension/pure/lintOptions';
import { DEFAULT_SETTINGS } from '../../src/extension/pure/settingsTypes';
import { cell, decayTableMarkdown, formatNumber } from '../../src/extension/pure/decayTable';
import { grouping, lambdaGrid, optimizerType, presetFromOptimizer, SANDBOX, sweepValues } from '../../src/extension/pure/presetFromOptimizer';
import { defaultCandidate, lambdaCandidates } from '../../src/extension/pure/lambdaChoice';
import { containingFolder, experimentFileName, experimentInputs, isInside } from '../../src/extension/pure/workspacePaths';
import { resolveExperiment } from '../../src/core/experiment/load';
import type { OptimizerReport, ParamGroupReport } from '../../src/core/lint/types';

function group(over: Partial<ParamGroupReport> = {}): ParamGroupReport {
  return {
    line: 3, column: 5, endLine: 3, endColumn: 20, index: 0, params: 'model.parameters()', selection: 'all',
    lr: { value: 1e-3, source: 'literal' }, weightDecay: { value: 0.01, source: 'optimizer-default' },
    decayed: { weights: 3, biases: 3, norms: 2, embeddings: 0 }, ...over,
  };
}

function report(over: Partial<OptimizerReport> = {}): OptimizerReport {
  return {
    file: '/w/train.py', line: 12, column: 7, endLine: 12, endColumn: 60,
    optimizer: 'AdamW', qualifiedName: 'torch.optim.AdamW', framework: 'torch', decoupled: true,
    weightDecay: { value: 0.01, source: 'optimizer-default' }, lr: { value: 3e-4, source: 'literal' },
    groups: [group()], decayedBiases: 3, decayedNorms: 2, model: 'MLP',
    summary: 'AdamW · wd 0.01 (default) → decays 3 weights, 3 biases, 2 LayerNorm ⚠', rules: ['decayed-bias-norm'], ...over,
  };
}

test('settings -> lint options: off disables, hint maps to information + editor hint, bad entries warn', () => {
  const r = lintOptionsFromSettings({
    lintSeverity: { 'weight-decay-range': 'hint', 'decayed-bias-norm': 'error', 'l1-all-params': 'off', 'no-such-rule': 'error' },
    lintDisabledRules: ['bias-regularizer', 'typo-rule'],
    weightDecayRange: { coupled: { min: 1e-5, max: 1e-3 }, decoupled: { min: 1, max: 0.1 } },
  });
  assert.deepEqual(new Set(r.options.disabledRules), new Set(['bias-regularizer', 'l1-all-params']));
  assert.deepEqual(r.options.severity, { 'weight-decay-range': 'information', 'decayed-bias-norm': 'error' });
  assert.ok(r.hints.has('weight-decay-range'));
  assert.deepEqual(r.options.weightDecayRange, { coupled: { min: 1e-5, max: 1e-3 } });
  assert.equal(r.warnings.length, 3, r.warnings.join('\n'));
  assert.ok(r.warnings.some((w) => w.includes('no-such-rule')) && r.warnings.some((w) => w.includes('typo-rule')) && r.warnings.some((w) => w.includes('decoupled')));
});

test('default settings give the linter its default ranges and no overrides', () => {
  const r = lintOptionsFromSettings(DEFAULT_SETTINGS);
  assert.deepEqual(r.options.disabledRules, []);
  assert.deepEqual(r.options.severity, {});
  assert.deepEqual(r.options.weightDecayRange, DEFAULT_SETTINGS.weightDecayRange);
  assert.equal(r.warnings.length, 0);
});

test('decay table: one row per group, values with their origin, escaped cells', () => {
  const md = decayTableMarkdown(report({
    groups: [
      group({ params: 'params with ndim >= 2 | decay', selection: 'decay', weightDecay: { value: 0.1, source: 'argparse-default', expression: 'args.wd', detail: '--wd default (line 4)' } }),
      group({ index: 1, params: 'biases and norms', selection: 'no-decay', weightDecay: { value: 0.01, source: 'inherited' }, decayed: { weights: 0, biases: 3, norms: 2, embeddings: 0 } }),
    ],
  }));
  const rows = md.split('\n').filter((l) => /^\| \d/.test(l));
  assert.equal(rows.length, 2);
  assert.match(rows[0]!, /params with ndim \\>= 2 \\\| decay/);
  assert.match(rows[0]!, /0\.1 \(--wd default \(line 4\)\)/);
  assert.match(rows[1]!, /0\.01 \(inherited from the optimizer\)/);
  assert.match(rows[1]!, /3 biases, 2 norms/);
  assert.match(md, /⚠ weight decay reaches 3 bias tensors and 2 norm tensors/);
  assert.match(md, /decoupled weight decay/);
  assert.equal(cell('a|b*c'), 'a\\|b\\*c');
  assert.equal(formatNumber(1e-5), '1e-5');
  assert.equal(formatNumber(0.05), '0.05');
});

test('preset from an AdamW call over all parameters: same λ, lr, grouping, λ in the grid', () => {
  const p = presetFromOptimizer(report(), '/w/train.py', [0, 1e-3, 1e-1]);
  const e = p.experiment as any;
  assert.equal(e.optimizer.type, 'adamw');
  assert.equal(e.optimizer.lr, 3e-4);
  assert.equal(e.optimizer.weightDecay, 0.01);
  assert.equal(e.paramGroups, 'all');
  // λ/100 … λ·100 around the call's 0.01, inside AdamW's usual decoupled range (1e-4 … 1), and 0.
  assert.deepEqual(e.sweep.values, [0, 1e-4, 1e-3, 0.01, 0.1, 1]);
  assert.equal(e.sweep.param, 'optimizer.weightDecay');
  assert.equal(e.sweep.compare, undefined, 'λ alone is swept, so the choice maps back to the call');
  assert.deepEqual(p.origin.call, { line: 12, column: 7, endLine: 12, endColumn: 60 });
  assert.equal(p.origin.file, '/w/train.py');
  // The preset is a valid experiment for the engine's own loader.
  assert.doesNotThrow(() => resolveExperiment(JSON.stringify(e), { baseDir: os.tmpdir() }));
});

test('preset: Adam keeps coupled decay; unresolved values are said, not guessed', () => {
  const p = presetFromOptimizer(report({ optimizer: 'Adam', qualifiedName: 'torch.optim.Adam', decoupled: false, weightDecay: { value: null, source: 'unresolved', expression: 'cfg.wd' }, lr: { value: null, source: 'unresolved', expression: 'lr' } }), '/w/t.py', [0, 1e-4]);
  const e = p.experiment as any;
  assert.equal(e.optimizer.type, 'adam');
  assert.equal(e.optimizer.lr, 1e-3);
  assert.equal(e.optimizer.weightDecay, 0);
  assert.ok(p.notes.some((n) => n.includes('cfg.wd')) && p.notes.some((n) => n.includes('`lr`')));
  assert.doesNotThrow(() => resolveExperiment(JSON.stringify(e), { baseDir: os.tmpdir() }));
});

test('preset sandbox: a small noisy training set and a wide model (it overfits unregularized), 3 seeds, the λ grid around the call', () => {
  const e = presetFromOptimizer(report(), '/w/train.py', [0, 1e-3]).experiment as any;
  assert.deepEqual(e.data, SANDBOX.data);
  const exp = resolveExperiment(JSON.stringify(e), { baseDir: os.tmpdir() });
  // Few training points for a wide MLP with more parameters than points by far.
  const data = exp.data as { samples: number; noise: number; valFraction: number };
  const train = Math.round(data.samples * (1 - data.valFraction));
  const params = exp.model.hidden.reduce((n, w, i, hs) => n + (i ? hs[i - 1]! : 2) * w + w, 0);
  assert.ok(train <= 100 && params > 40 * train, `${train} training points, ${params} weights`);
  assert.ok(data.noise >= 0.5, 'noisy, overlapping classes');
  assert.ok(exp.training.epochs * Math.ceil(train / exp.training.batchSize) >= 1000, 'enough steps for decay to act');
  assert.equal(exp.sweep!.seeds.length, 3, 'three seeds: a standard error to judge the curve by');
  assert.equal(exp.model.norm, 'layernorm', 'norm layers: excluding them from decay (the call\'s grouping) matters');
  // Grids: decades around λ clipped to the usual range of the optimizer's decay, 0 as reference.
  assert.deepEqual(lambdaGrid(1e-4, 'adam', [0, 0.1]), [0, 1e-6, 1e-5, 1e-4, 1e-3, 1e-2]);
  assert.deepEqual(lambdaGrid(5e-4, 'sgd', []), [0, 5e-6, 5e-5, 5e-4, 5e-3]);
  assert.deepEqual(lambdaGrid(0.1, 'adamw', []), [0, 1e-3, 0.01, 0.1, 1]);
  assert.deepEqual(lambdaGrid(0.5, 'sgd', []), [0, 5e-3, 0.5], 'a λ outside the usual range is kept, its neighbours inside the range');
  // No usable λ: the default grid (with the call's 0).
  assert.deepEqual(lambdaGrid(null, 'adamw', [0, 1e-3, 0.1]), [0, 1e-3, 0.1]);
  assert.deepEqual(lambdaGrid(0, 'adamw', [1e-3, 0.1]), [0, 1e-3, 0.1]);
  // SGD: the preset says how far its decay reaches in the sandbox's steps.
  const sgd = presetFromOptimizer(report({ optimizer: 'SGD', qualifiedName: 'torch.optim.SGD', decoupled: false, weightDecay: { value: 1e-4, source: 'literal' } }), '/w/t.py', []);
  assert.ok(sgd.notes.some((n) => /lr·λ per step; the sandbox trains 1200 steps/.test(n)), sgd.notes.join('\n'));
});

test('grouping: an explicit 0 no-decay group excludes biases and norms; an inheriting one decays everything', () => {
  assert.equal(grouping(report({ groups: [group({ selection: 'decay' }), group({ selection: 'no-decay', params: 'biases and norms', weightDecay: { value: 0, source: 'literal' } })] })).paramGroups, 'exclude-bias-norm');
  assert.equal(grouping(report({ groups: [group({ selection: 'decay' }), group({ selection: 'no-decay', params: 'params with p.dim() < 2', weightDecay: { value: 0, source: 'literal' } })] })).paramGroups, 'exclude-1d');
  const inherits = grouping(report({ groups: [group({ selection: 'decay' }), group({ selection: 'no-decay', weightDecay: { value: 0.01, source: 'inherited' } })] }));
  assert.equal(inherits.paramGroups, 'all');
  assert.match(inherits.note!, /inherits/);
  assert.equal(optimizerType(report({ optimizer: 'RMSprop', decoupled: false })).type, 'sgd');
  assert.deepEqual(sweepValues([0.1, 0, 0.1], 0.05), [0, 0.05, 0.1]);
});

test('λ choice: one selection, the plain variant among several, or none (ask)', () => {
  const one = lambdaCandidates({ param: 'optimizer.weightDecay', selections: [{ rule: 'min', chosen: 0.01, why: 'lowest mean' }] });
  assert.deepEqual(defaultCandidate(one), { variant: '', value: 0.01, param: 'optimizer.weightDecay', why: 'lowest mean', overrides: {} });
  const summary = { param: 'optimizer.weightDecay', selections: [
    { variant: 'as written', rule: 'min' as const, chosen: 0.1, why: 'a' },
    { variant: 'biases & norms excluded', rule: 'min' as const, chosen: 0.3, why: 'b' },
    { variant: 'none', rule: 'min' as const, why: 'no eligible point' },
  ] };
  const compare = [{ name: 'as written', set: {} }, { name: 'biases & norms excluded', set: { paramGroups: 'exclude-bias-norm' } }];
  const c = lambdaCandidates(summary, compare);
  assert.equal(c.length, 2);
  assert.equal(defaultCandidate(c)?.value, 0.1);
  const l1l2 = lambdaCandidates({ param: 'penalty.l1', selections: [{ variant: 'L1', rule: '1se', chosen: 0.01, why: '' }, { variant: 'L2', rule: '1se', chosen: 0.1, why: '' }] },
    [{ name: 'L1', param: 'penalty.l1', set: {} }, { name: 'L2', param: 'penalty.l2', set: {} }]);
  assert.equal(l1l2[1]!.param, 'penalty.l2');
  assert.equal(defaultCandidate(l1l2), undefined);
});

test('workspace paths: inside, outside, .. tricks and symbolic links out of the workspace', () => {
  const tmp = realpathSync(mkdtempSync(path.join(os.tmpdir(), 'reglab-ws-')));
  const ws = path.join(tmp, 'ws');
  const outside = path.join(tmp, 'outside');
  mkdirSync(ws);
  mkdirSync(outside);
  symlinkSync(outside, path.join(ws, 'link'));
  assert.ok(isInside(path.join(ws, 'a', 'b.csv'), ws));
  assert.ok(!isInside(path.join(ws, '..', 'outside', 'x.csv'), ws));
  assert.ok(!isInside(`${ws}-other/x`, ws));
  assert.equal(containingFolder(path.join(ws, 'new', 'file.reglab.json'), [ws]), ws);
  assert.equal(containingFolder(path.join(ws, '..', 'outside', 'x.csv'), [ws]), undefined);
  assert.equal(containingFolder(path.join(ws, 'link', 'x.csv'), [ws]), undefined);
});

test('saved experiment names end in exactly one .reglab.json', () => {
  for (const [given, want] of [['/w/a.reglab.json', '/w/a.reglab.json'], ['/w/a.reglab.json.reglab.json', '/w/a.reglab.json'], ['/w/a.json', '/w/a.reglab.json'], ['/w/a', '/w/a.reglab.json'], ['/w/my.exp.reglab.json', '/w/my.exp.reglab.json']]) {
    assert.equal(experimentFileName(given!), want, given);
  }
});

test('an experiment whose CSV data lies outside the workspace (through ..) is caught', () => {
  const tmp = realpathSync(mkdtempSync(path.join(os.tmpdir(), 'reglab-inputs-')));
  const ws = path.join(tmp, 'ws');
  mkdirSync(ws);
  writeFileSync(path.join(tmp, 'secret.csv'), 'x,y\n1,2\n3,4\n5,6\n7,8\n');
  writeFileSync(path.join(ws, 'ok.csv'), 'x,y\n1,2\n3,4\n5,6\n7,8\n');
  const text = (train: string) => JSON.stringify({ data: { source: 'csv', train, target: 'y', task: 'regression', valFraction: 0.5 }, model: { hidden: [] }, training: { epochs: 1, batchSize: 2 } });
  const inside = resolveExperiment(text('ok.csv'), { sourceFile: path.join(ws, 'a.reglab.json'), baseDir: ws });
  const outside = resolveExperiment(text('../secret.csv'), { sourceFile: path.join(ws, 'b.reglab.json'), baseDir: ws });
  assert.deepEqual(experimentInputs(inside).map((f) => containingFolder(f, [ws])), [ws]);
  assert.deepEqual(experimentInputs(outside), [path.join(tmp, 'secret.csv')]);
  assert.equal(containingFolder(experimentInputs(outside)[0]!, [ws]), undefined);
});

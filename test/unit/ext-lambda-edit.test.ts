// reglab.applyLambda's text computation: where λ goes in Python optimizer calls and experiment files.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parsePython } from '../../src/extension/python/parse';
import { applyOffsetEdits, experimentLambdaEdit, pythonFloat, pythonLambdaEdit } from '../../src/extension/pure/lambdaEdit';
import type { OptimizerReport, ParamGroupReport } from '../../src/core/lint/types';

function group(over: Partial<ParamGroupReport> = {}): ParamGroupReport {
  return {
    line: 1, column: 1, endLine: 1, endColumn: 1, index: 0, params: 'model.parameters()', selection: 'all',
    lr: { value: 1e-3, source: 'literal' }, weightDecay: { value: 0.01, source: 'inherited' }, decayed: null, ...over,
  };
}

/** The report the linter would give for the first call of `optimizer` in `src`. */
function reportFor(src: string, optimizer: string, groups: ParamGroupReport[] = [group()]): Pick<OptimizerReport, 'line' | 'column' | 'endLine' | 'endColumn' | 'optimizer' | 'groups'> {
  const lines = src.split('\n');
  const line = lines.findIndex((l) => l.includes(`${optimizer}(`));
  assert.ok(line >= 0, `no ${optimizer}( in fixture`);
  const column = lines[line]!.indexOf(optimizer) + 1;
  // End: the matching closing parenthesis.
  let depth = 0;
  let endLine = line;
  let endColumn = 0;
  outer: for (let l = line; l < lines.length; l++) {
    for (let c = l === line ? column - 1 : 0; c < lines[l]!.length; c++) {
      const ch = lines[l]![c];
      if (ch === '(') depth++;
      if (ch === ')' && --depth === 0) { endLine = l; endColumn = c + 2; break outer; }
    }
  }
  return { line: line + 1, column, endLine: endLine + 1, endColumn, optimizer, groups };
}

async function applyPython(src: string, optimizer: string, value: number, groups?: ParamGroupReport[]) {
  const r = pythonLambdaEdit(await parsePython(src), src, reportFor(src, optimizer, groups), value);
  return r.ok ? { ok: true as const, text: applyOffsetEdits(src, r.edits), description: r.description } : r;
}

test('pythonFloat writes short Python float literals', () => {
  assert.equal(pythonFloat(0), '0.0');
  assert.equal(pythonFloat(0.01), '0.01');
  assert.equal(pythonFloat(1e-5), '1e-5');
  assert.equal(Number(pythonFloat(3.1622776601683795e-4)), 3.1622776601683795e-4);
  assert.equal(Number(pythonFloat(0.1 + 0.2)), 0.1 + 0.2);
  assert.equal(pythonFloat(1e-12), '1e-12');
  assert.equal(pythonFloat(1), '1.0');
  assert.throws(() => pythonFloat(-1));
  assert.throws(() => pythonFloat(NaN));
});

test('replaces the weight_decay literal of the call', async () => {
  const src = 'import torch\nopt = torch.optim.AdamW(model.parameters(), lr=3e-4, weight_decay=0.1)\n';
  const r = await applyPython(src, 'AdamW', 0.001);
  assert.ok(r.ok, JSON.stringify(r));
  assert.equal(r.text, 'import torch\nopt = torch.optim.AdamW(model.parameters(), lr=3e-4, weight_decay=0.001)\n');
});

test('replaces the literal in a multi-line call and leaves other calls alone', async () => {
  const src = [
    'a = torch.optim.SGD(m1.parameters(), lr=0.1, weight_decay=5e-4)',
    'b = torch.optim.SGD(',
    '    m2.parameters(),',
    '    lr=0.1,',
    '    weight_decay=1e-4,  # tuned',
    ')',
    '',
  ].join('\n');
  const report = { line: 2, column: 5, endLine: 6, endColumn: 2, optimizer: 'SGD', groups: [group()] };
  const r = pythonLambdaEdit(await parsePython(src), src, report, 0.01);
  assert.ok(r.ok);
  const out = applyOffsetEdits(src, r.edits);
  assert.match(out, /weight_decay=5e-4\)/);
  assert.match(out, /weight_decay=0\.01,  # tuned/);
});

test('inserts weight_decay when the call relies on the optimizer default', async () => {
  const src = 'opt = optim.AdamW(model.parameters(), lr=1e-3)\n';
  const r = await applyPython(src, 'AdamW', 0.05, [group({ weightDecay: { value: 0.01, source: 'optimizer-default' } })]);
  assert.ok(r.ok);
  assert.equal(r.text, 'opt = optim.AdamW(model.parameters(), lr=1e-3, weight_decay=0.05)\n');
});

test('edits only the decayed inline group and keeps the no-decay group at 0', async () => {
  const src = 'opt = torch.optim.AdamW([{"params": decay, "weight_decay": 0.1}, {"params": no_decay, "weight_decay": 0.0}], lr=1e-3)\n';
  const r = await applyPython(src, 'AdamW', 0.02);
  assert.ok(r.ok);
  assert.equal(r.text, 'opt = torch.optim.AdamW([{"params": decay, "weight_decay": 0.02}, {"params": no_decay, "weight_decay": 0.0}], lr=1e-3)\n');
});

test('refuses when weight_decay is not a literal, naming the expression', async () => {
  const src = 'opt = torch.optim.AdamW(model.parameters(), lr=args.lr, weight_decay=args.weight_decay)\n';
  const r = await applyPython(src, 'AdamW', 0.02);
  assert.equal(r.ok, false);
  assert.match((r as { reason: string }).reason, /`args\.weight_decay`, not a number literal/);
});

test('refuses when the decayed groups are built elsewhere with their own value', async () => {
  const src = 'groups = [{"params": d, "weight_decay": wd}, {"params": n, "weight_decay": 0.0}]\nopt = torch.optim.AdamW(groups, lr=1e-3)\n';
  const r = await applyPython(src, 'AdamW', 0.02, [
    group({ selection: 'decay', weightDecay: { value: null, source: 'unresolved', expression: 'wd' } }),
    group({ index: 1, selection: 'no-decay', weightDecay: { value: 0, source: 'literal' } }),
  ]);
  assert.equal(r.ok, false);
  assert.match((r as { reason: string }).reason, /`wd`/);
});

test('experiment files: sets the swept field and keeps comments', () => {
  const src = '{\n  // my experiment\n  "optimizer": {"type": "adamw", "lr": 0.001, "weightDecay": 0.01},\n  "data": {"source": "synthetic", "name": "spiral"}\n}\n';
  const r = experimentLambdaEdit(src, 'optimizer.weightDecay', 0.0316);
  assert.ok(r.ok);
  const out = applyOffsetEdits(src, r.edits);
  assert.match(out, /\/\/ my experiment/);
  assert.match(out, /"weightDecay": 0\.0316/);
});

test('experiment files: adds a missing field', () => {
  const src = '{\n  "penalty": {"l1": 0.001},\n  "data": {"source": "builtin", "name": "diabetes"}\n}\n';
  const r = experimentLambdaEdit(src, 'penalty.l2', 0.5);
  assert.ok(r.ok);
  assert.deepEqual(JSON.parse(applyOffsetEdits(src, r.edits)).penalty, { l1: 0.001, l2: 0.5 });
});

test('experiment files: refuses a field that is not a number literal', () => {
  const r = experimentLambdaEdit('{"optimizer": {"weightDecay": "1e-3"}}', 'optimizer.weightDecay', 0.1);
  assert.equal(r.ok, false);
  assert.match((r as { reason: string }).reason, /the string "1e-3", not a number literal/);
});

test('ignore quick fix: a directive appended to the line the linter honours, or merged into one', async () => {
  const { suppressionEdit } = await import('../../src/extension/pure/suppression');
  const { lintSource } = await import('../../src/core/lint/index');
  const { offsetAt } = await import('../../src/extension/pure/lambdaEdit');
  const src = 'import torch\nopt = torch.optim.Adam(model.parameters(), lr=1e-3, weight_decay=1e-4)   \n';
  const before = await lintSource(src, 'x.py');
  const f = before.findings.find((x) => x.rule === 'adam-coupled-weight-decay');
  assert.ok(f, JSON.stringify(before.findings.map((x) => x.rule)));
  const lineText = src.split('\n')[f.endLine - 1]!;
  const e = suppressionEdit(lineText, f.endLine, f.rule);
  const apply = (text: string, ed: typeof e) => applyOffsetEdits(text, [{ offset: offsetAt(text, ed.line, ed.column), length: offsetAt(text, ed.endLine, ed.endColumn) - offsetAt(text, ed.line, ed.column), newText: ed.newText }]);
  const once = apply(src, e);
  assert.match(once, /weight_decay=1e-4\)  # reglab: ignore\[adam-coupled-weight-decay\]\n/);
  assert.ok(!(await lintSource(once, 'x.py')).findings.some((x) => x.rule === f.rule), 'the linter no longer reports it');
  const merged = suppressionEdit('x = 1  # reglab: ignore[decayed-bias-norm]', 3, 'weight-decay-range');
  assert.equal(merged.newText, ', weight-decay-range');
  assert.equal(merged.column, 'x = 1  # reglab: ignore[decayed-bias-norm'.length + 1);
  assert.equal(suppressionEdit('y  # reglab: ignore[]', 1, 'l1-all-params').newText, 'l1-all-params');
});

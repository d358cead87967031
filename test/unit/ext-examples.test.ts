// examples/ is a workspace a newcomer opens: every experiment file loads with the engine's own
// loader (schema, defaults, semantic checks), sweeps are small enough to run quickly, and every
// misconfigured PyTorch script has a corrected twin.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { loadExperimentFile } from '../../src/core/experiment/load';
import { planSweep } from '../../src/core/sweep/grid';

const examples = path.resolve(__dirname, '..', '..', 'examples');
const experiments = readdirSync(examples).filter((f) => f.endsWith('.reglab.json'));

test('the examples cover L1 vs L2, Adam+L2 vs AdamW, decayed vs excluded norms and a λ sweep', () => {
  for (const name of ['l1-vs-l2-sparsity', 'adam-l2-vs-adamw', 'decay-vs-excluded-norms', 'lambda-sweep', 'spiral-l2']) {
    assert.ok(experiments.includes(`${name}.reglab.json`), `examples/${name}.reglab.json is missing`);
  }
});

for (const f of experiments) {
  test(`examples/${f} loads, and its sweep is small`, () => {
    const exp = loadExperimentFile(path.join(examples, f));
    assert.ok(exp.training.epochs <= 60, 'keep examples fast');
    if (exp.sweep) {
      const plan = planSweep(exp);
      assert.ok(plan.trials.length <= 24, `${plan.trials.length} trials`);
      assert.ok(plan.trials.length * exp.training.epochs <= 1200);
    }
  });
}

test('every misconfigured PyTorch example has a corrected twin', () => {
  const py = readdirSync(path.join(examples, 'pytorch')).filter((f) => f.endsWith('.py'));
  const broken = py.filter((f) => !f.endsWith('_fixed.py'));
  assert.ok(broken.length >= 6);
  for (const f of broken) assert.ok(existsSync(path.join(examples, 'pytorch', f.replace(/\.py$/, '_fixed.py'))), `${f} has no _fixed twin`);
});

test('each misconfigured PyTorch example raises its rule (and its fix clears it); each twin is clean', async () => {
  const { lintSource } = await import('../../src/core/lint/index');
  const { applyOffsetEdits, offsetAt } = await import('../../src/extension/pure/lambdaEdit');
  const dir = path.join(examples, 'pytorch');
  const rule = (f: string) => f.replace(/^keras_/, '').replace(/\.py$/, '').replace(/_/g, '-');
  for (const f of readdirSync(dir).filter((n) => n.endsWith('.py') && !n.endsWith('_fixed.py'))) {
    const text = readFileSync(path.join(dir, f), 'utf8');
    const r = await lintSource(text, f);
    const finding = r.findings.find((x) => x.rule === rule(f));
    assert.ok(finding, `${f}: expected ${rule(f)}, got ${JSON.stringify(r.findings.map((x) => x.rule))}`);
    for (const fix of finding.fixes) {
      const fixed = applyOffsetEdits(text, fix.edits.map((e) => ({ offset: offsetAt(text, e.line, e.column), length: offsetAt(text, e.endLine, e.endColumn) - offsetAt(text, e.line, e.column), newText: e.newText })));
      const again = await lintSource(fixed, f);
      assert.ok(!again.findings.some((x) => x.rule === finding.rule), `${f}: "${fix.title}" leaves ${finding.rule}`);
    }
    const twin = f.replace(/\.py$/, '_fixed.py');
    const t = await lintSource(readFileSync(path.join(dir, twin), 'utf8'), twin);
    assert.deepEqual(t.findings.map((x) => x.rule), [], `${twin} should be clean`);
  }
});

// Every fixture under test/fixtures/lint declares the rules it must raise on its first line
// (`# reglab-expect: rule-a, rule-b` or `none`); the linter must raise exactly those. Every fix
// offered on a fixture is then applied: the result must still parse and must no longer raise
// that finding.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { applyEdits, lintSource, RULE_IDS, type RuleId } from '../../src/core/lint/index';

const dir = path.resolve(__dirname, '../fixtures/lint');
const fixtures = readdirSync(dir).filter((f) => /\.(py|js|mts)$/.test(f)).sort();

function expected(text: string, file: string): Set<string> {
  const m = /reglab-expect:\s*([^\n]*)/.exec(text.split('\n')[0]);
  assert.ok(m, `${file}: first line must be a reglab-expect comment`);
  const list = m[1].trim() === 'none' ? [] : m[1].split(',').map((s) => s.trim());
  for (const r of list) assert.ok((RULE_IDS as readonly string[]).includes(r), `${file}: unknown rule ${r}`);
  return new Set(list);
}

test('every rule has at least one positive and the suite has negatives', () => {
  const seen = new Set<string>();
  let negatives = 0;
  for (const f of fixtures) {
    const e = expected(readFileSync(path.join(dir, f), 'utf8'), f);
    e.forEach((r) => seen.add(r));
    if (!e.size) negatives++;
  }
  for (const r of RULE_IDS) assert.ok(seen.has(r), `no positive fixture for ${r}`);
  assert.ok(negatives >= 10, `only ${negatives} negative fixtures`);
});

for (const f of fixtures) {
  test(`fixture ${f}`, async () => {
    const text = readFileSync(path.join(dir, f), 'utf8');
    const want = expected(text, f);
    const result = await lintSource(text, f);
    const got = new Set(result.findings.map((x) => x.rule));
    assert.deepEqual([...got].sort(), [...want].sort(), `${f}: ${result.findings.map((x) => `${x.line}:${x.rule} ${x.message}`).join('\n')}`);
    for (const finding of result.findings) {
      assert.ok(finding.line >= 1 && finding.column >= 1 && finding.endLine >= finding.line, 'ranges are 1-based');
      assert.equal(finding.docs, `docs/rules/${finding.rule}.md`);
      assert.ok(!/\n/.test(finding.message), 'one-line message');
    }
  });
}

test('every fix parses and removes its finding', async () => {
  let applied = 0;
  const fixedRules = new Set<RuleId>();
  for (const f of fixtures) {
    const text = readFileSync(path.join(dir, f), 'utf8');
    const before = await lintSource(text, f);
    for (const finding of before.findings) {
      for (const fix of finding.fixes) {
        const out = applyEdits(text, fix.edits);
        assert.notEqual(out, text, `${f}: fix "${fix.title}" changes nothing`);
        const after = await lintSource(out, f);
        if (!before.syntaxErrors) assert.equal(after.syntaxErrors, false, `${f}: "${fix.title}" breaks the syntax:\n${out}`);
        const count = (r: typeof before) => r.findings.filter((x) => x.rule === finding.rule).length;
        assert.ok(count(after) < count(before), `${f}: "${fix.title}" did not remove ${finding.rule}:\n${out}`);
        applied++;
        fixedRules.add(finding.rule);
      }
    }
  }
  assert.ok(applied >= 10, `only ${applied} fixes were exercised`);
  for (const r of ['decayed-bias-norm', 'adam-coupled-weight-decay', 'no-decay-group-inherits', 'norm-not-excluded', 'l1-all-params', 'bias-regularizer'] as RuleId[]) {
    assert.ok(fixedRules.has(r), `no fixture exercises a fix for ${r}`);
  }
});

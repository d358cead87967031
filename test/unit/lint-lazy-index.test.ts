// The linter indexes a Python file without syntax errors lazily, from the text (lazyPyIndex.ts).
// It must answer every question exactly as the full-query index (buildPyIndex) does: same nodes,
// same assignment records, same order. Checked on every lint fixture and PyTorch example without
// syntax errors and on a file written to trip a text search (names in strings and comments,
// chained and tuple assignments, line continuations, unicode names, every augmented operator),
// for every name, target, attribute, scope and value position the file has. A file with syntax
// errors is linted with the full index.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { initParser, parseSource, type Node } from '../../src/core/lint/parser';
import { attrKey, buildPyIndex, callsNamed, callsNamedAll, type Assignment, type PyIndex } from '../../src/core/lint/pyIndex';
import { buildLazyPyIndex } from '../../src/core/lint/lazyPyIndex';
import { OPTIMIZER_CALL_NAMES } from '../../src/core/lint/optimizers';
import { named, stringValue } from '../../src/core/lint/syntax';
import { lintSource } from '../../src/core/lint/index';

const TRICKY = `# reglab-expect: none
import torch, torch.optim as optim
from torch.optim import AdamW as W, SGD
from . import local_mod as lm
import os.path
"""A docstring that mentions AdamW( and def f(x): and import os and x = 1 and lr += 2."""

opt_cls = torch.optim.AdamW
alias = W
a = b = optim.SGD(params, lr=0.1)  # reglab: ignore[adam-coupled-weight-decay]
c, d = SGD(p1), torch.optim.Adam(p2)
(e, f) = 1, 2
[g, h] = 3, 4
(u  # a comment inside the target
 , w) = (1,
         2)
t1, \
    t2 = 1, 2
r = norm (x) + norm\
    (y) + (norm  # comment
    (z))
i: float = 1e-4
j \\
    = 5
k = l = m, n = 6, 7
λ = 0.5
x_1 = 1; x = 2
s = "x = 3  # not an assignment"  # x = 4 in a comment
print = 3
match = {"weight_decay": 0.1}
q = lambda wd=1e-2: wd
no_decay = ["bias", "LayerNorm.weight"]
skip = ("norm", "bi" "as", ("bias"))  # bias
nested = [["bias"], {"no_bias"}, [f"{bias}"], ["bias", f"{x}"], [bias, "bias"]]
odd = ["decay",  # bias
       "norm"]


class Config:
    weight_decay = 0.05
    lr: float = 3e-4

    def __init__(self, wd=0.1):
        self.weight_decay = wd
        self.fc = nn.Linear(2, 2)
        self.fc.bias = None
        x, self.y = 1, 2

        def inner():
            z = 1
            return z

    @staticmethod
    async def fetch(self):
        async for item in stream():
            total = item
        return [v for v in range(3) if v], {k2: v2 for k2, v2 in {}.items()}, {s for s in "ab"}


def train(model, args):
    decay, no_decay = [], []
    for name, p in model.named_parameters():
        (no_decay if p.ndim < 2 else decay).append(p)
    groups = [{"params": decay, "weight_decay": args.wd}, {"params": no_decay, "weight_decay": 0.0}]
    optimizer = torch.optim.AdamW(groups, lr=args.lr)
    optimizer.add_param_group({"params": []})
    l1 = sum(p.abs().sum() for p in model.parameters())
    n = 0
    n += 1; n -= 1; n *= 2; n /= 2; n //= 2; n %= 2; n **= 2; n >>= 1; n <<= 1; n &= 1; n |= 1; n ^= 1; n @= m
    if n <= 1 and n >= 0 and n != 2 and n == 0:
        pass
    Config.weight_decay = 0.01
    cfg.optim.lr = 1e-3
    return opt_cls(model.parameters()), alias(model.parameters()), l1
`;

function sources(): [string, string][] {
  const out: [string, string][] = [['tricky.py', TRICKY]];
  for (const dir of ['test/fixtures/lint', 'examples/pytorch']) {
    const abs = path.resolve(__dirname, '..', '..', dir);
    for (const f of readdirSync(abs).filter((n) => n.endsWith('.py')).sort()) out.push([`${dir}/${f}`, readFileSync(path.join(abs, f), 'utf8')]);
  }
  return out;
}

const show = (n: Node | null | undefined) => (n ? `${n.type}@${n.startIndex}-${n.endIndex}` : 'null');
const showAll = (ns: Node[] | undefined) => (ns ? ns.map(show) : undefined);
const showA = (a: Assignment) => `${a.target}=${show(a.value)} left ${show(a.node)} [${a.start},${a.end}] scope ${show(a.scope)} class ${show(a.classBody)}`;
const showAs = (as: Assignment[] | undefined) => (as ? as.map(showA) : undefined);

function compare(file: string, source: string): boolean {
  const tree = parseSource(source, 'python');
  try {
    if (tree.rootNode.hasError) return false;
    const full = buildPyIndex(tree, source);
    const lazy = buildLazyPyIndex(tree, source);
    const eq = (what: string, a: unknown, b: unknown) => assert.deepEqual(b, a, `${file}: ${what}`);
    eq('imports', [...full.imports], [...lazy.imports]);
    eq('import nodes', showAll(full.importNodes), showAll(lazy.importNodes));
    eq('defs', full.defs.map((d) => [show(d.node), d.isClass, d.maxEnd]), lazy.defs.map((d) => [show(d.node), d.isClass, d.maxEnd]));
    eq('functions', [...full.functions].map(([k, v]) => [k, showAll(v)]), [...lazy.functions].map(([k, v]) => [k, showAll(v)]));
    eq('classes', [...full.classes].map(([k, v]) => [k, show(v)]), [...lazy.classes].map(([k, v]) => [k, show(v)]));
    eq('directive comments', showAll(full.comments.filter((c) => c.text.includes('reglab'))), showAll(lazy.comments));
    eq('for statements', showAll(full.forStatements), showAll(lazy.forStatements));
    eq('comprehensions', showAll(full.comprehensions), showAll(lazy.comprehensions));
    eq('augmented assignments', showAll(full.augmentedAssignments), showAll(lazy.augmentedAssignments));

    // Every identifier of the file is a name to ask about (plus dotted targets and names it lacks).
    const names = new Set<string>(['absent_name', 'AdamW', 'x']);
    for (const id of tree.rootNode.descendantsOfType('identifier')) if (id) names.add(id.text);
    const records = full.aliasCandidates(new Set()); // the full index hands out every record
    const targets = new Set<string>([...names, ...records.map((a) => a.target)]);
    lazy.prefetchNames([...OPTIMIZER_CALL_NAMES].slice(0, 12));
    for (const n of names) eq(`calls named ${n}`, showAll(callsNamed(full, n)), showAll(callsNamed(lazy, n)));
    eq('calls named (batch)', showAll(callsNamedAll(full, ['abs', 'norm', 'append', 'SGD'])), showAll(callsNamedAll(lazy, ['abs', 'norm', 'append', 'SGD'])));
    for (const t of targets) eq(`assignments to ${t}`, showAs(full.assignmentsByTarget.get(t)), showAs(lazy.assignmentsByTarget.get(t)));
    for (const n of names) eq(`assignments to .${n}`, showAs(full.assignmentsByAttr.get(n)), showAs(lazy.assignmentsByAttr.get(n)));
    for (const d of [-1, ...full.defs.map((x) => x.start)]) eq(`assignments in scope ${d}`, showAs(full.assignmentsByScope.get(d)), showAs(lazy.assignmentsByScope.get(d)));
    const starts = new Set<number>();
    for (const n of tree.rootNode.descendantsOfType(['call', 'identifier', 'attribute', 'integer', 'float', 'list', 'tuple', 'expression_list', 'dictionary', 'string', 'lambda'])) if (n) starts.add(n.startIndex);
    for (const s of starts) {
      const a = full.assignmentByValue.get(s);
      const b = lazy.assignmentByValue.get(s);
      eq(`assignment with value at ${s}`, a ? showA(a) : undefined, b ? showA(b) : undefined);
    }
    // String lists: the caller keeps those whose items are all strings, one mentioning the word.
    const stringList = (word: string) => (l: Node) => {
      const items = named(l);
      return items.length > 0 && items.every((i) => stringValue(i) !== null) && items.some((i) => (stringValue(i) ?? '').includes(word));
    };
    for (const w of ['bias', 'norm', 'decay', 'x']) eq(`string lists mentioning ${w}`, showAll(full.literalListsMentioning(w).filter(stringList(w))), showAll(lazy.literalListsMentioning(w).filter(stringList(w))));
    // Aliases: the full index's records that name an optimizer class are among the lazy candidates.
    const isAlias = (a: Assignment) => (a.value.type === 'attribute' || a.value.type === 'identifier') && OPTIMIZER_CALL_NAMES.has(a.value.text.split('.').pop() ?? '');
    eq('optimizer aliases', records.filter(isAlias).map(showA), lazy.aliasCandidates(OPTIMIZER_CALL_NAMES).filter(isAlias).map(showA));
    // One object per assignment, whichever way it was reached.
    for (const a of records) {
      const byTarget = lazy.assignmentsByTarget.get(a.target)?.find((x) => x.start === a.start && x.value.startIndex === a.value.startIndex);
      const byKey = attrKey(a) === null ? byTarget : lazy.assignmentsByAttr.get(attrKey(a)!)?.find((x) => x.start === a.start && x.value.startIndex === a.value.startIndex);
      assert.ok(byTarget && byTarget === byKey, `${file}: ${showA(a)} is one object`);
    }
    return true;
  } finally {
    tree.delete();
  }
}

test('the lazy index answers exactly as the full query', async () => {
  await initParser();
  const all = sources();
  assert.ok(all.length > 40, `only ${all.length} sources`);
  let compared = 0;
  for (const [file, source] of all) if (compare(file, source)) compared++;
  assert.ok(compared >= all.length - 2, `only ${compared} of ${all.length} sources parse without errors`);
});

test('the test sources exercise what they claim', async () => {
  await initParser();
  const tree = parseSource(TRICKY, 'python');
  const lazy: PyIndex = buildLazyPyIndex(tree, TRICKY);
  try {
    assert.equal(tree.rootNode.hasError, false);
    assert.equal(lazy.augmentedAssignments.length, 13);
    assert.deepEqual(lazy.assignmentsByTarget.get('x')?.map((a) => a.value.text), ['2', '1']);
    assert.equal(lazy.assignmentsByTarget.get('j')?.[0].value.text, '5');
    assert.deepEqual(['u', 'w', 't1', 't2'].map((t) => lazy.assignmentsByTarget.get(t)?.[0].value.text), ['1', '2', '1', '2']);
    assert.equal(callsNamed(lazy, 'norm').length, 3);
    const lists = lazy.literalListsMentioning('bias').map((l) => l.text);
    for (const l of ['["bias", "LayerNorm.weight"]', '("norm", "bi" "as", ("bias"))', '["bias"]', '{"no_bias"}', '["bias", f"{x}"]']) assert.ok(lists.includes(l), l);
    assert.equal(callsNamed(lazy, 'λ').length, 0);
    assert.equal(lazy.comments.length, 2, 'the reglab-expect line and the ignore directive');
    assert.equal(callsNamed(lazy, 'AdamW').length, 1, 'the docstring\'s AdamW( is not a call');
    assert.deepEqual([...lazy.imports.keys()], ['torch', 'optim', 'W', 'SGD', 'lm', 'os', 'os.path']);
  } finally {
    tree.delete();
  }
});

test('a file with syntax errors is linted with the full index (same findings as before the lazy index)', async () => {
  // "df f(...)": error recovery reads the next "def create_optimizer(args, model)" as a call,
  // which the lazy index's reading of the text (a name after "def" is no callee) would skip.
  const source = 'import torch\nfrom timm.optim import create_optimizer\n\ndf param_groups(model, weight_decay):\n    return model\n\n' +
    'def create_optimizer(args, model):\n    return torch.optim.Adam(model.parameters(), weight_decay=args.wd)\n';
  await initParser();
  const tree = parseSource(source, 'python');
  try {
    assert.equal(tree.rootNode.hasError, true);
    assert.equal(callsNamed(buildPyIndex(tree, source), 'create_optimizer').length, 1);
    assert.equal(callsNamed(buildLazyPyIndex(tree, source), 'create_optimizer').length, 0);
  } finally {
    tree.delete();
  }
  const result = await lintSource(source, 'broken.py');
  assert.equal(result.syntaxErrors, true);
  assert.deepEqual(result.optimizers.map((o) => o.line), [7, 8]);
});

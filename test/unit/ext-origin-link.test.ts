// "Try in RegLab" links the saved experiment to its Python call explicitly: the call is found
// again by its text (not the nearest line) after the file changed, links follow renames of the
// experiment file, the Python file or a folder holding them, and the panel's save message carries
// the preset id (validated).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { lintSource } from '../../src/core/lint';
import { callAnchor, findOriginCall } from '../../src/extension/pure/callAnchor';
import { parseLinks, renameInLinks, withoutDeleted, type OriginLinks } from '../../src/extension/pure/originLinks';
import type { PythonOrigin } from '../../src/extension/pure/presetFromOptimizer';
import { parseWebviewMessage } from '../../src/core/panel/protocol';

const SOURCE = `import torch
import torch.nn as nn

enc = nn.Linear(8, 8)
head = nn.Linear(8, 2)
opt_enc = torch.optim.AdamW(enc.parameters(), lr=1e-3, weight_decay=0.05)

opt_head = torch.optim.AdamW(head.parameters(), lr=3e-4, weight_decay=0.01)
`;

async function calls(source: string) {
  return (await lintSource(source, '/ws/train.py')).optimizers;
}

test('the call is found by its text after edits that make the nearest line point at another call', async () => {
  const before = await calls(SOURCE);
  const target = before.find((c) => /head/.test(callAnchor(SOURCE, c)))!;
  assert.ok(target, 'the head optimizer call');
  const origin = { optimizer: 'AdamW', call: target, anchor: callAnchor(SOURCE, target) };
  assert.equal(origin.anchor, 'torch.optim.AdamW(head.parameters(), lr=3e-4, weight_decay=0.01)');

  // Lines inserted above move the head call down; the encoder call now sits at its old line.
  const edited = SOURCE.replace('enc = nn.Linear(8, 8)\n', '# encoder\n\nenc = nn.Linear(8, 8)\n');
  const after = await calls(edited);
  const found = findOriginCall(after, origin, edited)!;
  assert.match(callAnchor(edited, found), /head\.parameters/);
  const nearest = [...after].sort((a, b) => Math.abs(a.line - target.line) - Math.abs(b.line - target.line))[0]!;
  assert.match(callAnchor(edited, nearest), /enc\.parameters/, 'the nearest line alone would pick the wrong call');

  // Reformatted over several lines and with another λ already written: still the head call.
  const reformatted = edited.replace('torch.optim.AdamW(head.parameters(), lr=3e-4, weight_decay=0.01)', 'torch.optim.AdamW(\n    head.parameters(),\n    lr=3e-4,\n    weight_decay=0.1,\n)');
  const found2 = findOriginCall(await calls(reformatted), origin, reformatted)!;
  assert.match(callAnchor(reformatted, found2), /head\.parameters/);

  // A link made before anchors existed: the nearest line of the same optimizer, as before.
  const legacy = findOriginCall(after, { optimizer: 'AdamW', call: target }, edited)!;
  assert.equal(legacy, nearest);
  assert.equal(findOriginCall(after, { ...origin, optimizer: 'SGD' }, edited), undefined);
});

test('links follow renames of the experiment file, the Python file and folders; others stay', () => {
  const origin = (file: string): PythonOrigin => ({ kind: 'python', file, optimizer: 'AdamW', call: { line: 8, column: 12, endLine: 8, endColumn: 70 }, anchor: 'torch.optim.AdamW(...)' });
  const ws = path.sep === '/' ? '/ws' : 'C:\\ws';
  const j = (...p: string[]) => path.join(ws, ...p);
  const links: OriginLinks = { [j('exp', 'a.reglab.json')]: origin(j('src', 'train.py')), [j('b.reglab.json')]: origin(j('srcx', 'other.py')) };

  const r1 = renameInLinks(links, j('exp', 'a.reglab.json'), j('exp', 'renamed.reglab.json'));
  assert.deepEqual(Object.keys(r1).sort(), [j('b.reglab.json'), j('exp', 'renamed.reglab.json')].sort());
  assert.equal(r1[j('exp', 'renamed.reglab.json')]!.file, j('src', 'train.py'));

  const r2 = renameInLinks(links, j('src', 'train.py'), j('src', 'fit.py'));
  assert.equal(r2[j('exp', 'a.reglab.json')]!.file, j('src', 'fit.py'));
  assert.equal(r2[j('exp', 'a.reglab.json')]!.anchor, 'torch.optim.AdamW(...)');

  const r3 = renameInLinks(links, j('src'), j('lib'));
  assert.equal(r3[j('exp', 'a.reglab.json')]!.file, j('lib', 'train.py'));
  assert.equal(r3[j('b.reglab.json')]!.file, j('srcx', 'other.py'), 'a folder that merely starts with the same name is not renamed');

  const r4 = renameInLinks(links, j('exp'), j('experiments'));
  assert.ok(r4[j('experiments', 'a.reglab.json')]);
  assert.deepEqual(renameInLinks(links, j('nothing'), j('else')), links);

  // A deleted experiment file (or its folder) takes its link along; a deleted Python file does not
  // (Apply λ then says the call is gone).
  assert.deepEqual(Object.keys(withoutDeleted(links, j('exp', 'a.reglab.json'))), [j('b.reglab.json')]);
  assert.deepEqual(Object.keys(withoutDeleted(links, j('exp'))), [j('b.reglab.json')]);
  assert.deepEqual(withoutDeleted(links, j('src', 'train.py')), links);
  assert.deepEqual(withoutDeleted(links, j('ex')), links, 'a folder that merely starts with the same name');
});

test('stored links are validated when read back', () => {
  const good = { kind: 'python', file: '/ws/t.py', optimizer: 'AdamW', call: { line: 1, column: 1, endLine: 1, endColumn: 5 } };
  assert.deepEqual(parseLinks({ '/ws/a.reglab.json': good, '/ws/b.reglab.json': { kind: 'python' }, '/ws/c.reglab.json': null }), { '/ws/a.reglab.json': good });
  assert.deepEqual(parseLinks(undefined), {});
  assert.deepEqual(parseLinks('x'), {});
});

test('the panel\'s save message carries the preset id; a wrong one is rejected', () => {
  const base = { type: 'saveExperiment', experiment: { name: 'x' }, suggestedName: 'x.reglab.json' };
  const ok = parseWebviewMessage({ ...base, presetId: 'preset-abc-1' });
  assert.ok(ok.ok && ok.message.type === 'saveExperiment' && ok.message.presetId === 'preset-abc-1');
  const none = parseWebviewMessage(base);
  assert.ok(none.ok && none.message.type === 'saveExperiment' && none.message.presetId === undefined);
  assert.equal(parseWebviewMessage({ ...base, presetId: 42 }).ok, false);
  assert.equal(parseWebviewMessage({ ...base, presetId: 'x'.repeat(10_000) }).ok, false);
});

// Which editor documents RegLab lints (pure/lintLanguage.ts): Python, and JS/TS TensorFlow.js
// code that names biasRegularizer; the language id picks the grammar (an untitled buffer has no
// extension); the ignore directive uses the language's comment and the linter honours it; the
// manifest activates on those languages.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { lintSource } from '../../src/core/lint';
import { lineCommentPrefix, lintLanguageOf, LINTED_LANGUAGE_IDS, mayHaveFindings } from '../../src/extension/pure/lintLanguage';
import { suppressionEdit } from '../../src/extension/pure/suppression';
import { applyEdits } from '../../src/core/lint';

const TS = `const model = tf.sequential();
model.add(tf.layers.dense({ units: 4, inputShape: [2], biasRegularizer: tf.regularizers.l2() } as LayerArgs));
`;

test('language ids map to the linter\'s languages; others are not linted', () => {
  assert.equal(lintLanguageOf('python'), 'python');
  assert.equal(lintLanguageOf('javascript'), 'javascript');
  assert.equal(lintLanguageOf('typescript'), 'typescript');
  assert.equal(lintLanguageOf('typescriptreact'), 'tsx');
  assert.equal(lintLanguageOf('javascriptreact'), 'tsx');
  for (const other of ['json', 'markdown', 'toString', 'constructor']) assert.equal(lintLanguageOf(other), undefined, other);
  assert.ok(mayHaveFindings('python', 'x = 1'));
  assert.ok(!mayHaveFindings('typescript', 'const x = 1;'));
  assert.ok(mayHaveFindings('typescript', TS));
});

test('a TypeScript buffer without extension is linted as TypeScript; the // directive silences the finding', async () => {
  const language = lintLanguageOf('typescript')!;
  // As Python (what a file without extension defaults to) the TS syntax hides the finding.
  const asDefault = await lintSource(TS, 'Untitled-1');
  assert.equal(asDefault.findings.filter((f) => f.rule === 'bias-regularizer').length, 0);
  const r = await lintSource(TS, 'Untitled-1', { language });
  const f = r.findings.find((x) => x.rule === 'bias-regularizer');
  assert.ok(f, JSON.stringify(r.findings));
  const line = TS.split('\n')[f.endLine - 1]!;
  const e = suppressionEdit(line, f.endLine, f.rule, lineCommentPrefix(language));
  const silenced = applyEdits(TS, [e]);
  assert.match(silenced.split('\n')[1]!, /\/\/ reglab: ignore\[bias-regularizer\]$/);
  assert.equal((await lintSource(silenced, 'Untitled-1', { language })).findings.length, 0);
  // The Python prefix in a TS file would not even parse as a comment.
  assert.equal(lineCommentPrefix('python'), '#');
});

test('the extension activates on every language it lints', () => {
  const pkg = JSON.parse(readFileSync(path.join(__dirname, '../../package.json'), 'utf8')) as { activationEvents: string[] };
  for (const id of LINTED_LANGUAGE_IDS) assert.ok(pkg.activationEvents.includes(`onLanguage:${id}`), id);
});

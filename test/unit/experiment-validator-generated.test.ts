// The experiment validator is ajv's standalone code generated from the schema; it must match the
// schema it claims to implement (regenerate with `npm run gen:validator` after editing the schema).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import validate from '../../src/core/experiment/validateExperiment.generated';

const root = path.resolve(__dirname, '../..');

test('the committed validator is what the generator writes for the current schema', async () => {
  const script: string = pathToFileURL(path.join(root, 'scripts/gen-experiment-validator.mjs')).href;
  const { generateValidator, GENERATED } = await import(script);
  assert.ok(readFileSync(GENERATED, 'utf8') === generateValidator(),
    'src/core/experiment/validateExperiment.generated.js is stale: run `npm run gen:validator`');
});

test('the generated validator reports with the data and parent schema the error wording needs', () => {
  assert.equal(validate({ data: { source: 'synthetic', name: 'spiral' } }), true);
  assert.equal(validate({ data: { source: 'synthetic', name: 'spiral' }, optimizer: { type: 'adamw', lr: -1 } }), false);
  const err = validate.errors!.find((e) => e.instancePath === '/optimizer/lr');
  assert.ok(err, JSON.stringify(validate.errors));
  assert.equal(err.data, -1);
  assert.ok(err.parentSchema && typeof err.parentSchema === 'object');
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseWebviewMessage, isHostMessage, PROTOCOL_VERSION } from '../../src/core/panel/protocol';

function ok(raw: unknown) {
  const r = parseWebviewMessage(raw);
  assert.ok(r.ok, r.ok ? '' : r.error);
  return r.message;
}
function bad(raw: unknown, pattern: RegExp) {
  const r = parseWebviewMessage(raw);
  assert.equal(r.ok, false, `expected rejection of ${JSON.stringify(raw)?.slice(0, 80)}`);
  if (!r.ok) assert.match(r.error, pattern);
}

test('well-formed webview messages pass and keep only known fields', () => {
  assert.deepEqual(ok({ type: 'ready', protocol: PROTOCOL_VERSION }), { type: 'ready', protocol: PROTOCOL_VERSION });
  assert.deepEqual(ok({ type: 'openRun', runIds: ['a', 'b/c'], extra: 1 }), { type: 'openRun', runIds: ['a', 'b/c'] });
  assert.deepEqual(ok({ type: 'stop' }), { type: 'stop' });
  assert.deepEqual(ok({ type: 'stop', runId: 'r1' }), { type: 'stop', runId: 'r1' });
  assert.deepEqual(ok({ type: 'openTrial', sweepId: 's', runId: 'r' }), { type: 'openTrial', sweepId: 's', runId: 'r' });
  assert.equal(ok({ type: 'savePng', dataUrl: 'data:image/png;base64,AAAA', suggestedName: 'loss.png' }).type, 'savePng');
  assert.deepEqual(ok({ type: 'saveExperiment', experiment: { name: 'x' }, suggestedName: 'x.reglab.json', then: 'sweep' }),
    { type: 'saveExperiment', experiment: { name: 'x' }, suggestedName: 'x.reglab.json', then: 'sweep' });
});

test('malformed webview messages are rejected with the field named', () => {
  bad(null, /expected an object/);
  bad('ready', /expected an object/);
  bad([], /expected an object/);
  bad({ type: 'nope' }, /unknown message type "nope"/);
  bad({ type: 'ready' }, /"protocol"/);
  bad({ type: 'openRun', runIds: 'a' }, /"runIds"/);
  bad({ type: 'openRun', runIds: ['a', 3] }, /"runIds\[1\]"/);
  bad({ type: 'openTrial', sweepId: 's' }, /"runId"/);
  bad({ type: 'stop', runId: '' }, /"runId"/);
  bad({ type: 'savePng', dataUrl: 'javascript:alert(1)', suggestedName: 'a.png' }, /"dataUrl"/);
  bad({ type: 'savePng', dataUrl: 'data:image/png;base64,AA', suggestedName: '../../etc/a.png' }, /"suggestedName"/);
  bad({ type: 'saveCsv', csv: 'a,b', suggestedName: 'a.txt' }, /ending in \.csv/);
  bad({ type: 'saveExperiment', experiment: [], suggestedName: 'x.reglab.json' }, /expected an object/);
  bad({ type: 'saveExperiment', experiment: {}, suggestedName: 'x.reglab.json', then: 'delete' }, /"then"/);
  bad({ type: 'log', level: 'fatal', message: 'x' }, /"level"/);
});

test('host message guard accepts known types only', () => {
  assert.ok(isHostMessage({ type: 'runs', runs: [] }));
  assert.ok(!isHostMessage({ type: 'other' }));
  assert.ok(!isHostMessage(null));
});

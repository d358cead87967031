// package.json's extension manifest agrees with the code: every command the extension registers
// is declared with a category, every setting the code reads is declared with a scope and a
// markdownDescription, activation events match real entry points, and workspace trust is declared.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Command } from '../../src/extension/commandIds';
import { DEFAULT_SETTINGS, SETTING_KEYS } from '../../src/extension/pure/settingsTypes';
import { RULE_IDS } from '../../src/core/lint/types';
import { PANEL_VIEW_TYPE } from '../../src/extension/panel/panelViewType';

const root = path.resolve(__dirname, '..', '..');
const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
const SPEC_COMMANDS = ['reglab.openPanel', 'reglab.runExperiment', 'reglab.runSweep', 'reglab.stopAll', 'reglab.lintWorkspace', 'reglab.applyLambda'];

test('the spec\'s command ids are declared, with a category and an icon', () => {
  const declared = new Map<string, any>(pkg.contributes.commands.map((c: any) => [c.command, c]));
  for (const id of SPEC_COMMANDS) {
    const c = declared.get(id);
    assert.ok(c, `${id} missing from contributes.commands`);
    assert.equal(c.category, 'RegLab');
    assert.match(c.icon, /^\$\([a-z-]+\)$/);
  }
  const enumIds = [Command.OpenPanel, Command.RunExperiment, Command.RunSweep, Command.StopAll, Command.LintWorkspace, Command.ApplyLambda, Command.ExportPytorch, Command.TryInRegLab, Command.ApplyLintFix, Command.ShowDecayTable];
  assert.deepEqual(new Set(enumIds), new Set(declared.keys()), 'registered command ids and declared ones differ');
});

test('activation events: Python, experiment workspaces, the restored panel, the commands', () => {
  const ev: string[] = pkg.activationEvents;
  assert.ok(ev.includes('onLanguage:python'));
  assert.ok(ev.includes('workspaceContains:**/*.reglab.json'));
  assert.ok(ev.includes(`onWebviewPanel:${PANEL_VIEW_TYPE}`));
  for (const id of SPEC_COMMANDS) assert.ok(ev.includes(`onCommand:${id}`), id);
  assert.ok(!ev.includes('*'), 'no eager "*" activation');
  assert.equal(pkg.main, './dist/extension.js');
});

test('every setting the code reads is declared with scope, default and markdownDescription', () => {
  const props = pkg.contributes.configuration.properties;
  for (const [field, key] of Object.entries(SETTING_KEYS)) {
    const p = props[`reglab.${key}`];
    assert.ok(p, `reglab.${key} is not declared`);
    assert.ok(p.scope, `reglab.${key} has no scope`);
    assert.ok(p.markdownDescription, `reglab.${key} has no markdownDescription`);
    assert.deepEqual(p.default, (DEFAULT_SETTINGS as any)[field], `reglab.${key}: package.json default differs from the code's`);
  }
  assert.deepEqual(props['reglab.lint.disabledRules'].items.enum, [...RULE_IDS]);
  assert.deepEqual(Object.keys(props['reglab.lint.severity'].properties), [...RULE_IDS]);
});

test('untrusted workspaces are supported in a limited way, with a description', () => {
  const u = pkg.capabilities.untrustedWorkspaces;
  assert.equal(u.supported, 'limited');
  assert.match(u.description, /lint/i);
  for (const s of u.restrictedConfigurations) assert.ok(pkg.contributes.configuration.properties[s], s);
});

test('experiment files get the schema and the package script writes reglab-<version>.vsix', () => {
  assert.deepEqual(pkg.contributes.jsonValidation, [{ fileMatch: '*.reglab.json', url: './schema/experiment.schema.json' }]);
  assert.match(pkg.scripts.package, /vsce package --no-dependencies\b.* -o reglab-\$npm_package_version\.vsix/);
  assert.deepEqual(pkg.extensionKind, ['workspace']);
});

// RegLab as a user meets it, in a real VS Code (code-server) driven by Chromium: the packaged .vsix
// installed, a PyTorch example with its decay CodeLens, hover table and Problems entries, a quick
// fix that makes the finding go, an experiment run from its CodeLens drawing curves in the panel
// and stored under .reglab/runs/, and a λ sweep whose choice is written back into the source.
// The tests share one session and run in order (the quick fix edits the file the next ones see).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse as parseJsonc } from 'jsonc-parser';
import { describeE2E } from './harness/suite';
import { listExtensions } from './harness/codeServer';
import { canvasInk } from './harness/canvas';
import { waitFor } from './harness/waitFor';
import { cliLint, storedRuns, storedSweeps, type CliFinding } from './harness/workspaceFiles';
import type { Session } from './harness/session';

const PY_FILE = 'pytorch/decayed_bias_norm.py';
const RUN_FILE = 'spiral-l2.reglab.json';
const SWEEP_FILE = 'lambda-sweep.reglab.json';
const TRY_FILE = 'pytorch/adam_coupled_weight_decay_fixed.py';

/** The editor area (tabs, CodeLens, text) and the bottom panel, for README-sized screenshots. */
const editorPart = (s: Session) => s.page.locator('.part.editor');
const panelPart = (s: Session) => s.page.locator('.part.panel');
/** The editor group that holds the RegLab panel (its webview is overlaid on that group's area). */
const panelGroup = (s: Session) =>
  s.page.locator('.editor-group-container', { has: s.page.locator('.tab .label-name', { hasText: /^RegLab$/ }) });

/**
 * Screenshot of the RegLab panel with its editor group maximized (a README-sized chart), after
 * the charts have redrawn at the new size.
 */
async function panelShot(s: Session, file: string, docName?: string): Promise<void> {
  await panelGroup(s).locator('.tab .label-name', { hasText: /^RegLab$/ }).click();
  await s.wb.runCommand('View: Toggle Maximize Editor Group');
  try {
    await waitFor('the panel group to widen', async () => ((await panelGroup(s).boundingBox())?.width ?? 0) > 900);
    await waitForCurves(s, 30_000, 0.4);
    await s.shot(file, { clipTo: panelGroup(s), docName });
  } finally {
    await s.wb.runCommand('View: Toggle Maximize Editor Group');
  }
}

/** Problems rows of one rule, as "rule [Ln l, Col c]" strings. */
function ruleRows(rows: { text: string }[], rule: string): string[] {
  return rows.map((r) => r.text.replace(/\s+/g, ' ')).filter((t) => t.includes(rule));
}

/** Waits until a canvas of the panel shows series drawn across a good part of its width. */
async function waitForCurves(s: Session, timeoutMs: number, minWidthFraction = 0.25) {
  const frame = await s.wb.waitForWebview('canvas', timeoutMs);
  return waitFor(`the panel to draw curves with data (coloured ink across ≥ ${minWidthFraction * 100}% of a canvas width)`, async () => {
    const inks = await canvasInk(frame);
    return inks.some((c) => c.width > 100 && c.chromaticColumns >= minWidthFraction * c.width) ? inks : undefined;
  }, { timeoutMs, intervalMs: 500 });
}

describeE2E('RegLab in a real VS Code (code-server + Chromium)', { name: 'reglab' }, ({ step }) => {
  let expected: CliFinding[] = [];

  step('the packaged .vsix installs with code-server --install-extension', async (s) => {
    const ext = s.extension;
    assert.ok(ext, 'an extension was installed');
    assert.equal(ext.kind, 'vsix', `the .vsix could not be built, the unpacked extension was used instead: ${ext.kind === 'folder' ? ext.reason : ''}`);
    const listed = listExtensions(s.server);
    assert.ok(listed.includes(`${ext.id}@${ext.version}`), `code-server --list-extensions shows ${JSON.stringify(listed)}`);
    // Running, not just installed: the workspace has *.reglab.json files, so RegLab activates at startup.
    const row = await s.wb.runningExtension('RegLab', /Activation: \d+\s*ms/);
    const activation = /Activation: (\d+)\s*ms/.exec(row)!;
    console.log(`[e2e] RegLab activation in code-server: ${activation[1]} ms (${row})`);
    await s.wb.runCommand('View: Close All Editors');
  });

  step('a PyTorch file shows the decay CodeLens, the hover table and its findings in Problems', async (s) => {
    expected = cliLint(path.join(s.workspaceDir, PY_FILE));
    const bias = expected.find((f) => f.rule === 'decayed-bias-norm');
    assert.ok(bias, `reglab lint finds decayed-bias-norm in ${PY_FILE} (it reports ${JSON.stringify(expected.map((f) => f.rule))})`);

    await s.wb.openFile(PY_FILE);
    await s.wb.goTo(bias.line); // CodeLens render only for lines in view
    const lens = await s.wb.waitForCodeLens(/AdamW.*wd 0\.05/);
    assert.match(lens, /decays/, `the CodeLens sums up what is decayed: "${lens}"`);
    await s.wb.waitForCodeLens(/Try in RegLab/);
    await s.wb.waitForCodeLens(/Fix/);

    const rows = await s.wb.waitForProblems(`Problems to list the ${expected.length} finding(s) of ${PY_FILE}`, (r) =>
      expected.every((f) => r.some((p) => p.text.includes(f.rule) && p.text.includes(`[Ln ${f.line}, Col ${f.column}]`))));
    for (const f of expected) {
      const row = rows.find((p) => p.text.includes(f.rule) && p.text.includes(`[Ln ${f.line}, Col ${f.column}]`))!;
      assert.match(row.text, /RegLab/i, `the diagnostic names its source: ${row.text}`);
      assert.ok(row.label.toLowerCase().startsWith(f.severity === 'error' ? 'error' : f.severity === 'warning' ? 'warning' : 'info'),
        `severity of ${f.rule} in Problems (${row.label}) matches the linter's ${f.severity}`);
    }
    await s.shot('python-codelens-problems-light');
    await s.shot('python-codelens-light', { clipTo: editorPart(s), maxHeight: 560, docName: 'codelens' });
    await s.shot('python-problems-light', { clipTo: panelPart(s), maxHeight: 120 });

    const hover = await s.wb.hoverAt(bias.line, bias.column + 1, /decayed tensors/);
    assert.match(hover, /weight_decay/, 'the hover shows the per-group table');
    assert.match(hover, /decoupled weight decay/, 'the hover says AdamW decay is decoupled');
    assert.match(hover, /reaches .*bias/, 'the hover warns that decay reaches the biases');
    await s.shot('python-hover-light');
    await s.page.keyboard.press('Escape');
  });

  step('applying the quick fix makes the finding go, in the editor and on disk', async (s) => {
    const bias = expected.find((f) => f.rule === 'decayed-bias-norm');
    assert.ok(bias && bias.fixes.length, 'the linter offers a fix for decayed-bias-norm');
    const fix = bias.fixes[0]!;
    const before = readFileSync(path.join(s.workspaceDir, PY_FILE), 'utf8');

    const offered = await s.wb.quickFixesAt(bias.line, bias.column + 1);
    assert.ok(offered.some((t) => t.includes(fix.title)), `the quick-fix menu offers "${fix.title}" (it shows ${JSON.stringify(offered)})`);
    await s.shot('python-quick-fix-menu-light');
    await s.wb.applyQuickFix(new RegExp(fix.title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
    await s.wb.waitForDirty();
    await s.wb.save();

    const after = readFileSync(path.join(s.workspaceDir, PY_FILE), 'utf8');
    assert.notEqual(after, before, 'the fix changed the file');
    for (const e of fix.edits) assert.ok(after.includes(e.newText.trim().split('\n')[0]!), `the file contains the fix's text ${JSON.stringify(e.newText)}`);
    assert.deepEqual(cliLint(path.join(s.workspaceDir, PY_FILE)).filter((f) => f.rule === 'decayed-bias-norm'), [], 'reglab lint no longer finds decayed-bias-norm');
    await s.wb.waitForProblems('the decayed-bias-norm finding to leave Problems', (r) => ruleRows(r, 'decayed-bias-norm').length === 0);
  });

  step('"Lint Workspace" puts every example\'s findings in Problems, as reglab lint reports them', async (s) => {
    const cli = cliLint(s.workspaceDir);
    const rules = [...new Set(cli.map((f) => f.rule))].sort();
    assert.ok(rules.length >= 5, `the examples exercise most rules (reglab lint finds ${JSON.stringify(rules)})`);
    await s.wb.runCommand('RegLab: Lint Workspace for Weight-Decay Issues');
    const note = await s.wb.waitForNotification(/Python files? linted in .*: \d+ findings? in \d+ files?/, 60_000);
    const reported = Number(/: (\d+) findings?/.exec(note)![1]);
    assert.equal(reported, cli.length, `the extension's count (${note}) matches reglab lint's ${cli.length} findings`);
    await s.wb.runCommand('Notifications: Clear All Notifications');
    await s.wb.runCommand('View: Close All Editors');
    await s.wb.problems();
    await s.wb.runCommand('View: Toggle Maximized Panel');
    try {
      const rows = await s.wb.waitForProblems(`Problems to show the rules ${rules.join(', ')}`, (r) => rules.every((id) => ruleRows(r, id).length > 0));
      console.log(`[e2e] Problems after Lint Workspace: ${cli.length} findings, ${rows.length} rows visible, rules ${rules.join(', ')}`);
      await s.shot('problems-workspace-light', { clipTo: panelPart(s), maxHeight: 300, docName: 'problems' });
    } finally {
      await s.wb.runCommand('View: Toggle Maximized Panel');
    }
  });

  step('Run from an experiment file\'s CodeLens draws curves in the panel and stores the run', async (s) => {
    await s.wb.openFile(RUN_FILE);
    await s.wb.clickCodeLens(/^\W*Run$/);
    await waitForCurves(s, 120_000);
    const run = await waitFor('the run to complete under .reglab/runs/', () =>
      storedRuns(s.workspaceDir).find((r) => r.summary.name === 'spiral-l2' && r.summary.status === 'completed'), { timeoutMs: 120_000, intervalMs: 500 });
    assert.equal(run.summary.epochsCompleted, run.summary.epochsPlanned);
    assert.ok(Number.isFinite(run.summary.final?.valLoss), 'the stored run has a final validation loss');
    const metrics = readFileSync(path.join(run.dir, 'metrics.jsonl'), 'utf8').trim().split('\n');
    assert.equal(metrics.length, run.summary.epochsCompleted, 'one metrics line per epoch');
    // The panel catches up with the finished run: its header and its row in the runs list say so.
    const frame = s.wb.webview();
    await frame.locator('.run-header', { hasText: 'spiral-l2' }).locator('.status-completed').waitFor({ timeout: 60_000 })
      .catch(() => { throw new Error('the panel header does not show spiral-l2 as completed'); });
    await frame.locator('.run-row', { hasText: 'spiral-l2' }).locator('.status-completed').first().waitFor({ timeout: 60_000 })
      .catch(() => { throw new Error('the runs list does not show spiral-l2 as completed'); });
    const inks = await waitForCurves(s, 30_000);
    console.log(`[e2e] panel canvases after the run: ${JSON.stringify(inks)}`);
    await s.shot('panel-run-light-window');
    await panelShot(s, 'panel-run-light', 'panel');
  }, 240_000);

  step('a λ sweep from the CodeLens, then "Apply" writes the chosen λ into the experiment file', async (s) => {
    const file = path.join(s.workspaceDir, SWEEP_FILE);
    const before = parseJsonc(readFileSync(file, 'utf8')) as { optimizer: { weightDecay: number } };
    await s.wb.openFile(SWEEP_FILE);
    await s.wb.clickCodeLens(/^\W*Sweep$/);
    const note = await s.wb.waitForNotification(/sweep "diabetes-lambda-sweep" chose λ = /, 6 * 60_000);
    const sweep = storedSweeps(s.workspaceDir).find((w) => w.sweep.name === 'diabetes-lambda-sweep');
    assert.ok(sweep, 'the sweep is stored under .reglab/runs/');
    assert.equal(sweep.sweep.status, 'completed');
    assert.equal(sweep.sweep.trials.length, 15, '5 λ values × 3 seeds');
    const chosen = sweep.sweep.selections[0]?.chosen;
    assert.ok(typeof chosen === 'number', `the sweep chose a λ (${JSON.stringify(sweep.sweep.selections)})`);

    await s.page.locator('.notifications-toasts .notification-toast', { hasText: note }).locator('.monaco-button', { hasText: /^Apply to / }).click();
    await s.wb.waitForNotification(/undo with Ctrl\+Z/);
    await s.wb.waitForActiveTab(SWEEP_FILE);
    await s.wb.waitForDirty();
    await s.wb.save();
    await s.wb.runCommand('Notifications: Clear All Notifications');

    // The sweep view: validation loss against λ with the chosen λ marked.
    const frame = s.wb.webview();
    await frame.locator('button[role=tab][data-view=sweep]').click();
    await frame.locator('button[role=tab][data-view=sweep][aria-selected=true]').waitFor({ timeout: 10_000 });
    await panelShot(s, 'panel-sweep-light');
    const after = parseJsonc(readFileSync(file, 'utf8')) as { optimizer: { weightDecay: number } };
    assert.ok(Math.abs(after.optimizer.weightDecay - chosen) <= 1e-9 * Math.max(1, chosen),
      `optimizer.weightDecay is now the chosen λ ${chosen} (was ${before.optimizer.weightDecay}, is ${after.optimizer.weightDecay})`);
  }, 8 * 60_000);

  step('"Try in RegLab" on a PyTorch optimizer call: save and sweep from the panel, then apply λ to its weight_decay literal', async (s) => {
    const rel = TRY_FILE;
    const file = path.join(s.workspaceDir, rel);
    const before = readFileSync(file, 'utf8');
    const literal = /weight_decay=([0-9.eE+-]+),/.exec(before);
    assert.ok(literal, `${rel} passes weight_decay as a literal`);
    const callLine = before.split('\n').findIndex((l) => /torch\.optim\.AdamW\(/.test(l)) + 1;
    assert.ok(callLine > 0, `${rel} constructs AdamW`);

    await s.wb.runCommand('View: Close All Editor Groups');
    await s.wb.openFile(rel);
    await s.wb.goTo(callLine);
    await s.wb.clickCodeLens(/Try in RegLab/);
    const frame = await s.wb.waitForWebview('button[data-action=sweep]');
    const form = frame.locator('form').first();
    const formText = async () => (await form.locator('input, select').evaluateAll((els) =>
      els.map((e) => (e as unknown as { value: string }).value))).join(' | ');
    const preset = await waitFor('the experiment form to carry the call\'s optimizer, lr and λ', async () => {
      const t = await formText();
      return /adamw/i.test(t) && /\b0\.001\b|\b1e-3\b/.test(t) ? t : undefined;
    });
    console.log(`[e2e] Try in RegLab preset: ${preset}`);
    await s.shot('try-in-reglab-form-light');

    await frame.locator('button[data-action=sweep]').click();
    const box = s.page.locator('.quick-input-widget .quick-input-box input');
    const target = await waitFor('the save dialog to propose an experiment file in the workspace', async () => {
      const v = (await box.isVisible()) ? await box.inputValue() : '';
      return v.startsWith(s.workspaceDir) && v.endsWith('.reglab.json') ? v : undefined;
    });
    await s.page.keyboard.press('Enter');
    const saved = await waitFor(`${path.basename(target)} to be written`, () => {
      try { return parseJsonc(readFileSync(target, 'utf8')) as { name: string }; } catch { return undefined; }
    });

    const note = await s.wb.waitForNotification(new RegExp(`sweep "${saved.name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}" chose λ = `), 6 * 60_000);
    const sweep = storedSweeps(s.workspaceDir).find((w) => w.sweep.name === saved.name);
    assert.ok(sweep, `the sweep ${saved.name} is stored under .reglab/runs/`);
    const chosen = sweep.sweep.selections[0]?.chosen;
    assert.ok(typeof chosen === 'number', `the sweep chose a λ (${JSON.stringify(sweep.sweep.selections)})`);
    await s.page.locator('.notifications-toasts .notification-toast', { hasText: note }).locator('.monaco-button', { hasText: /^Apply to AdamW/ }).click();
    await s.wb.waitForNotification(/undo with Ctrl\+Z/);
    await s.wb.waitForActiveTab(path.posix.basename(rel));
    await s.wb.waitForDirty();
    await s.wb.save();
    await s.wb.runCommand('Notifications: Clear All Notifications');

    const after = readFileSync(file, 'utf8');
    const written = /weight_decay=([0-9.eE+-]+),/.exec(after);
    assert.ok(written, `the call still passes weight_decay as a literal:\n${after}`);
    assert.ok(Math.abs(Number(written[1]) - chosen) <= 1e-9 * Math.max(1, chosen), `weight_decay=${written[1]} is the chosen λ ${chosen} (was ${literal[1]})`);
    assert.equal(after.replace(written[0], literal[0]), before, 'nothing but the weight_decay literal changed');
    await s.shot('try-in-reglab-applied-light');
  }, 8 * 60_000);

  step('the panel and the editor follow the dark theme', async (s) => {
    await s.setTheme('dark');
    await s.wb.runCommand('RegLab: Open Panel');
    const frame = await s.wb.waitForWebview('button[role=tab][data-view=sweep]');
    const bg = await waitFor('the webview to repaint in the dark theme', async () => {
      const rgb = await frame.locator('body').evaluate((b) => (globalThis as unknown as { getComputedStyle(e: unknown): { backgroundColor: string } }).getComputedStyle(b).backgroundColor);
      const m = /rgba?\((\d+), (\d+), (\d+)/.exec(rgb);
      return m && Number(m[1]) + Number(m[2]) + Number(m[3]) < 3 * 80 ? rgb : undefined;
    });
    console.log(`[e2e] dark webview background ${bg}`);
    await frame.locator('button[role=tab][data-view=sweep]').click();
    // The examples' diabetes sweep (λ matters there) rather than the last one.
    await frame.locator('.runs-list button.sweep-link', { hasText: 'diabetes-lambda-sweep' }).first().click();
    await frame.locator('.runs-list button.sweep-link.focused', { hasText: 'diabetes-lambda-sweep' }).first().waitFor({ timeout: 30_000 })
      .catch(() => { throw new Error('the sweep view did not switch to diabetes-lambda-sweep'); });
    await panelShot(s, 'panel-sweep-dark', 'sweep-dark');
    await frame.locator('button[role=tab][data-view=curves]').click();
    await panelShot(s, 'panel-loss-dark');
    await s.wb.runCommand('View: Close All Editor Groups');
    await s.wb.openFile(PY_FILE);
    await s.wb.goTo(expected.find((f) => f.rule === 'decayed-bias-norm')?.line ?? 1);
    await s.wb.waitForCodeLens(/AdamW/);
    await s.shot('python-codelens-dark', { clipTo: s.page.locator('.editor-group-container.active'), maxHeight: 560 });
  });

  step('the panel follows a high-contrast theme', async (s) => {
    await s.setTheme('hc');
    await s.wb.runCommand('RegLab: Open Panel');
    const frame = await s.wb.waitForWebview('button[role=tab][data-view=sweep]');
    await waitFor('the webview to switch to high contrast', async () =>
      /vscode-high-contrast/.test((await frame.locator('body').getAttribute('class')) ?? ''));
    await frame.locator('button[role=tab][data-view=sweep]').click();
    await waitForCurves(s, 30_000);
    await s.shot('panel-sweep-hc', { clipTo: panelGroup(s) });
    await s.setTheme('light');
  });

  step('the panel ran under its Content-Security-Policy without violations or uncaught errors', async (s) => {
    const csp = s.browserErrors.filter((e) => /Content Security Policy|Refused to (load|execute|apply|connect|frame)/i.test(e));
    assert.deepEqual(csp, [], 'CSP violations in the browser console');
    const uncaught = s.browserErrors.filter((e) => e.startsWith('uncaught:'));
    assert.deepEqual(uncaught, [], 'uncaught exceptions in the workbench or the panel');
  });
});

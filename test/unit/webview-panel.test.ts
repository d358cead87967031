// The panel's webview in Chromium, as VS Code would host it (same CSP, theme variables, a fake
// acquireVsCodeApi), fed with real runs trained by the CLI: it renders, posts the right messages
// (each one accepted by the host's validator), restores its state after a reload, stays smooth
// with 50 runs × 1,000 epochs.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { parseWebviewMessage, type HostToWebview, type RunListEntry, type SweepView, type WebviewToHost } from '../../src/core/panel/protocol';
import { resolveExperiment } from '../../src/core/experiment';
import { buildBrowserBundles, CANVAS_STATS, colourCount, launchChromium } from './report-browser-helpers';
import { serveWebview, type Harness, type ThemeName } from './webview-harness';
import { hostMessages, trainRealStore } from './webview-realdata';

let browser: Browser;
let harness: Harness;
let msgs: ReturnType<typeof hostMessages>;
let single: RunListEntry;
let sweep: SweepView;

before(async () => {
  const work = mkdtempSync(path.join(os.tmpdir(), 'reglab-webview-'));
  const [bundles] = await Promise.all([buildBrowserBundles(['webview']), Promise.resolve(trainRealStore(work))]);
  msgs = hostMessages(path.join(work, 'store'));
  single = (msgs.runs as Extract<HostToWebview, { type: 'runs' }>).runs.find((r) => r.kind === 'run' && !r.sweep)!;
  sweep = (msgs.sweeps[0] as Extract<HostToWebview, { type: 'sweep' }>).sweep;
  harness = await serveWebview(bundles);
  browser = await launchChromium();
});
after(async () => { await browser?.close(); await harness?.close(); });

interface Opened { page: Page; problems: string[]; send(m: unknown): Promise<void>; posted(): Promise<WebviewToHost[]> }

async function open(theme: ThemeName = 'dark', page?: Page): Promise<Opened> {
  page ??= await browser.newPage({ viewport: { width: 1200, height: 760 } });
  const problems: string[] = [];
  page.on('console', (m) => { if (m.type() === 'error' && !m.text().includes('favicon')) problems.push(m.text()); });
  page.on('pageerror', (e) => problems.push(e.message));
  await page.addInitScript("document.addEventListener('securitypolicyviolation', (e) => console.error('CSP violation: ' + e.violatedDirective + ' ' + e.blockedURI));");
  await page.goto(harness.url(theme));
  await page.waitForFunction(() => (globalThis as any).reglabPanel);
  return {
    page,
    problems,
    send: (m) => page!.evaluate((x) => { (globalThis as any).postMessage(x, '*'); }, m as object),
    posted: async () => {
      const raw = await page!.evaluate(() => (globalThis as any).__posted as unknown[]);
      // Everything the webview posts must pass the host's validator unchanged.
      return raw.map((m) => {
        const r = parseWebviewMessage(m);
        assert.ok(r.ok, `posted message rejected by the validator: ${r.ok ? '' : r.error}`);
        return r.message;
      });
    },
  };
}

/**
 * No redraw pending (live data is redrawn at most every LIVE_REDRAW_MS), two animation frames (the
 * panel redraws in one) and a short pause for Chart.js's resize observer.
 */
async function settle(page: Page) {
  await page.waitForFunction(() => { const a = (globalThis as any).reglabPanel; return !a.frame && !a.liveTimer; });
  await page.evaluate('new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))');
  await page.waitForTimeout(200);
}

test('loads, says ready, lists runs and draws the focused run with theme colours (dark and light)', async () => {
  for (const theme of ['dark', 'light'] as const) {
    const w = await open(theme);
    assert.deepEqual((await w.posted())[0], { type: 'ready', protocol: 1 });
    await w.send(msgs.runs);
    await w.send(msgs.runData.get(single.id));
    await w.page.click(`li[data-run-id="${single.id}"] .run-link`);
    await settle(w.page);
    const rows = await w.page.locator('.run-row').count();
    assert.equal(rows, (msgs.runs as any).runs.filter((r: RunListEntry) => r.kind === 'run').length);
    assert.match(await w.page.textContent('.run-header') ?? '', new RegExp(`${single.name}.*completed.*epoch 80/80`));
    const [loss] = await w.page.evaluate(CANVAS_STATS) as Array<{ painted: number; colours: number }>;
    assert.ok(loss.painted > 5000 && loss.colours > 4, 'loss chart drawn');
    const blue: [number, number, number] = theme === 'dark' ? [0x37, 0x94, 0xff] : [0x1a, 0x85, 0xff];
    assert.ok((await w.page.evaluate(colourCount('canvas', blue)) as number) > 150, `train curve in ${theme} charts-blue`);
    // The run was already loaded, so clicking it asked for nothing.
    assert.ok(!(await w.posted()).some((m) => m.type === 'openRun'));
    // Every run view renders with this real run.
    for (const tab of ['norms', 'sparsity', 'histograms']) {
      await w.page.click(`.tab[data-view="${tab}"]`);
      await settle(w.page);
      const stats = await w.page.evaluate(CANVAS_STATS) as Array<{ painted: number }>;
      assert.ok(stats.length >= (tab === 'histograms' ? 6 : 1) && stats.every((s) => s.painted > 2000), `${tab} drawn`);
    }
    assert.deepEqual(w.problems, []);
    await w.page.close();
  }
});

test('clicking a run that is not loaded asks the host for it; ticking runs builds the overlay', async () => {
  const w = await open();
  await w.send(msgs.runs);
  const trial = (msgs.runs as any).runs.find((r: RunListEntry) => r.sweep) as RunListEntry;
  await w.page.click('.sweep-group .trial-count'); // expand the sweep's trials
  await w.page.click(`li[data-run-id="${trial.id}"] .run-link`);
  assert.deepEqual((await w.posted()).filter((m) => m.type === 'openRun'), [{ type: 'openRun', runIds: [trial.id] }]);
  await w.send(msgs.runData.get(trial.id));
  await w.page.check(`li[data-run-id="${single.id}"] input[type=checkbox]`);
  await w.page.check(`li[data-run-id="${trial.id}"] input[type=checkbox]`);
  await w.page.click('.tab[data-view="sweep"]');
  await settle(w.page); // the click redraws the tabs: the focus must stay on the selected one
  await w.page.keyboard.press('ArrowRight'); // tabs are a tablist: arrows move between views
  await settle(w.page);
  assert.equal(await w.page.getAttribute('.tab[aria-selected="true"]', 'data-view'), 'overlay');
  assert.ok((await w.posted()).some((m) => m.type === 'openRun' && m.runIds[0] === single.id));
  await w.send(msgs.runData.get(single.id));
  await settle(w.page);
  assert.equal(await w.page.locator('details.sweep-group[open]').count(), 1, 'the expanded group stays open across redraws');
  assert.match(await w.page.textContent('.view-controls') ?? '', /2 runs/);
  const [ov] = await w.page.evaluate(CANVAS_STATS) as Array<{ painted: number }>;
  assert.ok(ov.painted > 5000);
  assert.deepEqual(w.problems, []);
  await w.page.close();
});

test('sweep view: clicking a point or a table row posts openTrial for a trial of that sweep', async () => {
  const w = await open('light');
  await w.send(msgs.runs);
  await w.send(msgs.sweeps[0]);
  await w.page.click('.tab[data-view="sweep"]');
  await settle(w.page);
  assert.match(await w.page.textContent('.sweep-details') ?? '', /L1 \(proximal\): penalty\.l1 = .* has the lowest mean valLoss/);
  assert.equal(await w.page.locator('table.trials tbody tr').count(), 30);
  assert.match(await w.page.textContent('table.trials tbody tr:first-child') ?? '', /completed.*40\/40/);
  // Click the mean point of the first variant at its largest λ (where L1 and L2 differ: at small λ
  // their points coincide and either may be the nearest), once the chart's layout has settled
  // (Chart.js resizes on a ResizeObserver tick, late on a loaded machine).
  const pointAt = () => w.page.evaluate(() => {
    const chart = (globalThis as any).reglabPanel.mountedView.slot.chart;
    const el = chart.getDatasetMeta(0).data[4];
    const box = chart.canvas.getBoundingClientRect();
    return { x: Math.round(box.left + el.x), y: Math.round(box.top + el.y) };
  });
  let pos = await pointAt();
  for (let i = 0; i < 20; i++) {
    await w.page.waitForTimeout(100);
    const next = await pointAt();
    if (next.x === pos.x && next.y === pos.y) break;
    pos = next;
  }
  await w.page.mouse.click(pos.x, pos.y);
  // Chart.js hands canvas events to onClick on the next animation frame (its throttled event
  // proxy), so the post can lag the click: wait for it instead of reading at once.
  await w.page.waitForFunction(() => ((globalThis as any).__posted as Array<{ type: string }>).some((m) => m.type === 'openTrial'), undefined, { timeout: 10_000 }).catch(() => {});
  const trialIds = new Set(sweep.variants[0].points[4].trials.map((t) => t.runId));
  let opened = (await w.posted()).filter((m): m is Extract<WebviewToHost, { type: 'openTrial' }> => m.type === 'openTrial');
  assert.equal(opened.length, 1);
  assert.equal(opened[0].sweepId, sweep.id);
  assert.ok(trialIds.has(opened[0].runId), 'the clicked λ point opens one of its trials');
  // The panel switched to that trial's curves and asked for its data.
  await settle(w.page);
  assert.equal(await w.page.getAttribute('.tab[aria-selected="true"]', 'data-view'), 'curves');
  await w.page.click('.tab[data-view="sweep"]');
  await w.page.click('table.trials tbody tr:nth-child(4)');
  opened = (await w.posted()).filter((m): m is Extract<WebviewToHost, { type: 'openTrial' }> => m.type === 'openTrial');
  assert.equal(opened.length, 2);
  // A running sweep can be stopped from its view.
  await w.send({ type: 'sweep', sweep: { ...sweep, status: 'running' } });
  await w.page.click('.tab[data-view="sweep"]');
  await settle(w.page);
  await w.page.click('button:has-text("Stop sweep")');
  assert.deepEqual((await w.posted()).filter((m) => m.type === 'stop'), [{ type: 'stop', runId: sweep.id }]);
  assert.deepEqual(w.problems, []);
  await w.page.close();
});

test('progress with epoch and ETA; Stop and Stop all post stop messages', async () => {
  const w = await open();
  await w.send(msgs.runs);
  await w.send({ type: 'progress', entries: [
    { runId: 'a', name: 'run a', epoch: 10, epochsPlanned: 100, status: 'running', etaMs: 95_000 },
    { runId: 'b', name: 'run b', epoch: 3, epochsPlanned: 50, status: 'running' },
  ] });
  await settle(w.page);
  const text = await w.page.textContent('.progress') ?? '';
  assert.match(text, /2 running/);
  assert.match(text, /epoch 10\/100 · ETA 1m 35s/);
  assert.match(text, /epoch 3\/50 · ETA —/, 'no estimate without timing data');
  await w.page.click('.progress-row:nth-child(2) button:has-text("Stop")');
  await w.page.click('button:has-text("Stop all")');
  const stops = (await w.posted()).filter((m) => m.type === 'stop');
  assert.deepEqual(stops, [{ type: 'stop', runId: 'b' }, { type: 'stop' }]);
  await w.send({ type: 'progress', entries: [] });
  await settle(w.page);
  assert.equal(await w.page.locator('.progress').count(), 0);
  await w.page.close();
});

test('live epochs append to the chart; ETA from epoch times when the host gives none', async () => {
  const w = await open();
  const data = msgs.runData.get(single.id) as Extract<HostToWebview, { type: 'runData' }>;
  await w.send({ type: 'runData', runId: 'live', metrics: data.metrics.slice(0, 10), live: true });
  await w.send({ type: 'progress', entries: [{ runId: 'live', name: 'live run', epoch: 10, epochsPlanned: 80, status: 'running' }] });
  await settle(w.page);
  const points = () => w.page.evaluate(() => (globalThis as any).reglabPanel.mountedView.slots.get('main').chart.data.datasets[0].data.length);
  assert.equal(await points(), 10);
  for (const m of data.metrics.slice(10, 30)) await w.send({ type: 'epoch', runId: 'live', metrics: m });
  await settle(w.page);
  assert.equal(await points(), 30);
  assert.match(await w.page.textContent('.run-header') ?? '', /running.*epoch 30/);
  assert.match(await w.page.textContent('.progress') ?? '', /ETA \d+s/);
  await w.page.click('.run-header button:has-text("Stop")');
  assert.deepEqual((await w.posted()).filter((m) => m.type === 'stop'), [{ type: 'stop', runId: 'live' }]);
  await w.page.close();
});

test('a run that finishes with live epochs missed is read again from disk, once', async () => {
  // A fast run can end before the panel receives its epochs: the panel has the run's start
  // (no epochs) and its end (summary: 60 epochs), and must ask for the stored run.
  const w = await open();
  const data = msgs.runData.get(single.id) as Extract<HostToWebview, { type: 'runData' }>;
  const summary = data.summary!;
  await w.send({ type: 'runData', runId: single.id, metrics: [], live: true });
  await w.send({ type: 'epochs', runs: [{ runId: single.id, metrics: data.metrics.slice(0, 5) }] });
  assert.ok(!(await w.posted()).some((m) => m.type === 'openRun'), 'no reload while the run is live');
  await w.send({ type: 'runFinished', runId: single.id, summary });
  const reloads = () => w.posted().then((p) => p.filter((m) => m.type === 'openRun'));
  assert.deepEqual(await reloads(), [{ type: 'openRun', runIds: [single.id] }]);
  // The stored run arrives complete: no further request, and the chart has every epoch.
  await w.send({ type: 'runData', runId: single.id, summary, metrics: data.metrics });
  await w.send(msgs.runs);
  await settle(w.page);
  assert.equal((await reloads()).length, 1);
  const points = await w.page.evaluate(() => (globalThis as any).reglabPanel.mountedView.slots.get('main').chart.data.datasets[0].data.length);
  assert.equal(points, data.metrics.length);
  await w.page.close();
});

test('live data redraws at most every LIVE_REDRAW_MS however many messages arrive; batched epochs append in order', async () => {
  const w = await open();
  const data = msgs.runData.get(single.id) as Extract<HostToWebview, { type: 'runData' }>;
  await w.send({ type: 'runData', runId: 'live', metrics: [], live: true });
  await settle(w.page);
  const metrics = data.metrics.slice(0, 60);
  // 60 messages in about half a second: one epoch each, or batches of 3 (the host's 'epochs').
  const renders = await w.page.evaluate(async ({ metrics, gap }) => {
    const app = (globalThis as any).reglabPanel;
    const original = app.render.bind(app);
    let n = 0;
    app.render = () => { n++; original(); };
    const t0 = performance.now();
    for (let i = 0; i < metrics.length; i += 3) {
      (globalThis as any).postMessage({ type: 'epoch', runId: 'live', metrics: metrics[i] }, '*');
      (globalThis as any).postMessage({ type: 'epochs', runs: [{ runId: 'live', metrics: metrics.slice(i + 1, i + 3) }] }, '*');
      (globalThis as any).postMessage({ type: 'progress', entries: [{ runId: 'live', name: 'live run', epoch: i + 3, epochsPlanned: 80, status: 'running' }] }, '*');
      await new Promise((r) => setTimeout(r, gap));
    }
    await new Promise((r) => setTimeout(r, 400));
    app.render = original;
    return { n, ms: performance.now() - t0 };
  }, { metrics, gap: 25 });
  await settle(w.page);
  // ~500 ms of messages + 400 ms: at most one redraw per 200 ms (+1 for the first at once); one
  // per animation frame would be ~20.
  assert.ok(renders.n >= 2 && renders.n <= Math.floor(renders.ms / 200) + 2, `${renders.n} redraws for 60 live messages in ${renders.ms.toFixed(0)} ms`);
  const epochs = await w.page.evaluate(() => (globalThis as any).reglabPanel.store.loaded.get('live').metrics.map((m: { epoch: number }) => m.epoch));
  assert.deepEqual(epochs, metrics.map((m) => m.epoch));
  const points = await w.page.evaluate(() => (globalThis as any).reglabPanel.mountedView.slots.get('main').chart.data.datasets[0].data.length);
  assert.equal(points, 60);
  await w.page.close();
});

test('export: PNG of a chart and CSV of the view go to the host', async () => {
  const w = await open();
  await w.send(msgs.runs);
  await w.send(msgs.runData.get(single.id));
  await w.page.click(`li[data-run-id="${single.id}"] .run-link`);
  await settle(w.page);
  await w.page.hover('.chart-box');
  await w.page.click('.chart-export');
  await w.page.click('button:has-text("Export CSV")');
  const posted = await w.posted();
  const png = posted.find((m) => m.type === 'savePng') as Extract<WebviewToHost, { type: 'savePng' }>;
  assert.ok(png && png.dataUrl.length > 10_000, 'a real image');
  assert.equal(png.suggestedName, `${single.name}-loss.png`);
  const bytes = Buffer.from(png.dataUrl.split(',')[1], 'base64');
  assert.equal(bytes.subarray(1, 4).toString(), 'PNG');
  const csv = posted.find((m) => m.type === 'saveCsv') as Extract<WebviewToHost, { type: 'saveCsv' }>;
  const lines = csv.csv.trim().split('\n');
  assert.equal(lines.length, 81, 'header + 80 epochs, not the decimated points');
  assert.match(lines[0], /^epoch,trainLoss,penalty,valLoss/);
  await w.page.close();
});

test('experiment form: writes an experiment the engine accepts; field errors block saving; presets fill it', async () => {
  const w = await open('light');
  await w.page.click('.tab[data-view="experiment"]');
  await w.page.fill('#f-name', 'Form Sweep');
  await w.page.selectOption('#f-optimizer', 'sgd');
  await w.page.fill('#f-momentum', '0.9');
  await w.page.fill('#f-l1', '0.001');
  await w.page.selectOption('#f-l1Mode', 'proximal');
  await w.page.click('button[data-action="sweep"]');
  await w.page.selectOption('#f-compare', 'adam-l2-vs-adamw');
  await w.page.click('button[data-action="sweep"]');
  const saves = (await w.posted()).filter((m): m is Extract<WebviewToHost, { type: 'saveExperiment' }> => m.type === 'saveExperiment');
  assert.equal(saves.length, 2);
  assert.equal(saves[1].suggestedName, 'form-sweep.reglab.json');
  assert.equal(saves[1].then, 'sweep');
  const exp = resolveExperiment(JSON.stringify(saves[1].experiment), { baseDir: os.tmpdir() });
  assert.equal(exp.optimizer.momentum, 0.9);
  assert.equal(exp.penalty.l1Mode, 'proximal');
  assert.deepEqual(exp.sweep!.values, [0, 1e-5, 1e-4, 1e-3, 1e-2, 1e-1]);
  assert.deepEqual(exp.sweep!.compare!.map((c) => c.name), ['Adam + L2 (coupled)', 'AdamW (decoupled)']);
  resolveExperiment(JSON.stringify(saves[0].experiment), { baseDir: os.tmpdir() });

  await w.page.fill('#f-lr', 'fast');
  await w.page.click('button:has-text("Save experiment")');
  assert.equal((await w.posted()).filter((m) => m.type === 'saveExperiment').length, 2, 'nothing saved with a bad field');
  assert.equal(await w.page.textContent('#f-lr ~ .field-error'), 'expected a number');

  await w.send({ type: 'experimentPreset', experiment: { name: 'from-python', optimizer: { type: 'adam', lr: 0.001, weightDecay: 0.05 }, paramGroups: 'all' }, source: 'train.py:12' });
  await settle(w.page);
  assert.equal(await w.page.inputValue('#f-name'), 'from-python');
  assert.equal(await w.page.inputValue('#f-optimizer'), 'adam');
  assert.equal(await w.page.inputValue('#f-weightDecay'), '0.05');
  assert.equal(await w.page.inputValue('#f-paramGroups'), 'all');
  assert.deepEqual(w.problems, []);
  await w.page.close();
});

test('state survives a reload: the view, the focused run, the overlay and the sweep are asked for again', async () => {
  const w = await open();
  await w.send(msgs.runs);
  await w.send(msgs.runData.get(single.id));
  await w.send(msgs.sweeps[0]);
  const trial = (msgs.runs as any).runs.find((r: RunListEntry) => r.sweep) as RunListEntry;
  await w.page.click(`li[data-run-id="${single.id}"] .run-link`);
  await w.page.click('.sweep-group .trial-count');
  await w.page.check(`li[data-run-id="${trial.id}"] input[type=checkbox]`);
  await w.page.click('.tab[data-view="norms"]');
  await w.page.reload();
  await w.page.waitForFunction(() => (globalThis as any).reglabPanel);
  const posted = await w.posted();
  assert.deepEqual(posted.slice(0, 3), [
    { type: 'ready', protocol: 1 },
    { type: 'openRun', runIds: [single.id, trial.id] },
    { type: 'openSweep', sweepId: sweep.id },
  ]);
  await settle(w.page);
  assert.equal(await w.page.getAttribute('.tab[aria-selected="true"]', 'data-view'), 'norms');
  await w.page.close();
});

test('malformed host messages are ignored without breaking the panel', async () => {
  const w = await open();
  for (const m of [null, 'runs', { type: 'explode' }, { nothing: 1 }]) await w.send(m);
  await w.send(msgs.runs);
  await settle(w.page);
  assert.ok(await w.page.locator('.run-row').count() > 0);
  assert.deepEqual(w.problems, []);
  await w.page.close();
});

test('50 runs × 1,000 epochs: overlay render and live update times', async () => {
  const w = await open();
  // A string, not a function: code compiled by tsx carries helpers (__name) the page does not have.
  const timing = await w.page.evaluate(`(() => {
    const app = window.reglabPanel;
    const params = (e) => Object.fromEntries(['0.weight', '0.bias', '2.weight', '2.bias'].map((n, i) => [n, { l2: 2 * Math.exp(-e / 500) + i, l1: 1, maxAbs: 1, zeroFrac: 0, smallFrac: 0, group: i % 2, decayed: i % 2 === 0, kind: i % 2 ? 'bias' : 'weight' }]));
    const epoch = (r, e) => ({ epoch: e, trainLoss: (1 + r / 50) / Math.sqrt(e) + 0.02 * Math.sin(e / 7 + r), penalty: 0.01, valLoss: (1.1 + r / 50) / Math.sqrt(e) + 0.05, lr: 0.01, groups: [], params: params(e), timeMs: 5 });
    const ids = Array.from({ length: 50 }, (_, r) => \`bench-\${r}\`);
    window.postMessage({ type: 'runs', runs: ids.map((id, r) => ({ id, kind: 'run', name: \`run \${r}\`, status: 'running', epochsCompleted: 1000, epochsPlanned: 2000 })) }, '*');
    return new Promise((resolve) => setTimeout(() => {
      ids.forEach((id, r) => app.store.setRunData(id, undefined, Array.from({ length: 1000 }, (_, e) => epoch(r, e + 1)), true));
      app.ui.overlayIds = ids;
      app.ui.focusedRunId = ids[0];
      app.ui.view = 'overlay';
      let t = performance.now();
      app.render();
      const first = performance.now() - t;
      // A live tick: one more epoch for every run, then a redraw.
      const updates = [];
      for (let k = 0; k < 10; k++) {
        ids.forEach((id, r) => app.store.appendEpoch(id, epoch(r, 1001 + k)));
        t = performance.now();
        app.render();
        updates.push(performance.now() - t);
      }
      app.ui.view = 'curves';
      t = performance.now();
      app.render();
      const curves = performance.now() - t;
      const points = app.mountedView.slots.get('main').chart.data.datasets.reduce((n, d) => n + d.data.length, 0);
      updates.sort((a, b) => a - b);
      resolve({ first, updateMedian: updates[5], updateMax: updates[9], curves, curvePoints: points });
    }, 50));
  })()`) as Record<string, number>;
  console.log(`[bench] panel with 50 runs × 1,000 epochs: overlay first render ${timing.first.toFixed(1)} ms, live update (50 new epochs) median ${timing.updateMedian.toFixed(1)} ms / max ${timing.updateMax.toFixed(1)} ms; single-run loss view ${timing.curves.toFixed(1)} ms (${timing.curvePoints} points drawn)`);
  assert.ok(timing.curvePoints <= 3 * 400, 'decimated');
  // Generous bounds for a loaded 2-core CI machine; the printed figures are the measurement.
  assert.ok(timing.first < 2000, `first render ${timing.first} ms`);
  assert.ok(timing.updateMedian < 500, `update ${timing.updateMedian} ms`);
  assert.deepEqual(w.problems, []);
  await w.page.close();
});

test('a theme switch in VS Code (variables and body class) redraws the charts in the new colours', async () => {
  const w = await open('dark');
  await w.send(msgs.runs);
  await w.send(msgs.runData.get(single.id));
  await w.page.click(`li[data-run-id="${single.id}"] .run-link`);
  await settle(w.page);
  const darkBlue: [number, number, number] = [0x37, 0x94, 0xff];
  const lightBlue: [number, number, number] = [0x1a, 0x85, 0xff];
  assert.ok((await w.page.evaluate(colourCount('canvas', darkBlue, 8)) as number) > 150);
  // What VS Code does on a theme change: new variable values, new body class.
  await w.page.evaluate(`new Promise((resolve) => {
    const link = document.querySelector('link[href$="theme-dark.css"]');
    link.addEventListener('load', () => { document.body.className = 'vscode-light'; resolve(); }, { once: true });
    link.href = '${harness.origin}/theme-light.css';
  })`);
  await settle(w.page);
  assert.ok((await w.page.evaluate(colourCount('canvas', lightBlue, 8)) as number) > 150, 'redrawn in the light theme\'s blue');
  assert.equal(await w.page.evaluate(colourCount('canvas', darkBlue, 8)), 0);
  assert.deepEqual(w.problems, []);
  await w.page.close();
});

test('runs list: newest first whatever order the host sends; trials of a sweep by variant, λ, seed', async () => {
  const w = await open();
  const run = (id: string, startedAt: string): RunListEntry => ({ id, kind: 'run', name: id, status: 'completed', startedAt });
  await w.send({ type: 'runs', runs: [run('b', '2026-01-02T00:00:00Z'), run('c', '2026-01-03T00:00:00Z'), run('a', '2026-01-01T00:00:00Z'),
    { id: 's', kind: 'sweep', name: 'sw', status: 'completed' },
    ...[[0.1, 1], [0.01, 0], [0.1, 0]].map(([value, seed]) => ({ ...run(`t${value}-${seed}`, '2026-01-04T00:00:00Z'), sweep: { id: 's', param: 'penalty.l1', value, seed } }))] });
  await w.page.click('.sweep-group .trial-count');
  await settle(w.page);
  const ids = await w.page.locator('li.run-row').evaluateAll((els) => els.map((e) => e.getAttribute('data-run-id')));
  assert.deepEqual(ids, ['t0.01-0', 't0.1-0', 't0.1-1', 'c', 'b', 'a']);
  await w.page.close();
});

test('a hovered tab gets the toolbar hover colour, not the button fill; keyboard focus keeps its outline', async () => {
  for (const theme of ['dark', 'light'] as const) {
    const w = await open(theme);
    await w.page.hover('.tab[data-view="norms"]');
    const hovered = await w.page.$eval('.tab[data-view="norms"]', (el: any) => ({ bg: (globalThis as any).getComputedStyle(el).backgroundColor, fg: (globalThis as any).getComputedStyle(el).color }));
    const button = await w.page.$eval('.tab[data-view="norms"]', () => (globalThis as any).getComputedStyle((globalThis as any).document.body).getPropertyValue('--vscode-button-hoverBackground').trim());
    const toolbar = await w.page.evaluate(() => (globalThis as any).getComputedStyle((globalThis as any).document.body).getPropertyValue('--vscode-toolbar-hoverBackground').trim());
    const rgba = (hex: string) => { const n = (i: number) => parseInt(hex.slice(i, i + 2), 16); return `rgba(${n(1)}, ${n(3)}, ${n(5)}, ${+(n(7) / 255).toFixed(2)})`; };
    assert.notEqual(hovered.bg, `rgb(${parseInt(button.slice(1, 3), 16)}, ${parseInt(button.slice(3, 5), 16)}, ${parseInt(button.slice(5, 7), 16)})`, `${theme}: hovered tab is not a solid button`);
    assert.equal(hovered.bg.replace(/(\d\.\d\d)\d*\)/, '$1)'), rgba(toolbar), `${theme}: hovered tab uses --vscode-toolbar-hoverBackground`);
    await w.page.mouse.move(0, 400);
    await w.page.focus('.tab[aria-selected="true"]');
    await w.page.keyboard.press('ArrowRight');
    const outline = await w.page.$eval('.tab[aria-selected="true"]', (el: any) => (globalThis as any).getComputedStyle(el).outlineStyle);
    assert.equal(outline, 'solid', `${theme}: focused tab keeps its focus outline`);
    await w.page.close();
  }
});

test('a notice is a bar in the layout: it covers no control of the form and can be dismissed', async () => {
  const w = await open('dark', await browser.newPage({ viewport: { width: 700, height: 600 } }));
  await w.send({ type: 'experimentPreset', experiment: { name: 'from-python', optimizer: { type: 'adamw', lr: 0.001, weightDecay: 0.05 }, paramGroups: 'all' },
    source: 'AdamW(model.parameters(), lr=1e-3, weight_decay=0.05) at /home/user/projects/very/long/path/to/train_model_script.py:123' });
  await settle(w.page);
  assert.ok(await w.page.isVisible('.notice'), 'the preset notice is shown');
  const overlaps = await w.page.evaluate(() => {
    const n = (globalThis as any).document.querySelector('.notice')!.getBoundingClientRect();
    return [...(globalThis as any).document.querySelectorAll('main input, main select, main button, .tabs button')].filter((c: any) => {
      const r = c.getBoundingClientRect();
      return r.width > 0 && r.left < n.right && r.right > n.left && r.top < n.bottom && r.bottom > n.top;
    }).map((c: any) => c.id || c.textContent);
  });
  assert.deepEqual(overlaps, [], 'no control under the notice');
  // The preset's notes arrive as notices: they are added below, not put in its place.
  await w.send({ type: 'notice', level: 'info', message: 'lr `cfg.lr` could not be resolved; the preset uses 0.001.' });
  await settle(w.page);
  assert.deepEqual(await w.page.locator('.notice-line').allTextContents(), [
    'Preset from AdamW(model.parameters(), lr=1e-3, weight_decay=0.05) at /home/user/projects/very/long/path/to/train_model_script.py:123',
    'lr `cfg.lr` could not be resolved; the preset uses 0.001.']);
  await w.page.click('.notice-close');
  assert.equal(await w.page.isVisible('.notice'), false, 'dismissed');
  await w.send({ type: 'notice', level: 'warning', message: 'next' });
  await settle(w.page); // the panel redraws on the next animation frame
  assert.deepEqual(await w.page.locator('.notice-line').allTextContents(), ['next'], 'a dismissed notice starts afresh');
  assert.deepEqual(w.problems, []);
  await w.page.close();
});

test('a long sweep name in a narrow panel: the chart title is one ellipsized line with the full name as its tooltip; the PNG still has the title', async () => {
  const w = await open('dark', await browser.newPage({ viewport: { width: 560, height: 720 } }));
  const long = `try-adamw-${'very_long_training_script_name_'.repeat(3)}L123`;
  const m = msgs.sweeps[0] as Extract<HostToWebview, { type: 'sweep' }>;
  await w.send(msgs.runs);
  await w.send({ ...m, sweep: { ...m.sweep, name: long } });
  await w.page.click('.tab[data-view="sweep"]');
  await settle(w.page);
  const t = await w.page.$eval('.chart-title', (el: any) => {
    const box = el.closest('.chart-box').getBoundingClientRect();
    const r = el.getBoundingClientRect();
    return { text: el.textContent, tip: el.title, lines: Math.round(r.height / parseFloat((globalThis as any).getComputedStyle(el).lineHeight || '18')),
      overflow: (globalThis as any).getComputedStyle(el).textOverflow, clipped: el.scrollWidth > el.clientWidth, inside: r.right <= box.right + 0.5 };
  });
  assert.ok(t.text.startsWith(`${long}: validation loss vs`), t.text);
  assert.equal(t.tip, t.text, 'the full title is the tooltip');
  assert.equal(t.overflow, 'ellipsis');
  assert.ok(t.clipped && t.inside, 'the long title is cut inside the chart box');
  // The canvas draws no title of its own; the exported image draws it again.
  const drawn = await w.page.evaluate(() => {
    const chart = (globalThis as any).reglabPanel.mountedView.slot.chart;
    return { title: chart.options.plugins.title.display, top: chart.chartArea.top };
  });
  assert.equal(drawn.title, false);
  await w.page.hover('.chart-box');
  await w.page.click('.chart-export');
  const png = (await w.posted()).find((x) => x.type === 'savePng') as Extract<WebviewToHost, { type: 'savePng' }>;
  assert.ok(png && png.dataUrl.length > 10_000);
  const withTitle = await w.page.evaluate(async (url) => {
    const img = new (globalThis as any).Image();
    img.src = url;
    await img.decode();
    const c = (globalThis as any).document.createElement('canvas');
    c.width = img.width; c.height = img.height;
    const g = c.getContext('2d');
    g.drawImage(img, 0, 0);
    // Light text pixels in the top band where the title goes (above the plot area).
    const band = g.getImageData(0, 0, c.width, 14).data;
    let light = 0;
    for (let i = 0; i < band.length; i += 4) if (band[i] > 150 && band[i + 1] > 150 && band[i + 2] > 150) light++;
    return light;
  }, png.dataUrl);
  assert.ok(withTitle > 30, `the PNG draws the title (${withTitle} text pixels in its top band)`);
  assert.equal(await w.page.evaluate(() => (globalThis as any).reglabPanel.mountedView.slot.chart.options.plugins.title.display), false, 'and the canvas goes back to no title');
  assert.deepEqual(w.problems, []);
  await w.page.close();
});

test('runs list: a run in the progress is running with its live epoch; a sweep shows the status of its latest summary', async () => {
  const w = await open();
  const t = '2026-01-01T00:00:00Z';
  await w.send({ type: 'runs', runs: [
    { id: 'live', kind: 'run', name: 'live', status: 'incomplete', startedAt: t, epochsCompleted: 2, epochsPlanned: 60 },
    { id: 'sw', kind: 'sweep', name: 'sw', status: 'running', startedAt: t, epochsCompleted: 10, epochsPlanned: 15 },
  ] });
  await w.send({ type: 'progress', entries: [{ runId: 'live', name: 'live', epoch: 5, epochsPlanned: 60, status: 'running' }] });
  await settle(w.page);
  const row = async () => (await w.page.textContent('li.run-row[data-run-id="live"]'))?.replace(/\s+/g, ' ') ?? '';
  assert.match(await row(), /running.*5\/60/);
  assert.match(await w.page.textContent('.sweep-group summary') ?? '', /running.*10\/15 trials/);
  await w.send({ type: 'progress', entries: [{ runId: 'live', name: 'live', epoch: 6, epochsPlanned: 60, status: 'running' }] });
  await settle(w.page);
  assert.match(await row(), /running.*6\/60/, 'each progress update moves the epoch');
  // The sweep ended: its summary arrives before the host's next listing.
  const m = msgs.sweeps[0] as Extract<HostToWebview, { type: 'sweep' }>;
  await w.send({ type: 'sweep', sweep: { ...m.sweep, id: 'sw', status: 'completed' } });
  await w.send({ type: 'progress', entries: [] });
  await settle(w.page);
  assert.match(await w.page.textContent('.sweep-group summary') ?? '', /completed.*15 trials/);
  assert.match(await row(), /incomplete.*2\/60/, 'no longer live: the listing again');
  assert.deepEqual(w.problems, []);
  await w.page.close();
});

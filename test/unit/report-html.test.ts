// `reglab report`: one self-contained HTML file per run or sweep folder, checked as text (no
// network references, data and scripts inline) and in Chromium (charts drawn, no errors, no requests).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { run as reportCommand } from '../../src/cli/commands/report';
import { CliUsageError } from '../../src/cli/args';
import type { ReportData } from '../../src/core/report';
import { buildBrowserBundles, CANVAS_STATS, colourCount, launchChromium } from './report-browser-helpers';
import { experiment, writeRun, writeSingleRun, writeSweep } from './report-fixtures';
import { makeMetrics } from './charts-fixtures';
import { RunWriter } from '../../src/core/runs';

let tmp: string;
let runHtml: string;
let sweepHtml: string;
let browser: Browser;

function dataOf(html: string): ReportData {
  const m = /<script type="application\/json" id="reglab-data">([\s\S]*?)<\/script>/.exec(html);
  assert.ok(m, 'data block present');
  return JSON.parse(m[1]);
}

async function quiet<T>(fn: () => Promise<T>): Promise<{ value: T; stderr: string }> {
  const write = process.stderr.write;
  let stderr = '';
  process.stderr.write = ((chunk: string | Uint8Array) => { stderr += String(chunk); return true; }) as typeof process.stderr.write;
  try { return { value: await fn(), stderr }; } finally { process.stderr.write = write; }
}

before(async () => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'reglab-report-'));
  process.env.REGLAB_REPORT_ASSETS = await buildBrowserBundles(['report']);
  const store = path.join(tmp, 'runs');
  const single = writeSingleRun(store);
  const sweep = writeSweep(store);
  runHtml = path.join(tmp, 'run.html');
  sweepHtml = path.join(tmp, 'sweep.html');
  assert.equal((await quiet(() => reportCommand([single.dir, '--out', runHtml]))).value, 0);
  assert.equal((await quiet(() => reportCommand([sweep.dir, '--out', sweepHtml]))).value, 0);
  browser = await launchChromium();
});
after(async () => { await browser?.close(); });

test('the report is one self-contained file: no external references, CSP without network, data inline', () => {
  for (const file of [runHtml, sweepHtml]) {
    const html = readFileSync(file, 'utf8');
    assert.doesNotMatch(html, /\s(src|href)\s*=\s*["']?\s*(https?:)?\/\//i, 'no src/href to a URL');
    assert.doesNotMatch(html, /<link\b|<iframe\b|<img\b[^>]*src=|@import|url\(\s*["']?https?:/i);
    assert.doesNotMatch(html, /sourceMappingURL/);
    assert.match(html, /<meta http-equiv="Content-Security-Policy" content="default-src &#39;none&#39;; script-src &#39;sha256-/);
    assert.match(html, /connect-src &#39;none&#39;/);
    assert.equal((html.match(/<script>/g) ?? []).length, 1, 'one inline script (runtime with Chart.js)');
    assert.match(html, /Chart\.js v4/, 'Chart.js is bundled in');
  }
  const run = dataOf(readFileSync(runHtml, 'utf8'));
  assert.equal(run.kind, 'run');
  if (run.kind !== 'run') return;
  assert.equal(run.run.metrics.length, 60);
  assert.equal(run.run.summary.status, 'completed');
  assert.equal((run.run.experiment as any).penalty.l1, 1e-3);
  assert.ok(!JSON.stringify(run).includes(tmp), 'no absolute paths of this machine in the report');

  const sweep = dataOf(readFileSync(sweepHtml, 'utf8'));
  assert.equal(sweep.kind, 'sweep');
  if (sweep.kind !== 'sweep') return;
  assert.equal(sweep.trials.length, 30);
  assert.deepEqual(sweep.trials.filter((t) => t.status !== 'completed').map((t) => t.status).sort(), ['diverged', 'failed']);
  assert.equal(sweep.curves.length, 29, 'every trial with metrics has a curve');
  assert.deepEqual(sweep.sweep.selections.map((s) => [s.variant, s.chosen]), [['adam-l2', 0.01], ['adamw', 0.01]]);
  assert.equal(sweep.chosenRuns.length, 2);
  assert.equal(sweep.chosenRuns[0].summary.sweep?.value, 0.01);
  assert.ok(sweep.chosenRuns[0].metrics[0].histograms, 'chosen trials keep their histograms');
});

test('report command: clear errors for a missing folder, a folder that is not a run, bad usage', async () => {
  const missing = await quiet(() => reportCommand([path.join(tmp, 'nope')]));
  assert.equal(missing.value, 1);
  assert.match(missing.stderr, /nope: not a folder/);
  const empty = path.join(tmp, 'empty');
  mkdirSync(empty);
  const notRun = await quiet(() => reportCommand([empty]));
  assert.equal(notRun.value, 1);
  assert.match(notRun.stderr, /neither a run folder .* nor a sweep folder/);
  await assert.rejects(reportCommand([]), CliUsageError);
  await assert.rejects(reportCommand(['a', 'b']), CliUsageError);
});

test('a "</script>" in a run name cannot break out of the data block', async () => {
  const store = path.join(tmp, 'evil');
  const r = writeSingleRun(store);
  const summaryFile = path.join(r.dir, 'summary.json');
  const s = JSON.parse(readFileSync(summaryFile, 'utf8'));
  s.name = 'x</script><script>window.pwned=1</script>';
  writeFileSync(summaryFile, JSON.stringify(s));
  const out = path.join(tmp, 'evil.html');
  assert.equal((await quiet(() => reportCommand([r.dir, '--out', out]))).value, 0);
  const html = readFileSync(out, 'utf8');
  assert.equal(dataOf(html).title, s.name);
  const page = await browser.newPage();
  await page.goto('file://' + out);
  await page.waitForSelector('html[data-rendered]');
  assert.equal(await page.evaluate('window.pwned'), undefined);
  assert.equal(await page.textContent('h1'), s.name);
  await page.close();
});

for (const scheme of ['light', 'dark'] as const) {
  test(`the reports render in Chromium (${scheme}): every chart drawn, no console errors, no requests`, async () => {
    for (const [file, minCharts] of [[runHtml, 4], [sweepHtml, 8]] as const) {
      const page = await browser.newPage({ colorScheme: scheme, viewport: { width: 1280, height: 900 } });
      const problems: string[] = [];
      const requests: string[] = [];
      page.on('console', (m) => { if (m.type() === 'error' || (m.type() === 'warning' && !m.text().includes('willReadFrequently'))) problems.push(m.text()); });
      page.on('pageerror', (e) => problems.push(e.message));
      page.on('request', (r) => { if (r.url() !== 'file://' + file) requests.push(r.url()); });
      await page.goto('file://' + file);
      await page.waitForSelector('html[data-rendered]', { timeout: 20_000 });
      const stats = await page.evaluate(CANVAS_STATS) as Array<{ label: string; painted: number; colours: number; width: number }>;
      assert.ok(stats.length >= minCharts, `${stats.length} charts in ${path.basename(file)}`);
      for (const s of stats) {
        assert.ok(s.width > 100, `${s.label} has a size`);
        assert.ok(s.painted > 2000 && s.colours >= 4, `${s.label} is drawn (${s.painted} px, ${s.colours} colours)`);
      }
      if (file === sweepHtml) {
        // The first variant's line is drawn in the scheme's charts-blue.
        const blue: [number, number, number] = scheme === 'dark' ? [0x37, 0x94, 0xff] : [0x1a, 0x85, 0xff];
        assert.ok((await page.evaluate(colourCount('canvas[aria-label="sweep chart"]', blue)) as number) > 200, 'sweep line in charts-blue');
        assert.match(await page.textContent('.selection') ?? '', /adam-l2: optimizer\.weightDecay = 0\.01/);
        assert.match(await page.textContent('dl.facts') ?? '', /swept\s*optimizer\.weightDecay over [^;]+; seeds \d/);
        assert.equal(await page.locator('table.trials tbody tr').count(), 30);
        assert.equal(await page.locator('table.trials .status-failed').count(), 1);
      }
      const bg = await page.evaluate('getComputedStyle(document.body).backgroundColor');
      assert.equal(bg, scheme === 'dark' ? 'rgb(31, 31, 31)' : 'rgb(255, 255, 255)');
      assert.deepEqual(problems, []);
      assert.deepEqual(requests, []);
      await page.close();
    }
  });
}

test('the report follows a colour-scheme change while open (charts redrawn in the dark palette)', async () => {
  const page = await browser.newPage({ colorScheme: 'light', viewport: { width: 1280, height: 900 } });
  await page.goto('file://' + sweepHtml);
  await page.waitForSelector('html[data-rendered]');
  const sel = 'canvas[aria-label="sweep chart"]';
  assert.ok((await page.evaluate(colourCount(sel, [0x1a, 0x85, 0xff], 8)) as number) > 200);
  await page.emulateMedia({ colorScheme: 'dark' });
  // The redraw follows the media-query change event, and a layout change may redraw once more (a
  // CI run read the canvas between the two): wait until three reads 100 ms apart agree, then
  // check that the dark palette is drawn and no light-palette pixel is left.
  const read = async () => await page.evaluate(`[${colourCount(sel, [0x37, 0x94, 0xff], 8)}, ${colourCount(sel, [0x1a, 0x85, 0xff], 8)}]`) as [number, number];
  let counts = await read();
  for (let stable = 0, until = Date.now() + 10_000; stable < 3 && Date.now() < until;) {
    await new Promise((r) => setTimeout(r, 100));
    counts = await read();
    stable = counts[0] > 200 && counts[1] === 0 ? stable + 1 : 0;
  }
  assert.ok(counts[0] > 200, `dark-palette pixels: ${counts[0]}`);
  assert.equal(counts[1], 0, 'light-palette pixels left');
  await page.close();
});

test('the sweep report counts trials by status above the table', async () => {
  const page = await browser.newPage();
  await page.goto('file://' + sweepHtml);
  await page.waitForSelector('html[data-rendered]');
  const text = (await page.locator('h2:has-text("Trials") + p.meta').textContent()) ?? '';
  assert.match(text.replace(/\s+/g, ' '), /28 completed · 1 diverged · 1 failed/);
  await page.close();
});

test('a diverged run and a run killed before its first epoch still get a readable report', async () => {
  const store = path.join(tmp, 'broken');
  const metrics = makeMetrics(12);
  metrics[11] = { ...metrics[11], trainLoss: NaN, valLoss: Infinity };
  const diverged = writeRun(store, 'blew-up', metrics, experiment('blew-up'), undefined, 'diverged');
  const empty = RunWriter.create({ root: store, experiment: experiment('killed'), name: 'killed' }); // no epoch, no summary
  for (const [dir, expect] of [[diverged.dir, /diverged at epoch 12/], [empty.dir, /No epoch was recorded/]] as const) {
    const out = path.join(tmp, `${path.basename(dir)}.html`);
    assert.equal((await quiet(() => reportCommand([dir, '--out', out]))).value, 0);
    const page = await browser.newPage();
    const problems: string[] = [];
    page.on('pageerror', (e) => problems.push(e.message));
    page.on('console', (m) => { if (m.type() === 'error') problems.push(m.text()); });
    await page.goto('file://' + out);
    await page.waitForSelector('html[data-rendered]');
    assert.match((await page.textContent('main')) ?? '', expect);
    assert.deepEqual(problems, []);
    await page.close();
  }
});

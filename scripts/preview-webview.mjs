// Looks at the panel and the report the way a user would, with real runs:
//   node --import tsx scripts/preview-webview.mjs [--out DIR] [--docs]
// Trains an L1 run and an L1-vs-L2 sweep with the CLI, serves the webview bundle in a page that
// fakes VS Code (same CSP, theme variables, acquireVsCodeApi), feeds it the host's messages, and
// screenshots every view in the dark, light and high-contrast themes; then writes the reports
// and screenshots them in light and dark. --docs also saves a few small PNGs to docs/images/.
import { mkdirSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildBrowserBundles, launchChromium } from '../test/unit/report-browser-helpers.ts';
import { serveWebview } from '../test/unit/webview-harness.ts';
import { hostMessages, trainRealStore } from '../test/unit/webview-realdata.ts';
import { run as report } from '../src/cli/commands/report.ts';

const args = process.argv.slice(2);
const outDir = path.resolve(args.includes('--out') ? args[args.indexOf('--out') + 1] : path.join(os.tmpdir(), 'reglab-preview'));
const docs = args.includes('--docs');
const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
mkdirSync(outDir, { recursive: true });

const work = mkdtempSync(path.join(os.tmpdir(), 'reglab-preview-'));
console.error(`[preview] training real runs in ${work}`);
const store = trainRealStore(work);
const msgs = hostMessages(store);
const bundles = await buildBrowserBundles();
process.env.REGLAB_REPORT_ASSETS = bundles;
const harness = await serveWebview(bundles);
const browser = await launchChromium();
const shots = [];

async function panel(theme, size = { width: 1200, height: 720 }, progress = true) {
  const page = await browser.newPage({ viewport: size, deviceScaleFactor: 1 });
  page.on('console', (m) => { if (m.type() === 'error') console.error(`[preview] console error: ${m.text()}`); });
  page.on('pageerror', (e) => console.error(`[preview] page error: ${e.message}`));
  await page.goto(harness.url(theme));
  await page.waitForFunction(() => window.reglabPanel);
  const send = (m) => page.evaluate((x) => window.postMessage(x, '*'), m);
  await send(msgs.runs);
  for (const s of msgs.sweeps) await send(s);
  const single = msgs.runs.runs.find((r) => r.kind === 'run' && !r.sweep);
  await send(msgs.runData.get(single.id));
  const trials = msgs.runs.runs.filter((r) => r.sweep).map((r) => r.id);
  for (const id of trials) await send(msgs.runData.get(id));
  if (progress) await send({ type: 'progress', entries: [{ runId: single.id, name: single.name, epoch: 61, epochsPlanned: 80, status: 'running', etaMs: 4200 }] });
  await page.evaluate((ids) => { const a = window.reglabPanel; a.ui.overlayIds = ids; a.ui.focusedRunId = ids[0]; }, [single.id, ...trials.slice(0, 12)]);
  return { page, send, single };
}

async function view(page, name, file) {
  await page.evaluate((v) => { window.reglabPanel.ui.view = v; window.reglabPanel.render(); }, name);
  await page.waitForTimeout(150);
  await page.screenshot({ path: file });
  shots.push(file);
}

for (const theme of ['dark', 'light', 'high-contrast']) {
  const { page, single } = await panel(theme);
  await page.evaluate((id) => { window.reglabPanel.ui.focusedRunId = id; }, single.id);
  for (const v of ['curves', 'norms', 'sparsity', 'histograms', 'sweep', 'overlay', 'experiment']) {
    await view(page, v, path.join(outDir, `panel-${v}-${theme}.png`));
  }
  await page.close();
}
// A narrow panel (editor split): the runs list goes above the chart.
{
  const { page } = await panel('dark', { width: 620, height: 720 });
  await view(page, 'sweep', path.join(outDir, 'panel-sweep-narrow-dark.png'));
  await page.close();
}

const runDir = msgs.runData.keys().next().value && path.join(store, [...msgs.runData.keys()].find((id) => !msgs.runs.runs.find((r) => r.id === id)?.sweep));
const sweepDir = path.join(store, msgs.runs.runs.find((r) => r.kind === 'sweep').id);
for (const [dir, name] of [[runDir, 'run'], [sweepDir, 'sweep']]) {
  const html = path.join(outDir, `report-${name}.html`);
  await report([dir, '--out', html]);
  for (const scheme of ['light', 'dark']) {
    const page = await browser.newPage({ viewport: { width: 1200, height: 900 }, colorScheme: scheme });
    await page.goto('file://' + html);
    await page.waitForSelector('html[data-rendered]');
    const file = path.join(outDir, `report-${name}-${scheme}.png`);
    await page.screenshot({ path: file, fullPage: true });
    shots.push(file);
    await page.close();
  }
}

if (docs) {
  const images = path.join(root, 'docs/images');
  mkdirSync(images, { recursive: true });
  const small = { width: 1000, height: 600 };
  for (const [theme, v] of [['dark', 'curves'], ['light', 'sweep'], ['dark', 'norms']]) {
    const { page, single } = await panel(theme, small, false);
    await page.evaluate((id) => { window.reglabPanel.ui.focusedRunId = id; }, single.id);
    await view(page, v, path.join(images, `panel-${v}-${theme}.png`));
    await page.close();
  }
  const page = await browser.newPage({ viewport: { width: 1000, height: 760 }, colorScheme: 'light' });
  await page.goto('file://' + path.join(outDir, 'report-sweep.html'));
  await page.waitForSelector('html[data-rendered]');
  await page.screenshot({ path: path.join(images, 'report-sweep-light.png') });
  shots.push(path.join(images, 'report-sweep-light.png'));
  await page.close();
}

await browser.close();
await harness.close();
console.log(shots.join('\n'));

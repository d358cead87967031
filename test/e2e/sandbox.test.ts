// The README's one command for newcomers, `npm run sandbox`, really starts RegLab in code-server
// with the examples open: run scripts/sandbox.mjs (with the suite's .vsix and a temp folder),
// open the URL it prints in Chromium and find RegLab's CodeLens on an example.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { launchBrowser } from './harness/browser';
import { packageVsix, readManifest } from './harness/extensionPackage';
import { artifactsDir, repoRoot } from './harness/paths';
import { e2eSkipReason } from './harness/prerequisites';
import { spawnGroup, stopGroup } from './harness/processes';
import { waitFor } from './harness/waitFor';
import { Workbench } from './harness/workbench';

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

test('`npm run sandbox` serves VS Code with RegLab and the examples at the URL it prints', { timeout: 5 * 60_000 }, async (t) => {
  const skip = e2eSkipReason();
  if (skip) return t.skip(skip);
  assert.match(readManifest().scripts?.sandbox ?? '', /scripts\/sandbox\.mjs/, 'the npm script "sandbox" runs scripts/sandbox.mjs');
  const vsix = packageVsix();
  const dir = mkdtempSync(path.join(os.tmpdir(), 'reglab-sandbox-'));
  const port = await freePort();
  const child = spawnGroup(process.execPath, [path.join(repoRoot, 'scripts/sandbox.mjs'), '--vsix', vsix, '--dir', dir, '--port', String(port)], { cwd: repoRoot });
  let out = '';
  child.stdout?.on('data', (d) => (out += d));
  child.stderr?.on('data', (d) => (out += d));
  const browser = await launchBrowser();
  try {
    const url = await waitFor('the sandbox to print its URL', () =>
      /(http:\/\/127\.0\.0\.1:\d+\/\?folder=\S+)/.exec(out)?.[1] ?? (child.exitCode !== null ? 'exited' : undefined), { timeoutMs: 120_000 })
      .catch((e) => { throw new Error(`${e.message}; it printed:\n${out}`); });
    assert.notEqual(url, 'exited', `the sandbox exited (code ${child.exitCode}) before serving:\n${out}`);
    assert.ok(url.startsWith(`http://127.0.0.1:${port}/`), `the URL uses the port asked for: ${url}`);
    assert.ok(existsSync(path.join(dir, 'examples', 'pytorch', 'decayed_bias_norm.py')), 'the examples were copied into the sandbox');

    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(url, { waitUntil: 'domcontentloaded', timeout: 60_000 });
    const wb = new Workbench(page);
    await wb.waitReady();
    await wb.openFile('pytorch/decayed_bias_norm.py');
    const source = readFileSync(path.join(dir, 'examples', 'pytorch', 'decayed_bias_norm.py'), 'utf8');
    await wb.goTo(source.split('\n').findIndex((l) => l.includes('torch.optim.AdamW(')) + 1);
    const lens = await wb.waitForCodeLens(/AdamW.*wd/);
    assert.match(lens, /decays/);
    await page.screenshot({ path: path.join(artifactsDir, 'sandbox.png') });
  } finally {
    await browser.close().catch(() => undefined);
    await stopGroup(child);
    rmSync(dir, { recursive: true, force: true });
  }
});

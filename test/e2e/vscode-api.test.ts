// The vscode-API integration tests of test/vscode/ (the ones .vscode-test.mjs runs in desktop VS
// Code), run inside code-server's own extension host: the workbench is opened with a `payload`
// naming RegLab's folder as extensionDevelopmentPath and the bundled mocha entry as
// extensionTestsPath, the way VS Code runs its browser integration tests. The entry writes
// results.json; code-server reports the exit code through window.codeAutomationExit.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CodeServer } from './harness/codeServer';
import { launchBrowser } from './harness/browser';
import { e2eSkipReason } from './harness/prerequisites';
import { artifactsDir, examplesDir, repoRoot } from './harness/paths';

interface Results { failures: number; results: Array<{ title: string; state: string; error?: string; ms?: number }> }

test('vscode-API integration tests (test/vscode) pass in code-server\'s extension host', { timeout: 10 * 60_000 }, async (t) => {
  const skip = e2eSkipReason();
  if (skip) return t.skip(skip);
  assert.ok(existsSync(path.join(repoRoot, 'dist', 'extension.js')), 'dist/extension.js is missing: run `npm run build` first');
  const { buildIntegrationTests } = (await import(path.join(repoRoot, 'test', 'vscode', 'build.mjs'))) as { buildIntegrationTests(outDir: string): string };
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'reglab-vscode-api-'));
  // Inside the repository, so the bundled tests resolve `mocha` from its node_modules.
  mkdirSync(path.join(repoRoot, 'out'), { recursive: true });
  const outDir = buildIntegrationTests(mkdtempSync(path.join(repoRoot, 'out', 'vscode-api-')));
  const workspace = path.join(tmp, 'examples');
  cpSync(examplesDir, workspace, { recursive: true, filter: (p) => !p.split(path.sep).includes('.reglab') });

  const server = await CodeServer.start({ workspaceDir: workspace });
  const browser = await launchBrowser();
  const logs = path.join(artifactsDir, 'vscode-api');
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    let exitCode: number | undefined;
    await page.exposeFunction('codeAutomationExit', (code: number) => { exitCode = code; });
    const host = new URL(server.url).host;
    const payload = [
      ['extensionDevelopmentPath', `vscode-remote://${host}${repoRoot}`],
      ['extensionTestsPath', `vscode-remote://${host}${path.join(outDir, 'index.js')}`],
    ];
    await page.goto(`${server.workbenchUrl}&payload=${encodeURIComponent(JSON.stringify(payload))}`, { waitUntil: 'domcontentloaded', timeout: 60_000 });
    const resultsFile = path.join(outDir, 'results.json');
    const deadline = Date.now() + 8 * 60_000;
    while (!existsSync(resultsFile) && exitCode === undefined && Date.now() < deadline) await new Promise((r) => setTimeout(r, 500));
    mkdirSync(logs, { recursive: true });
    await page.screenshot({ path: path.join(logs, 'workbench.png') });
    assert.ok(existsSync(resultsFile), `the integration tests wrote no results (exit code ${exitCode}); see ${logs}`);
    const r = JSON.parse(readFileSync(resultsFile, 'utf8')) as Results;
    for (const x of r.results) console.log(`[vscode-api] ${x.state === 'passed' ? '✔' : '✖'} ${x.title}${x.ms !== undefined ? ` (${x.ms} ms)` : ''}`);
    const perfFile = path.join(outDir, 'perf.json');
    if (existsSync(perfFile)) {
      const p = JSON.parse(readFileSync(perfFile, 'utf8'));
      const l = p.sweepLag;
      const c = p.control;
      console.log(`[vscode-api] activation ${p.activationMs.toFixed(1)} ms; extension-host event-loop lag during a ${l.trainerProcesses}-process sweep with the panel open (${(l.durationMs / 1000).toFixed(1)} s, ${l.resolutionMs} ms resolution): p50 ${l.p50.toFixed(1)} ms, p99 ${l.p99.toFixed(1)} ms, max ${l.max.toFixed(1)} ms; idle Node control meanwhile: p99 ${c.p99.toFixed(1)} ms, max ${c.max.toFixed(1)} ms; host CPU ${(100 * p.hostCpuShare).toFixed(1)}% of one core; panel posts ${p.livePosts.epochs} epoch batches, ${p.livePosts.progress} progress, ${p.livePosts.runs} runs lists (load average ${os.loadavg().map((x) => x.toFixed(1)).join(' ')})`);
    }
    const warmFile = path.join(outDir, 'warm.json');
    if (existsSync(warmFile)) {
      type Timing = { firstEpochMs: number; totalMs: number };
      const w = JSON.parse(readFileSync(warmFile, 'utf8')) as Record<string, Array<{ cold: Timing; warm: Timing }>>;
      const f = (xs: Timing[]) => `first epoch ${xs.map((x) => x.firstEpochMs).join('/')} ms, done ${xs.map((x) => x.totalMs).join('/')} ms`;
      for (const [what, rounds] of Object.entries(w)) {
        console.log(`[vscode-api] ${what} sweep, 2 trainers, from the Sweep command: cold ${f(rounds.map((r) => r.cold))}; warm (same trainer pids) ${f(rounds.map((r) => r.warm))} (load average ${os.loadavg().map((x) => x.toFixed(1)).join(' ')})`);
      }
    }
    const profile = process.env.REGLAB_HOST_PROFILE;
    if (profile && existsSync(profile)) console.log(`[vscode-api] extension-host CPU profile: ${profile}`);
    if (!process.env.REGLAB_VSCODE_GREP) assert.ok(r.results.length >= 11, `only ${r.results.length} integration tests ran`);
    else assert.ok(r.results.length >= 1, `no integration test matched REGLAB_VSCODE_GREP=${process.env.REGLAB_VSCODE_GREP}`);
    assert.deepEqual(r.results.filter((x) => x.state !== 'passed').map((x) => `${x.title}: ${x.error}`), []);
    assert.equal(r.failures, 0);
  } finally {
    await browser.close().catch(() => undefined);
    await server.stop(logs).catch(() => undefined);
    rmSync(tmp, { recursive: true, force: true });
    rmSync(outDir, { recursive: true, force: true });
  }
});

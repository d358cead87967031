// The extension host stays responsive while a 2-process sweep trains with the panel open: its
// event-loop lag (2 ms histogram resolution, over the sweep only) and its own CPU time, measured
// inside the host (RegLabApi.lastTrainingLag), next to an idle Node process measured over the
// same period (the machine's contention alone). Written to perf.json beside the bundled tests for
// the runner to print. The lag depends on how busy the machine is, so the hard checks are on the
// host's own CPU share and on the lag above the control's.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { suite, test } from 'mocha';
import { EXTENSION_ID, examplesUri, waitFor } from './helpers';
import { IdleLoopControl } from './lagControl';
import { HostProfiler } from './hostProfile';
import type { RegLabApi } from '../../src/extension/extension';

suite('performance', () => {
  test('a 2-process λ sweep leaves the extension host responsive', async function () {
    this.timeout(600_000);
    const ext = vscode.extensions.getExtension<RegLabApi>(EXTENSION_ID)!;
    const api = await ext.activate();
    // The panel open and showing the live run, as a user watching the sweep would have it.
    await vscode.commands.executeCommand('reglab.openPanel');
    await waitFor('the panel to load', () => (api.panelReady() ? true : undefined), 60_000);
    // The diabetes λ sweep of the examples (15 trials) with 500 epochs a trial: long enough
    // (10-20 s here with the native kernels) for a p99 over thousands of samples.
    const example = JSON.parse(readFileSync(examplesUri('lambda-sweep.reglab.json').fsPath, 'utf8'));
    const uri = examplesUri('perf-sweep.reglab.json');
    writeFileSync(uri.fsPath, JSON.stringify({ ...example, name: 'perf-sweep', training: { ...example.training, epochs: 500 } }, null, 2));
    const cfg = vscode.workspace.getConfiguration('reglab');
    await cfg.update('parallelTrials', 2, vscode.ConfigurationTarget.Workspace);
    const postsBefore = api.panelPosts();
    const profiler = new HostProfiler();
    await profiler.start();
    const control = new IdleLoopControl(api.lagResolutionMs);
    let controlLag;
    try {
      await vscode.commands.executeCommand('reglab.runSweep', uri);
    } finally {
      controlLag = await control.stop();
      await profiler.stop();
      await cfg.update('parallelTrials', undefined, vscode.ConfigurationTarget.Workspace);
    }
    const lag = api.lastTrainingLag();
    assert.ok(lag, 'no lag measurement after the sweep');
    const posts = api.panelPosts();
    const sent = (type: string): number => (posts[type] ?? 0) - (postsBefore[type] ?? 0);
    assert.equal(lag.trainerProcesses, 2);
    const cpuShare = lag.cpuMs / lag.durationMs;
    const seconds = lag.durationMs / 1000;
    const livePosts = { epochs: sent('epochs') + sent('epoch'), progress: sent('progress'), runs: sent('runs') };
    writeFileSync(path.join(__dirname, 'perf.json'), JSON.stringify({ activationMs: api.activationMs, sweepLag: lag, hostCpuShare: cpuShare, control: controlLag, livePosts }, null, 2));
    // The sampler ran through the sweep. On a loaded machine no loop gets a sample every
    // resolutionMs (the timer fires late), so the count is held against the idle control's over the
    // same period, with an absolute floor of one sample per 8 periods.
    assert.ok(
      lag.samples > controlLag.samples / 2 && lag.samples > lag.durationMs / lag.resolutionMs / 8,
      `${lag.samples} samples in ${lag.durationMs} ms (idle control: ${controlLag.samples})`,
    );
    // Live updates are batched: a few posts a second however many epochs the trainers report
    // (7,500 here), not one per epoch.
    assert.ok(livePosts.epochs > 0, 'the panel got no live epochs');
    assert.ok(livePosts.epochs <= 6 * seconds + 15, `${livePosts.epochs} epoch posts in ${seconds.toFixed(1)} s`);
    assert.ok(livePosts.progress <= 5 * seconds + 15, `${livePosts.progress} progress posts in ${seconds.toFixed(1)} s`);
    assert.ok(livePosts.runs <= 4 * seconds + 15, `${livePosts.runs} runs-list posts in ${seconds.toFixed(1)} s`);
    // RegLab's own share of the lag: what the host sees beyond an idle process on the same
    // machine at the same time (the target: p99 under 50 ms), and the host's own CPU time.
    if (!process.env.REGLAB_HOST_PROFILE) {
      assert.ok(lag.p99 - controlLag.p99 < 50, `host p99 ${lag.p99.toFixed(1)} ms vs ${controlLag.p99.toFixed(1)} ms for an idle process`);
      assert.ok(cpuShare < 0.35, `the host itself used ${(100 * cpuShare).toFixed(0)}% of a core during the sweep`);
    }
  });
});

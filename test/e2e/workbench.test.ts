// The harness itself, in a real client: code-server starts with RegLab installed, the workbench
// loads in Chromium with the examples open, and VS Code lists RegLab among its extensions.
import assert from 'node:assert/strict';
import { describeE2E } from './harness/suite';
import { listExtensions } from './harness/codeServer';

describeE2E('code-server workbench with RegLab installed', { name: 'workbench' }, ({ step }) => {
  step('code-server lists reglab.reglab at the manifest version', async (s) => {
    const ext = s.extension;
    assert.ok(ext, 'an extension was installed');
    const listed = listExtensions(s.server);
    assert.ok(listed.includes(`${ext.id}@${ext.version}`), `code-server --list-extensions shows ${JSON.stringify(listed)}`);
  });

  step('the Extensions view shows RegLab as installed', async (s) => {
    await s.wb.runCommand('Extensions: Show Installed Extensions');
    const row = s.page.locator('.extensions-viewlet .monaco-list-row', { hasText: 'RegLab' }).first();
    await row.waitFor({ state: 'visible', timeout: 30_000 });
    await s.shot('installed-extensions');
  });
});

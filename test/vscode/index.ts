// Mocha entry for the integration tests when VS Code loads them itself (extensionTestsPath), as in
// a browser-hosted VS Code (code-server) where @vscode/test-cli's runner cannot be used: runs every
// *.test.js next to this file and writes a JSON report beside them (results.json).
// REGLAB_VSCODE_GREP (a mocha grep) runs a subset, e.g. `performance` for the lag measurement.
import Mocha from 'mocha';
import { readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export function run(): Promise<void> {
  const grep = process.env.REGLAB_VSCODE_GREP;
  const mocha = new Mocha({ ui: 'tdd', timeout: 60_000, color: false, ...(grep ? { grep } : {}) });
  for (const f of readdirSync(__dirname).filter((n) => n.endsWith('.test.js')).sort()) mocha.addFile(path.join(__dirname, f));
  const results: Array<{ title: string; state: string; error?: string; ms?: number }> = [];
  return new Promise((resolve, reject) => {
    const runner = mocha.run((failures) => {
      writeFileSync(path.join(__dirname, 'results.json'), JSON.stringify({ failures, results }, null, 2));
      if (failures) reject(new Error(`${failures} integration test(s) failed`));
      else resolve();
    });
    runner.on('pass', (t) => results.push({ title: t.fullTitle(), state: 'passed', ms: t.duration }));
    runner.on('fail', (t, err: Error) => results.push({ title: t.fullTitle(), state: 'failed', error: err.stack ?? err.message }));
  });
}

// Starts code-server (VS Code in the browser) on a free loopback port with fresh user-data and
// extensions folders, so every run sees a first start of RegLab in a clean profile.
import { ChildProcess, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { codeServerBin } from './paths';
import { spawnGroup, stopGroup } from './processes';
import type { PackagedExtension } from './extensionPackage';

export const LIGHT_THEME = 'Default Light Modern';
export const DARK_THEME = 'Default Dark Modern';

export interface CodeServerOptions {
  workspaceDir: string;
  extension?: PackagedExtension;
  /** Extra user settings (merged over the test defaults). */
  settings?: Record<string, unknown>;
  startTimeoutMs?: number;
}

export class CodeServer {
  private output = '';

  private constructor(
    readonly root: string,
    readonly userDataDir: string,
    readonly extensionsDir: string,
    readonly workspaceDir: string,
    readonly url: string,
    private readonly child: ChildProcess,
    output: string,
  ) {
    this.output = output;
    child.stdout?.on('data', (d) => (this.output += d));
    child.stderr?.on('data', (d) => (this.output += d));
  }

  /** The workbench URL with the workspace folder open. */
  get workbenchUrl(): string {
    return `${this.url}?folder=${encodeURIComponent(this.workspaceDir)}`;
  }

  get settingsPath(): string {
    return path.join(this.userDataDir, 'User', 'settings.json');
  }

  /** Everything code-server printed so far. */
  log(): string {
    return this.output;
  }

  /** Rewrites user settings; the running workbench picks the change up (e.g. the colour theme). */
  updateSettings(patch: Record<string, unknown>): void {
    const current = JSON.parse(readFileSync(this.settingsPath, 'utf8')) as Record<string, unknown>;
    writeFileSync(this.settingsPath, JSON.stringify({ ...current, ...patch }, null, 2));
  }

  static async start(options: CodeServerOptions): Promise<CodeServer> {
    const root = mkdtempSync(path.join(os.tmpdir(), 'reglab-e2e-'));
    const userDataDir = path.join(root, 'user-data');
    const extensionsDir = path.join(root, 'extensions');
    mkdirSync(path.join(userDataDir, 'User'), { recursive: true });
    mkdirSync(extensionsDir, { recursive: true });
    writeFileSync(
      path.join(userDataDir, 'User', 'settings.json'),
      JSON.stringify(
        {
          'security.workspace.trust.enabled': false,
          'workbench.startupEditor': 'none',
          'workbench.colorTheme': LIGHT_THEME,
          'workbench.tips.enabled': false,
          'workbench.enableExperiments': false,
          'extensions.autoUpdate': false,
          'extensions.autoCheckUpdates': false,
          'extensions.ignoreRecommendations': true,
          'telemetry.telemetryLevel': 'off',
          'update.mode': 'none',
          'chat.commandCenter.enabled': false,
          'window.commandCenter': false,
          'editor.minimap.enabled': false,
          'files.autoSave': 'off',
          ...options.settings,
        },
        null,
        2,
      ),
    );
    const env = codeServerEnv(root);
    if (options.extension) installExtension(options.extension, { userDataDir, extensionsDir, env });

    const child = spawnGroup(
      codeServerBin,
      [
        '--auth', 'none',
        '--bind-addr', '127.0.0.1:0',
        '--user-data-dir', userDataDir,
        '--extensions-dir', extensionsDir,
        '--disable-telemetry',
        '--disable-update-check',
        '--disable-workspace-trust',
        '--disable-getting-started-override',
        options.workspaceDir,
      ],
      { env, cwd: root },
    );
    const { url, output } = await waitForListening(child, options.startTimeoutMs ?? 60_000);
    return new CodeServer(root, userDataDir, extensionsDir, options.workspaceDir, url, child, output);
  }

  /** Stops code-server and everything it started; copies its logs to `keepLogsIn` first. */
  async stop(keepLogsIn?: string): Promise<void> {
    await stopGroup(this.child);
    if (keepLogsIn) {
      mkdirSync(keepLogsIn, { recursive: true });
      writeFileSync(path.join(keepLogsIn, 'code-server.log'), this.output);
      const logs = path.join(this.userDataDir, 'logs');
      if (existsSync(logs)) cpSync(logs, path.join(keepLogsIn, 'vscode-logs'), { recursive: true });
    }
    rmSync(this.root, { recursive: true, force: true });
  }
}

/** code-server writes a config file under XDG_CONFIG_HOME: keep it inside the run's folder. */
function codeServerEnv(root: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    XDG_CONFIG_HOME: path.join(root, 'xdg-config'),
    XDG_DATA_HOME: path.join(root, 'xdg-data'),
    XDG_CACHE_HOME: path.join(root, 'xdg-cache'),
    // The suite's own variables must not leak into RegLab's trainer processes.
    NODE_OPTIONS: '',
  };
  delete env.NODE_TEST_CONTEXT;
  return env;
}

function installExtension(
  ext: PackagedExtension,
  dirs: { userDataDir: string; extensionsDir: string; env: NodeJS.ProcessEnv },
): void {
  if (ext.kind === 'folder') {
    cpSync(ext.dir, path.join(dirs.extensionsDir, path.basename(ext.dir)), { recursive: true });
    return;
  }
  const r = spawnSync(
    codeServerBin,
    ['--user-data-dir', dirs.userDataDir, '--extensions-dir', dirs.extensionsDir, '--install-extension', ext.file],
    { encoding: 'utf8', env: dirs.env, timeout: 120_000 },
  );
  const out = `${r.stdout}\n${r.stderr}`;
  if (r.status !== 0 || !/successfully installed/i.test(out)) {
    throw new Error(`code-server --install-extension ${ext.file} failed (exit ${r.status}):\n${out.trim()}`);
  }
}

/** Extensions code-server sees in `extensionsDir`, as `publisher.name@version`. */
export function listExtensions(server: CodeServer): string[] {
  const r = spawnSync(
    codeServerBin,
    ['--user-data-dir', server.userDataDir, '--extensions-dir', server.extensionsDir, '--list-extensions', '--show-versions'],
    { encoding: 'utf8', env: codeServerEnv(server.root), timeout: 60_000 },
  );
  if (r.status !== 0) throw new Error(`code-server --list-extensions failed: ${r.stderr}`);
  return r.stdout.split('\n').map((l) => l.trim()).filter((l) => /^[\w-]+\.[\w-]+@/.test(l));
}

function waitForListening(child: ChildProcess, timeoutMs: number): Promise<{ url: string; output: string }> {
  return new Promise((resolve, reject) => {
    let output = '';
    const onData = (d: Buffer) => {
      output += d;
      const m = /HTTP server listening on (http:\/\/127\.0\.0\.1:\d+)\/?/.exec(output);
      if (m) {
        done();
        resolve({ url: `${m[1]}/`, output });
      }
    };
    const onExit = (code: number | null) => {
      done();
      reject(new Error(`code-server exited (code ${code}) before listening:\n${output}`));
    };
    const timer = setTimeout(() => {
      done();
      reject(new Error(`code-server did not report "HTTP server listening" within ${timeoutMs} ms:\n${output}`));
    }, timeoutMs);
    function done() {
      clearTimeout(timer);
      child.stdout?.off('data', onData);
      child.stderr?.off('data', onData);
      child.off('exit', onExit);
    }
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', onExit);
  });
}

// One end-to-end session: a temp copy of examples/ as the workspace, RegLab installed into a fresh
// code-server, Chromium on the workbench. close() always stops both, whatever happened before.
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { launchBrowser } from './browser';
import { CodeServer, DARK_THEME, LIGHT_THEME } from './codeServer';
import { extensionUnderTest, PackagedExtension } from './extensionPackage';
import { artifactsDir, docImagesDir, examplesDir, schemaDir } from './paths';
import { Workbench } from './workbench';
import { waitFor } from './waitFor';

export interface SessionOptions {
  /** Names the artifacts folder: test-artifacts/<name>/. */
  name: string;
  /** Install this extension instead of packaging one (e.g. a .vsix built once for several sessions). */
  extension?: PackagedExtension | null;
  /** Populates the workspace; defaults to a copy of examples/. */
  populate?: (workspaceDir: string) => void;
  settings?: Record<string, unknown>;
  viewport?: { width: number; height: number };
}

export class Session {
  private constructor(
    readonly name: string,
    readonly workspaceDir: string,
    readonly extension: PackagedExtension | null,
    readonly server: CodeServer,
    readonly browser: Browser,
    readonly page: Page,
    readonly wb: Workbench,
    readonly browserErrors: string[],
  ) {}

  get artifacts(): string {
    return path.join(artifactsDir, this.name);
  }

  static async start(options: SessionOptions): Promise<Session> {
    const extension = options.extension === undefined ? extensionUnderTest() : options.extension;
    const parent = mkdtempSync(path.join(os.tmpdir(), 'reglab-ws-'));
    const workspaceDir = path.join(parent, 'examples');
    mkdirSync(workspaceDir, { recursive: true });
    if (options.populate) options.populate(workspaceDir);
    else if (existsSync(examplesDir)) {
      cpSync(examplesDir, workspaceDir, { recursive: true, filter: (p) => !p.split(path.sep).includes('.reglab') });
      // As in the repository, schema/ sits beside examples/ (the experiment files' "$schema" points there).
      if (existsSync(schemaDir)) cpSync(schemaDir, path.join(parent, 'schema'), { recursive: true });
    }
    rmSync(path.join(artifactsDir, options.name), { recursive: true, force: true });
    let server: CodeServer | undefined;
    let browser: Browser | undefined;
    try {
      server = await CodeServer.start({ workspaceDir, extension: extension ?? undefined, settings: options.settings });
      browser = await launchBrowser();
      const page = await browser.newPage({ viewport: options.viewport ?? { width: 1440, height: 900 } });
      const browserErrors: string[] = [];
      // Uncaught exceptions and console errors of the workbench and its webview frames.
      page.on('pageerror', (e) => browserErrors.push(`uncaught: ${e.message}`));
      page.on('console', (m) => { if (m.type() === 'error') browserErrors.push(`console: ${m.text()} (${m.location().url})`); });
      await page.goto(server.workbenchUrl, { waitUntil: 'domcontentloaded', timeout: 60_000 });
      const wb = new Workbench(page);
      await wb.waitReady();
      return new Session(options.name, workspaceDir, extension, server, browser, page, wb, browserErrors);
    } catch (e) {
      const keep = path.join(artifactsDir, options.name, 'startup-failure');
      await browser?.close().catch(() => undefined);
      await server?.stop(keep).catch(() => undefined);
      rmSync(parent, { recursive: true, force: true });
      throw e;
    }
  }

  /**
   * Saves a screenshot of the whole window, or of the page area covered by `clipTo` (cut to
   * `maxHeight`), into test-artifacts/<session>/<file>.png; with REGLAB_UPDATE_DOC_IMAGES=1 also as
   * docs/images/e2e-<docName>.png for the README. Clipping the page (rather than shooting the
   * element) keeps webviews, which are overlaid on the workbench, in the picture.
   */
  async shot(file: string, opts: { clipTo?: Locator; maxHeight?: number; docName?: string } = {}): Promise<string> {
    const p = path.join(this.artifacts, `${file}.png`);
    mkdirSync(path.dirname(p), { recursive: true });
    const box = opts.clipTo ? await opts.clipTo.first().boundingBox() : null;
    if (opts.clipTo && !box) throw new Error(`cannot screenshot ${file}: the element to clip to is not visible`);
    const clip = box ? { ...box, height: Math.min(box.height, opts.maxHeight ?? box.height) } : undefined;
    // The pointer stays where the last click was; park it on the title bar so no hover shows.
    await this.page.mouse.move(this.page.viewportSize()!.width / 2, 2);
    await this.page.screenshot({ path: p, clip });
    if (opts.docName && process.env.REGLAB_UPDATE_DOC_IMAGES === '1') {
      mkdirSync(docImagesDir, { recursive: true });
      cpSync(p, path.join(docImagesDir, `e2e-${opts.docName}.png`));
    }
    return p;
  }

  /** Switches the colour theme with "Preferences: Color Theme" and waits for the workbench to repaint. */
  async setTheme(theme: 'light' | 'dark' | 'hc'): Promise<void> {
    const label = theme === 'hc' ? 'Dark High Contrast' : (theme === 'light' ? LIGHT_THEME : DARK_THEME).replace(/^Default /, '');
    await this.wb.runCommand('Preferences: Color Theme', 30_000, { keepOpen: true });
    await this.wb.pickQuickInputItem(new RegExp(`^(Default )?${label}$`), 30_000, { filter: label });
    await waitFor(`the ${theme} theme to apply`, async () => (await this.wb.themeKind()) === theme, { timeoutMs: 30_000 });
  }

  /** On a failed test: a screenshot and the browser's errors, named after the test. */
  async captureFailure(testName: string): Promise<void> {
    const slug = testName.replace(/[^\w-]+/g, '-').slice(0, 80);
    await this.shot(`failure-${slug}`).catch(() => undefined);
    mkdirSync(this.artifacts, { recursive: true });
    writeFileSync(path.join(this.artifacts, `failure-${slug}.browser-errors.txt`), this.browserErrors.join('\n'));
  }

  async close(): Promise<void> {
    mkdirSync(this.artifacts, { recursive: true });
    writeFileSync(path.join(this.artifacts, 'browser-console-errors.txt'), this.browserErrors.join('\n'));
    await this.browser.close().catch(() => undefined);
    await this.server.stop(path.join(this.artifacts, 'logs'));
    rmSync(path.dirname(this.workspaceDir), { recursive: true, force: true });
  }
}

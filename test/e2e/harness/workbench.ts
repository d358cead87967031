// Drives the VS Code workbench the way a user does: Quick Open, the command palette, CodeLens,
// the Problems panel, hovers, the quick-fix menu and webviews. Every step waits for what it needs
// to see and fails with a message that says what did not appear.
import type { FrameLocator, Locator, Page } from 'playwright-core';
import path from 'node:path';
import { waitFor } from './waitFor';

export interface Problem {
  /** The row's accessible label: severity, message, position and source, as a screen reader hears it. */
  label: string;
  /** The visible text of the row. */
  text: string;
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export class Workbench {
  constructor(readonly page: Page) {}

  /** Waits until the workbench has rendered with the workspace folder in the explorer. */
  async waitReady(timeoutMs = 90_000): Promise<void> {
    await this.page.locator('.monaco-workbench').waitFor({ state: 'visible', timeout: timeoutMs })
      .catch((e) => { throw new Error(`the VS Code workbench (.monaco-workbench) did not appear: ${e.message}`); });
    await this.page.locator('.part.statusbar').waitFor({ state: 'visible', timeout: timeoutMs });
    await this.page.locator('.explorer-folders-view .monaco-list-row').first().waitFor({ state: 'visible', timeout: timeoutMs })
      .catch((e) => { throw new Error(`the explorer did not list the workspace folder: ${e.message}`); });
  }

  private get quickInput(): Locator {
    return this.page.locator('.quick-input-widget');
  }

  private get quickInputBox(): Locator {
    return this.quickInput.locator('.quick-input-box input');
  }

  private quickInputRows(): Locator {
    return this.quickInput.locator('.quick-input-list .monaco-list-row');
  }

  /**
   * Presses a key that opens the quick input (F1, Ctrl+P, Ctrl+G) until it shows. A webview that
   * has just been revealed may take the keyboard focus a moment later and swallow the key, so the
   * focus is taken back and the key pressed again.
   */
  private async openQuickInput(key: string, timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (let attempt = 1; ; attempt++) {
      await this.dismissQuickInput();
      await this.page.keyboard.press(key);
      const shown = await this.quickInputBox.waitFor({ state: 'visible', timeout: Math.min(3_000, Math.max(500, deadline - Date.now())) })
        .then(() => true, () => false);
      if (shown) return;
      if (Date.now() >= deadline) throw new Error(`${key} did not open the quick input after ${attempt} attempts`);
    }
  }

  /** Opens a workspace file (path relative to the workspace root) with Quick Open (Ctrl+P). */
  async openFile(relPath: string, timeoutMs = 30_000): Promise<void> {
    const base = path.posix.basename(relPath);
    await this.openQuickInput('Control+P', timeoutMs);
    await this.quickInputBox.fill(relPath);
    // Results arrive in batches and re-sort; choose only once the file is the first result and
    // has the focus (a click on a row could land on another file that moved under the pointer).
    const focused = this.quickInput.locator('.quick-input-list .monaco-list-row.focused .label-name');
    await waitFor(`Quick Open to list ${relPath} first`, async () => (await focused.innerText().catch(() => '')).trim() === base, { timeoutMs })
      .catch(async (e) => { throw new Error(`${e.message}; it lists ${JSON.stringify(await this.quickInputLabels())}`); });
    await this.page.keyboard.press('Enter');
    await this.waitForActiveTab(base, timeoutMs);
  }

  /** Opens a file by clicking its row in the explorer (a top-level file or an already expanded folder). */
  async openFileFromExplorer(name: string, timeoutMs = 30_000): Promise<void> {
    const row = this.page.locator('.explorer-folders-view .monaco-list-row', { hasText: new RegExp(`^${escapeRegExp(name)}$`) }).first();
    await row.waitFor({ state: 'visible', timeout: timeoutMs })
      .catch(() => { throw new Error(`the explorer has no row ${name}`); });
    await row.click();
    await this.waitForActiveTab(name, timeoutMs);
  }

  async waitForActiveTab(label: string, timeoutMs = 30_000): Promise<void> {
    await this.page.locator('.tabs-container .tab.active', { has: this.page.locator('.label-name', { hasText: new RegExp(`^${escapeRegExp(label)}$`) }) }).first()
      .waitFor({ state: 'visible', timeout: timeoutMs })
      .catch(() => { throw new Error(`no active editor tab "${label}"`); });
  }

  /**
   * Runs a command from the command palette (F1) by its full title, e.g. "RegLab: Open Panel".
   * With keepOpen, returns while the command's own quick pick may be showing.
   */
  async runCommand(title: string, timeoutMs = 30_000, { keepOpen = false } = {}): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    const row = this.quickInputRows().filter({ has: this.page.locator('.label-name', { hasText: new RegExp(`^${escapeRegExp(title)}$`) }) }).first();
    // A webview whose editor tab was just clicked can take the focus back a moment after the
    // palette opened, which closes it again, before or after the command is typed: open it and
    // type again rather than wait on a hidden box.
    for (let attempt = 1; ; attempt++) {
      if (attempt === 1 || !(await this.quickInput.isVisible())) await this.openQuickInput('F1', Math.max(1_000, deadline - Date.now()));
      const typed = await this.quickInputBox.fill(`>${title}`, { timeout: 3_000 }).then(() => true, () => false);
      if (typed && await row.waitFor({ state: 'visible', timeout: Math.min(5_000, Math.max(1_000, deadline - Date.now())) }).then(() => true, () => false)) break;
      if (Date.now() >= deadline) {
        throw new Error(await this.quickInput.isVisible()
          ? `the command palette has no command "${title}"`
          : `the command palette closed before "${title}" could be run (${attempt} attempts)`);
      }
    }
    await row.click();
    if (!keepOpen) {
      await this.waitForQuickInputToLeave(`>${title}`, timeoutMs);
    } else {
      await waitFor(`"${title}" to take over the quick input`, async () =>
        !(await this.quickInput.isVisible()) || (await this.quickInputBox.inputValue()) !== `>${title}`, { timeoutMs });
    }
  }

  private async waitForQuickInputToLeave(value: string, timeoutMs: number): Promise<void> {
    await waitFor('the command palette to close', async () =>
      !(await this.quickInput.isVisible()) || (await this.quickInputBox.inputValue()) !== value, { timeoutMs });
  }

  /** Chooses an item of an open quick pick (a command's own list) by its label, optionally typing a filter first. */
  async pickQuickInputItem(label: string | RegExp, timeoutMs = 30_000, { filter }: { filter?: string } = {}): Promise<void> {
    await this.quickInputBox.waitFor({ state: 'visible', timeout: timeoutMs });
    if (filter !== undefined) await this.quickInputBox.fill(filter);
    const row = this.quickInputRows().filter({ has: this.page.locator('.label-name', { hasText: label }) }).first();
    await row.waitFor({ state: 'visible', timeout: timeoutMs })
      .catch(async () => { throw new Error(`the quick pick has no item ${label}; it shows ${JSON.stringify(await this.quickInputLabels())}`); });
    await row.click();
  }

  async quickInputLabels(): Promise<string[]> {
    if (!(await this.quickInput.isVisible())) return [];
    return this.quickInputRows().locator('.label-name').allInnerTexts();
  }

  /**
   * Takes the keyboard focus out of a webview: key presses there go to the webview's own document,
   * not to the workbench's keybindings (F1, Ctrl+P).
   */
  async leaveWebview(): Promise<void> {
    await this.page.evaluate(() => {
      const doc = (globalThis as unknown as { document: { activeElement: { tagName: string; blur(): void } | null } }).document;
      if (doc.activeElement?.tagName === 'IFRAME') doc.activeElement.blur();
    });
  }

  async dismissQuickInput(): Promise<void> {
    await this.leaveWebview();
    if (await this.quickInput.isVisible()) {
      await this.page.keyboard.press('Escape');
      await this.quickInput.waitFor({ state: 'hidden', timeout: 5_000 }).catch(() => undefined);
    }
  }

  /** Moves the cursor of the active editor to a 1-based line and column with Go to Line (Ctrl+G). */
  async goTo(line: number, column = 1): Promise<void> {
    await this.openQuickInput('Control+G', 15_000);
    await this.quickInputBox.fill(`:${line}:${column}`);
    // The quick input can drop an Enter that arrives while it is still updating its list (seen in
    // CI on a loaded machine): press again until it closes.
    for (let attempt = 1; ; attempt++) {
      await this.quickInputBox.press('Enter');
      const closed = await this.quickInput.waitFor({ state: 'hidden', timeout: 3_000 }).then(() => true, () => false);
      if (closed) break;
      if (attempt === 4) throw new Error(`Go to Line :${line}:${column} did not close after ${attempt} Enter presses`);
    }
    await this.page.locator('.part.statusbar', { hasText: `Ln ${line}, Col ${column}` })
      .waitFor({ timeout: 10_000 })
      .catch(() => { throw new Error(`the cursor did not move to Ln ${line}, Col ${column}`); });
  }

  /**
   * The CodeLens items of the active editor, in order: links (with a command) and plain text
   * (without one), without the separators between them.
   */
  async codeLenses(): Promise<string[]> {
    const items = await this.page.locator('.editor-group-container.active .monaco-editor .codelens-decoration > :is(a, span)').allInnerTexts();
    return items.map((t) => t.replace(/\u00a0/g, ' ').trim()).filter((t) => t && t !== '|');
  }

  /** Waits for a CodeLens whose text matches and returns its text. */
  async waitForCodeLens(pattern: RegExp, timeoutMs = 60_000): Promise<string> {
    return waitFor(`a CodeLens matching ${pattern}`, async () => (await this.codeLenses()).find((l) => pattern.test(l)), { timeoutMs }).catch(async (e) => {
      throw new Error(`${e.message}; CodeLens shown: ${JSON.stringify(await this.codeLenses())}`);
    });
  }

  async clickCodeLens(pattern: RegExp, timeoutMs = 60_000): Promise<void> {
    const text = await this.waitForCodeLens(pattern, timeoutMs);
    await this.page.locator('.editor-group-container.active .monaco-editor .codelens-decoration > a', { hasText: text }).first().click()
      .catch((e) => { throw new Error(`the CodeLens "${text}" is not a link: ${e.message}`); });
  }

  /**
   * Runs "Developer: Show Running Extensions" and returns the row of an extension (name, version,
   * activation time) once its text matches `until`.
   */
  async runningExtension(displayName: string, until: RegExp = /\S/, timeoutMs = 60_000): Promise<string> {
    await this.runCommand('Developer: Show Running Extensions');
    const row = this.page.locator('.runtime-extensions-editor .monaco-list-row', { hasText: displayName }).first();
    let last = '';
    return waitFor(`"Developer: Show Running Extensions" to show ${displayName} matching ${until}`, async () => {
      last = (await row.innerText({ timeout: 1_000 }).catch(() => '')).replace(/\s*\n\s*/g, ' · ');
      return until.test(last) ? last : undefined;
    }, { timeoutMs }).catch((e) => { throw new Error(`${e.message}; its row: ${JSON.stringify(last)}`); });
  }

  /** Opens the Problems panel and returns its rows (files and their markers). */
  async problems(): Promise<Problem[]> {
    const panel = this.page.locator('.markers-panel');
    if (!(await panel.isVisible())) {
      await this.runCommand('View: Focus Problems (Errors, Warnings, Infos)');
      await panel.waitFor({ state: 'visible', timeout: 15_000 });
    }
    const rows = panel.locator('.monaco-list-row');
    const n = await rows.count();
    const out: Problem[] = [];
    for (let i = 0; i < n; i++) {
      const row = rows.nth(i);
      out.push({ label: (await row.getAttribute('aria-label')) ?? '', text: await row.innerText() });
    }
    return out;
  }

  /** Waits until the Problems panel's rows satisfy `accept`; returns them. */
  async waitForProblems(what: string, accept: (rows: Problem[]) => boolean, timeoutMs = 60_000): Promise<Problem[]> {
    let last: Problem[] = [];
    return waitFor(what, async () => {
      last = await this.problems();
      return accept(last) ? last : undefined;
    }, { timeoutMs }).catch((e) => {
      throw new Error(`${e.message}; Problems panel rows: ${JSON.stringify(last.map((p) => p.label))}`);
    });
  }

  /**
   * Shows the hover at a position (editor.action.showHover) and returns its text once it matches
   * `until` (hover parts from several providers arrive one after the other).
   */
  async hoverAt(line: number, column: number, until: RegExp = /\S/, timeoutMs = 30_000): Promise<string> {
    await this.goTo(line, column);
    const hover = this.page.locator('.monaco-editor .monaco-hover:not(.hidden)').first();
    await this.page.keyboard.press('Control+K');
    await this.page.keyboard.press('Control+I');
    await hover.waitFor({ state: 'visible', timeout: timeoutMs })
      .catch(() => { throw new Error(`no hover appeared at line ${line}, column ${column}`); });
    let last = '';
    return waitFor(`the hover to show ${until}`, async () => {
      last = (await hover.innerText()).trim();
      return until.test(last) ? last : undefined;
    }, { timeoutMs }).catch((e) => { throw new Error(`${e.message}; the hover shows: ${JSON.stringify(last)}`); });
  }

  /** Opens the quick-fix menu (Ctrl+.) at a position and returns the titles offered. */
  async quickFixesAt(line: number, column: number, timeoutMs = 30_000): Promise<string[]> {
    await this.goTo(line, column);
    await this.page.keyboard.press('Control+.');
    const menu = this.page.locator('.action-widget');
    await menu.waitFor({ state: 'visible', timeout: timeoutMs })
      .catch(() => { throw new Error(`no quick-fix menu appeared at line ${line}, column ${column}`); });
    return waitFor('quick-fix actions', async () => {
      const titles = (await menu.locator('.monaco-list-row.action').allInnerTexts()).map((t) => t.trim()).filter(Boolean);
      return titles.length ? titles : undefined;
    }, { timeoutMs });
  }

  /**
   * Applies the quick fix whose title matches (the menu must be open). The menu is driven with the
   * keyboard, as its rows sit under a pointer-blocking overlay.
   */
  async applyQuickFix(title: RegExp): Promise<void> {
    const rows = this.page.locator('.action-widget .monaco-list-row.action');
    const labels = (await rows.evaluateAll((els) => els.map((e) => e.getAttribute('aria-label') ?? ''))) as string[];
    const target = labels.findIndex((l) => title.test(l));
    if (target < 0) throw new Error(`the quick-fix menu has no action matching ${title}; it offers ${JSON.stringify(labels)}`);
    for (let i = 0; i <= labels.length; i++) {
      const focused = (await this.page.locator('.action-widget .monaco-list-row.action.focused').getAttribute('aria-label').catch(() => null)) ?? '';
      if (title.test(focused)) break;
      const current = labels.indexOf(focused);
      await this.page.keyboard.press(current > target ? 'ArrowUp' : 'ArrowDown');
    }
    await this.page.keyboard.press('Enter');
    await this.page.locator('.action-widget').waitFor({ state: 'hidden', timeout: 10_000 })
      .catch(() => { throw new Error(`the quick-fix menu stayed open after choosing ${title}`); });
  }

  /** Waits until the active editor has unsaved changes (an edit has landed). */
  async waitForDirty(timeoutMs = 15_000): Promise<void> {
    await this.page.locator('.tabs-container .tab.active.dirty').first().waitFor({ state: 'visible', timeout: timeoutMs })
      .catch(() => { throw new Error('the active editor did not change (no unsaved edit appeared)'); });
  }

  async save(): Promise<void> {
    await this.page.keyboard.press('Control+S');
    await this.page.locator('.tabs-container .tab.active.dirty').waitFor({ state: 'detached', timeout: 15_000 })
      .catch(() => { throw new Error('the active editor stayed dirty after Ctrl+S'); });
  }

  /** Visible notification toasts' messages. */
  async notifications(): Promise<string[]> {
    return this.page.locator('.notifications-toasts .notification-list-item-message').allInnerTexts();
  }

  async waitForNotification(pattern: RegExp, timeoutMs = 60_000): Promise<string> {
    return waitFor(`a notification matching ${pattern}`, async () => (await this.notifications()).find((n) => pattern.test(n)), { timeoutMs })
      .catch(async (e) => { throw new Error(`${e.message}; notifications: ${JSON.stringify(await this.notifications())}`); });
  }

  /** The content frame of the visible webview (the RegLab panel). */
  webview(): FrameLocator {
    return this.page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
  }

  /** Waits for the webview's document to have an element matching `selector`. */
  async waitForWebview(selector = 'body', timeoutMs = 60_000): Promise<FrameLocator> {
    const frame = this.webview();
    await frame.locator(selector).first().waitFor({ state: 'attached', timeout: timeoutMs })
      .catch(() => { throw new Error(`the webview did not show ${selector}`); });
    return frame;
  }

  /** The workbench theme kind from its root classes: 'light', 'dark' or 'hc'. */
  async themeKind(): Promise<'light' | 'dark' | 'hc'> {
    const cls = (await this.page.locator('.monaco-workbench').getAttribute('class')) ?? '';
    if (/\bhc-(black|light)\b/.test(cls)) return 'hc';
    if (/\bvs-dark\b/.test(cls)) return 'dark';
    return 'light';
  }
}

// The RegLab panel host: one WebviewPanel at a time (createOrShow / revive after a reload), posts
// queued until the webview says `ready`, and every message from the webview validated with the
// protocol's parser before anything acts on it (invalid ones are dropped and logged).
import * as vscode from 'vscode';
import { parseWebviewMessage, PROTOCOL_VERSION, type HostToWebview, type WebviewToHost } from '../../core/panel/protocol';
import { log } from '../log';
import { panelHtml, webviewRoots } from './html';

import { PANEL_VIEW_TYPE } from './panelViewType';

export { PANEL_VIEW_TYPE };
const MAX_QUEUE = 500;

/** What the panel asks of the rest of the extension. */
export interface PanelHandler {
  /** A validated message from the webview. */
  handle(message: WebviewToHost, panel: RegLabPanel): void | Promise<void>;
  /** The webview (re)loaded and is ready for the current state. */
  ready(panel: RegLabPanel): void;
}

export function panelOptions(extensionUri: vscode.Uri): vscode.WebviewOptions & vscode.WebviewPanelOptions {
  return { enableScripts: true, localResourceRoots: webviewRoots(extensionUri), enableFindWidget: true };
}

export class RegLabPanel {
  static current: RegLabPanel | undefined;
  /** Messages handed to webviews so far, by type (tests check the live-update rate with it). */
  static readonly posted = new Map<string, number>();

  private ready = false;
  private queue: HostToWebview[] = [];
  private readonly _disposables: vscode.Disposable[] = [];

  static createOrShow(extensionUri: vscode.Uri, handler: PanelHandler): RegLabPanel {
    const column = vscode.window.activeTextEditor ? vscode.ViewColumn.Beside : vscode.ViewColumn.One;
    if (RegLabPanel.current) {
      RegLabPanel.current.panel.reveal(column, true);
      return RegLabPanel.current;
    }
    const panel = vscode.window.createWebviewPanel(PANEL_VIEW_TYPE, 'RegLab', { viewColumn: column, preserveFocus: true }, panelOptions(extensionUri));
    RegLabPanel.current = new RegLabPanel(panel, extensionUri, handler);
    return RegLabPanel.current;
  }

  /** Restores the panel after a window reload (WebviewPanelSerializer). */
  static revive(panel: vscode.WebviewPanel, extensionUri: vscode.Uri, handler: PanelHandler): RegLabPanel {
    RegLabPanel.current?.dispose();
    RegLabPanel.current = new RegLabPanel(panel, extensionUri, handler);
    return RegLabPanel.current;
  }

  private constructor(readonly panel: vscode.WebviewPanel, extensionUri: vscode.Uri, private readonly handler: PanelHandler) {
    panel.webview.options = panelOptions(extensionUri);
    panel.iconPath = vscode.Uri.joinPath(extensionUri, 'media', 'icon.svg');
    panel.webview.html = panelHtml(panel.webview, extensionUri);
    this._disposables.push(
      panel.onDidDispose(() => this.dispose()),
      // A hidden webview is unloaded (no retainContextWhenHidden); it says `ready` again when shown.
      panel.onDidChangeViewState(() => { if (!panel.visible) this.ready = false; }),
      panel.webview.onDidReceiveMessage((raw: unknown) => this.receive(raw)),
    );
  }

  /**
   * Sends a message now, or once the webview is ready. While the webview is hidden (and so not
   * loaded), live updates are dropped rather than queued: `ready` re-sends the current state.
   */
  post(message: HostToWebview): void {
    if (!this.ready) {
      if (message.type === 'epoch' || message.type === 'epochs' || message.type === 'progress') return;
      if (this.queue.length >= MAX_QUEUE) this.queue.shift();
      this.queue.push(message);
      return;
    }
    RegLabPanel.posted.set(message.type, (RegLabPanel.posted.get(message.type) ?? 0) + 1);
    void this.panel.webview.postMessage(message).then(undefined, (err) => log.warn(`panel post failed: ${String(err)}`));
  }

  /** The webview has loaded and said `ready` (posts go straight to it). */
  get isReady(): boolean {
    return this.ready;
  }

  get visible(): boolean {
    return this.panel.visible;
  }

  private receive(raw: unknown): void {
    const parsed = parseWebviewMessage(raw);
    if (!parsed.ok) {
      log.warn(`${parsed.error}; dropped`);
      return;
    }
    const message = parsed.message;
    if (message.type === 'ready') {
      if (message.protocol !== PROTOCOL_VERSION) log.warn(`panel speaks protocol ${message.protocol}, host ${PROTOCOL_VERSION}`);
      // A reload of the webview (e.g. after it was hidden) starts over: queue first, then state.
      this.ready = true;
      const queued = this.queue;
      this.queue = [];
      this.handler.ready(this);
      for (const m of queued) this.post(m);
      return;
    }
    Promise.resolve()
      .then(() => this.handler.handle(message, this))
      .catch((err) => {
        log.error(`panel message ${message.type} failed`, err);
        this.post({ type: 'notice', level: 'error', message: err instanceof Error ? err.message : String(err) });
      });
  }

  dispose(): void {
    if (RegLabPanel.current === this) RegLabPanel.current = undefined;
    this.panel.dispose();
    while (this._disposables.length) this._disposables.pop()?.dispose();
  }
}

export class RegLabPanelSerializer implements vscode.WebviewPanelSerializer {
  constructor(private readonly extensionUri: vscode.Uri, private readonly handler: PanelHandler) {}

  async deserializeWebviewPanel(panel: vscode.WebviewPanel, _state: unknown): Promise<void> {
    // The webview restores its own view from vscode.getState(); the host re-sends data on `ready`.
    RegLabPanel.revive(panel, this.extensionUri, this.handler);
  }
}
